"""Front-matter fields: turning loose YAML/TOML values into typed article fields.

Front matter is written by hand, so values come in many shapes (a date as text,
an author as a list, a weight as a string). Each field is coerced here; a value
that cannot be read is reported and ignored rather than failing the article.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from typing import Any, cast

from reader.library.head_cache import Fields
from reader.library.model import Article, Section
from reader.library.sanitize import clean_line, clean_text


def _text(value: Any) -> str:
    if isinstance(value, str | int | float | dt.date):
        return str(value)
    raise ValueError(f"expected text, got {type(value).__name__}")


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (clean_line(value),) if value.strip() else ()
    if isinstance(value, list):
        names = []
        for item in value:
            if not isinstance(item, str):
                raise ValueError("expected text or a list of text")
            if item.strip():
                names.append(clean_line(item))
        return tuple(names)
    raise ValueError("expected text or a list of text")


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(clean_line(tag) for tag in value.split(",") if tag.strip())
    return _names(value)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(f"not a date: {str(value)[:40]!r}")


def _weight(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ValueError(f"expected a whole number, got {str(value)[:40]!r}")


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "yes", "false", "no"}:
        return value.lower() in {"true", "yes"}
    raise ValueError("expected true or false")


def apply(article: Article, meta: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Set the article's typed fields from `meta`; yield (field, message) for bad values."""
    for name, value in meta.items():
        if value is None:
            continue
        try:
            match name:
                case "title":
                    # Entities as a site generator's page shows them: `Caf&eacute;` is Café.
                    article.title = clean_line(html.unescape(_text(value)))
                case "author" | "authors":
                    article.author = _names(value)
                case "date":
                    article.date = _date(value)
                case "summary" | "description":
                    summary = clean_text(html.unescape(_text(value))).strip()
                    article.summary = article.summary or summary
                case "series":
                    article.series = ", ".join(_names(value))
                case "tags":
                    article.tags = _tags(value)
                case "weight":
                    article.weight = _weight(value)
                case "source":
                    article.source = clean_line(_text(value))
                case "draft":
                    article.draft = _flag(value)
                case "excerpt":
                    article.excerpt = _flag(value)
        except ValueError as error:
            yield name, f"{error}; ignored"


#: The typed fields `apply` sets, in `Article`'s order (right after `id` and `path`).
FIELDS = (
    *("title", "author", "date", "summary", "series"),
    *("tags", "weight", "draft", "excerpt", "source"),
)


def fields_of(article: Article) -> Fields:
    """The article's typed fields (`FIELDS`), to be cached and given back to `typed`."""
    return cast(Fields, tuple(getattr(article, name) for name in FIELDS))


def typed(values: list[Any]) -> Fields:
    """`FIELDS` again from their JSON form (`fields_of`, dumped with `default=str`);
    ValueError or TypeError for anything `fields_of` did not give."""
    title, author, date, summary, series, tags, weight, draft, excerpt, source = values
    if not (
        type(title) is str
        and type(author) is list
        and type(summary) is str
        and type(series) is str
        and type(tags) is list
        and (weight is None or type(weight) is int)
        and type(draft) is bool
        and type(excerpt) is bool
        and type(source) is str
    ):
        raise TypeError("not the article's fields")
    "".join(author + tags)  # TypeError unless all are text
    day = None if date is None else dt.date.fromisoformat(date)
    return title, tuple(author), day, summary, series, tuple(tags), weight, draft, excerpt, source


def order_key(node: Section | Article) -> tuple[bool, int, bool, dt.date, str]:
    """Weight first (unweighted last), then date (oldest first), then title."""
    return (
        node.weight is None,
        node.weight or 0,
        node.date is None,
        node.date or dt.date.min,
        node.title.casefold(),
    )
