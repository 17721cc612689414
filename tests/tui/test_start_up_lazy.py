"""What the home screen's first frame leaves for later: replay, the palette's provider, the
timeline (issue #16, first screen). Each is made or imported on first use, and works then."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

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
