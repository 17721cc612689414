"""Keys pressed while a long session's history is still being read, made at once or waiting.

The history of a long session (made with bench/generate.py) is read in a worker after the
first frame. In a file without the ids' high-water mark, a key that changes the session needs
the whole history: keys wait in line, the status bar says "Reading history", and they are
handled, in order, as soon as the history is in (handled at once, the first waited for the
read on the UI thread and the app froze). A file saved by Forming carries the mark: its
changes are made on the state at once and saved after the history (issue #16).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import pytest

from sessions.host import HistoryRead
from sessions.ids import with_ids_mark
from sessions.store import read_session, save_session
from tests.conftest import burst, settle
from tui.app import FormingApp
from tui.widgets.chrome import SAVE_STATES

BENCH = Path(__file__).resolve().parents[2] / "bench"
HELD_FOR_S = 30.0
"""How long the test holds the history worker at most (the app must not wait for it; on a
loaded machine opening the app alone can take seconds, and the hold must outlast it)."""


def generated(events: int):
    spec = importlib.util.spec_from_file_location("generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module.build("typical", events=events)


@pytest.fixture
def long_session(forming_home: Path) -> Path:
    path = forming_home / "long.toml"
    save_session(generated(1500), path)
    return path


@pytest.fixture
def held(monkeypatch) -> tuple[threading.Event, list[bool]]:
    """The history read held on its worker until the event is set; the list says, for each
    read, whether it ran on the UI thread (which must never wait for it)."""
    release = threading.Event()
    on_the_ui_thread: list[bool] = []
    read = HistoryRead.load

    def slow_read(history) -> None:
        # The worker reads slowly (a long file on a busy machine): held until released.
        on_ui = threading.current_thread() is threading.main_thread()
        on_the_ui_thread.append(on_ui)
        if not on_ui:
            release.wait(HELD_FOR_S)
        read(history)

    monkeypatch.setattr(HistoryRead, "load", slow_read)
    return release, on_the_ui_thread


async def typed_while_reading(app, pilot, *keys: str) -> None:
    """Let the session open, then type `keys` at once while its history is still being read."""
    for _ in range(5):
        await pilot.pause()
    assert app.history_pending
    burst(app, *keys)
    for _ in range(5):
        await pilot.pause()


async def history_let_in(app, pilot, release: threading.Event) -> None:
    """Let the held history read finish, and what waited for it run and save."""
    release.set()
    await settle(app, pilot)
    for _ in range(5):
        await pilot.pause()
    await settle(app, pilot)


async def test_keys_wait_for_the_history_without_freezing(long_session, held) -> None:
    release, _ = held
    path = long_session
    events = len(read_session(path).timeline)
    app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await typed_while_reading(app, pilot, "ctrl+o", *"While reading", "enter")
        # Not handled yet, and not blocking: the history is still being read, and said so.
        assert app.history_pending and app.overlay is None
        assert app.save_state == "reading"
        status = str(app.screen.query_one("#status-save").render())
        assert SAVE_STATES["reading"] in status
        await history_let_in(app, pilot, release)
        assert not app.history_pending and app.save_state == "saved"
        on_disk = read_session(path)
        assert on_disk.parking_lot[-1].text == "While reading"
        assert len(on_disk.timeline) == events + 1


@pytest.fixture
def marked_session(forming_home: Path) -> Path:
    """A long session as Forming saves it: with the ids' high-water mark in its state."""
    path = forming_home / "marked.toml"
    save_session(with_ids_mark(generated(1500)), path)
    return path


async def test_a_file_saved_by_forming_is_changed_at_once_and_saved_after_its_history(
    marked_session, held
) -> None:
    release, _ = held
    path = marked_session
    before = read_session(path)
    original = path.read_bytes()
    used = {e.data.get("id") for e in before.timeline}
    app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await typed_while_reading(app, pilot, "ctrl+o", *"While reading", "enter")
        # Made and shown at once, while the history is still being read; saved only after it.
        assert app.history_pending and app.overlay is None
        parked = app.session.parking_lot[-1]
        assert parked.text == "While reading" and parked.id not in used
        assert app.save_state == "saving"
        assert path.read_bytes() == original
        await history_let_in(app, pilot, release)
        assert not app.history_pending and app.save_state == "saved"
        on_disk = read_session(path)
        assert on_disk.parking_lot[-1].text == "While reading"
        assert on_disk.parking_lot[-1].id == parked.id
        assert on_disk.timeline[:-1] == before.timeline
        assert on_disk.timeline[-1].type == "parking.added"
        # Undone after the history is in, the change made before it goes, and is saved so.
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert read_session(path).parking_lot == before.parking_lot


async def test_saving_waits_in_line_for_the_history_even_in_a_marked_file(
    marked_session, held
) -> None:
    release, reads_on_the_ui_thread = held
    path = marked_session
    app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await typed_while_reading(app, pilot, "f7", "ctrl+s")
        # F7 is made at once; ctrl+s waits in line rather than read the history on the UI thread.
        assert app.history_pending and app.save_state == "saving"
        assert True not in reads_on_the_ui_thread
        await history_let_in(app, pilot, release)
        assert not app.history_pending and app.save_state == "saved"
        stage = read_session(path).stage(app.session.session.stage)
        assert stage is not None and stage.timebox_min == app.timer_control.timer.timebox_min
