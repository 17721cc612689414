"""Every question the pack asks can be recorded: who was absent, when people learn, the goals."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Static

from sessions.events import fold
from sessions.export import export_charter
from sessions.live import LiveSession
from sessions.model import Session
from sessions.narration import describe_event
from tests.conftest import FIXED, fill_by_enter, saved, settle
from tests.tui.test_process import open_part, opened, texts
from tests.tui.test_responsibilities import DS
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
        await fill_by_enter(
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


async def test_who_holds_each_responsibility_and_overlaps(team_session: Session, app_on) -> None:
    live = LiveSession(team_session)
    platform = live.session.role("platform-engineer")
    # The platform role also owns the data scientists' first responsibility: an overlap.
    first = live.session.role(DS).responsibilities[0]
    live.change(
        "role.updated",
        {"id": platform.id, "set": {"responsibilities": [*platform.responsibilities, first]}},
        at=FIXED,
    )
    app = app_on(live.session, "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#responsibilities", RecordTable)
        held = " ".join(str(table.get_row_at(0)[2]).split())  # the cell wraps on a narrow screen
        assert f"⚠ also {platform.name}" in held
        assert "Owned by two roles" in str(app.screen.query_one("#unheld", Static).render())

        table.move_cursor(row=1)
        await pilot.press("h")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-holders-p3", Checkbox).value = True
        dialog.query_one("#field-holders-p4", Checkbox).value = True
        await pilot.click("#submit")
        await settle(app, pilot)
        role = app.session.role(DS)
        assert role.holders == [[], ["p3", "p4"]]
        assert saved(app.session_path).role(DS).holders == [[], ["p3", "p4"]]
        assert " ".join(str(table.get_row_at(1)[2]).split()) == "Priya Raman, Tomás Silva"
        now = app.session
        words = describe_event(now.timeline[-1], fold(now.timeline[:-1]), now)
        assert "is now held by Priya Raman, Tomás Silva" in words

        # Moving the responsibility up takes its holders with it.
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        role = app.session.role(DS)
        assert role.holders == [["p3", "p4"]]
        assert role.responsibilities[0] != first
        charter = export_charter(app.session, "md")
        assert f"- {role.responsibilities[0]} (held by Priya Raman, Tomás Silva)" in charter

        # A person who leaves no longer holds anything.
        live = LiveSession(app.session)
        live.change("person.removed", {"id": "p3"}, at=FIXED)
        live.change("person.removed", {"id": "p4"}, at=FIXED)
        assert live.session.role(DS).holders is None
