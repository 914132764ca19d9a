"""The `reader` command line: `main` is the console script's entry point."""

from reader.cli.main import main

__all__ = ["main"]
