"""A stop signal during the app's full load (after the outline is painted) ends the
load at once, as it ended the process before the app existed; the event loop's
handlers are back afterwards."""

from __future__ import annotations

import os
import signal

import pytest

from reader.ui.full_load import Stopped, load_stoppably

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
