"""Shared fixtures: a private sessions folder, sessions built from the pack, and the app."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    import subprocess

    from textual.app import App
    from textual.screen import Screen

    from sessions.model import Session

# Before Forming's modules and the test modules are imported (the fixtures import what they use
# when they run): pytest keeps each test module's rewritten bytecode, and Python each module's,
# only where bytecode may be written. With PYTHONDONTWRITEBYTECODE set (as in the shared
# environment) each xdist worker compiled and rewrote the whole suite again at every run: the
# README command's start-up and collection took 14 s of CPU, now 10 s on a first run and 5.7 s
# after (docs/performance.md). The files go to `__pycache__` folders, which git ignores.
sys.dont_write_bytecode = False

# A full garbage collection at most once per 30 younger ones (10 by default). Every Pilot test
# runs an app that freezes the heap at its first frame and gives it back at its end
# (`gc.unfreeze`, tui/app.py), so the collector's count of long-lived objects stays small and a
# full pass over everything the suite imported (Textual, pydantic, hypothesis) ran nearly as
# often as allowed: 32 of them in 26 Pilot tests, 8 now (the collector's CPU 5.2 s -> 3.4 s of
# the 24 s those tests took). 100 saved no more and held more memory. Nothing a test checks
# depends on when garbage is collected (tests/tui/test_app.py checks the app's own switching).
gc.set_threshold(*gc.get_threshold()[:2], 30)

S = TypeVar("S", bound="Screen")

FIXED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

HOSTILE = [
    "[bold]x",
    "[/]",
    "[/",
    "[",
    "x[",
    "[[]]",
    "[red]unclosed",
    "[@click=app.quit]x[/]",
    "[link=https://evil.example]Docs[/link]",
    "[type=x, v={'a[0]'}]",
    "\\[bold]",
    "ends with \\",
    "C:\\Users\\x\\[tmp]",
    "\x1b[2J",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
    "a\x00b\x07c\x08d\x0be\x0cf\rg\x7fh\x85i\x9bj\x9dk",
    "\u202eevil\u2066x\u2069",
    "zero\u200bwidth\u200d\ufeff",
    "Z̷̢̛a̶l̴g̵o̸",
    "日本語の名前 👩‍👩‍👧 🇬🇧 👍🏽 ❤️",
    "［full-width］",
    "\ud800lone",
]
"""Strings from the reliability anchors that must show literally and never crash."""

HOSTILE_SAMPLE = [
    HOSTILE[0],
    HOSTILE[16] + " " + HOSTILE[17] + " " + HOSTILE[11],
    HOSTILE[20] + " " + HOSTILE[22],
]
"""A few of them for the round trips through a whole screen (a form opens slowly there), with
six anchors in three strings: markup on its own (the screens' tests look for it in their
tables); C0 and C1 controls, bidi overrides and a trailing backslash; wide characters and, last,
a lone surrogate. Every string goes through a form on its own in tests/tui/test_dialogs.py and
into every field in tests/sessions/test_hostile_fields.py."""


def _cpu_seconds() -> float:
    """CPU time (user and system) of this process and of the children it has waited for."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave the heap out of the collections pytest makes at the very end.

    pytest collects garbage five times once the run is over (to report exceptions raised in
    finalizers), over a worker's whole heap of hundreds of megabytes; an xdist worker still
    doing that five seconds after it said it had finished is sent SIGINT by execnet, which
    printed a KeyboardInterrupt traceback under a run in which every test passed (seen in two
    runs out of two before this, none after). The cost: an exception raised in the finalizer
    of garbage the worker's last tests left behind is no longer reported at the very end.
    """
    gc.freeze()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """With `FORMING_TEST_CPU=FILE`, add each test's CPU and wall seconds (set-up and tear-down
    included) to FILE as `cpu<TAB>wall<TAB>test`: on a busy machine `--durations` measures the
    wait for a core as much as the work, and the suite's budget is in CPU (docs/performance.md)."""
    record = os.environ.get("FORMING_TEST_CPU")
    if not record:
        yield
        return
    cpu, wall = _cpu_seconds(), time.perf_counter()
    yield
    cpu, wall = _cpu_seconds() - cpu, time.perf_counter() - wall
    with open(record, "a", encoding="utf-8") as out:
        out.write(f"{cpu:.3f}\t{wall:.3f}\t{item.nodeid}\n")


@pytest.fixture(autouse=True)
def forming_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private sessions folder for every test, so none touches a real home folder."""
    home = tmp_path / "forming-home"
    home.mkdir()
    monkeypatch.setenv("FORMING_HOME", str(home))
    # Remembered preferences too: no test reads or writes the real config folder.
    monkeypatch.setenv("FORMING_CONFIG", str(tmp_path / "forming-config" / "config.toml"))
    return home


@pytest.fixture
def pack():
    """The bundled MLOps content pack."""
    from content.loader import load_pack

    return load_pack()


@pytest.fixture
def fresh_session(pack) -> Session:
    """A new session straight from the pack."""
    from sessions.start import new_session

    return new_session(pack, team="Returns Forecast", at=FIXED, session_id="test-session")


@pytest.fixture
def team_session(fresh_session: Session) -> Session:
    """A session with five people, some roles held, on the role-mapping stage."""
    from sessions.live import LiveSession

    live = LiveSession(fresh_session)
    for person_id, name, title, availability in [
        ("p1", "Maya Okafor", "ML product owner", 40),
        ("p2", "Jonas Berg", "Data scientist", 100),
        ("p3", "Priya Raman", "Data scientist", 50),
        ("p4", "Tomás Silva", "Backend developer", 60),
        ("p5", "Lena Fischer", "Product analyst", 30),
    ]:
        live.change(
            "person.added",
            {"id": person_id, "name": name, "title": title, "availability": availability},
            at=FIXED,
        )
    for person, role, share in [
        ("p2", "data-scientist", 60),
        ("p2", "data-engineer", 40),
        ("p3", "data-scientist", 100),
        ("p4", "software-engineer", 70),
        ("p4", "platform-engineer", 30),
    ]:
        live.change("assignment.added", {"person": person, "role": role, "share": share}, at=FIXED)
    return live.session


@pytest.fixture
def save_to(forming_home: Path) -> Callable[[Session, str], Path]:
    """Save a session into the sessions folder and return its path."""
    from sessions.store import save_session

    def save(session: Session, name: str = "session.toml") -> Path:
        path = forming_home / name
        save_session(session, path)
        return path

    return save


@pytest.fixture
def app_on(save_to, forming_home: Path):
    """Return a FormingApp that opens `session` on `stage` (saved first), in a fixed theme."""
    from sessions.live import LiveSession
    from tui.app import FormingApp

    def make(session: Session, stage: str | None = None, *, theme: str = "forming-dark"):
        if stage is not None and stage != session.session.stage:
            live = LiveSession(session)
            live.change("stage.entered", {"stage": stage}, at=FIXED)
            session = live.session
        path = save_to(session)
        return FormingApp(start="open", path=path, folder=forming_home, theme=theme)

    return make


def saved(path: Path) -> Session:
    """Read the session file as saved on disk."""
    from sessions.store import read_session

    return read_session(path)


async def settle(app, pilot) -> None:
    """Let screens switch and background saves finish."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_of(app: App[Any], kind: type[S]) -> S:
    """The screen on top, which the test expects to be a `kind` (it fails at once if not)."""
    screen = app.screen
    assert isinstance(screen, kind), f"{type(screen).__name__} is on top, not {kind.__name__}"
    return screen


async def screen_opened(app, pilot, kind: type[S]) -> S:
    """Pause until a screen of `kind` is on and has drawn the session (slower on a busy machine)."""
    for _ in range(100):
        await pilot.pause()
        if isinstance(app.screen, kind) and app.screen.is_mounted:
            return app.screen
    raise AssertionError(f"no {kind.__name__} opened")


async def laid_out(pilot, widget) -> None:
    """Pause until `widget` has a place on screen (a loaded machine may take a few frames)."""
    for _ in range(50):
        if widget.region.height:
            return
        await pilot.pause()


def rendered(app, selector: str) -> str:
    """The text a widget on the current screen shows."""
    return str(app.screen.query_one(selector).render())


def static_text(screen, selector: str) -> str:
    """The text a Static on `screen` shows."""
    from textual.widgets import Static

    return str(screen.query_one(selector, Static).render())


def table_cells(screen, table_id: str) -> list[list[str]]:
    """Every row of the record table `table_id` on `screen`, as text."""
    from tui.widgets.tables import RecordTable

    table = screen.query_one(f"#{table_id}", RecordTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def _set_fields(form, values: dict[str, Any]) -> None:
    """Put `values` in the form's fields: text by text, a choice by its value, and a list as the
    ticked boxes of a multiple-choice field."""
    from textual.widgets import Checkbox, Input, Select

    for name, value in values.items():
        if isinstance(value, list):
            for box in form.query(f".multi-{name}").results(Checkbox):
                box.value = box.id.removeprefix(f"field-{name}-") in value
            continue
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = str(value)


async def fill(app, pilot, values: dict[str, Any]) -> None:
    """Fill the open form's fields and press its save button."""
    from textual.widgets import Button

    from tui.dialogs.form import FormDialog

    form = app.screen
    assert isinstance(form, FormDialog)
    _set_fields(form, values)
    await pilot.pause()
    form.query_one("#submit", Button).press()
    await pilot.pause()


async def fill_by_enter(pilot, values: dict[str, Any]) -> None:
    """Fill the open form's fields and submit it with Enter from a text field, as people do."""
    from textual.widgets import Input

    from tui.dialogs.form import FormDialog

    form = pilot.app.screen
    assert isinstance(form, FormDialog)
    _set_fields(form, values)
    if not isinstance(form.focused, Input):
        form.query(Input).last().focus()
    await pilot.press("enter")
    await pilot.pause()


async def save_copy_to(app, pilot, target: Path | str) -> None:
    """Use "Save a copy as…" and type `target` into its dialog."""
    from textual.widgets import Input

    from tui.dialogs.form import FormDialog

    app.action_save_copy()
    await pilot.pause()
    assert isinstance(app.screen, FormDialog)
    app.screen.query_one("#field-path", Input).value = str(target)
    await pilot.press("enter")
    await settle(app, pilot)


_KEY_CHARACTERS = {"enter": "\r", "space": " ", "tab": "\t", "escape": "\x1b"}


def burst(app, *keys: str) -> None:
    """Send `keys` as a fast typist does: all queued at once, none waiting for the one before.

    `pilot.press` lets the app settle after each key, which hides every race between keys
    (Enter and ctrl+n in one motion, text typed right after the key that opens a dialog).
    """
    from textual import events

    for key in keys:
        character = key if len(key) == 1 else _KEY_CHARACTERS.get(key)
        app.post_message(events.Key(key, character))


def stack_is_sane(app) -> str | None:
    """Say what is wrong with the app's screen stack, or return `None`.

    Sane: no full screen above a dialog or the palette, at most one stage screen and one
    palette, and the stage shown is the session's stage.
    """
    from textual.command import CommandPalette
    from textual.screen import ModalScreen

    from tui.screens.stage import StageScreen

    stack = app.screen_stack
    names = [type(screen).__name__ for screen in stack]
    modal_seen = False
    for screen in stack:
        if isinstance(screen, ModalScreen):
            modal_seen = True
        elif modal_seen:
            return f"a full screen above a dialog: {names}"
    stages = [screen for screen in stack if isinstance(screen, StageScreen)]
    if len(stages) > 1:
        return f"stages stacked: {names}"
    if sum(isinstance(screen, CommandPalette) for screen in stack) > 1:
        return f"two palettes: {names}"
    if stages and app.session is not None and app.replay is None:
        shown = getattr(stages[0], "stage_id", None) or stages[0].STAGE_ID
        if shown != app.session.session.stage:
            return f"stage {shown} shown, session on {app.session.session.stage}: {names}"
    return None


def doc_example() -> str:
    """The complete example file in the session format's documentation."""
    import re

    doc = Path(__file__).resolve().parents[1] / "docs" / "session-format.md"
    match = re.search(r"```toml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    assert match is not None
    return match.group(1)


def forming(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m tui` as a user would run `forming`, with nothing to read on its input."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        encoding="utf-8",
        errors="replace",
        stdin=subprocess.DEVNULL,
    )
