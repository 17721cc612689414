"""The app around the stages: opening, navigation, autosave, undo, timer, parking, locks, sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label

from sessions.live import LiveSession
from sessions.store import SessionLock, read_session
from tests.conftest import FIXED, HOSTILE, save_copy_to, saved, screen_of, settle
from tui.app import FormingApp
from tui.commands import palette_commands
from tui.screens.home import HomeScreen
from tui.screens.stage import StageScreen
from tui.widgets.chrome import Agenda, StatusBar


async def test_open_lands_on_saved_stage_with_agenda(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)
        assert app.screen.STAGE_ID == "roles"
        agenda = app.screen.query_one(Agenda)
        assert agenda.option_count == 9
        assert agenda.highlighted_option.id == "roles"
        status = app.screen.query_one("#status-where")
        assert "Returns Forecast" in str(status.render())


async def test_next_and_back_record_the_stage_and_mark_done(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert app.session.session.stage == "roles"
        assert app.screen.STAGE_ID == "roles"
        assert app.session.stage("roster").done
        assert saved(app.session_path).session.stage == "roles"
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        assert app.session.session.stage == "roster"
        assert saved(app.session_path).session.stage == "roster"
        assert app.session.timeline[-1].type == "stage.entered"


async def test_never_past_the_last_stage(app_on, team_session) -> None:
    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert app.session.session.stage == "wrapup"


async def test_park_from_any_stage_in_two_keystrokes(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one(Input).value = "Feature store? [maybe]"
        await pilot.press("enter")
        await settle(app, pilot)
        items = saved(app.session_path).parking_lot
        assert [(i.text, i.stage) for i in items] == [("Feature store? [maybe]", "roles")]


async def test_roster_add_edit_remove_with_undo_and_redo(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-name", Input).value = "Noor [lead]"
        form.query_one("#field-title", Input).value = "Data engineer"
        form.query_one("#field-availability", Input).value = "80"
        await pilot.press("enter")
        await settle(app, pilot)
        person = app.session.people[-1]
        assert (person.name, person.title, person.availability) == (
            "Noor [lead]",
            "Data engineer",
            80,
        )
        assert saved(app.session_path).people[-1].name == "Noor [lead]"

        table = app.screen.query_one(DataTable)
        table.move_cursor(row=len(app.session.people) - 1)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-availability", Input).value = "60"
        app.screen.query_one("#field-title", Input).value = ""
        await pilot.press("enter")
        await settle(app, pilot)
        person = app.session.person(person.id)
        assert person.availability == 60 and person.title == ""

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.session.person(person.id) is None
        assert saved(app.session_path).person(person.id) is None

        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.session.person(person.id) is not None
        assert saved(app.session_path).person(person.id).availability == 60
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert app.session.person(person.id) is None


async def test_form_refuses_bad_input_with_a_message(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        count = len(app.session.people)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Kim"
        app.screen.query_one("#field-availability", Input).value = "150"
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#error-availability", Label)
        assert "1 to 100" in str(error.render())
        # A problem shows under its field; fields without one spend no line on it.
        assert error.display and error.size.height >= 1
        assert not app.screen.query_one("#error-name", Label).display
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(app.session.people) == count


async def test_removing_asks_first_and_no_keeps(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await settle(app, pilot)
        assert len(app.session.people) == 5


async def test_role_matrix_sets_and_bumps_shares(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        matrix = app.screen.query_one("#matrix", DataTable)
        matrix.move_cursor(row=0, column=3)  # Maya Okafor, platform engineer
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-share", Input).value = "30"
        await pilot.press("enter")
        await settle(app, pilot)
        key = ("p1", "platform-engineer")
        shares = {(a.person, a.role): a.share for a in saved(app.session_path).assignments}
        assert shares[key] == 30
        await pilot.press("plus")
        await settle(app, pilot)
        shares = {(a.person, a.role): a.share for a in app.session.assignments}
        assert shares[key] == 40
        await pilot.press("x")
        await settle(app, pilot)
        assert key not in {(a.person, a.role) for a in saved(app.session_path).assignments}


async def test_role_matrix_filter_and_risks(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        risks = str(app.screen.query_one("#risk-list").render())
        assert "Tomás Silva" in risks and "part-time" in risks
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"priya")
        await pilot.pause()
        assert app.screen.query_one("#matrix", DataTable).row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#matrix", DataTable).row_count == 5


async def test_add_role_from_pack_and_remove_it(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")  # the first optional role from the pack
        await settle(app, pilot)
        added = app.session.roles[-1]
        assert added.id in {"ml-product-owner", "analytics-engineer"}
        assert any(c.role == added.id for c in saved(app.session_path).concerns)
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.session.role(added.id) is None
        assert saved(app.session_path).role(added.id) is None


async def test_timer_toggles_and_timebox_changes_are_saved(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not app.timer.running
        await pilot.press("ctrl+t")
        assert app.timer.running
        await pilot.press("f7")
        await settle(app, pilot)
        assert saved(app.session_path).stage("roles").timebox_min == 21
        await pilot.press("ctrl+t")
        assert not app.timer.running
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen.query_one("#big-digits")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StageScreen)


async def test_help_shows_keys_and_prompts(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").render())
        assert "ctrl+n" in text
        assert app.session.stage("roles").prompts[0][:30] in text
        assert "cannot be changed here" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StageScreen)


async def test_prompts_hidden_by_default_and_toggled(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one("#prompts").display
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.query_one("#prompts").display
        await pilot.press("f2")
        await pilot.pause()
        assert not app.screen.query_one(Agenda).display


async def test_too_small_terminal_says_so(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        assert app.screen.has_class("-too-small")
        await pilot.resize_terminal(20, 6)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.screen.has_class("-too-small")
        assert app.screen.query_one(StatusBar).display


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


async def test_hostile_names_in_a_file_show_literally(save_to, fresh_session, forming_home) -> None:
    from sessions.live import LiveSession

    live = LiveSession(fresh_session)
    for index, text in enumerate(HOSTILE):
        live.change("person.added", {"id": f"h{index}", "name": text[:80], "title": text[:80]})
    live.change("stage.entered", {"stage": "roster"})
    path = save_to(live.session)
    app = FormingApp(start="open", path=path, folder=forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "[bold]x" in names
        assert "[@click=app.quit]x[/]" in names
        assert all("\x1b" not in name for name in names)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert screen_of(app, StageScreen).STAGE_ID == "roles"


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


async def test_palette_reaches_stages(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in palette_commands(app, app.screen)]
        assert any("Go to stage 5" in title for title in titles)
        assert any("Park" in title for title in titles)


async def test_quit_saves_timer(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        path = app.session_path
        app.timer.spent_s = 125
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert read_session(path).stage("roles").spent_s == 125


async def test_an_action_can_be_agreed_from_any_stage(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.action_add_action()
        await pilot.pause()
        app.screen.query_one("#field-text", Input).value = "Find a second platform engineer"
        app.screen.query_one("#field-due", Input).value = "2026-12-11"
        await pilot.press("enter")
        await settle(app, pilot)
        actions = saved(app.session_path).actions
        assert [(a.text, a.owner, str(a.due)) for a in actions] == [
            ("Find a second platform engineer", None, "2026-12-11")
        ]
        titles = [command.title for command in palette_commands(app, app.screen)]
        assert "Add an action" in titles


async def test_export_writes_a_picture_of_the_screen(app_on, team_session) -> None:
    from tui.dialogs.export import save_screen_picture

    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        target = save_screen_picture(app)
        assert target is not None and target.suffix == ".svg"
        picture = target.read_text(encoding="utf-8")
        assert picture.startswith("<svg") and "Coverage" in picture
