"""Every question the pack asks can be recorded: who was absent, when people learn, the goals."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Static

from sessions.export import export_charter
from sessions.live import LiveSession
from sessions.model import Session
from tests.conftest import FIXED, saved, settle
from tests.tui.test_process import fill, open_part, opened, texts
from tui.dialogs.form import FormDialog
from tui.widgets.tables import RecordTable


async def test_a_person_can_be_marked_absent_and_back(team_session: Session, app_on) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-name", Input).value = "Ines Duarte"
        dialog.query_one("#field-absent", Checkbox).value = True
        dialog.query_one("#field-name", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        person = app.session.people[-1]
        assert (person.name, person.absent) == ("Ines Duarte", True)
        assert saved(app.session_path).people[-1].absent is True
        table = app.screen.query_one(RecordTable)
        assert "Ines Duarte (absent)" in [str(c) for c in table.get_row_at(table.row_count - 1)]

        table.move_cursor(row=table.row_count - 1)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-absent", Checkbox).value is True
        app.screen.query_one("#field-absent", Checkbox).value = False
        app.screen.query_one("#field-name", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session.people[-1].absent is None
        state = app.session_path.read_text(encoding="utf-8").split("[[timeline]]")[0]
        assert saved(app.session_path).people[-1].absent is None
        assert "absent = " not in state  # omitted, not written as false


async def test_a_learning_commitment_records_when(team_session: Session, app_on) -> None:
    app = app_on(team_session, "process")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        _screen, table = await open_part(app, pilot, "5")
        await pilot.press("a")
        await pilot.pause()
        await fill(
            pilot,
            {"learner": "p3", "topic": "Packaging", "partner": "p4", "when": "Thursdays in March"},
        )
        await settle(app, pilot)
        [item] = app.session.learning
        assert item.when == "Thursdays in March"
        assert saved(app.session_path).learning[0].when == "Thursdays in March"
        assert "Thursdays in March" in texts(table)
    charter = export_charter(app.session, "md")
    assert "learns Packaging with Tomás Silva (Thursdays in March)" in charter


async def test_the_goals_come_back_at_the_confidence_vote(team_session: Session, app_on) -> None:
    live = LiveSession(team_session)
    live.change(
        "session.updated",
        {"set": {"goals": ["Agree who deploys to production", "[bold]no markup[/]"]}},
        at=FIXED,
    )
    app = app_on(live.session, "wrapup")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        recall = str(app.screen.query_one("#goals-recall", Static).render())
        assert "did we meet them?" in recall
        assert "1. Agree who deploys to production" in recall
        assert "2. [bold]no markup[/]" in recall
