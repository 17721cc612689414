"""The what-each-role-owns stage: responsibilities per role, and who holds them."""

from __future__ import annotations

from textual.widgets import Input

from sessions.live import LiveSession
from sessions.model import Session
from sessions.text import clean_text
from tests.conftest import FIXED, HOSTILE, HOSTILE_SAMPLE, fill, rendered, saved, settle
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.screens.responsibilities import ResponsibilitiesScreen
from tui.screens.stage import TooSmall
from tui.widgets.lists import RoleList
from tui.widgets.tables import RecordTable

DS, PE, DE, SE = "data-scientist", "platform-engineer", "data-engineer", "software-engineer"


def cells(app) -> list[str]:
    """The responsibilities as the table shows them."""
    table = app.screen.query_one("#responsibilities", RecordTable)
    return [table.get_row_at(row)[1].plain for row in range(table.row_count)]


def owned(session: Session, role_id: str) -> list[str]:
    """A role's responsibilities in `session`."""
    role = session.role(role_id)
    assert role is not None
    return list(role.responsibilities)


def without_holders(session: Session, role_id: str) -> Session:
    """Return `session` with nobody holding `role_id`."""
    live = LiveSession(session)
    for assignment in session.holders_of(role_id):
        live.change("assignment.removed", {"person": assignment.person, "role": role_id}, at=FIXED)
    return live.session


async def test_shows_responsibilities_and_holders(app_on, team_session) -> None:
    app = app_on(team_session, "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ResponsibilitiesScreen)
        roles = screen.query_one(RoleList)
        assert roles.option_count == 4 and roles.role_id == DS
        assert cells(app) == owned(app.session, DS)
        holders = rendered(app, "#holders")
        assert "✓ Held by" in holders
        assert "Jonas Berg 60%" in holders and "Priya Raman 100%" in holders
        assert "✓ Every role is held" in rendered(app, "#unheld")
        assert screen.query_one("#responsibilities").has_focus


async def test_a_role_nobody_holds_says_its_work_is_unheld(app_on, team_session) -> None:
    app = app_on(without_holders(team_session, DE), "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "✗" not in rendered(app, "#holders")
        await pilot.press("n", "n")
        await settle(app, pilot)
        assert app.screen.query_one(RoleList).role_id == DE
        assert "✗ Nobody holds this role: its work is unheld" in rendered(app, "#holders")
        assert cells(app) == owned(app.session, DE)
        unheld = rendered(app, "#unheld")
        assert "✗ Unheld work: Data engineer" in unheld
        assert "Data scientist" not in unheld
        assert "✗ Data engineer" in str(app.screen.query_one(RoleList).get_option(DE).prompt)
        await pilot.press("p")
        await settle(app, pilot)
        assert app.screen.query_one(RoleList).role_id == PE


async def test_clicking_a_role_shows_it(app_on, fresh_session) -> None:
    app = app_on(fresh_session, "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.click("#roles", offset=(4, 3))
        await settle(app, pilot)
        assert app.screen.query_one(RoleList).role_id == SE
        assert cells(app) == owned(app.session, SE)
        assert "✗ Nobody holds this role" in rendered(app, "#holders")
        unheld = rendered(app, "#unheld")
        for name in ("Data scientist", "Platform / ML engineer", "Data engineer"):
            assert name in unheld


async def test_add_edit_remove_and_move(app_on, team_session) -> None:
    app = app_on(team_session, "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        original = owned(app.session, DS)
        table = app.screen.query_one("#responsibilities", RecordTable)

        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"text": "Own the experiment tracker"})
        await settle(app, pilot)
        expected = [*original, "Own the experiment tracker"]
        assert owned(app.session, DS) == expected
        assert owned(saved(app.session_path), DS) == expected
        assert table.cursor_row == len(expected) - 1
        assert owned(app.session, PE) == owned(team_session, PE)

        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-text", Input).value == "Own the experiment tracker"
        await fill(app, pilot, {"text": "Own the experiment tracker and its retention"})
        await settle(app, pilot)
        expected[-1] = "Own the experiment tracker and its retention"
        assert owned(saved(app.session_path), DS) == expected

        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        expected[-2], expected[-1] = expected[-1], expected[-2]
        assert owned(app.session, DS) == expected
        assert owned(saved(app.session_path), DS) == expected
        assert table.cursor_row == len(expected) - 2
        await pilot.press("J")
        await settle(app, pilot)
        expected[-2], expected[-1] = expected[-1], expected[-2]
        assert owned(saved(app.session_path), DS) == expected
        assert table.cursor_row == len(expected) - 1
        await pilot.press("right_square_bracket")  # already last: nothing moves
        await settle(app, pilot)
        assert owned(app.session, DS) == expected

        table.move_cursor(row=0)
        await pilot.press("K")  # already first: nothing moves
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert original[0] in rendered(app, "#confirm-question")
        await pilot.press("n")
        await settle(app, pilot)
        assert owned(app.session, DS) == expected
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert owned(app.session, DS) == expected[1:]
        assert owned(saved(app.session_path), DS) == expected[1:]
        assert cells(app) == expected[1:]
        assert app.session.timeline[-1].type == "role.updated"


async def test_enter_edits_and_empty_role_says_what_to_do(app_on, team_session) -> None:
    live = LiveSession(team_session)
    live.change("role.updated", {"id": DS, "unset": ["responsibilities"]}, at=FIXED)
    app = app_on(live.session, "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.has_class("-empty")
        assert screen.query_one("#no-responsibilities").display
        assert "Press a" in rendered(app, "#no-responsibilities")
        await pilot.press("e", "d")  # nothing to edit or remove: nothing happens
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"text": "Frame the problem"})
        await settle(app, pilot)
        assert not screen.has_class("-empty")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await fill(app, pilot, {"text": "Frame the problem with the product owner"})
        await settle(app, pilot)
        assert owned(saved(app.session_path), DS) == ["Frame the problem with the product owner"]


async def test_undo_brings_a_removed_responsibility_back(app_on, team_session) -> None:
    app = app_on(team_session, "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        original = owned(app.session, DS)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert owned(app.session, DS) == original[1:]
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert owned(saved(app.session_path), DS) == original
        assert cells(app) == original


async def test_hostile_strings_as_responsibilities(app_on, team_session) -> None:
    app = app_on(team_session, "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        original = owned(app.session, DS)
        for text in HOSTILE_SAMPLE:
            await pilot.press("a")
            await pilot.pause()
            await fill(app, pilot, {"text": text})
            assert not isinstance(app.screen, FormDialog), repr(text)
        await settle(app, pilot)
        cleaned = [clean_text(text) for text in HOSTILE_SAMPLE]
        for session in (app.session, saved(app.session_path)):
            assert owned(session, DS) == [*original, *cleaned]
        shown = cells(app)
        assert shown[len(original)] == "[bold]x"
        assert cleaned[1] in shown and cleaned[1].endswith("ends with \\")
        table = app.screen.query_one("#responsibilities", RecordTable)
        table.move_cursor(row=len(original))
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-text", Input).value == "[bold]x"
        await fill(app, pilot, {"text": HOSTILE[7]})
        await settle(app, pilot)
        assert owned(saved(app.session_path), DS)[len(original)] == HOSTILE[7]
        assert isinstance(app.screen, ResponsibilitiesScreen)


async def test_fits_80_by_24(app_on, team_session) -> None:
    app = app_on(without_holders(team_session, DE), "responsibilities")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ResponsibilitiesScreen)
        assert not screen.has_class("-too-small")
        for selector in ("#roles", "#holders", "#responsibilities", "#unheld"):
            region = screen.query_one(selector).region
            assert region.height >= 1 and screen.region.contains_region(region), selector
        table = screen.query_one("#responsibilities", RecordTable)
        assert table.region.height >= 4
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert cells(app)[0].startswith("Frame the problem")


async def test_survives_40_by_12(app_on, team_session) -> None:
    app = app_on(team_session, "responsibilities")
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ResponsibilitiesScreen)
        assert app.screen.query_one(TooSmall).display
        await pilot.press("n", "J", "a")
        await pilot.pause()
        await fill(app, pilot, {"text": "Small screens too"})
        await settle(app, pilot)
        assert owned(app.session, PE)[-1] == "Small screens too"
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert cells(app)[-1] == "Small screens too"


async def test_hostile_names_of_people_and_roles_show_literally(app_on, team_session) -> None:
    session = LiveSession(team_session)
    session.change("person.updated", {"id": "p2", "set": {"name": HOSTILE[0]}}, at=FIXED)
    session.change("role.added", {"id": "odd", "name": HOSTILE[7], "custom": True}, at=FIXED)
    app = app_on(session.session, "responsibilities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "[bold]x 60%" in rendered(app, "#holders")
        roles = app.screen.query_one(RoleList)
        assert HOSTILE[7] in str(roles.get_option("odd").prompt)
        await pilot.press("p")
        await settle(app, pilot)
        assert roles.role_id == "odd"
        assert "✗ Nobody holds" in rendered(app, "#holders")
        assert f"✗ Unheld work: {HOSTILE[7]}" in rendered(app, "#unheld")
        assert app.screen.has_class("-empty")
