"""`reader config` (path, show, set, check, keys) and `reader state move`.

Every command reads the config first (`prepare`): its `library` becomes the
default library (after `--library` and `READER_LIBRARY`), and its problems are
said once on stderr, except by `reader config`, which reports them itself, and
by the app, which shows them in a notice. A broken config never stops a
command: what is wrong keeps its default.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from reader import paths
from reader.cli.errors import EXIT_PROBLEMS, CliError
from reader.config import (
    GROUPS,
    Config,
    ConfigWriteError,
    load_config,
    save_setting,
    setting_from_text,
    settings_toml,
)
from reader.state.store import Store, library_key


def add_parser(commands: Any) -> None:
    """Add `config` and `state` to the `reader` command's subparsers."""
    parser = commands.add_parser("config", help="the settings file: path, show, set, check, keys")
    actions = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    actions.add_parser("path", help="print the settings file's path")
    actions.add_parser("show", help="print the settings in force as TOML, defaults included")
    setting = actions.add_parser("set", help="write one setting (checked first)")
    setting.add_argument("key", help="library, theme, width, confirm_links or keys.GROUP.ACTION")
    setting.add_argument("value", help="the value; for keys, a comma-separated list")
    actions.add_parser("check", help="every problem in the file as PATH:LINE: message")
    actions.add_parser("keys", help="every action of every screen with its keys in force")
    state = commands.add_parser("state", help="the saved state: move a library's to a new key")
    moves = state.add_subparsers(dest="state_command", metavar="ACTION", required=True)
    move = moves.add_parser("move", help="re-key positions and bookmarks of a moved library")
    move.add_argument("old", help="the library's old folder (or `bundled`)")
    move.add_argument("new", help="its new folder (or `bundled`)")


def prepare(args: argparse.Namespace) -> Config:
    """Read the config for any command; see the module docstring."""
    config = load_config(paths.config_file(args.config))
    library = config.settings.library
    if args.library is None and not os.environ.get("READER_LIBRARY") and library is not None:
        args.library = str(library)
    if args.command not in (None, "config"):
        for problem in config.problems:
            print(f"reader: {problem}", file=sys.stderr)
    return config


def run(args: argparse.Namespace, config: Config) -> int:
    """Run `reader config ...` or `reader state ...`."""
    if args.command == "state":
        return _move(args)
    command = args.config_command
    if command == "path":
        print(config.path)
    elif command == "show":
        for problem in config.problems:
            print(f"reader: {problem}", file=sys.stderr)
        sys.stdout.write(settings_toml(config.settings))
    elif command == "set":
        return _set(config, args.key, args.value)
    elif command == "check":
        for problem in config.problems:
            print(problem)
        return EXIT_PROBLEMS if config.problems else 0
    elif command == "keys":
        for group, actions in GROUPS.items():
            print(f"[keys.{group}]")
            for action, default in actions.items():
                keys = ", ".join(config.settings.keys_for(group, action))
                print(f"  {action:<18} {keys:<24} {default.description}")
    return 0


def _set(config: Config, name: str, text: str) -> int:
    try:
        key, value = setting_from_text(name, text)
    except ValueError as error:
        raise CliError(f"not set: {error}") from None
    try:
        save_setting(config.path, key, value)
    except ConfigWriteError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    return 0


def _move(args: argparse.Namespace) -> int:
    """`reader state move OLD NEW`: every row of OLD's key now under NEW's."""
    old, new = library_key(args.old), library_key(args.new)
    if old == new:
        raise CliError(f"nothing to move: both name the same library ({old})")
    store, notices = Store.open(paths.data_dir(args.data_dir))
    with store:
        for notice in notices:
            print(f"reader: {notice}", file=sys.stderr)
        store.connect(lambda line: print(f"reader: {line}", file=sys.stderr))
        if old not in store.library_keys():
            raise CliError(f"no saved state for {old}")
        moved = store.move_library(old, new)
        if moved is None:
            return EXIT_PROBLEMS
    counts = ", ".join(f"{count} {table}" for table, count in moved.items())
    print(f"Moved {counts} from {old} to {new}.")
    return 0
