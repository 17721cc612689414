"""The app's fast paths show and save exactly what the slow ones would.

A session opens showing its state while its history is read in a worker; the role matrix
redraws only the cells that changed; the home screen reads its list after the first frame.
Each shortcut is checked against the plain result, and against the promises it could break:
nothing saved before the whole file is read, a broken history refused with its message.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable

from sessions.live import LiveSession
from sessions.store import read_session, save_session
from tests.conftest import FIXED, saved, settle
from tui.app import FormingApp
from tui.screens import home as home_module
from tui.screens.home import HomeScreen
from tui.screens.roles import RolesScreen
from tui.widgets.role_coverage import RISKS_SHOWN
from tui.widgets.role_matrix import RoleMatrix
from tui.widgets.tables import cells_needed


def _lines(table: RoleMatrix) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def _painted(table: RoleMatrix) -> list[list[tuple[str, object]]]:
    """Every visible line of the table as text and style, the cursor's highlight included."""
    return [
        [(segment.text, segment.style) for segment in table.render_line(y)]
        for y in range(table.size.height)
    ]


async def test_changed_shares_redraw_exactly_as_a_full_redraw(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RolesScreen)
        table = screen.query_one(RoleMatrix)
        for keys in (["plus"], ["down", "down", "plus", "plus"], ["right", "minus"], ["x"]):
            await pilot.press(*keys)
            await settle(app, pilot)
            quick = _painted(table)
            table.drawn = {}  # forget the last drawing: the next one rebuilds the table
            screen._draw_matrix(app.session)
            await pilot.pause()
            assert _painted(table) == quick
        shares = {(a.person, a.role): a.share for a in saved(app.session_path).assignments}
        assert shares == {(a.person, a.role): a.share for a in app.session.assignments}


def _painted_by_datatable(table: RoleMatrix) -> list[list[tuple[str, object]]]:
    """Every visible line as DataTable's own drawing paints it."""
    return [
        [(segment.text, segment.style) for segment in DataTable.render_line(table, y)]
        for y in range(table.size.height)
    ]


async def test_the_matrix_paints_exactly_as_datatable_would(app_on, fresh_session) -> None:
    """The matrix draws its own lines (keeping each row's until it changes): the very segments
    and styles DataTable's drawing gives, through cursor moves, scrolling, changes and focus."""
    live = LiveSession(fresh_session)
    for n in range(60):
        live.change("person.added", {"id": f"p{n}", "name": f"Person {n}"}, at=FIXED)
        live.change("assignment.added", {"person": f"p{n}", "role": "data-scientist", "share": 50})
    for n in range(8):
        live.change("role.added", {"id": f"extra-{n}", "name": f"Extra role number {n}"})
    app = app_on(live.session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RoleMatrix)
        steps = (
            ["down"] * 3,
            ["right"],
            ["plus"],
            ["down"],  # the changed row, without the cursor now
            ["down"] * 30,
            ["up"] * 2,
            ["right"] * 9,  # scrolls sideways: the person and time columns stay
            ["minus", "minus"],
            ["left", "left"],
            ["up"] * 30,
            ["tab"],  # the matrix loses focus: the cursor and the tint change
        )
        for keys in steps:
            await pilot.press(*keys)
            await settle(app, pilot)
            assert _painted(table) == _painted_by_datatable(table), keys
        assert table.scroll_x > 0
        assert any("Person" in text for line in _painted(table) for text, _ in line)


async def test_a_cursor_move_or_a_changed_share_draws_only_the_cells_it_changes(
    app_on, fresh_session, monkeypatch
) -> None:
    """Each line is kept cell by cell: the cursor's line is the kept cells and the one under
    the cursor, and a changed share draws its own cells (the share and the sum) again, not the
    row's 16 (docs/performance.md, "Keystrokes on the role matrix")."""
    live = LiveSession(fresh_session)
    for n in range(20):
        live.change("person.added", {"id": f"p{n}", "name": f"Person {n}"}, at=FIXED)
    for n in range(8):
        live.change("role.added", {"id": f"extra-{n}", "name": f"Role {n}"})
    app = app_on(live.session, "roles")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RoleMatrix)
        await pilot.press("down")  # every visible line drawn and kept once
        await settle(app, pilot)
        drawn: list[tuple[int, bool]] = []
        draw = table._render_cell_line

        def spy(look, cell, index, column, style, line_no, cursor, *, fixed):
            drawn.append((column, cursor))
            return draw(look, cell, index, column, style, line_no, cursor, fixed=fixed)

        monkeypatch.setattr(table, "_render_cell_line", spy)
        column = table.cursor_column
        await pilot.press("down")
        await settle(app, pilot)
        assert drawn and set(drawn) == {(column, True)}  # the cursor's cell alone
        drawn.clear()
        await pilot.press("plus")
        await settle(app, pilot)
        total = len(table.ordered_columns) - 1
        # The share (without and with the cursor) and the sum, nothing else of the row.
        assert set(drawn) == {(column, True), (column, False), (total, False)}
        assert _painted(table) == _painted_by_datatable(table)


async def test_matrix_columns_are_as_wide_as_datatable_would_measure(app_on, fresh_session):
    live = LiveSession(fresh_session)
    # The widest name in cells (30) is not the longest in characters (23).
    names = ["李小龙" * 4 + " Bruce", "Zoë 🚀 Ünal", "A name of a good length", "x", "مريم"]
    for n, name in enumerate(names):
        live.change("person.added", {"id": f"p{n}", "name": name}, at=FIXED)
        live.change(
            "assignment.added", {"person": f"p{n}", "role": "data-scientist", "share": n + 5}
        )
    app = app_on(live.session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RoleMatrix)
        assert table.row_count == len(names)
        sized = [column.content_width for column in table.ordered_columns]
        # Measure every row again the way DataTable does when it is left to do it.
        for column in table.ordered_columns:  # as DataTable measures a heading: its widest line
            column.content_width = cells_needed(column.label)
        DataTable._update_dimensions(table, list(table.rows))
        assert [column.content_width for column in table.ordered_columns] == sized
        assert sized[0] == 30


async def test_a_cell_wider_than_its_column_rebuilds_the_table(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RoleMatrix)
        assert not table.update_row("p1", {"time": Text("x" * 200)})
        assert not table.update_row("nobody", {"time": Text("1%")})
        app.change("person.updated", {"id": "p1", "set": {"name": "A much longer name " * 3}})
        await settle(app, pilot)
        assert "A much longer name A much longer name" in "\n".join(_lines(table))


async def test_many_risks_list_the_most_serious_and_count_the_rest(app_on, fresh_session):
    live = LiveSession(fresh_session)
    for n in range(RISKS_SHOWN + 10):
        live.change("person.added", {"id": f"p{n}", "name": f"Person {n}"}, at=FIXED)
    app = app_on(live.session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        text = str(app.screen.query_one("#risk-list").render())
        lines = text.splitlines()
        assert len([line for line in lines if line[:1] in "✗⚠•"]) == RISKS_SHOWN
        assert "more" in lines[-1]
        # A risk too long for the panel goes on under its own text, clear of the symbols.
        assert all(line[:1] in "✗⚠•… " for line in lines[1:])
        # Errors come before the unassigned people.
        assert "nobody holds this role" in " ".join(text.split())


async def test_state_shows_first_and_a_change_waits_for_the_history(
    save_to, team_session, monkeypatch
):
    from tui import session_control

    # The history is read 0.5 s after the first frame if no key comes: on a loaded machine the
    # test's first look can come later than that.
    monkeypatch.setattr(session_control, "HISTORY_IDLE_S", 60.0)
    live = LiveSession(team_session)
    for n in range(50):
        live.change("person.updated", {"id": "p1", "set": {"availability": 1 + n}}, at=FIXED)
    path = save_to(live.session)
    app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        # Before any refresh: the state is on screen and the history not read yet.
        assert app.session is not None and app.session.timeline == []
        assert app.history_pending
        seen_from_thread: list[object] = []
        thread = threading.Thread(target=lambda: seen_from_thread.append(app.live))
        thread.start()
        thread.join()
        assert seen_from_thread == [None]  # no thread may save a session without its history
        assert app.change("person.updated", {"id": "p2", "set": {"availability": 77}})
        assert not app.history_pending
        assert len(app.session.timeline) == len(live.session.timeline) + 1
        await settle(app, pilot)
        on_disk = read_session(path)
        assert len(on_disk.timeline) == len(live.session.timeline) + 1
        assert on_disk.person("p2").availability == 77


async def test_a_broken_history_opened_from_home_is_refused_and_never_saved(
    forming_home: Path, team_session
) -> None:
    path = forming_home / "broken.toml"
    save_session(team_session, path)
    good = path.read_bytes()
    path.write_bytes(good + b"\n[[timeline]]\nseq = 'not a number'\n")
    before = path.read_bytes()
    app = FormingApp(start="home", folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_session(path)
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.live is None and app.session is None
    assert path.read_bytes() == before


async def test_a_broken_history_from_the_command_line_ends_with_its_message(
    forming_home: Path, team_session
) -> None:
    from sessions.store import read_state

    path = forming_home / "broken.toml"
    save_session(team_session, path)
    path.write_bytes(path.read_bytes() + b"\n[[timeline]]\nseq = 'x'\n")
    before = path.read_bytes()
    opened = read_state(path)  # the state reads: the command line lets the app start
    app = FormingApp(start="open", path=path, folder=forming_home, opened=opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
    assert app.return_code == 1
    assert path.read_bytes() == before


def _two_sessions(save_to, team_session) -> Path:
    save_to(team_session, "one.toml")
    later = team_session.model_copy(
        update={
            "session": team_session.session.model_copy(
                update={"updated_at": FIXED + timedelta(days=1)}
            )
        }
    )
    return save_to(later, "two.toml").parent


def _first_home_rows(monkeypatch) -> list[int]:
    """Record the home table's row count at each frame the home screen displays."""
    frames: list[int] = []
    real_display = FormingApp._display

    def display(self, screen, renderable):
        if isinstance(screen, HomeScreen) and renderable is not None:
            frames.append(screen.query_one("#sessions", DataTable).row_count)
        real_display(self, screen, renderable)

    monkeypatch.setattr(FormingApp, "_display", display)
    return frames


@pytest.mark.parametrize("up_front", [True, False])
async def test_home_lists_a_few_small_files_in_its_first_frame_and_more_after_it(
    save_to, team_session, monkeypatch, up_front
) -> None:
    folder = _two_sessions(save_to, team_session)
    if not up_front:  # more files than are read before the first frame
        monkeypatch.setattr(home_module, "UP_FRONT_FILES", 1)
    frames = _first_home_rows(monkeypatch)
    app = FormingApp(start="home", folder=folder, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert [p.name for p in home.paths] == ["two.toml", "one.toml"]
        assert home.query_one("#sessions", DataTable).row_count == 2
        assert frames[0] == (2 if up_front else 0)


async def test_the_footer_has_its_keys_in_the_first_frame(app_on, team_session, monkeypatch):
    """The first frame is the whole screen, keys included, and the footer is not built twice."""
    from textual._compositor import LayoutUpdate

    from tui.screens.stage import StageScreen
    from tui.widgets.chrome import KeysFooter

    frames: list[tuple[object, int]] = []
    builds: list[int] = []
    real_display = FormingApp._display
    real_compose = KeysFooter.compose

    def display(self, screen, renderable):
        if isinstance(screen, StageScreen) and renderable is not None:
            frames.append((renderable, len(screen.query_one(KeysFooter).children)))
        real_display(self, screen, renderable)

    def compose(self):
        widgets = list(real_compose(self))
        if widgets:  # the footer composes empty until the screen's keys are ready
            builds.append(len(frames))
        yield from widgets

    monkeypatch.setattr(FormingApp, "_display", display)
    monkeypatch.setattr(KeysFooter, "compose", compose)
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        first, keys = frames[0]
        assert isinstance(first, LayoutUpdate) and len(first.strips) == 40
        assert keys > 0
        bottom = "".join(segment.text for segment in first.strips[-1])
        assert "Help" in bottom and "+10%" in bottom and "palette" in bottom
        # Built once, before the first frame, and never again while nothing changed.
        assert builds == [0]


async def test_the_home_screen_brings_no_stylesheet_the_app_has_not_read(
    save_to, team_session, monkeypatch
) -> None:
    """Showing the home screen does not parse the whole stylesheet a second time.

    A screen whose `.tcss` the app has not read makes Textual reparse and reapply every rule
    when it is first pushed; the first screen's file is read with the app's.
    """
    from textual.css.stylesheet import Stylesheet

    folder = _two_sessions(save_to, team_session)
    parses: list[int] = []
    real_reparse = Stylesheet.reparse

    def reparse(self) -> None:
        parses.append(1)
        real_reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", reparse)
    app = FormingApp(start="home", folder=folder, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        # None: the app reads its stylesheet once, with its theme's colours, before its first
        # screen (setting the theme the way Textual's watcher does read it a second time).
        assert parses == []


async def test_the_home_screen_is_styled_once_on_its_way_to_the_first_frame(
    save_to, team_session, monkeypatch
) -> None:
    """The terminal-size classes are set before the home screen's widgets exist.

    Textual restyles a node and all its descendants when one of its classes changes; set on
    mount, the classes restyled every widget on the screen a second time.
    """
    folder = _two_sessions(save_to, team_session)
    restyled: list[int] = []
    real_update_styles = FormingApp.update_styles

    def update_styles(self, node, animate: bool = True) -> None:
        if isinstance(node, HomeScreen):
            restyled.append(len(node.children))
        real_update_styles(self, node, animate=animate)

    monkeypatch.setattr(FormingApp, "update_styles", update_styles)
    app = FormingApp(start="home", folder=folder, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen) and app.screen.has_class("-narrow")
        # Once with its widgets: Textual's own, when the screen is shown (resumed).
        assert restyled[0] == 0 and sum(1 for children in restyled if children) == 1
