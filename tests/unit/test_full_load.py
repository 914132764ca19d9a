"""A stop signal during the app's full load (after the outline is painted) ends the
load at once, as it ended the process before the app existed; the event loop's
handlers are back afterwards."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from textual import events

from reader.library.loader import Problem
from reader.library.model import Library, Section
from reader.ui.full_load import PendingLoad, Stopped, load_stoppably

SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def test_a_stop_signal_during_the_load_stops_it_at_once() -> None:
    before = {number: signal.getsignal(number) for number in SIGNALS}
    steps: list[int] = []

    def load() -> None:
        steps.append(1)
        os.kill(os.getpid(), signal.SIGTERM)
        steps.append(2)  # never reached: the handler raised at the signal

    with pytest.raises(Stopped) as stopped:
        load_stoppably(load, SIGNALS)
    assert stopped.value.number == signal.SIGTERM
    assert steps == [1]
    assert {number: signal.getsignal(number) for number in SIGNALS} == before


def test_without_a_signal_the_load_returns_its_result() -> None:
    before = signal.getsignal(signal.SIGHUP)
    assert load_stoppably(lambda: 42, SIGNALS) == 42
    assert signal.getsignal(signal.SIGHUP) == before


def test_input_before_the_paint_waits_for_the_load_and_keeps_its_order() -> None:
    steps: list[str] = []
    library = Library(root=Section(id="", path=Path("lib"), title="Lib"))

    def complete() -> tuple[Library, list[Problem]]:
        steps.append("load")
        return library, []

    pending = PendingLoad(
        complete,
        done=lambda loaded, problems: steps.append("done"),
        stopped=lambda number: steps.append("stopped"),
        post=lambda event: steps.append(f"post {event.key}"),  # type: ignore[attr-defined]
    )
    focus = events.Focus()
    assert not pending.holds(focus, lambda: False)  # not input: handled as usual
    assert pending.holds(events.Key("j", None), lambda: False)  # mid-mount: held
    assert pending.holds(events.Key("l", None), lambda: True)  # behind j: held, load runs
    assert steps == ["load", "done", "post j", "post l"]
    assert not pending.holds(events.Key("k", None), lambda: True)  # loaded: as usual
    pending.run()  # the painted screen's own call: nothing left to do
    assert steps == ["load", "done", "post j", "post l"]


def test_input_after_the_paint_runs_the_load_first_then_goes_on() -> None:
    steps: list[str] = []
    library = Library(root=Section(id="", path=Path("lib"), title="Lib"))
    pending = PendingLoad(
        lambda: (steps.append("load"), (library, []))[1],  # type: ignore[func-returns-value]
        done=lambda loaded, problems: steps.append("done"),
        stopped=lambda number: steps.append("stopped"),
        post=lambda event: steps.append("post"),
    )
    assert not pending.holds(events.Key("j", None), lambda: True)
    assert steps == ["load", "done"]
