"""The layout of a partly rendered article: lazy rendering and offset <-> line mapping.

The reading position is a source offset; the screen scrolls by lines. If the two
conversions do not agree, every re-layout (a resize, a theme, a new width, the
worker dropping in units) moves the text under the reader's eyes.
"""

from __future__ import annotations

import pytest
from rich.theme import Theme

from reader.reading.document import split
from reader.reading.line_map import LineMap
from reader.reading.render import RenderStyle, render_unit
from tests.generated_article import generate


def _style(width: int = 60) -> RenderStyle:
    return RenderStyle(width, Theme(), "default")


@pytest.fixture(scope="module")
def big_source() -> str:
    return generate(300_000)


def test_a_300kb_article_renders_only_the_unit_asked_for(big_source: str) -> None:
    layout = LineMap(split(big_source), _style())
    units = len(layout.document.units)
    assert units > 100
    assert layout.rendered_count == 0
    assert layout.height > units  # estimated, before anything is rendered

    middle = units // 2
    unit = layout.render(middle)
    assert layout.rendered_count == 1
    assert layout.rendered[middle] is unit
    assert not layout.complete
    assert layout.heights[middle] == len(unit.lines)
    assert layout.render(middle) is unit  # rendered once
    assert layout.rendered_count == 1

    # Asking where an offset is renders just its unit.
    layout.line_of_offset(big_source.index("Chapter 7 begins"))
    assert layout.rendered_count == 2


def test_accept_reports_the_height_change_and_moves_the_units_below(big_source: str) -> None:
    document = split(big_source)
    layout = LineMap(document, _style())
    index = 3
    estimate = layout.heights[index]
    tops_before = list(layout.tops)
    height_before = layout.height
    unit = render_unit(document.text(document.units[index]), layout.style, leading_blank=True)

    delta = layout.accept(index, unit)

    assert delta == len(unit.lines) - estimate
    assert layout.height == height_before + delta
    assert layout.tops[: index + 1] == tops_before[: index + 1]
    assert layout.tops[index + 1] == tops_before[index + 1] + delta
    assert layout.tops[-1] == tops_before[-1] + delta
    assert layout.accept(index, unit) == 0  # a second rendering of the same unit is ignored


def test_rendering_every_unit_completes_the_layout() -> None:
    layout = LineMap(split(generate(20_000)), _style())
    for index in layout.order_from(len(layout.document.units) // 2):
        layout.render(index)
    assert layout.complete
    assert layout.rendered_count == len(layout.document.units)
    assert layout.height == sum(len(unit.lines) for unit in layout.rendered if unit)


def test_order_from_renders_nearest_first_below_before_above() -> None:
    layout = LineMap(split(generate(40_000)), _style())
    count = len(layout.document.units)
    start = count // 2
    layout.render(start)
    order = layout.order_from(start)
    assert start not in order and len(order) == count - 1
    assert order[:4] == [start + 1, start - 1, start + 2, start - 2]
    distances = [abs(index - start) for index in order]
    assert distances == sorted(distances)


@pytest.mark.parametrize("width", [30, 60, 88])
def test_a_line_and_its_offset_round_trip_within_a_unit(big_source: str, width: int) -> None:
    layout = LineMap(split(big_source[:60_000]), _style(width))
    checked = 0
    for index in (0, 1, 5, 12):
        layout.render(index)
        unit = layout.document.units[index]
        top, height = layout.tops[index], layout.heights[index]
        assert height <= unit.end - unit.start  # more characters than lines
        for line in range(top, top + height):
            offset = layout.offset_of_line(line)
            assert unit.start <= offset < unit.end
            assert layout.line_of_offset(offset) == line, (index, line - top)
            checked += 1
    assert checked > 20


def test_an_offset_maps_to_the_line_that_shows_it(big_source: str) -> None:
    source = big_source[:60_000]
    layout = LineMap(split(source), _style())
    for chapter in (1, 3, 9):
        offset = source.index(f"Chapter {chapter} begins")
        line = layout.line_of_offset(offset)
        index, within = layout.locate(line)
        unit = layout.rendered[index]
        assert unit is not None
        # Proportional inside the unit (blank and heading rows make it approximate):
        # the paragraph starts on this line or one a few rows below.
        assert not any("begins" in text for text in unit.texts[:within])
        nearby = " ".join(unit.texts[within : within + 5])
        assert f"Chapter {chapter} begins" in nearby
        # Back again, the offset is at or just before the one asked for.
        back = layout.offset_of_line(line)
        assert layout.document.unit_at(back) == index
        assert layout.line_of_offset(back) == line


def test_locate_splits_a_line_into_unit_and_line_within() -> None:
    layout = LineMap(split(generate(20_000)), _style())
    for index in range(len(layout.document.units)):
        top = layout.tops[index]
        assert layout.locate(top) == (index, 0)
        assert layout.locate(top + layout.heights[index] - 1) == (
            index,
            layout.heights[index] - 1,
        )
    last = len(layout.document.units) - 1
    assert layout.locate(layout.height + 50)[0] == last


def test_lines_far_from_the_view_are_dropped_and_come_back_the_same(big_source: str) -> None:
    layout = LineMap(split(big_source), _style())
    units = len(layout.document.units)
    first = [layout.render(index).texts for index in range(units)]
    heights = list(layout.heights)
    assert layout.complete

    dropped = layout.drop_far(units - 1, 50_000)  # the reader is at the end
    assert dropped > units // 2
    assert layout.rendered_count == units - dropped
    assert layout.rendered[0] is None and layout.rendered[-1] is not None
    assert layout.complete  # every height is still known...
    assert layout.heights == heights  # ...and unchanged: nothing on screen moves
    assert layout.order_from(0) == []  # nothing for the worker to measure again

    assert [layout.render(index).texts for index in range(units)] == first
    assert layout.heights == heights


def test_the_worker_is_given_only_the_units_near_the_view(big_source: str) -> None:
    layout = LineMap(split(big_source), _style())
    units = layout.document.units
    middle = len(units) // 2
    near = layout.order_from(middle, 20_000)
    assert near[0] == middle
    assert all(abs(units[i].start - units[middle].start) <= 20_000 + 16_000 for i in near)
    assert len(near) < len(units) // 4
