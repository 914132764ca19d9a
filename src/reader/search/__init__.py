"""Text search shared by the in-article search and the library index.

Plain Python, no Textual: folding (`fold`) and matching (`matcher`) must give the
same answer wherever a word is looked for.
"""
