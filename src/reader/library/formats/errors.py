"""The one failure every format reader raises: this file cannot be read, and why.

The loader turns it into a `Problem` (`reader check` prints it with the file);
the message is a short reason a user can act on, never a traceback.
"""

from __future__ import annotations


class FormatError(Exception):
    """A file of a known format that cannot be read; the message says why."""
