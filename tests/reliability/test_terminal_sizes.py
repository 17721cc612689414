"""Every screen survives every terminal size, from 1x1 to 300x100, and a storm of resizes."""

from __future__ import annotations

import random

import pytest
from textual.widgets import DataTable, Input

from content.loader import bundled_demo_text
from sessions.store import parse_session
from tests.conftest import settle
from tui.app import FormingApp
from tui.dialogs.form import FormDialog
from tui.screens.home import HomeScreen
from tui.screens.stage import StageScreen

SIZES = [(1, 1), (10, 3), (20, 5), (40, 10), (60, 20), (79, 23), (80, 24), (300, 100)]
STORM = 50
STAGES = [
    "welcome",
    "roster",
    "roles",
    "responsibilities",
    "concerns",
    "needs",
    "process",
    "rituals",
    "wrapup",
]


async def through_sizes(app, pilot, where: str) -> None:
    """Resize through every size; the app must still run after each."""
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        assert app.is_running and app.return_code is None, f"{where} at {width}x{height}"
        assert app.size == (width, height)
    await pilot.resize_terminal(80, 24)
    await pilot.pause()


@pytest.fixture
def demo_app(save_to, forming_home):
    """The bundled demo session, saved in the sessions folder and opened for editing."""
    path = save_to(parse_session(bundled_demo_text()), "demo.toml")
    return FormingApp(start="open", path=path, folder=forming_home, theme="forming-dark")


SIZES_IN_DEFAULT_RUN = {"roles", "process", "wrapup"}
"""The densest screens (a wide table, tabbed parts, a table beside a chart) at every size in every
run; the other stages only with the long runs (`-m slow`): they share the stage screen's small
terminal handling, and each takes seconds of CPU."""


@pytest.mark.parametrize(
    "stage",
    [
        pytest.param(stage, marks=() if stage in SIZES_IN_DEFAULT_RUN else pytest.mark.slow)
        for stage in STAGES
    ],
)
async def test_every_stage_at_every_size(demo_app, stage: str) -> None:
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.enter_stage(stage)  # a `stage.entered` event, as the agenda records it
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen) and app.screen.STAGE_ID == stage
        await through_sizes(app, pilot, stage)
        # Usable again at 80x24: the layout is back, not the "too small" message.
        assert not app.screen.has_class("-too-small")
        assert app.session.session.stage == stage
    assert app.return_code in (None, 0)


async def test_a_dialog_at_every_size(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.enter_stage("roster")
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await through_sizes(app, pilot, "the add-person dialog")
        app.screen.query_one("#field-name", Input).value = "Resized [ok]"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session.people[-1].name == "Resized [ok]"
    assert app.return_code in (None, 0)


async def test_home_at_every_size(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.go_home()
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await through_sizes(app, pilot, "home")
        assert app.screen.query_one(DataTable).row_count == 1
    assert app.return_code in (None, 0)


@pytest.mark.slow
async def test_a_storm_of_resizes_while_changing_and_saving(demo_app) -> None:
    app = demo_app
    rng = random.Random(20261127)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.enter_stage("roles")
        await settle(app, pilot)
        for index in range(STORM):
            width, height = rng.randint(1, 300), rng.randint(1, 100)
            await pilot.resize_terminal(width, height)
            if index % 10 == 0:  # some resizes land during a change and its save
                app.change("stage.updated", {"id": "roles", "set": {"timebox_min": 20 + index}})
            if index % 3 == 0:
                await pilot.pause()
            assert app.is_running and app.return_code is None, f"resize {index}: {width}x{height}"
        await pilot.resize_terminal(40, 12)
        await settle(app, pilot)
        assert app.screen.has_class("-too-small")
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert app.screen.STAGE_ID == "roles" and not app.screen.has_class("-too-small")
        assert app.save_state == "saved"
        assert app.session.stage("roles").timebox_min == 20 + (STORM - 1) // 10 * 10
    assert app.return_code in (None, 0)
