"""How the `reader` command fails: exit codes and the one error users see.

Every subcommand raises `CliError` for a mistake in what the user gave; `main`
prints it as one line (`reader: <message>`) and exits with `EXIT_USAGE`.
"""

from __future__ import annotations

#: Problems found (`reader check`), state that could not be saved, an unexpected error.
EXIT_PROBLEMS = 1
#: A usage error: an unknown id, a library that does not exist, a bad option value.
EXIT_USAGE = 2


class CliError(Exception):
    """A user-facing failure: printed as `reader: <message>`, exit 2."""
