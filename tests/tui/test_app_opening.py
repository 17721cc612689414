"""Opening a session: read-only, in use in another window, from the command line (its first
frame whole), the theme and the garbage collector at start, the guidance while it cannot be
changed, and the home screen's list."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from sessions.live import LiveSession
from sessions.store import SessionLock, read_session
from tests.conftest import FIXED, save_copy_to, screen_of, settle
from tui.app import FormingApp
from tui.screens.home import HomeScreen
from tui.screens.stage import StageScreen


async def test_read_only_changes_nothing(save_to, team_session, forming_home) -> None:
    path = save_to(team_session)
    before = path.read_bytes()
    app = FormingApp(start="open", path=path, folder=forming_home, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.save_state == "read-only"
        assert not app.change("person.removed", {"id": "p1"})
        # The stage's editing keys are neither shown nor run; its view keys stay.
        app.enter_stage("roles")
        await settle(app, pilot)
        shown = {active.binding.action for active in app.screen.active_bindings.values()}
        assert "filter" in shown and not shown & {"set_share", "bump(10)", "add_role"}
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)  # no "add a role" dialog opened
        await pilot.press("f1")
        await pilot.pause()
        assert "cannot be changed here" in str(app.screen.query_one("#help-text").render())
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
    assert path.read_bytes() == before


@pytest.fixture
def held_elsewhere(save_to, team_session):
    """The team session saved, and locked as if another Forming window had it open."""
    path = save_to(team_session)
    holder = SessionLock(path)
    holder.acquire()
    yield path
    holder.release()


async def test_second_opener_is_offered_read_only(held_elsewhere, forming_home) -> None:
    app = FormingApp(start="open", path=held_elsewhere, folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        question = app.screen.query_one("#confirm-question")
        assert "in another Forming window" in str(question.render())
        # The whole question shows, wrapped, not just its first line.
        assert question.size.height >= 2
        assert "read-only?" in "".join(
            strip.text for strip in question.render_lines(question.region.reset_offset)
        )
        await pilot.press("y")
        await settle(app, pilot)
        assert app.read_only and isinstance(app.screen, StageScreen)


async def test_cancelling_a_session_in_use_leaves_the_home_screen(
    held_elsewhere, forming_home
) -> None:
    app = FormingApp(start="open", path=held_elsewhere, folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        # Not Textual's blank default screen: the list of sessions, read from the folder.
        assert isinstance(app.screen, HomeScreen)
        assert [p.name for p in app.screen.paths] == ["session.toml"]
        assert app.live is None and not app.read_only


async def test_a_session_from_the_command_line_is_drawn_first_and_home_made_later(
    app_on, save_to, team_session
) -> None:
    save_to(team_session, "other.toml")
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # The first frame is the stage itself; nothing is made under it.
        assert isinstance(app.screen, StageScreen)
        assert not any(isinstance(screen, HomeScreen) for screen in app.screen_stack)
        await pilot.press("f1")  # a dialog on top, to be closed on the way home
        await settle(app, pilot)
        app.go_home()
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 2
        assert sorted(p.name for p in app.screen.paths) == ["other.toml", "session.toml"]
        assert app.session is None and app.live is None
        # And from home a session opens over it, and going home comes back to the same screen.
        home = app.screen
        app.open_session(app.screen.paths[0])
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)
        app.go_home()
        await settle(app, pilot)
        assert app.screen is home


async def test_the_first_frame_of_a_session_is_drawn_whole(app_on, team_session, monkeypatch):
    """Textual drops frames while the app mounts: the stage's first frame must come after."""
    from textual._compositor import LayoutUpdate

    drawn: list[tuple[object, int]] = []
    app = app_on(team_session, "roles")
    real_display = FormingApp._display

    def display(self, screen, renderable):
        if isinstance(screen, StageScreen) and renderable is not None:
            drawn.append((renderable, self._batch_count))
        real_display(self, screen, renderable)

    monkeypatch.setattr(FormingApp, "_display", display)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
    first, batched = drawn[0]
    # Not inside a batch (where it would be thrown away) and the whole screen, status bar first.
    assert batched == 0
    assert isinstance(first, LayoutUpdate) and first.region.y == 0 and len(first.strips) == 40
    assert "Returns Forecast" in "".join(segment.text for segment in first.strips[0])


async def test_the_theme_is_set_before_the_app_runs(forming_home) -> None:
    app = FormingApp(folder=forming_home, theme="projector-light")
    assert app.theme == "projector-light"
    assert FormingApp(folder=forming_home).theme == "forming-dark"
    # An unknown name is refused by the command line with the names it knows; the app keeps
    # its own theme rather than fail.
    assert FormingApp(folder=forming_home, theme="no-such-theme").theme == "forming-dark"


async def test_the_garbage_collector_runs_again_from_the_first_frame(app_on, team_session) -> None:
    import gc

    app = app_on(team_session, "roles")
    gc.disable()  # as `launch` does for the start-up
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert gc.isenabled()
    finally:
        gc.enable()


def shown(widget) -> str:
    """The text a label shows (shown or not just now: an empty state hides behind its list)."""
    return str(widget.render())


async def test_read_only_guidance_names_no_keys_until_the_session_can_be_changed(
    save_to, fresh_session, forming_home, tmp_path
) -> None:
    from tui.widgets.chrome import EmptyState, HintLabel

    live = LiveSession(fresh_session)
    live.change("stage.entered", {"stage": "process"}, at=FIXED)
    path = save_to(live.session)
    app = FormingApp(start="open", path=path, folder=forming_home, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert screen_of(app, StageScreen).STAGE_ID == "process"
        empty = app.screen.query_one("#part-environments EmptyState", EmptyState)
        hint = app.screen.query_one("#part-environments .part-hint", HintLabel)
        # Read-only: what the list holds, not which keys would change it (they do nothing).
        assert shown(empty) == "No environments yet."
        assert shown(hint) == "Environments in promotion order."
        # A copy saved elsewhere can be changed: the keys are named again.
        await save_copy_to(app, pilot, tmp_path / "copy.toml")
        assert not app.read_only
        assert "Press a to add one" in shown(empty)
        assert "[ ] move" in shown(hint)


async def test_roster_guidance_while_editing_and_while_replaying(
    save_to, fresh_session, forming_home
) -> None:
    from tui.widgets.chrome import EmptyState

    live = LiveSession(fresh_session)
    live.change("stage.entered", {"stage": "roster"}, at=FIXED)
    path = save_to(live.session)
    app = FormingApp(start="open", path=path, folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Press a to add the first person" in shown(app.screen.query_one(EmptyState))
    replaying = FormingApp(start="replay", path=path, folder=forming_home)
    async with replaying.run_test(size=(120, 40)) as pilot:
        await settle(replaying, pilot)
        assert (
            replaying.replay is not None and screen_of(replaying, StageScreen).STAGE_ID == "roster"
        )
        assert shown(replaying.screen.query_one(EmptyState)) == "Nobody is on the team yet."


async def test_the_welcome_details_ask_for_what_is_missing_only_when_it_can_be_filled(
    save_to, fresh_session, forming_home, tmp_path
) -> None:
    path = save_to(fresh_session)  # on the welcome stage, with no product set
    for read_only, asked in ((False, True), (True, False)):
        app = FormingApp(start="open", path=path, folder=forming_home, read_only=read_only)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert screen_of(app, StageScreen).STAGE_ID == "welcome"
            details = shown(app.screen.query_one("#details"))
            assert "not set yet" in details
            assert ("Press e to fill in what is missing." in details) is asked
            if read_only:  # a copy saved elsewhere can be filled in: it asks again
                await save_copy_to(app, pilot, tmp_path / "copy.toml")
                assert not app.read_only
                details = shown(app.screen.query_one("#details"))
                assert "Press e to fill in what is missing." in details


async def test_home_lists_sessions_and_creates_one(save_to, team_session, forming_home) -> None:
    save_to(team_session, "returns.toml")
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "Returns Forecast"
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#field-team", Input).value = "Fraud Signals"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)
        created = forming_home / "fraud-signals.toml"
        assert read_session(created).session.team == "Fraud Signals"


async def test_home_empty_state_and_demo(forming_home: Path) -> None:
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.has_class("-empty")
        assert "Press n" in str(app.screen.query_one("#home-empty").render())
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)
        assert read_session(forming_home / "demo.toml").session.team == "Returns Forecast"


async def test_home_delete_moves_to_trash(save_to, team_session, forming_home) -> None:
    save_to(team_session, "returns.toml")
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert not (forming_home / "returns.toml").exists()
        assert (forming_home / "trash" / "returns.toml").exists()
        assert app.screen.has_class("-empty")
