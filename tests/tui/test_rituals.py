"""Pilot tests for the rituals stage: the shared backlog, its owner, meetings and the checks."""

from __future__ import annotations

from textual.widgets import Input, Label, Select

from sessions.live import LiveSession
from sessions.model import Session
from tests.conftest import FIXED, HOSTILE, HOSTILE_SAMPLE, fill_by_enter, saved, static_text
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.screens.rituals import (
    ONE_TEAM,
    RitualsScreen,
    walkthrough_planned,
    whole_team_standup,
)
from tui.widgets.tables import RecordTable


def _without_meetings(session: Session) -> Session:
    live = LiveSession(session)
    for meeting in session.rituals.meetings:
        live.change("meeting.removed", {"name": meeting.name}, at=FIXED)
    return live.session


async def _settle(app) -> None:
    await app.workers.wait_for_complete()
    await app.workers.wait_for_complete()


async def test_opens_with_pack_defaults_and_checks(team_session, app_on):
    app = app_on(team_session, "rituals")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RitualsScreen)
        table = screen.query_one(RecordTable)
        assert table.row_count == len(app.session.rituals.meetings) > 0
        assert "Daily stand-up" in [m.name for m in app.session.rituals.meetings]
        checks = static_text(screen, "#checks")
        # The pack's meetings are suggestions: nothing is agreed until the room says so.
        assert "✓ whole-team stand-up agreed" not in checks
        assert "✓ walkthrough of the process document planned" not in checks
        assert "◇ suggested: a whole-team stand-up, not agreed yet (y adopts it)" in checks
        assert "◇ suggested: a walkthrough of the process document, not planned yet" in checks
        assert str(screen.query_one("#one-team", Label).render()) == ONE_TEAM
        assert "whole team" in ONE_TEAM
        assert "One backlog for the whole team" in static_text(screen, "#backlog")
        assert "◇ suggested, not agreed yet" in static_text(screen, "#backlog")
        assert "⚠ nobody named yet" in static_text(screen, "#backlog")
        names = [m.name for m in app.session.rituals.meetings]
        table.move_cursor(row=names.index("Daily stand-up"))
        await pilot.press("y")
        await _settle(app)
        await pilot.pause()
        assert "✓ whole-team stand-up agreed" in static_text(screen, "#checks")
        assert "◇ suggested: a walkthrough" in static_text(screen, "#checks")
        stand_up = saved(app.session_path).rituals.meetings[names.index("Daily stand-up")]
        assert stand_up.suggested is None
        assert str(table.get_row_at(names.index("Daily stand-up"))[0]) == "Daily stand-up"
        assert (
            str(table.get_row_at(names.index("Process walkthrough"))[0]) == "◇ Process walkthrough"
        )


async def test_checks_warn_without_standup_or_walkthrough(team_session, app_on):
    app = app_on(_without_meetings(team_session), "rituals")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        checks = static_text(screen, "#checks")
        assert "⚠ no whole-team stand-up yet" in checks
        assert "⚠ no walkthrough of the process document planned yet" in checks
        assert screen.has_class("-empty")
        assert screen.query_one("EmptyState").display


def test_check_rules():
    from sessions.model import Meeting

    half = Meeting(name="Stand-up", attendees="Engineers only")
    whole = Meeting(name="Daily standup", attendees="Everyone on the team")
    small = Meeting(name="Stand-up", attendees="small group")
    assert not whole_team_standup([half])
    assert not whole_team_standup([small])
    assert whole_team_standup([half, whole])
    assert whole_team_standup([Meeting(name="Stand-up", attendees="All of us")])
    assert walkthrough_planned([Meeting(name="Process walkthrough")])
    assert walkthrough_planned([Meeting(name="Kick-off", cadence="walk-through on day 3")])
    assert not walkthrough_planned([whole])


async def test_backlog_and_owner(team_session, app_on):
    app = app_on(team_session, "rituals")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-backlog", Input).value = "Jira board RF"
        dialog.query_one("#field-backlog_owner", Select).value = "p1"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.rituals.backlog == "Jira board RF"
        assert app.session.rituals.backlog_owner == "p1"
        text = static_text(app.screen, "#backlog")
        assert "Jira board RF" in text and "Maya Okafor" in text
        await _settle(app)
        on_disk = saved(app.session_path)
        assert on_disk.rituals.backlog == "Jira board RF"
        assert on_disk.rituals.backlog_owner == "p1"

        # Clearing the owner unsets it.
        await pilot.press("b")
        await pilot.pause()
        app.screen.query_one("#field-backlog_owner", Select).value = Select.NULL
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.rituals.backlog_owner is None
        assert app.session.timeline[-1].data == {
            "set": {"backlog": "Jira board RF"},
            "unset": ["backlog_owner"],
        }
        await _settle(app)
        assert saved(app.session_path).rituals.backlog_owner is None


async def test_add_edit_remove_meeting(team_session, app_on):
    app = app_on(_without_meetings(team_session), "rituals")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(
            pilot,
            {
                "name": "Stand-up",
                "cadence": "Daily 9:30",
                "attendees": "Whole team",
                "minutes": "15",
            },
        )
        meetings = app.session.rituals.meetings
        assert [(m.name, m.cadence, m.attendees, m.minutes) for m in meetings] == [
            ("Stand-up", "Daily 9:30", "Whole team", 15)
        ]
        assert "✓ whole-team stand-up agreed" in static_text(screen, "#checks")
        assert not screen.has_class("-empty")
        await _settle(app)
        assert saved(app.session_path).rituals.meetings[0].name == "Stand-up"

        # Edit with e: rename it and narrow the attendees, so the check turns to a warning.
        screen.query_one(RecordTable).focus()
        await pilot.press("e")
        await pilot.pause()
        await fill_by_enter(
            pilot, {"name": "Dev stand-up", "attendees": "Engineers", "minutes": "20"}
        )
        meeting = app.session.rituals.meetings[0]
        assert (meeting.name, meeting.attendees, meeting.minutes) == (
            "Dev stand-up",
            "Engineers",
            20,
        )
        assert "⚠ no whole-team stand-up yet" in static_text(screen, "#checks")

        # Edit with Enter on the row.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await fill_by_enter(pilot, {"cadence": "Weekly walkthrough"})
        assert app.session.rituals.meetings[0].cadence == "Weekly walkthrough"
        assert "✓ walkthrough of the process document planned" in static_text(screen, "#checks")

        # Minutes out of range are refused by the form.
        await pilot.press("e")
        await pilot.pause()
        await fill_by_enter(pilot, {"minutes": "481"})
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.rituals.meetings[0].minutes == 20

        # Remove asks first; "n" keeps it, "y" removes it.
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert len(app.session.rituals.meetings) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.session.rituals.meetings == []
        assert screen.has_class("-empty")
        await _settle(app)
        assert saved(app.session_path).rituals.meetings == []


async def test_duplicate_meeting_name_is_refused(team_session, app_on):
    app = app_on(team_session, "rituals")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = app.session.rituals.meetings
        await pilot.press("a")
        await pilot.pause()
        await fill_by_enter(pilot, {"name": "Daily stand-up"})
        assert app.session.rituals.meetings == before


async def test_hostile_strings(team_session, app_on):
    app = app_on(_without_meetings(team_session), "rituals")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        for index, text in enumerate(HOSTILE_SAMPLE):
            await pilot.press("a")
            await pilot.pause()
            await fill_by_enter(
                pilot,
                {
                    "name": f"{index} {text}",
                    "cadence": text,
                    "attendees": text,
                    "minutes": "30",
                },
            )
            assert not isinstance(app.screen, FormDialog), text
            await pilot.press("b")
            await pilot.pause()
            await fill_by_enter(pilot, {"backlog": text})
        meetings = app.session.rituals.meetings
        assert len(meetings) == len(HOSTILE_SAMPLE)
        for meeting in meetings:
            for value in (meeting.name, meeting.cadence, meeting.attendees):
                assert "\x1b" not in value and "\x00" not in value and "\u202e" not in value
        assert meetings[0].name == "0 [bold]x"
        assert meetings[0].cadence == "[bold]x"
        table = screen.query_one(RecordTable)
        assert str(table.get_row_at(0)[0]) == "0 [bold]x"
        # The last backlog text written is shown literally.
        assert app.session.rituals.backlog == HOSTILE[20] + " \ufffdlone"
        await _settle(app)
        on_disk = saved(app.session_path)
        assert [m.name for m in on_disk.rituals.meetings] == [m.name for m in meetings]

        # Render the first one in the backlog panel too.
        await pilot.press("b")
        await pilot.pause()
        await fill_by_enter(pilot, {"backlog": HOSTILE[0]})
        assert "[bold]x" in static_text(screen, "#backlog")
        await pilot.pause()


async def test_small_terminal(team_session, app_on):
    app = app_on(team_session, "rituals")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RitualsScreen)
        table = screen.query_one(RecordTable)
        assert table.display and table.region.height >= 3 and table.region.width > 30
        # The statement and both checks are on screen without scrolling.
        info = screen.query_one("#rituals-info").region
        for selector in ("#one-team", "#checks"):
            region = screen.query_one(selector).region
            assert region.height > 0 and info.contains_region(region), selector
            assert region.right <= 80


async def test_tiny_terminal_does_not_crash(team_session, app_on):
    app = app_on(team_session, "rituals")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RitualsScreen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
