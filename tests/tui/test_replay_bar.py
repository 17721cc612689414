"""The replay bar: its keys are shown whole, the ones that fit beside the position."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.loader import bundled_demo_text
from sessions.store import parse_session, save_session
from tests.conftest import settle
from tui.app import FormingApp
from tui.widgets.timeline import KEYS_HINT


@pytest.mark.parametrize("width", [80, 100, 160])
async def test_the_replay_keys_are_whole_groups_that_fit(forming_home: Path, width: int) -> None:
    path = forming_home / "demo.toml"
    save_session(parse_session(bundled_demo_text()), path)
    app = FormingApp(start="replay", path=path, folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(app, pilot)
        await settle(app, pilot)
        keys = app.screen.query_one("#timeline-keys")
        shown = keys.render_line(0).text.strip()
        assert "…" not in shown
        groups = KEYS_HINT.split(" · ")
        shown_groups = shown.split(" · ")
        assert shown_groups == groups[: len(shown_groups)]  # the first ones, each whole
        assert keys.region.right <= width
        if width >= 160:
            assert shown == KEYS_HINT
