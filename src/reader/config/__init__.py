"""The user's settings: `config.toml`, read with `tomllib`, written back with `tomlkit`.

Public API:
- `load_config(path)` -> `Config` (its `Settings`, its problems as `PATH:LINE:
  message`, and whether it may be rewritten); never raises (`loading`).
- `Settings`: library, theme, width, confirm_links and the user's keys
  (`settings`, which also validates); `THEMES`, `DEFAULT_WIDTH`.
- `save_setting(path, key, value)`: change one value, comments and order kept;
  `ConfigWriteError` when the file is broken or cannot be written (`writing`).
- `GROUPS`: every rebindable action by group, with its default keys; `keymap_id`
  names the UI bindings the keymap addresses (`keys`).

The file is `paths.config_file(flag)`. Nothing here imports Textual.
"""

from reader.config.keys import GROUPS, Action, keymap_id, normalize_key
from reader.config.loading import Config, ConfigProblem, load_config, parse_config
from reader.config.settings import (
    DEFAULT_WIDTH,
    MAX_WIDTH,
    MIN_WIDTH,
    THEMES,
    Settings,
    parse_keys,
)
from reader.config.writing import (
    ConfigWriteError,
    save_setting,
    setting_from_text,
    settings_toml,
)

__all__ = [
    "DEFAULT_WIDTH",
    "GROUPS",
    "MAX_WIDTH",
    "MIN_WIDTH",
    "THEMES",
    "Action",
    "Config",
    "ConfigProblem",
    "ConfigWriteError",
    "Settings",
    "keymap_id",
    "load_config",
    "normalize_key",
    "parse_config",
    "parse_keys",
    "save_setting",
    "setting_from_text",
    "settings_toml",
]
