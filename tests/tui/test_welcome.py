"""The purpose-and-setup stage: team details, goals and the dot-voting settings."""

from __future__ import annotations

from textual.widgets import Input, Label, Static

from sessions.live import LiveSession
from sessions.model import Session
from sessions.text import clean_line, clean_text
from tests.conftest import FIXED, HOSTILE_SAMPLE, fill, rendered, saved, settle
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.screens.stage import TooSmall
from tui.screens.welcome import WelcomeScreen
from tui.widgets.tables import RecordTable


def with_goals(session: Session, *goals: str) -> Session:
    """Return `session` with workshop goals already set."""
    live = LiveSession(session)
    live.change("session.updated", {"set": {"goals": list(goals)}}, at=FIXED)
    return live.session


def goal_cells(app) -> list[str]:
    """The goal texts as the table shows them."""
    table = app.screen.query_one("#goals", RecordTable)
    return [table.get_row_at(row)[1].plain for row in range(table.row_count)]


async def test_shows_what_is_set_and_what_is_missing(app_on, fresh_session) -> None:
    app = app_on(fresh_session, "welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        details = rendered(app, "#details")
        assert "Returns Forecast" in details
        assert "· not set yet" in details and "Press e" in details
        assert app.screen.has_class("-no-goals")
        assert app.screen.query_one("#no-goals").display
        assert "Press g" in rendered(app, "#no-goals")
        votes = rendered(app, "#votes")
        assert "5 dots each" in votes and "at most 3" in votes


async def test_edit_details_sets_and_unsets(app_on, fresh_session) -> None:
    app = app_on(fresh_session, "welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await fill(
            app,
            pilot,
            {
                "team": "Returns Forecast [v2]",
                "product": "Returns model",
                "purpose": "Cut returns by forecasting them",
                "org_size": "large",
                "facilitator": "Maya",
            },
        )
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        for session in (app.session, saved(app.session_path)):
            info = session.session
            assert info.team == "Returns Forecast [v2]"
            assert info.product == "Returns model"
            assert info.purpose == "Cut returns by forecasting them"
            assert info.org_size == "large"
            assert info.facilitator == "Maya"
        details = rendered(app, "#details")
        assert "Returns Forecast [v2]" in details and "several people per role" in details
        assert "not set" not in details

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-product", Input).value == "Returns model"
        await fill(app, pilot, {"product": "", "facilitator": ""})
        await settle(app, pilot)
        for session in (app.session, saved(app.session_path)):
            assert session.session.product == ""
            assert session.session.facilitator == ""
            assert session.session.team == "Returns Forecast [v2]"
        assert app.session.timeline[-1].data == {"unset": ["product", "facilitator"]}


async def test_team_name_is_required(app_on, fresh_session) -> None:
    app = app_on(fresh_session, "welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = len(app.session.timeline)
        await pilot.press("e")
        await pilot.pause()
        await fill(app, pilot, {"team": "  "})
        assert isinstance(app.screen, FormDialog)
        assert "needed" in str(app.screen.query_one("#error-team", Label).render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(app.session.timeline) == before
        assert app.session.session.team == "Returns Forecast"


async def test_goals_add_edit_remove(app_on, fresh_session) -> None:
    app = app_on(fresh_session, "welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for goal in ("Know who holds each role", "Agree our gates"):
            await pilot.press("g")
            await pilot.pause()
            await fill(app, pilot, {"text": goal})
            await settle(app, pilot)
        expected = ["Know who holds each role", "Agree our gates"]
        assert app.session.session.goals == expected
        assert saved(app.session_path).session.goals == expected
        assert not app.screen.has_class("-no-goals")
        assert goal_cells(app) == expected
        table = app.screen.query_one("#goals", RecordTable)
        assert table.cursor_row == 1

        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#field-text", Input).value == "Agree our gates"
        await fill(app, pilot, {"text": "Agree our promotion gates"})
        await settle(app, pilot)
        expected = ["Know who holds each role", "Agree our promotion gates"]
        assert saved(app.session_path).session.goals == expected

        table.move_cursor(row=0)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.session.session.goals == expected
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.session.session.goals == ["Agree our promotion gates"]
        assert saved(app.session_path).session.goals == ["Agree our promotion gates"]

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.session.session.goals == []
        assert saved(app.session_path).session.goals == []
        assert app.screen.has_class("-no-goals")


async def test_clicking_a_goal_edits_it(app_on, fresh_session) -> None:
    app = app_on(with_goals(fresh_session, "One", "Two"), "welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#goals", RecordTable)
        await pilot.click(table, offset=(6, 2))
        await pilot.pause()
        await pilot.click(table, offset=(6, 2))
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-text", Input).value == "Two"
        await pilot.press("escape")


async def test_vote_settings_change_and_refuse_out_of_range(app_on, fresh_session) -> None:
    app = app_on(fresh_session, "welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        await fill(app, pilot, {"vote_budget": "51"})
        assert isinstance(app.screen, FormDialog)
        assert "1 to 50" in str(app.screen.query_one("#error-vote_budget", Label).render())
        await fill(app, pilot, {"vote_budget": "3", "vote_cap": "2"})
        await settle(app, pilot)
        for session in (app.session, saved(app.session_path)):
            assert (session.settings.vote_budget, session.settings.vote_cap) == (3, 2)
        assert app.session.timeline[-1].type == "settings.updated"
        votes = rendered(app, "#votes")
        assert "3 dots each" in votes and "at most 2" in votes


async def test_hostile_strings_in_every_field(app_on, fresh_session) -> None:
    app = app_on(fresh_session, "welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for text in HOSTILE_SAMPLE:
            await pilot.press("e")
            await pilot.pause()
            await fill(
                app,
                pilot,
                {"team": text, "product": text, "purpose": text, "facilitator": text},
            )
            assert not isinstance(app.screen, FormDialog), repr(text)
            for session in (app.session,):
                info = session.session
                assert info.team == clean_line(text)
                assert info.product == clean_line(text)
                assert info.purpose == clean_text(text)
                assert info.facilitator == clean_line(text)
            await pilot.press("g")
            await pilot.pause()
            await fill(app, pilot, {"text": text})
            assert not isinstance(app.screen, FormDialog), repr(text)
            if text == HOSTILE_SAMPLE[0]:
                assert rendered(app, "#details").count("[bold]x") == 4
        await settle(app, pilot)
        cleaned = [clean_text(text) for text in HOSTILE_SAMPLE]
        for session in (app.session, saved(app.session_path)):
            assert session.session.goals == cleaned
            assert session.session.team == clean_line(HOSTILE_SAMPLE[-1])
        assert goal_cells(app)[0] == "[bold]x"
        table = app.screen.query_one("#goals", RecordTable)
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#field-text", Input).value == "[bold]x"
        await pilot.press("escape")
        await pilot.press("d")
        await pilot.pause()
        assert "[bold]x" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await settle(app, pilot)


async def test_fits_80_by_24(app_on, fresh_session) -> None:
    app = app_on(with_goals(fresh_session, "Know who holds each role", "Agree gates"), "welcome")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        assert not screen.query_one(TooSmall).display or not screen.has_class("-too-small")
        table = screen.query_one("#goals", RecordTable)
        assert table.region.height >= 3 and table.region.width > 20
        assert screen.region.contains_region(table.region)
        assert table.row_count == 2 and table.has_focus
        details = screen.query_one("#details", Static)
        assert details.region.height >= 5
        assert screen.region.contains_region(screen.query_one("#votes").region)
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_survives_40_by_12(app_on, fresh_session) -> None:
    app = app_on(with_goals(fresh_session, "A goal"), "welcome")
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen.query_one(TooSmall).display
        await pilot.press("g")
        await pilot.pause()
        await fill(app, pilot, {"text": "Second goal"})
        await settle(app, pilot)
        assert app.session.session.goals == ["A goal", "Second goal"]
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert not app.screen.has_class("-too-small")
        assert goal_cells(app) == ["A goal", "Second goal"]


async def test_a_long_detail_wraps_under_itself_not_under_the_labels(app_on, fresh_session) -> None:
    purpose = " ".join(f"word{n}" for n in range(40))
    live = LiveSession(fresh_session)
    live.change("session.updated", {"set": {"purpose": purpose}}, at=FIXED)
    app = app_on(live.session, "welcome")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lines = rendered(app, "#details").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("Purpose"))
        end = next(i for i, line in enumerate(lines) if line.startswith("Organisation"))
        assert end - start > 1  # it wraps at this width
        assert all(line.startswith(" " * 13) for line in lines[start + 1 : end])
        assert " ".join(" ".join(lines[start:end])[len("Purpose") :].split()) == purpose
        # Wider, it is laid out again for the new width.
        await pilot.resize_terminal(160, 40)
        await settle(app, pilot)
        lines = rendered(app, "#details").splitlines()
        purpose_lines = [line for line in lines if "word" in line]
        assert len(purpose_lines) < end - start
        assert all(line.startswith(" " * 13) for line in purpose_lines[1:])


async def test_hiding_the_agenda_wraps_the_details_for_the_room_it_gives(
    app_on, fresh_session
) -> None:
    purpose = " ".join(f"word{n}" for n in range(20))
    live = LiveSession(fresh_session)
    live.change("session.updated", {"set": {"purpose": purpose}}, at=FIXED)
    app = app_on(live.session, "welcome")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = [line for line in rendered(app, "#details").splitlines() if "word" in line]
        await pilot.press("f2")
        await settle(app, pilot)
        after = [line for line in rendered(app, "#details").splitlines() if "word" in line]
        assert len(after) < len(before)
        assert all(line.startswith(" " * 13) for line in after[1:])


async def test_a_drawing_due_after_the_screen_closes_draws_nothing(app_on, fresh_session) -> None:
    """The details are drawn again a frame later (once they have their width); by then the
    screen may be closing with its widgets removed: nothing to draw, and no error."""
    app = app_on(fresh_session, "welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        await screen.query_one("#details", Static).remove()
        screen._draw_details()  # as the frame-later drawing finds it
        await pilot.pause()
        assert app.return_code is None and app.screen is screen
