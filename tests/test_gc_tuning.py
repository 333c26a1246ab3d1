"""The collector runs less during a run, and as before once the run is over."""

from __future__ import annotations

import gc

from codemods.gc_tuning import YOUNG_THRESHOLD, collecting_less


def test_a_run_raises_the_young_threshold_and_freezes_what_exists() -> None:
    before = gc.get_threshold()
    with collecting_less():
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_collector_is_restored_when_the_run_fails() -> None:
    before = gc.get_threshold()
    try:
        with collecting_less():
            raise RuntimeError("a run that crashes")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
