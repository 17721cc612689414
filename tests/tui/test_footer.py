"""The footer shows each key's label whole or not at all, on every stage and at every width."""

from __future__ import annotations

import pytest

from tests.conftest import settle
from tests.tui.test_room_layout import screen_lines
from tests.tui.test_snapshots import demo_app

WIDTHS = (80, 100, 160)
PARTS = {"process": "12345", "wrapup": "123"}
"""The stages whose parts have keys of their own, and the keys that show each part."""


def assert_labels_whole(app, where: str) -> None:
    """Every key in the footer is on screen whole, clear of the palette key on the right."""
    footer = screen_lines(app)[-1]
    keys = list(app.screen.query("FooterKey"))
    palette = [key for key in keys if key.has_class("-command-palette")]
    assert palette, where
    shown = [key for key in keys if key not in palette]
    assert any(key.description == "Help" for key in shown), where
    for key in shown:
        label = f"{key.key_display} {key.description}"
        assert key.region.right <= palette[0].region.x, f"{where}: {label} runs under the palette"
        assert label.replace(" ", "") in footer.replace(" ", ""), f"{where}: {label} cut"
        assert key.region.width == len(key.key_display) + len(key.description) + 3, where


async def walk(app, pilot, stage: str) -> None:
    """Check the footer on `stage` (each of its parts) at every width."""
    for part in PARTS.get(stage, " "):
        if part != " ":
            await pilot.press(part)
            await pilot.pause()
        for width in WIDTHS:
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            await pilot.pause()
            assert_labels_whole(app, f"{stage} {part} at {width}")


async def test_the_wrapup_footer_never_cuts_a_label(forming_home) -> None:
    """The wrap-up has the most keys (Write charter among them), in three parts."""
    app = demo_app(forming_home, "wrapup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await walk(app, pilot, "wrapup")


@pytest.mark.slow
@pytest.mark.parametrize(
    "stage",
    ["welcome", "roster", "roles", "responsibilities", "concerns", "needs", "process", "rituals"],
)
async def test_no_footer_cuts_a_label(forming_home, stage: str) -> None:
    app = demo_app(forming_home, stage)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await walk(app, pilot, stage)


async def test_a_stage_key_that_shares_an_app_action_stays_longest(
    team_session, pack, forming_home
) -> None:
    """A talk stage binds `a` (Add action) itself, to an action the app has too: at 80
    columns it went first, as an app key, while Back and Focus stayed."""
    from tests.tui.test_checkin import risks_stage

    app = risks_stage(team_session, pack, forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = {getattr(key, "description", "") for key in app.screen.query("FooterKey")}
        assert {"Add action", "Decide risk", "Help"} <= shown
        assert_labels_whole(app, "risks at 80")


async def test_the_wrapup_keeps_its_main_keys_at_80_columns(forming_home) -> None:
    """At 80 columns the wrap-up's footer kept Add and Edit and dropped "space Done", the key
    the stage is for. A stage names its main keys (`MAIN_KEYS`), which go last."""
    app = demo_app(forming_home, "wrapup")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for part, main in (("1", "Done"), ("2", "To action"), ("3", "Set score")):
            await pilot.press(part)
            await pilot.pause()
            await pilot.pause()
            shown = {getattr(key, "description", "") for key in app.screen.query("FooterKey")}
            assert {main, "Help"} <= shown, (part, shown)
            assert_labels_whole(app, f"wrapup {part} at 80")
