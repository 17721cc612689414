"""Screens reach the app through `tui.forming`: attributes down, navigation up as messages."""

from __future__ import annotations

from tests.conftest import saved, settle
from tui.app import FormingApp
from tui.commands import PaletteApp
from tui.edits import EditApp
from tui.forming import Forming, ReplayView, forming_app
from tui.history_keys import HistoryKeysApp
from tui.overlay_keys import OverlayApp
from tui.replay_mode import ReplayApp
from tui.room.mode import RoomApp
from tui.save_copy import SaveApp
from tui.stage_control import StageApp
from tui.start_control import StartApp
from tui.widgets.chrome import Agenda


async def test_the_app_has_everything_the_protocol_names(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app, Forming) and isinstance(app, RoomApp)
        # The app's own controllers take it through protocols too (none imports `tui.app`).
        assert isinstance(app, ReplayApp) and isinstance(app, PaletteApp)
        assert isinstance(app, OverlayApp)
        assert isinstance(app, StageApp) and isinstance(app, EditApp)
        assert isinstance(app, StartApp) and isinstance(app, SaveApp)
        assert isinstance(app, HistoryKeysApp)
        assert isinstance(app.replay_controller, ReplayView)
        assert forming_app(app.screen) is app


async def test_a_stage_chosen_in_the_agenda_moves_the_room(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        agenda = app.screen.query_one(Agenda)
        agenda.focus()
        agenda.highlighted = [option.id for option in agenda.options].index("roles")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session.session.stage == "roles" and app.screen.STAGE_ID == "roles"
        assert app.session.stage("roster").done
        assert saved(app.session_path).session.stage == "roles"


async def test_the_app_is_what_the_session_controller_takes(app_on, team_session) -> None:
    from tui.session_control import SessionApp

    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app, SessionApp)
        assert isinstance(app, FormingApp)
        assert app.host is app.sessions.host and app.host is not None
