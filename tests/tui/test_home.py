"""The home screen's list: long file names are shortened on their line, never wrapped."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from sessions.live import LiveSession
from tests.conftest import FIXED, settle
from tui.app import FormingApp
from tui.screens.home import HomeScreen

LONG_FILE = "returns-forecast-northern-european-warehouses-and-stores-2026-11-29-check-in.toml"
LONG_TEAM = "Returns Forecast for the Northern European Warehouses"


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_a_long_file_name_is_shortened_on_its_line_and_shown_whole_below(
    save_to, team_session, forming_home: Path, size: tuple[int, int]
) -> None:
    save_to(team_session, LONG_FILE)
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        shown = table.get_row_at(0)[-1].plain
        if size[0] == 80:
            # One line, cut in the middle: the end, which tells files apart, stays.
            head, cut, tail = shown.partition("…")
            assert cut and "\n" not in shown and tail.endswith(".toml")
            assert LONG_FILE.startswith(head) and LONG_FILE.endswith(tail)
        else:
            assert shown == LONG_FILE  # whole while there is room for it
            assert table.rows[next(iter(table.rows))].height == 1
        # The highlighted row's file, whole, under the list.
        assert str(app.screen.query_one("#home-file").render()) == f"File: {LONG_FILE}"


async def test_the_team_name_is_whole_while_the_file_name_gives_way(
    save_to, team_session, forming_home: Path
) -> None:
    live = LiveSession(team_session)
    live.change("session.updated", {"set": {"team": LONG_TEAM}}, at=FIXED)
    save_to(live.session, LONG_FILE)
    save_to(team_session, "short.toml")
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        teams = [table.get_row_at(row)[0].plain for row in range(table.row_count)]
        assert LONG_TEAM in teams  # on one line, whole
        files = [table.get_row_at(row)[-1].plain for row in range(table.row_count)]
        assert "short.toml" in files
        # Moving the cursor names the highlighted row's file below.
        names = set()
        for _ in range(2):
            names.add(str(app.screen.query_one("#home-file").render()))
            await pilot.press("down")
            await pilot.pause()
        assert names == {f"File: {LONG_FILE}", "File: short.toml"}


async def test_the_title_names_no_kind_of_team_the_packs_do_not_share(forming_home: Path) -> None:
    """The list holds sessions of every pack: the title names the product, not the MLOps pack's
    kind of team."""
    from content.loader import load_pack
    from sessions.start import new_session
    from sessions.store import save_session

    pack = load_pack("data-platform")
    save_session(new_session(pack, team="Lakehouse"), forming_home / "lakehouse.toml")
    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        title = str(app.screen.query_one("#home-title").render())
        assert title.startswith("Forming")
        for pack_id in ("mlops", "data-platform"):
            kind = load_pack(pack_id).meta.name.removesuffix(" team forming")
            assert kind.lower() not in title.lower(), kind
