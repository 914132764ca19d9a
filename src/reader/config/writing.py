"""Writing settings back to `config.toml`, keeping the user's comments and order.

`save_setting` re-reads the file, changes one value with `tomlkit` (which keeps
everything else as written) and replaces the file atomically. A file that is
not valid TOML is never rewritten: `ConfigWriteError` says where it is wrong,
and the caller tells the user. `setting_from_text` reads a value typed on the
command line (`reader config set width 72`) and checks it like the file's;
`settings_toml` prints every setting in force, defaults included.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from reader.config.keys import GROUPS
from reader.config.loading import toml_problem
from reader.config.settings import KeyPath, Settings, validate

HEADER = "# reader settings: `reader config show` lists them all, `reader config keys` the keys.\n"


class ConfigWriteError(Exception):
    """The setting could not be written; the message says why, for the user."""


def save_setting(path: Path, key: KeyPath, value: Any) -> None:
    """Set `key` (such as `("width",)` or `("keys", "read", "line_down")`) to `value`."""
    import tomlkit  # only when writing: 15 ms of every start
    from tomlkit.exceptions import TOMLKitError

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigWriteError(
            f"{path}: cannot read it, so it is left as it is ({error})"
        ) from None
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problem = toml_problem(path, error)
        raise ConfigWriteError(
            f"{path}:{problem.line}: not saved: the file is not valid TOML; fix it first"
        ) from None
    try:
        document = tomlkit.parse(text)
        table: Any = document
        for part in key[:-1]:
            if part not in table:
                table[part] = tomlkit.table(is_super_table=len(key) > 2 and part == key[0])
            table = table[part]
        table[key[-1]] = value
        new_text = tomlkit.dumps(document)
    except (TOMLKitError, TypeError, KeyError) as error:
        raise ConfigWriteError(f"{path}: not saved: cannot set {'.'.join(key)} ({error})") from None
    _replace(path, new_text)


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: a reader sees the old file or the new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".config-", dir=path.parent)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except OSError as error:
        raise ConfigWriteError(f"{path}: not saved: {error.strerror or error}") from None


def setting_from_text(name: str, text: str) -> tuple[KeyPath, Any]:
    """The key path and TOML value for `reader config set NAME TEXT`; ValueError if wrong."""
    key = tuple(name.split("."))
    value: Any
    if key == ("width",):
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"width: a whole number is expected, not {text!r}") from None
    elif key == ("confirm_links",):
        words = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
        if text.lower() not in words:
            raise ValueError(f"confirm_links: true or false is expected, not {text!r}")
        value = words[text.lower()]
    elif len(key) == 3 and key[0] == "keys":
        value = [part.strip() for part in text.split(",") if part.strip()]
    else:
        value = text
    data: dict[str, Any] = {}
    table = data
    for part in key[:-1]:
        table = table.setdefault(part, {})
    table[key[-1]] = value
    _, problems = validate(data, lambda path: 1)
    if problems:  # what the file would keep at its default is refused here
        raise ValueError(problems[0].message.split("; the default")[0])
    return key, value


def settings_toml(settings: Settings) -> str:
    """Every setting in force as TOML, defaults included (`reader config show`)."""
    import tomlkit  # only when writing: 15 ms of every start

    document = tomlkit.document()
    if settings.library is None:
        document.add(tomlkit.comment("library: not set, the bundled library opens"))
    else:
        document["library"] = str(settings.library)
    document["theme"] = settings.theme
    document["width"] = settings.width
    document["confirm_links"] = settings.confirm_links
    keys = tomlkit.table(is_super_table=True)
    for group, actions in GROUPS.items():
        table = tomlkit.table()
        for action in actions:
            table[action] = list(settings.keys_for(group, action))
        keys[group] = table
    document["keys"] = keys
    return tomlkit.dumps(document)
