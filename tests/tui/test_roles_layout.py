"""The role-mapping stage's panel as the room reads it: risks that wrap stand apart."""

from __future__ import annotations

import itertools

from rich.cells import cell_len

from tests.conftest import settle

MARKS = "⚠•✗"


def risk_lines(app) -> tuple[list[str], int]:
    """The risk list's lines as shown, and the width they have."""
    risks = app.screen.query_one("#risk-list")
    return str(risks.render()).splitlines(), risks.content_region.width


def assert_indented(lines: list[str], width: int) -> None:
    """Each risk starts with its mark; its wrapped lines start under its words and fit."""
    starts = [i for i, line in enumerate(lines) if line[:1] in MARKS]
    assert starts
    for index, line in enumerate(lines[starts[0] :], start=starts[0]):
        assert cell_len(line.rstrip()) <= width, line
        if index not in starts and line.strip():
            assert line.startswith("  "), line  # under the words, not under the mark


async def test_a_risk_that_wraps_is_indented_under_its_own_words(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lines, width = risk_lines(app)
        assert_indented(lines, width)
        # Narrower, the panel is wrapped again for its new width (not by the widget, which
        # would start the wrapped lines under the mark).
        await pilot.resize_terminal(80, 30)
        await settle(app, pilot)
        lines, new_width = risk_lines(app)
        assert new_width < width
        starts = [i for i, line in enumerate(lines) if line[:1] in MARKS]
        assert any(b - a > 1 for a, b in itertools.pairwise(starts))  # some wrap here
        assert_indented(lines, new_width)


async def test_hiding_the_agenda_wraps_the_risks_again_for_the_room_it_gives(
    app_on, team_session
) -> None:
    """F2 widens the panel with the terminal the same size: a risk wrapped for the narrower
    panel stayed wrapped, a word alone on its line with half the screen empty beside it."""
    app = app_on(team_session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lines, width = risk_lines(app)
        starts = [i for i, line in enumerate(lines) if line[:1] in MARKS]
        assert any(b - a > 1 for a, b in itertools.pairwise(starts))  # one wraps beside it
        await pilot.press("f2")
        await settle(app, pilot)
        lines, wider = risk_lines(app)
        assert wider > width
        assert all(line[:1] in MARKS for line in lines[1:] if line.strip())  # none wraps now
        await pilot.press("f2")
        await settle(app, pilot)
        lines, width = risk_lines(app)
        assert_indented(lines, width)


async def test_the_filter_takes_backspaces_and_letters_in_the_order_typed(
    app_on, team_session
) -> None:
    """ "priy", four Backspaces and "jon" typed quickly filtered by "p": the letters went in
    before the Backspaces, which the field runs once the key has come back up."""
    from textual.widgets import DataTable, Input

    from tests.conftest import burst

    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        burst(app, *"priy", *["backspace"] * 4, *"jon", "left", "left", "delete", "end", "a")
        for _ in range(6):
            await pilot.pause()
        await settle(app, pilot)
        assert app.screen.query_one("#filter", Input).value == "jna"
        burst(app, *["backspace"] * 3, *"jonas")
        for _ in range(6):
            await pilot.pause()
        await settle(app, pilot)
        assert app.screen.query_one("#filter", Input).value == "jonas"
        assert app.screen.query_one("#matrix", DataTable).row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#matrix", DataTable).row_count == 5
