"""The `reader` command: parse arguments, then run a subcommand or the app.

Subcommands that need no screen (`list`, `show`, `check`, `search`, `bookmarks`,
`highlights`, `export`, `import`) never import Textual: scripts call them in
loops, and start-up time is theirs.
Every failure ends as a one-line message on stderr and a non-zero exit code,
never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from reader import __version__, paths
from reader.cli import add, bookmarks, config, export, highlights, library, search
from reader.cli.errors import EXIT_PROBLEMS, EXIT_USAGE, CliError
from reader.config import Config


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read a library of Markdown articles in the terminal.",
        epilog="Without a command, the library opens in the terminal UI.",
    )
    _add_global_options(parser)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    library.add_parsers(commands)
    bookmarks.add_parser(commands)
    search.add_parser(commands)
    add.add_parser(commands)
    config.add_parser(commands)
    highlights.add_parser(commands)
    export.add_parser(commands)
    _accept_global_options_after(commands)
    return parser


def _accept_global_options_after(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Accept `--library`, `--data-dir` and `--config` after a command too
    (`reader list --library X`).

    Their default there is SUPPRESS, so a value given before the command is kept.
    """
    for command in set(commands.choices.values()):
        _add_global_options(command, default=argparse.SUPPRESS)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_global_options_after(action)


def _add_global_options(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--library", metavar="PATH", default=default, help="library folder (env READER_LIBRARY)"
    )
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        default=default,
        help="where state is kept (env READER_DATA_DIR)",
    )
    parser.add_argument(
        "--config", metavar="PATH", default=default, help="the settings file (env READER_CONFIG)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` console script."""
    global _EXIT_FAST
    _EXIT_FAST = argv is None
    for stream in (sys.stdout, sys.stderr):  # `PYTHONIOENCODING=ascii`: a ? for a —, no error
        reconfigure = getattr(stream, "reconfigure", None)  # a TextIOWrapper's
        if reconfigure is not None:
            with contextlib.suppress(ValueError):
                reconfigure(errors="replace")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(search.protect_query(argv))
    try:
        return _run(args)
    except CliError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `reader list | head`: the reader of our output left.
        return 0
    except Exception as error:  # the last guard: no traceback reaches the user
        print(f"reader: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS


def _run(args: argparse.Namespace) -> int:
    configured = config.prepare(args)
    if args.command in ("config", "state"):
        return config.run(args, configured)
    _check_library_path(args)
    if args.command in ("list", "show", "check"):
        return _quick_exit(library.run(args))
    if args.command == "bookmarks":
        return _quick_exit(bookmarks.run(args))
    if args.command == "search":
        return _quick_exit(search.run(args))
    if args.command == "add":
        return add.run(args)
    if args.command == "highlights":
        return highlights.run(args)
    if args.command in ("export", "import"):
        return export.run(args)
    return _run_app(args, configured)


def _quick_exit(code: int) -> int:
    """Flush the output and end the process now: tearing down the interpreter (freeing
    every object of a 50,000-article library) took half a second after the work
    was done. Only for the screenless commands, which have closed their files;
    not when `main` was given its arguments (tests call it so), where it returns."""
    if not _EXIT_FAST:
        return code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = 0
    os._exit(code)


#: True when `main` reads the command line itself (the console script, `-m reader`).
_EXIT_FAST = False


#: What `reader` says when its output is not a terminal (`reader > out.txt`).
NOT_A_TERMINAL = (
    "the library opens only in a terminal; to print, use "
    "`reader list`, `reader show ID`, `reader search QUERY` or `reader bookmarks`"
)


def _check_library_path(args: argparse.Namespace) -> None:
    """A library whose path is not UTF-8 cannot be kept in the index or the state
    (SQLite holds text): say so, where it failed with an encoding error."""
    root = str(paths.library_path(getattr(args, "library", None)))
    try:
        root.encode("utf-8")
    except UnicodeEncodeError:
        shown = root.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
        raise CliError(f"the library's path is not UTF-8, rename it: {shown}") from None


def _run_app(args: argparse.Namespace, configured: Config) -> int:
    index = library.open_index(args)
    outline = library.outline(args, index=index)  # the first paint; the rest after it
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        index.close()
        raise CliError(NOT_A_TERMINAL)
    from reader.ui import make_app  # Textual is imported only for the UI.

    data_dir = paths.data_dir(args.data_dir)
    complete = library.completion(args, index)
    app = make_app(outline, data_dir, index=index, config=configured, complete=complete)
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or 0
