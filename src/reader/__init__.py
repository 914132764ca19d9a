"""reader: a keyboard-driven terminal reader for a library of Markdown articles."""

__version__ = "0.1.0"
