"""`forming open`: the stage's first frame is final, and the history waits for the first key.

The room waits from the command until a key changes the session (issue #16, open to
interactive). Each frame after the first lays out and draws the whole stage again, and the
history read shares the interpreter with the first key: the stage screen is styled and
focused before its first frame, and a file that can be changed from its state alone reads its
history once the first change is on screen (or a key needs the whole file, or after a moment
without either).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sessions.host import HistoryRead
from sessions.ids import with_ids_mark
from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import read_session, save_session
from tests.conftest import FIXED, settle
from tui import session_control
from tui.app import FormingApp
from tui.screens.roles import RolesScreen
from tui.screens.stage import StageScreen
from tui.widgets.role_matrix import RoleMatrix


async def test_a_stage_screen_is_styled_once_on_its_way_to_the_first_frame(
    app_on, team_session, monkeypatch
) -> None:
    """The terminal-size classes are set before the stage's widgets exist.

    Textual restyles a node and all its descendants when one of its classes changes: set on
    mount, the size classes restyled every widget of the stage a second time before its first
    frame.
    """
    restyled: list[int] = []
    real_update_styles = FormingApp.update_styles

    def update_styles(self, node, animate: bool = True) -> None:
        if isinstance(node, RolesScreen):
            restyled.append(len(node.children))
        real_update_styles(self, node, animate=animate)

    monkeypatch.setattr(FormingApp, "update_styles", update_styles)
    app = app_on(team_session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RolesScreen) and app.screen.has_class("-narrow")
        # Once with its widgets: Textual's own, when the screen is shown (resumed).
        assert sum(1 for children in restyled if children) == 1


async def test_the_first_frame_has_the_stage_body_focused(
    app_on, team_session, monkeypatch
) -> None:
    """The stage's main widget has the focus as the screen mounts, so in its first frame.

    `widget.focus()` leaves the focus to a later turn of the app's queue: in a terminal the
    first frame showed the agenda focused (Textual's first focusable widget), and the stage
    was laid out and drawn again for the focus.
    """
    focused_on_mount: list[object] = []
    real_on_mount = StageScreen.on_mount

    def on_mount(self: StageScreen) -> None:
        real_on_mount(self)
        focused_on_mount.append(self.focused)

    monkeypatch.setattr(StageScreen, "on_mount", on_mount)
    app = app_on(team_session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RolesScreen)
        assert len(focused_on_mount) == 1 and isinstance(focused_on_mount[0], RoleMatrix)
        assert isinstance(app.screen.focused, RoleMatrix)


@pytest.fixture
def marked(save_to, team_session: Session) -> Path:
    """The team's session as Forming saves it (with the ids' mark), with a history of 40
    changes, on the role-mapping stage."""
    live = LiveSession(team_session)
    for n in range(40):
        live.change("person.updated", {"id": "p1", "set": {"availability": 1 + n}}, at=FIXED)
    live.change("stage.entered", {"stage": "roles"}, at=FIXED)
    return save_to(with_ids_mark(live.session))


@pytest.fixture
def reads(monkeypatch) -> list[bool]:
    """Each history read, as it starts: whether it runs on the UI thread."""
    started: list[bool] = []
    real_load = HistoryRead.load

    def load(history: HistoryRead) -> None:
        started.append(threading.current_thread() is threading.main_thread())
        real_load(history)

    monkeypatch.setattr(HistoryRead, "load", load)
    return started


async def _opened(app: FormingApp, pilot) -> None:
    """Let the stage screen open and draw its first frames."""
    for _ in range(50):
        if isinstance(app.screen, RolesScreen) and app.screen.is_mounted:
            break
        await pilot.pause()
    for _ in range(5):
        await pilot.pause()


async def test_a_marked_file_reads_its_history_after_the_first_change_is_shown(
    marked, reads, monkeypatch
) -> None:
    """The first key is applied with the interpreter to itself; the history is read just
    after its frame, on a worker, and the change is then saved after the whole timeline."""
    monkeypatch.setattr(session_control, "HISTORY_IDLE_S", 60.0)  # no read for being idle
    before = read_session(marked)
    app = FormingApp(start="open", path=marked, folder=marked.parent, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(app, pilot)
        assert reads == [] and app.history_pending  # nothing read before the first change
        timebox = app.timer_control.timer.timebox_min
        await pilot.press("f7")
        assert app.timer_control.timer.timebox_min == timebox + 1  # applied at once
        await settle(app, pilot)
        await settle(app, pilot)
        assert reads == [False]  # read once, after the change, on a worker
        assert not app.history_pending and app.save_state == "saved"
    on_disk = read_session(marked)
    assert on_disk.timeline[:-1] == before.timeline
    assert on_disk.timeline[-1].type == "stage.updated"


async def test_a_key_that_needs_the_whole_file_reads_the_history_at_once(
    marked, reads, monkeypatch
) -> None:
    monkeypatch.setattr(session_control, "HISTORY_IDLE_S", 60.0)
    app = FormingApp(start="open", path=marked, folder=marked.parent, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(app, pilot)
        assert reads == []
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await settle(app, pilot)
        assert reads == [False] and not app.history_pending


async def test_an_idle_facilitator_gets_the_history_read_after_a_moment(
    marked, reads, monkeypatch
) -> None:
    monkeypatch.setattr(session_control, "HISTORY_IDLE_S", 0.05)
    app = FormingApp(start="open", path=marked, folder=marked.parent, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(app, pilot)
        for _ in range(100):
            if not app.history_pending:
                break
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
        assert reads == [False] and not app.history_pending


async def test_a_file_without_the_mark_reads_its_history_at_once(
    save_to, team_session, reads, monkeypatch
) -> None:
    """Without the mark every change waits for the history: it is read after the first
    frame, whether or not a key was pressed."""
    monkeypatch.setattr(session_control, "HISTORY_IDLE_S", 60.0)
    live = LiveSession(team_session)
    for n in range(10):
        live.change("person.updated", {"id": "p2", "set": {"availability": 1 + n}}, at=FIXED)
    path = Path(save_to(live.session))
    save_session(live.session, path)
    assert read_session(path).session.ids_used is None
    app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await _opened(app, pilot)
        await settle(app, pilot)
        assert reads == [False] and not app.history_pending


async def test_opening_a_session_brings_no_stylesheet_the_app_has_not_read(
    save_to, team_session, monkeypatch
) -> None:
    """`forming open` reads the first stage's `.tcss` with the app's: showing the stage does
    not parse and apply the whole stylesheet a second time."""
    from textual.css.stylesheet import Stylesheet

    from sessions.store import read_state

    path = save_to(team_session)
    parses: list[int] = []
    real_reparse = Stylesheet.reparse

    def reparse(self) -> None:
        parses.append(1)
        real_reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", reparse)
    app = FormingApp(
        start="open", path=path, folder=path.parent, theme="forming-dark", opened=read_state(path)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)
        # None: the app reads its stylesheet once, with its theme's colours, before its first
        # screen (setting the theme the way Textual's watcher does read it a second time).
        assert parses == []


async def test_the_footer_keys_are_not_restyled_on_their_way_to_the_first_frame(
    app_on, team_session, monkeypatch
) -> None:
    """Textual's footer key starts compact and takes the footer's `compact` once mounted:
    each key's class was added and taken away again, two restyles a key, for every stage."""
    from tui.widgets.chrome import KeysFooter

    restyled: list[str] = []
    real_update_styles = FormingApp.update_styles

    def update_styles(self, node, animate: bool = True) -> None:
        # The palette's key is Textual's own, compact by design: it is left alone.
        if isinstance(node.parent, KeysFooter) and not node.has_class("-command-palette"):
            restyled.append(node.key)
        real_update_styles(self, node, animate=animate)

    monkeypatch.setattr(FormingApp, "update_styles", update_styles)
    app = app_on(team_session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeysFooter)
        assert len(footer.children) > 5 and not footer.compact
        keys = [key for key in footer.children if not key.has_class("-command-palette")]
        assert not any(key.has_class("-compact") for key in keys)
        assert restyled == []
