"""The room reads every word: long items are shown whole, the board stays in view while editing,
the focus view shows the highlighted item alone, and large teams stay readable."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, TextArea

from sessions.live import LiveSession
from sessions.model import Session
from tests.conftest import FIXED, saved, settle
from tests.conftest import fill as fill_form
from tui.app import FormingApp
from tui.dialogs.board import BoardDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.focus import FocusView
from tui.dialogs.form import FormDialog
from tui.dialogs.roster_paste import RosterPasteDialog
from tui.widgets.role_matrix import RoleMatrix
from tui.widgets.tables import RecordTable

LONG = " ".join(f"w{number:02d}x" for number in range(1, 31))
"""A 149-cell item of thirty distinct words: wider than any screen the tests use."""
DS, PE, DE, SE = "data-scientist", "platform-engineer", "data-engineer", "software-engineer"


def screen_lines(app: FormingApp) -> list[str]:
    """The text on the terminal, line by line, read from the app's own screenshot."""
    svg = app.export_screenshot()
    lines: dict[int, list[str]] = {}
    for number, text in re.findall(
        r'<text [^>]*clip-path="url\(#terminal-\d+-line-(\d+)\)">([^<]*)</text>', svg
    ):
        lines.setdefault(int(number), []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts).rstrip("\n") for _, parts in sorted(lines.items())]


def assert_whole(app: FormingApp, text: str = LONG) -> None:
    """Every word of `text` is somewhere on the terminal (so none of it was cut)."""
    shown = "\n".join(screen_lines(app))
    missing = [word for word in text.split() if word not in shown]
    assert not missing, f"not on screen: {missing}\n{shown}"


async def fill(app: FormingApp, pilot, values: dict[str, Any]) -> None:
    """Fill the open form, save it, and let the autosave finish."""
    await fill_form(app, pilot, values)
    await settle(app, pilot)


def changed(session: Session, *changes: tuple[str, dict[str, Any]]) -> Session:
    live = LiveSession(session)
    for type_, data in changes:
        live.change(type_, data, at=FIXED)
    return live.session


# -- every stage shows a long item whole --------------------------------------------------------


async def test_welcome_shows_a_long_goal_whole(app_on, team_session) -> None:
    app = app_on(team_session, "welcome")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        await fill(app, pilot, {"text": LONG})
        assert saved(app.session_path).session.goals[-1] == LONG
        assert_whole(app)


async def test_roster_shows_a_long_name_and_title_whole_on_a_narrow_screen(
    app_on, team_session
) -> None:
    name = " ".join(f"n{number:02d}x" for number in range(1, 14))  # 64 cells
    title = " ".join(f"t{number:02d}x" for number in range(1, 17))  # 79 cells
    app = app_on(team_session, "roster")
    async with app.run_test(size=(64, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"name": name, "title": title})
        table = app.screen.query_one(RecordTable)
        table.move_cursor(row=table.row_count - 1)
        await pilot.pause()
        assert saved(app.session_path).people[-1].title == title
        assert_whole(app, name)
        assert_whole(app, title)


async def test_roles_focus_view_shows_a_long_name_whole(app_on, team_session) -> None:
    name = " ".join(f"n{number:02d}x" for number in range(1, 17))  # 79 cells
    session = changed(team_session, ("person.updated", {"id": "p1", "set": {"name": name}}))
    app = app_on(session, "roles")
    async with app.run_test(size=(64, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, FocusView)
        assert_whole(app, name)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen.query_one(RoleMatrix), RoleMatrix)


async def test_responsibilities_show_a_long_one_whole(app_on, team_session) -> None:
    app = app_on(team_session, "responsibilities")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"text": LONG})
        assert LONG in saved(app.session_path).role(DS).responsibilities
        assert_whole(app)


async def test_concerns_show_a_long_concern_whole(app_on, team_session) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"text": LONG})
        assert saved(app.session_path).concerns[-1].text == LONG
        assert_whole(app)
        # The focus view shows it whole with who has heard it.
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, FocusView)
        assert_whole(app)
        assert "heard by" in "\n".join(screen_lines(app))


async def test_needs_show_a_long_handoff_whole(app_on, team_session) -> None:
    app = app_on(team_session, "needs")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill(
            app,
            pilot,
            {"provider": DS, "receiver": SE, "artefact": "Model package", "format": LONG},
        )
        assert saved(app.session_path).needs[-1].format == LONG
        assert_whole(app)


async def test_process_shows_a_long_definition_of_done_item_and_gate_check_whole(
    app_on, team_session
) -> None:
    app = app_on(team_session, "process")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"item": LONG})
        assert saved(app.session_path).process.definition_of_done[-1] == LONG
        assert_whole(app)
        # A gate's checks all show in the focus view, the long one whole.
        await pilot.press("2")
        await pilot.pause()
        if app.screen.query_one("#gates-table", RecordTable).row_count:
            await pilot.press("c")
            await pilot.pause()
            check = LONG.replace("w", "c")
            await fill(app, pilot, {"check": check})
            await pilot.press("z")
            await pilot.pause()
            assert isinstance(app.screen, FocusView)
            assert_whole(app, check)


async def test_rituals_show_long_attendees_whole(app_on, team_session) -> None:
    app = app_on(team_session, "rituals")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"name": "Stand-up", "attendees": LONG, "minutes": "15"})
        assert saved(app.session_path).rituals.meetings[-1].attendees == LONG
        assert_whole(app)


async def test_wrapup_shows_a_long_action_whole_and_asks_about_it_whole(
    app_on, team_session
) -> None:
    app = app_on(team_session, "wrapup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await fill(app, pilot, {"text": LONG})
        assert saved(app.session_path).actions[-1].text == LONG
        assert_whole(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert LONG in app.screen.question
        assert_whole(app)


# -- the board stays in view while editing ------------------------------------------------------


async def test_a_form_leaves_the_board_in_view_and_docks_away_from_the_highlighted_row(
    app_on, team_session
) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")  # the first person: near the top, so the form docks below
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert not app.screen.has_class("-top")
        shown = "\n".join(screen_lines(app))
        assert "Who is here" in shown and "Maya Okafor" in shown and "Jonas Berg" in shown
        form = app.screen.query_one("#form")
        assert form.region.y > 8  # the stage's title and first rows are above it
        await pilot.press("escape")
        await pilot.pause()


async def test_a_dialog_docks_to_the_top_when_the_highlighted_row_is_low(
    app_on, team_session
) -> None:
    people = [
        ("person.added", {"id": f"x{n}", "name": f"Extra person {n}", "availability": 50})
        for n in range(20)
    ]
    app = app_on(changed(team_session, *people), "roster")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        table.move_cursor(row=12)
        await pilot.pause()
        name = app.session.people[12].name
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, BoardDialog) and app.screen.has_class("-top")
        lines = screen_lines(app)
        dialog_bottom = app.screen.query_one("Vertical").region.bottom
        assert any(name in line for line in lines[dialog_bottom:])


# -- large teams --------------------------------------------------------------------------------


def big_team(fresh_session: Session, people: int, squads: int = 6) -> Session:
    """`people` people over six roles (the pack's four and two more), in squads."""
    live = LiveSession(fresh_session)
    live.change("role.added", {"id": "mpo", "name": "ML product owner", "summary": ""}, at=FIXED)
    live.change(
        "role.added",
        {"id": "mra", "name": "Model risk analyst", "summary": "", "custom": True},
        at=FIXED,
    )
    roles = [r.id for r in live.session.roles]
    for n in range(people):
        live.change(
            "person.added",
            {
                "id": f"p{n + 1}",
                "name": f"Person number {n + 1}",
                "title": "Engineer",
                "availability": 50,
                "squad": f"Squad {n % squads + 1}",
            },
            at=FIXED,
        )
        live.change(
            "assignment.added",
            {"person": f"p{n + 1}", "role": roles[(n // squads) % len(roles)], "share": 100},
            at=FIXED,
        )
    return live.session


async def test_the_person_column_stays_when_the_matrix_scrolls_right(app_on, fresh_session) -> None:
    session = big_team(fresh_session, 40)
    app = app_on(session, "roles")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        matrix = app.screen.query_one(RoleMatrix)
        for _ in range(len(session.roles) + 2):
            await pilot.press("right")
        await pilot.pause()
        assert matrix.scroll_x > 0  # it did scroll sideways
        shown = "\n".join(screen_lines(app))
        assert "Person number 1" in shown and "Model risk" in shown


async def test_coverage_stays_in_view_with_sixty_people(app_on, fresh_session) -> None:
    session = big_team(fresh_session, 60)
    app = app_on(session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lines = screen_lines(app)
        shown = "\n".join(lines)
        assert "Coverage" in shown
        for role in session.roles:  # every role's line, with its figures, is on screen
            assert any(role.name in line and "FTE" in line for line in lines), role.name
        # Folded away and back again on request.
        await pilot.press("c")
        await pilot.pause()
        assert "Coverage folded" in "\n".join(screen_lines(app))
        await pilot.press("c")
        await pilot.pause()
        assert any("FTE" in line for line in screen_lines(app))


async def test_a_squad_filter_shows_the_squads_own_coverage(app_on, fresh_session) -> None:
    session = big_team(fresh_session, 36)
    app = app_on(session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"Squad 2")
        await pilot.pause()
        screen = app.screen
        assert len(screen.row_people) == 6
        coverage = str(screen.query_one("#coverage").render())
        assert "Coverage of the 6 people shown" in coverage
        # Six people in Squad 2 over six roles: one each, at 50% of their time.
        assert coverage.count(" 1 ppl  0.5 FTE") == len(session.roles)


async def test_a_pasted_roster_is_previewed_and_added_as_one_change(app_on, team_session) -> None:
    pasted = (
        "Name\tTitle\tTime\tSquad\n"
        "Zoë Ångström\tData scientist\t50%\tPayments\n"
        "李小龍\tエンジニア\t0.8\tLending\n"
        "Maya Okafor\tAgain\t20\n"
    )
    app = app_on(team_session, "roster")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = len(app.session.people)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RosterPasteDialog)
        dialog.query_one(TextArea).text = pasted
        await pilot.pause()
        preview = str(dialog.query_one("#paste-preview").render())
        assert "✓ line 2: Zoë Ångström · Data scientist · 50% · squad Payments" in preview
        assert "✗ line 4: Maya Okafor is already on the team" in preview
        assert dialog.query_one("#submit", Button).disabled  # a line to fix first
        dialog.query_one(TextArea).text = pasted.rsplit("Maya", 1)[0]
        await pilot.pause()
        submit = dialog.query_one("#submit", Button)
        assert not submit.disabled and str(submit.label) == "Add 2 people"
        submit.press()
        await settle(app, pilot)
        people = saved(app.session_path).people
        assert len(people) == before + 2
        assert (people[-1].name, people[-1].availability, people[-1].squad) == (
            "李小龍",
            80,
            "Lending",
        )
        assert_whole(app, "Zoë Ångström")
        await pilot.press("ctrl+z")  # one undo takes the whole paste back
        await settle(app, pilot)
        assert len(saved(app.session_path).people) == before


# -- views in read-only and replay ---------------------------------------------------------------


async def test_the_focus_view_works_read_only(save_to, team_session, forming_home: Path) -> None:
    path = save_to(changed(team_session, ("stage.entered", {"stage": "concerns"})))
    app = FormingApp(start="open", path=path, folder=forming_home, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, FocusView)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FocusView)


async def test_the_focus_view_works_in_replay(save_to, team_session, forming_home: Path) -> None:
    path = save_to(changed(team_session, ("stage.entered", {"stage": "roster"})))
    app = FormingApp(start="replay", path=path, folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("end")  # the last step: everyone is on the roster
        await settle(app, pilot)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, FocusView)
        await pilot.press("z")
        await pilot.pause()
        assert not isinstance(app.screen, FocusView)


# -- the chrome ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_footer_never_cuts_a_key_label(app_on, team_session, size) -> None:
    app = app_on(team_session, "concerns")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        footer = screen_lines(app)[-1]
        for key in app.screen.query("FooterKey"):
            assert f"{key.key_display} {key.description}".strip() in footer
        assert "Help" in footer
