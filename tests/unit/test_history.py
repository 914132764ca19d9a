"""`History`: back and forward through the articles read, as a browser goes."""

from __future__ import annotations

from reader.state.history import LIMIT, History, Visit
from reader.state.store import Position


def visit(article_id: str, offset: int = 0) -> Visit:
    return Visit(article_id, Position(offset, 0.0))


def where(found: Visit | None) -> tuple[str, int] | None:
    return None if found is None else (found.article_id, found.place.offset)


def test_back_returns_to_the_place_left_and_forward_comes_again() -> None:
    history = History()
    assert history.back(visit("a")) is None
    history.left(visit("a", 120))  # a link from a (at 120) to b
    history.left(visit("b", 40))  # then from b to c
    assert where(history.back(visit("c", 7))) == ("b", 40)
    assert where(history.back(visit("b", 50))) == ("a", 120)
    assert history.back(visit("a", 120)) is None
    assert where(history.forward(visit("a", 130))) == ("b", 50)
    assert where(history.forward(visit("b", 50))) == ("c", 7)
    assert history.forward(visit("c", 7)) is None
    assert where(history.back(visit("c", 9))) == ("b", 50)


def test_a_new_way_after_going_back_drops_the_forward_visits() -> None:
    history = History()
    history.left(visit("a"))
    history.back(visit("b"))
    assert history.can_go_forward
    history.left(visit("a", 5))  # from a to somewhere new
    assert not history.can_go_forward
    assert where(history.back(visit("d"))) == ("a", 5)


def test_the_history_is_bounded() -> None:
    history = History()
    for number in range(LIMIT + 50):
        history.left(visit(f"a{number}"))
    backs = 0
    while history.back(visit("x")) is not None:
        backs += 1
    assert backs == LIMIT
