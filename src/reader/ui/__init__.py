"""The Textual application: screens, widgets, dialogs and the one navigator.

Public API: `make_app(library, data_dir, problems=..., index=...)` builds the
`ReaderApp`. Only `cli` imports this package; nothing below it imports Textual.
"""

from reader.ui.app import ReaderApp, make_app

__all__ = ["ReaderApp", "make_app"]
