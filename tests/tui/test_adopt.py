"""The `y` key adopts the highlighted pack suggestion on the concerns and process stages."""

from __future__ import annotations

from sessions.suggestions import done_is_suggested
from tests.conftest import saved, settle
from tui.widgets.tables import RecordTable


async def test_y_adopts_the_highlighted_concern(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#concerns", RecordTable)
        key = table.current_key
        concern = next(c for c in app.session.concerns if c.id == key)
        assert concern.suggested
        assert str(table.get_row_at(table.cursor_row)[1]).endswith(" ◇")
        detail = str(app.screen.query_one("#detail").render())
        assert "◇ suggested" in detail and "y adopts it" in detail
        keys = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Adopt" in keys
        await pilot.press("y")
        await settle(app, pilot)
        adopted = next(c for c in saved(app.session_path).concerns if c.id == key)
        assert adopted.suggested is None
        assert str(table.get_row_at(table.cursor_row)[1]).endswith("(pack)")


async def test_y_adopts_a_gate_and_an_item_of_the_definition_of_done(app_on, team_session):
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        gates = app.screen.query_one("#gates-table", RecordTable)
        assert str(gates.get_row_at(0)[0]).startswith("◇ ")
        assert "◇ suggested" in str(app.screen.query_one("#gates-detail").render())
        await pilot.press("y")
        await settle(app, pilot)
        assert saved(app.session_path).process.gates[0].suggested is None
        assert not str(gates.get_row_at(0)[0]).startswith("◇ ")
        await pilot.press("4")
        await pilot.pause()
        assert done_is_suggested(app.session, 0)
        await pilot.press("y")
        await settle(app, pilot)
        on_file = saved(app.session_path)
        assert not done_is_suggested(on_file, 0) and done_is_suggested(on_file, 1)


async def test_a_session_started_empty_pulls_suggestions_on_demand(app_on, pack, save_to):
    from sessions.start import new_session
    from tests.conftest import FIXED
    from tui.dialogs.pick import PickDialog

    empty = new_session(pack, team="Empty", at=FIXED, suggestions=False)
    app = app_on(empty, "rituals")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.session.rituals.meetings == []
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        meeting = saved(app.session_path).rituals.meetings[0]
        assert meeting.name == pack.rituals.meetings[0].name and meeting.suggested
        await pilot.press("y")
        await settle(app, pilot)
        assert saved(app.session_path).rituals.meetings[0].suggested is None
        app.enter_stage("process")
        await settle(app, pilot)
        await pilot.press("4", "t")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        process = saved(app.session_path).process
        assert process.definition_of_done == [pack.process.definition_of_done[0]]
        assert done_is_suggested(saved(app.session_path), 0)


async def test_a_new_session_can_start_empty_of_suggestions(forming_home) -> None:
    """The new-session form offers the empty start; `t` then pulls suggestions in on demand."""
    from textual.widgets import Checkbox, Input

    from tui.app import FormingApp
    from tui.dialogs.form import FormDialog

    app = FormingApp(start="new", folder=forming_home, team="Blank Slate")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-empty", Checkbox).value = True
        dialog.query_one("#field-team", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        session = app.session
        assert session is not None and session.session.team == "Blank Slate"
        assert not session.concerns and not session.process.gates
        assert not session.rituals.meetings and not session.process.definition_of_done
        assert app.session_path is not None
        assert saved(app.session_path).concerns == []
