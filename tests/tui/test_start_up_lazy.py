"""What the home screen's first frame leaves for later: replay, the palette's provider, the
timeline (issue #16, first screen). Each is made or imported on first use, and works then."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from textual.color import Color

from tests.conftest import settle
from tui.app import FormingApp

LATER = ("tui.replay_mode", "tui.replay_keys", "tui.commands", "tui.widgets.timeline")
"""Modules the home screen does not need (replay, the command palette, a stage's timeline)."""


def test_the_home_screen_imports_neither_replay_nor_the_palette_nor_the_timeline(
    tmp_path: Path,
) -> None:
    code = textwrap.dedent(
        f"""
        import asyncio, sys
        from tui.app import FormingApp

        async def main():
            app = FormingApp(start="home", folder={str(tmp_path)!r})
            async with app.run_test(size=(100, 30)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                print(type(app.screen).__name__)
                print(sorted(m for m in {LATER!r} if m in sys.modules))

        asyncio.run(main())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split("\n")[:2] == ["HomeScreen", "[]"]


async def test_replay_and_the_palette_are_there_when_first_used(forming_home: Path) -> None:
    """(The palette's own commands are tried in `test_frictions.py`, replay in
    `test_replay.py`: both start with these made on first use.)"""
    from textual.command import CommandPalette

    app = FormingApp(start="home", folder=forming_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert not app.replaying and app.replay is None
        assert app.check_action("replay_play", ()) is False  # no replay: its keys are off
        # One controller, made once, and its keys play on that one.
        assert app.replay_controller is app.replay_controller
        assert app.replay_keys.player is app.replay_controller
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)


async def test_the_app_starts_in_its_theme_with_one_reading_of_its_stylesheet(
    forming_home: Path, monkeypatch
) -> None:
    """A theme set before the app runs is in effect from the first frame, and the stylesheet
    is read once (a second reading, as Textual's theme watcher asks for, cost about 5 ms)."""
    from textual.css.stylesheet import Stylesheet

    readings: list[str] = []
    real_reparse = Stylesheet.reparse

    def reparse(self: Stylesheet) -> None:
        readings.append("again")
        real_reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", reparse)
    for theme, light in (("projector-dark", False), ("forming-light", True)):
        readings.clear()
        app = FormingApp(start="home", folder=forming_home, theme=theme)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            assert app.theme == theme and app.has_class(f"-theme-{theme}")
            assert (
                app.has_class("-light-mode") is light and app.has_class("-dark-mode") is not light
            )
            colours = app.current_theme
            assert app.screen.styles.background == Color.parse(colours.background or "")
            # A dark theme is set before the stylesheet is read; a light one the usual way.
            assert readings == (["again"] if light else [])
            # Chosen in the running app, a theme is applied as Textual applies it.
            app.theme = "forming-dark"
            await settle(app, pilot)
            assert app.has_class("-theme-forming-dark") and not app.has_class(f"-theme-{theme}")
            assert app.screen.styles.background == Color.parse(app.current_theme.background or "")
