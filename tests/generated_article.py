"""A generator of long Markdown articles for the reading-engine tests.

Deterministic for a seed. Every chapter has every block kind the splitter must
keep whole: a fenced code block with a blank line and a `# comment` inside, a
list whose item continues on an indented line after a blank, a quote, a table;
plus non-ASCII words that fold (Straße, İstanbul, ﬁle). Each chapter's first
paragraph names the chapter (`chapter 12 begins`) so tests can find where they are.
"""

from __future__ import annotations

import random

WORDS = (
    "the of and revolution working class party international struggle history "
    "Moscow founding Straße café İstanbul Ateşçi ﬁle naïve Łódź"
).split()

#: A word that appears exactly once per chapter, in its first paragraph.
MARKER = "quetzal"


def chapter(number: int, rng: random.Random) -> str:
    def sentence(words: int) -> str:
        text = " ".join(rng.choice(WORDS) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    paragraph = " ".join(sentence(12) for _ in range(5))
    return "\n".join(
        [
            f"## Chapter {number}",
            "",
            f"Chapter {number} begins with a {MARKER}. {paragraph}",
            "",
            paragraph,
            "",
            f"### Notes to chapter {number}",
            "",
            "- a first *point*",
            "",
            "  continued on an indented line of the same item",
            "- a second **point**",
            "",
            "```python",
            "# a comment, not a heading",
            "def f(x):",
            "",
            "    return x * 2",
            "```",
            "",
            "> " + sentence(20),
            "",
            "| year | event |",
            "|---|---|",
            f"| {1900 + number % 100} | founding |",
            "",
            sentence(15),
            "",
        ]
    )


def generate(size: int, seed: int = 3) -> str:
    """A Markdown article of at least `size` characters, chapter after chapter."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    number = 0
    while total < size:
        number += 1
        text = chapter(number, rng) + "\n"
        parts.append(text)
        total += len(text)
    return "".join(parts)
