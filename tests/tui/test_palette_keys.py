"""The command palette offers the stage's own keys, by the footer's names, and runs them."""

from __future__ import annotations

from tests.conftest import settle
from tests.tui.test_snapshots import demo_app
from tui.commands import palette_commands
from tui.screens.wrapup.screen import WrapupScreen


def footer_stage_keys(app) -> set[str]:
    """The stage's own keys in the footer, as "Description (key)"."""
    app_actions = {binding.action for binding in app.BINDINGS if hasattr(binding, "action")}
    return {
        f"{key.description} ({key.key_display})"
        for key in app.screen.query("FooterKey")
        if not key.has_class("-command-palette") and key.action not in app_actions
    }


async def run_command(app, pilot, title: str) -> None:
    command = next(c for c in palette_commands(app, app.screen) if c.title == title)
    result = command.callback()
    if result is not None:
        await result
    await settle(app, pilot)


async def test_the_wrapups_done_is_in_the_palette_and_marks_the_action(forming_home) -> None:
    """The wrap-up's palette listed its parts, Add and To action, but not Done, its main key."""
    app = demo_app(forming_home, "wrapup")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        shown = footer_stage_keys(app)
        titles = {command.title for command in palette_commands(app, app.screen)}
        assert "Done (space)" in shown
        assert shown <= titles, shown - titles
        screen = app.screen
        assert isinstance(screen, WrapupScreen)
        before = {action.id: action.done for action in app.session.actions}
        await run_command(app, pilot, "Done (space)")
        after = {action.id: action.done for action in app.session.actions}
        assert [key for key in before if before[key] != after[key]] == [
            screen.actions.table.current_key
        ]


async def test_the_roles_decide_risk_runs_from_the_palette_as_its_key_does(forming_home) -> None:
    app = demo_app(forming_home, "roles")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        titles = {command.title for command in palette_commands(app, app.screen)}
        assert "Decide risk (k)" in titles
        assert footer_stage_keys(app) <= titles
        stage = app.screen
        await pilot.press("k")
        await settle(app, pilot)
        by_key = type(app.screen)
        assert app.screen is not stage
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is stage
        await run_command(app, pilot, "Decide risk (k)")
        assert type(app.screen) is by_key
