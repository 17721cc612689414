"""The app around the stages: navigation, parking, the timer, help and prompts, sizes, the
palette, quitting and exporting (changes through the forms: `test_app_editing`; opening a
session and the home screen: `test_app_opening`)."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from sessions.live import LiveSession
from sessions.store import read_session
from tests.conftest import HOSTILE, saved, screen_of, settle
from tui.app import FormingApp
from tui.commands import palette_commands
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


async def test_hostile_names_in_a_file_show_literally(save_to, fresh_session, forming_home) -> None:

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
