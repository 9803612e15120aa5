"""The bulk-work helpers: the garbage collector pause restores exactly the state it found."""

import gc

import pytest

from nqi.core.bulk import collector_paused


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_collector_is_off_inside_and_back_on_after(collector_on):
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner block must not turn the collector back on"
    assert gc.isenabled()


def test_collector_comes_back_after_an_error(collector_on):
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("import failed")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
