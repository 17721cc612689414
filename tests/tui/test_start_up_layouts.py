"""Start-up after the first frame: no layout of the whole screen for a size it already has.

Textual sends a screen a `Resize` after the screen's own first layout, and hands on the
terminal's first size report even when the size did not change; each made the screen lay out
and draw all of a stage again (about 10 ms each) between its first frame and the first key
(issue #16, open to interactive). A screen laid out at that size already lets them pass; a
real resize still lays it out.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.screen import Screen

from tests.conftest import settle
from tui.screens.home import HomeScreen
from tui.screens.roles import RolesScreen
from tui.widgets.role_matrix import RoleMatrix


def _count_layouts(screen: Screen) -> list[Screen]:
    layouts: list[Screen] = []
    screen.screen_layout_refresh_signal.subscribe(screen, layouts.append)
    return layouts


async def _same_size_resize_lays_out_nothing(app, pilot, screen: Screen) -> list[Screen]:
    """Send `screen` what Textual sends after a first layout (and the terminal's first size
    report): a Resize of the size it has. Return the list its later layouts go to."""
    layouts = _count_layouts(screen)
    screen.post_message(events.Resize(app.size, app.size))
    await pilot.pause()
    assert layouts == []
    return layouts


async def test_a_stage_is_not_laid_out_again_for_the_size_it_has(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RolesScreen)
        layouts = await _same_size_resize_lays_out_nothing(app, pilot, screen)
        # A real resize is laid out, and the screen takes the size's classes.
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert layouts
        assert screen.region.size == Size(160, 40) and screen.has_class("-wide")
        assert screen.query_one(RoleMatrix).region.width > 0
        # Back to a size seen before: laid out again too (the screen is at another size now).
        layouts.clear()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert layouts and screen.region.size == Size(100, 30)
        assert screen.has_class("-narrow") and not screen.has_class("-wide")


async def test_the_stage_is_laid_out_once_on_its_way_to_the_first_key(
    app_on, team_session, monkeypatch
) -> None:
    """From mount to the first key, the stage is laid out for its first frame and for what
    changes after it, never again for the size it has; a key then is applied at once."""
    layouts: list[Screen] = []
    real_on_mount = RolesScreen.on_mount

    def on_mount(self: RolesScreen) -> None:
        self.screen_layout_refresh_signal.subscribe(self, layouts.append)
        real_on_mount(self)

    monkeypatch.setattr(RolesScreen, "on_mount", on_mount)
    app = app_on(team_session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RolesScreen)
        # The first frame's layout, and those asked for by what it started (the scroll bars
        # mounted, the toasts' rack, the history taken in): five before this round, when the
        # two `Resize` events of the size the stage had each laid it out again.
        assert len(layouts) <= 3, len(layouts)
        # A key right after the first frame reaches the stage and is applied.
        before = screen.query_one(RoleMatrix).cursor_coordinate
        await pilot.press("down")
        await pilot.pause()
        assert screen.query_one(RoleMatrix).cursor_coordinate.row == before.row + 1


async def test_the_home_screen_is_not_laid_out_again_for_the_size_it_has(forming_home) -> None:
    from tui.app import FormingApp

    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        layouts = await _same_size_resize_lays_out_nothing(app, pilot, screen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert layouts and screen.region.size == Size(80, 24)


async def test_a_stage_resized_under_a_dialog_is_drawn_for_its_new_size(
    app_on, team_session
) -> None:
    """Resized while a dialog covers it, the stage is laid out for the new size behind the
    dialog before its own `Resize` arrives: that one is still a real resize, and the panel's
    risks are wrapped for the panel's final width once the dialog is gone."""
    from tests.tui.test_roles_layout import assert_indented, risk_lines

    app = app_on(team_session, "roles")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        stage = app.screen
        assert isinstance(stage, RolesScreen)
        await pilot.press("f1")  # the help dialog over the stage
        await settle(app, pilot)
        assert app.screen is not stage
        await pilot.resize_terminal(80, 30)
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is stage and stage.region.size == Size(80, 30)
        lines, width = risk_lines(app)
        assert_indented(lines, width)
        assert stage.terminal_resized
