"""Random input through Pilot: whatever a room throws at it, Forming keeps running and saving.

A seeded driver sends random keys from the bindings (the app's, the screen's, the dialog's),
letters, palette commands, clicks, resizes from 1x1 to 300x100, bursts of keys sent at once,
and pastes of hostile strings, to three files: the bundled demo, a hand-written file and a
hostile file. It fails on any unhandled exception, any exit, a stack with a screen above a
dialog, or a saved file that does not validate.

CI runs a short run. `FORMING_RANDOM_INPUTS` (inputs per run, default 500) and
`FORMING_RANDOM_SEEDS` (seeds per file, default 1, from `FORMING_RANDOM_FIRST_SEED`) make the
long run; docs/reliability.md has its figures.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding
from textual.errors import NoWidget
from textual.pilot import OutOfBounds

from content.loader import bundled_demo_text
from sessions.store import parse_session, read_session
from tests.conftest import HOSTILE, burst, stack_is_sane
from tests.reliability.hostile import hostile_document
from tests.sessions.test_store import HAND_WRITTEN
from tui.app import FormingApp

INPUTS = int(os.environ.get("FORMING_RANDOM_INPUTS", "500"))
SEEDS = int(os.environ.get("FORMING_RANDOM_SEEDS", "1"))
FIRST_SEED = int(os.environ.get("FORMING_RANDOM_FIRST_SEED", "0"))
"""Where the seeds start, so a long run can be split over processes that run side by side."""
FILES = ["demo", "hand-written", "hostile"]
CHECK_EVERY = 25
"""Inputs between full checks (workers finished, stack sane, the saved file validated)."""

pytestmark = [
    pytest.mark.slow,
    # About 0.1 s an input on a busy machine; ten times that, and never under the default.
    pytest.mark.timeout(max(300, INPUTS)),
]

NEVER = {"ctrl+q", "ctrl+c"}
"""Keys the driver does not send: they end the run on purpose (tested on their own)."""
TEXT = [
    *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-+[]/",
    "enter",
    "backspace",
    "tab",
    "shift+tab",
    "escape",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "space",
    "delete",
]
PALETTE_WORDS = ["stage", "go", "park", "export", "timer", "undo", "add", "save", "close", "help"]


def write_file(kind: str, folder: Path) -> Path:
    """The file a run opens."""
    path = folder / f"{kind}.toml"
    if kind == "demo":
        path.write_text(bundled_demo_text(), encoding="utf-8")
    elif kind == "hand-written":
        path.write_text(HAND_WRITTEN, encoding="utf-8")
    else:
        path.write_text(
            hostile_document(parse_session(bundled_demo_text()), stage="roster"), encoding="utf-8"
        )
    return path


def binding_keys(*holders) -> list[str]:
    """Every key bound on `holders` (screens, the app), minus the ones that end the run."""
    keys = []
    for holder in holders:
        for binding in getattr(holder, "BINDINGS", ()):
            key_list = binding.key if isinstance(binding, Binding) else binding[0]
            keys += [key.strip() for key in key_list.split(",")]
    return [key for key in keys if key not in NEVER]


class Driver:
    """One seeded run: picks an input, sends it, and keeps a log of the last ones."""

    def __init__(self, app: FormingApp, pilot, seed: int) -> None:
        self.app = app
        self.pilot = pilot
        self.rng = random.Random(seed)
        self.log: list[str] = []
        self.app_keys = binding_keys(FormingApp)

    def say(self, what: str) -> None:
        self.log.append(what)
        del self.log[:-40]

    async def step(self) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.30:
            await self.key(rng.choice(binding_keys(type(self.app.screen)) or TEXT))
        elif roll < 0.42:
            await self.key(rng.choice(self.app_keys))
        elif roll < 0.70:
            await self.key(rng.choice(TEXT))
        elif roll < 0.76:
            keys = [rng.choice(self.app_keys + TEXT) for _ in range(rng.randint(2, 6))]
            self.say(f"burst {keys}")
            burst(self.app, *keys)
            await self.pilot.pause()
        elif roll < 0.81:
            await self.palette_command()
        elif roll < 0.88:
            await self.click()
        elif roll < 0.94:
            await self.resize()
        else:
            text = rng.choice(HOSTILE) * rng.choice((1, 1, 3, 40))
            self.say(f"paste {text[:30]!r}")
            self.app.post_message(events.Paste(text))
            await self.pilot.pause()

    async def key(self, key: str) -> None:
        self.say(f"key {key}")
        await self.pilot.press(key)

    async def palette_command(self) -> None:
        word = self.rng.choice(PALETTE_WORDS)
        self.say(f"palette {word}")
        await self.pilot.press("ctrl+p", *word)
        await self.pilot.pause()
        await self.pilot.press(*self.rng.choice((("enter",), ("down", "enter"), ("escape",))))

    async def click(self) -> None:
        width, height = self.app.size
        offset = (self.rng.randrange(max(1, width)), self.rng.randrange(max(1, height)))
        self.say(f"click {offset}")
        try:
            await self.pilot.click(offset=offset)
        except (NoWidget, OutOfBounds):
            # Pilot's own refusal, not the app's: it aims its events at the widget under the
            # point and finds none while a screen that has just arrived is not laid out yet.
            # (A terminal's click there reaches the app, which ignores it.)
            self.say("  (Pilot found no widget there)")

    async def resize(self) -> None:
        rng = self.rng
        if rng.random() < 0.3:  # tiny or huge, now and then; mostly sizes a room uses
            size = (rng.randint(1, 300), rng.randint(1, 100))
        else:  # (the cost of a frame grows with the screen: most runs stay near 80x24)
            size = (rng.randint(60, 110), rng.randint(18, 32))
        self.say(f"resize {size}")
        await self.pilot.resize_terminal(*size)

    def failure(self, what: str) -> str:
        return f"{what}\nlast inputs:\n  " + "\n  ".join(self.log)


async def check(app: FormingApp, pilot, driver: Driver) -> None:
    """Finish what is under way, then check the app and the saved file."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.is_running and app.return_code is None, driver.failure("the app stopped")
    problem = stack_is_sane(app)
    assert problem is None, driver.failure(problem or "")
    if app.session_path is not None and app.save_state == "saved" and app.replay is None:
        read_session(app.session_path)  # raises, with the file's problem, if it does not validate


async def run(path: Path, seed: int, inputs: int) -> int:
    """Send `inputs` random inputs; return how often the app was quit on purpose.

    Quitting is something a facilitator does (Textual's palette has "Quit", and random text
    and Enter in the palette sometimes pick it): that is a clean exit, code 0, after which the
    file must still validate and the run goes on in a new app. Any other exit fails the run.
    """
    driver: Driver | None = None
    sent = quits = 0
    while sent < inputs:
        app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                if driver is None:
                    driver = Driver(app, pilot, seed)
                driver.app, driver.pilot = app, pilot
                await check(app, pilot, driver)
                while sent < inputs:
                    await driver.step()
                    sent += 1
                    if not app.is_running or app.return_code is not None:
                        break
                    if sent % CHECK_EVERY == 0:
                        await check(app, pilot, driver)
                else:
                    await check(app, pilot, driver)
        except AssertionError:
            raise
        except Exception as error:  # the app's own crash, raised again by `run_test`
            where = driver.failure(f"input {sent}") if driver else "opening"
            raise AssertionError(f"{type(error).__name__}: {error}\n{where}") from error
        assert app.return_code in (None, 0), driver.failure(f"exit code {app.return_code}")
        if app.return_code == 0:
            quits += 1
            driver.say("(quit with code 0; the file validates; reopened)")
            read_session(path)
    return quits


@pytest.mark.parametrize("seed", range(FIRST_SEED, FIRST_SEED + SEEDS))
@pytest.mark.parametrize("kind", FILES)
async def test_random_input_never_crashes_or_saves_a_bad_file(
    kind: str, seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Typed paths ("save a copy as" with random text) land in the test's own folder.
    monkeypatch.chdir(tmp_path)
    path = write_file(kind, tmp_path)
    await run(path, seed=20261129 + 1000 * FILES.index(kind) + seed, inputs=INPUTS)
