"""The participant page in a real browser: Debian's headless Chromium, driven by Playwright.

Playwright's own browser download is not used (and not reachable here): the test drives the
system's `chromium`, and is skipped, saying why, where that is not installed. With
FORMING_ROOM_SHOT=PATH it also saves the page as a phone shows it (the README's picture).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import saved
from tests.room.conftest import host_change
from tui.room.server import RoomServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does)",
    ),
]


@pytest.fixture
async def browser():
    playwright_api = pytest.importorskip("playwright.async_api")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
async def room(host):
    server = RoomServer(host, address="127.0.0.1", port=0)
    server.start()
    await server.started()
    yield server
    await server.stop()


async def join_as(page, room: RoomServer, person: str) -> None:
    """Open the room's address, type the code, and pick `person`'s name, as a person would."""
    await page.goto(room.address.url)
    await page.fill("#code", room.keys.code)
    await page.click("button[type=submit]")
    await page.check(f"input[name=person][value={person}]")
    await page.click("button[type=submit]")


async def test_join_write_vote_and_see_the_reveal(browser, room, host, room_file) -> None:
    await host_change(host, "settings.updated", {"set": {"vote_budget": 3, "vote_cap": 2}})
    await host_change(host, "activity.opened", {"kind": "writing"})
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    await join_as(page, room, "p2")
    await page.wait_for_selector("text=Silent writing")
    assert "Jonas Berg" in await page.inner_text("header")

    await page.select_option("#role", "data-scientist")
    await page.fill("#text", "<b>GPU</b> quota runs out on Fridays")
    await page.click("text=Add card")
    await page.wait_for_selector("text=Received")
    assert "<b>GPU</b> quota" in await page.inner_text("ul.cards")
    card = next(c for c in saved(room_file).concerns if c.via == "room")
    assert (card.author, card.masked) == ("p2", True)

    # The facilitator reveals and opens the vote: the page follows by itself (JavaScript).
    await host_change(host, "activity.revealed", {"kind": "writing"})
    await host_change(host, "activity.opened", {"kind": "dots"})
    await page.wait_for_selector("text=Dot voting", timeout=10_000)
    await page.fill(f"#d-{card.id}", "2")
    assert (await page.inner_text("#left")).startswith("1 of 3")
    first_other = next(c.id for c in host.current().concerns if c.id != card.id)
    await page.fill(f"#d-{first_other}", "2")
    assert await page.is_disabled("#save-dots"), "over the budget, the page will not send"
    await page.fill(f"#d-{first_other}", "1")
    if os.environ.get("FORMING_ROOM_SHOT"):
        await page.locator("header").scroll_into_view_if_needed()
        await page.screenshot(path=os.environ["FORMING_ROOM_SHOT"], full_page=False)
    await page.click("#save-dots")
    await page.wait_for_selector("text=Received")
    ballots = sorted((b.person, b.concern, b.dots) for b in saved(room_file).ballots)
    assert ballots == sorted([("p2", card.id, 2), ("p2", first_other, 1)])

    await host_change(host, "activity.revealed", {"kind": "dots"})
    await page.wait_for_selector("h2:text-is('The vote')", timeout=10_000)
    assert "● 2" in await page.inner_text("body")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    await context.close()


async def test_the_page_works_without_javascript(browser, room, host, room_file) -> None:
    await host_change(host, "activity.opened", {"kind": "fist"})
    context = await browser.new_context(java_script_enabled=False)
    page = await context.new_page()
    await join_as(page, room, "p3")
    await page.check("input[name=score][value='4']")
    await page.click("text=Give my score")
    await page.wait_for_selector("text=Received")
    vote = saved(room_file).confidence[0]
    assert (vote.person, vote.score, vote.masked, vote.via) == ("p3", 4, True, "room")
    await context.close()
