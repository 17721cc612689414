"""Snapshots of every stage at four sizes in a dark and a projector-light theme, with state checks.

The default run takes each stage once (dark, 80x24, the tightest); the other sizes and the
light theme are marked `slow` (each snapshot costs seconds of CPU). Review
`snapshot_report.html` before accepting any change with `--snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from content.loader import bundled_demo_text
from sessions.live import LiveSession
from sessions.store import parse_session, save_session
from tests.conftest import FIXED
from tui.app import FormingApp

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
CHECKIN_STAGES = ["changes", "review", "risks", "newcomers"]
"""The stages only a check-in has (its other stages are the workshop's own screens)."""
SIZES = [(80, 24), (100, 30), (120, 40), (160, 48)]
DEFAULT_SIZE = (80, 24)
"""The size each stage is taken at in the default run; the other sizes are `slow`."""


THEMES = ["forming-dark", "projector-light"]
"""A dark theme and one for a projector in a lit room; the first is the default run's."""


def stage_sizes(stages: list[str]) -> list:
    """`(stage, size, theme)` for every stage, size and theme; all but the default run's `slow`.

    The dark theme's ids are `stage-WxH` (as before the light theme joined), the light
    theme's `stage-WxH-projector-light`.
    """
    return [
        pytest.param(
            stage,
            size,
            theme,
            id=f"{stage}-{size[0]}x{size[1]}" + ("" if theme == THEMES[0] else f"-{theme}"),
            marks=[] if (size, theme) == (DEFAULT_SIZE, THEMES[0]) else [pytest.mark.slow],
        )
        for theme in THEMES
        for stage in stages
        for size in SIZES
    ]


def demo_app(folder: Path, stage: str | None = None, *, theme: str = "forming-dark") -> FormingApp:
    """The bundled demo, saved in `folder`, opened on `stage` in a fixed theme."""
    session = parse_session(bundled_demo_text())
    if stage is not None and stage != session.session.stage:
        live = LiveSession(session)
        live.change("stage.entered", {"stage": stage}, at=FIXED)
        session = live.session
    path = folder / "demo.toml"
    save_session(session, path)
    return FormingApp(start="open", path=path, folder=folder, theme=theme)


def on_stage(stage: str):
    """A run_before that waits for the stage, then checks the app really is on it."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        app = pilot.app
        assert app.screen.STAGE_ID == stage
        assert app.session.session.stage == stage
        assert app.save_state == "saved"

    return run_before


@pytest.mark.parametrize(("stage", "size", "theme"), stage_sizes(STAGES))
def test_stage(snap_compare, forming_home: Path, stage: str, size, theme: str) -> None:
    app = demo_app(forming_home, stage, theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=on_stage(stage))


def checkin_app(folder: Path, stage: str, *, theme: str = "forming-dark") -> FormingApp:
    """A check-in following the bundled demo, one newcomer joined, opened on `stage`."""
    from content.loader import load_pack
    from sessions.followup import follow_up

    previous = parse_session(bundled_demo_text())
    checkin = load_pack().checkin
    live = LiveSession(follow_up(previous, at=FIXED, session_id="demo-checkin", checkin=checkin))
    newcomer = {"id": "p-nia", "name": "Nia Adeyemi", "title": "ML engineer", "availability": 80}
    live.change("person.added", newcomer, at=FIXED)
    live.change("stage.entered", {"stage": stage}, at=FIXED)
    path = folder / "check-in.toml"
    save_session(live.session, path)
    return FormingApp(start="open", path=path, folder=folder, theme=theme)


@pytest.mark.parametrize(("stage", "size", "theme"), stage_sizes(CHECKIN_STAGES))
def test_checkin_stage(snap_compare, forming_home: Path, stage: str, size, theme: str) -> None:
    app = checkin_app(forming_home, stage, theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=on_stage(stage))


@pytest.mark.parametrize("theme", ["projector-light", "projector-dark", "ansi-dark"])
def test_roles_in_projector_and_ansi_themes(snap_compare, forming_home: Path, theme: str) -> None:
    app = demo_app(forming_home, "roles", theme=theme)
    assert snap_compare(app, terminal_size=(100, 30), run_before=on_stage("roles"))


def test_home(snap_compare, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The folder is shown from `~`, so with the home folder here the picture is the same on
    # every run and every machine.
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "sessions"
    folder.mkdir()
    save_session(parse_session(bundled_demo_text()), folder / "returns-forecast.toml")
    app = FormingApp(start="home", folder=folder, theme="forming-dark")

    async def listed(pilot) -> None:
        await pilot.pause()
        assert pilot.app.screen.query_one("#sessions").row_count == 1

    assert snap_compare(app, terminal_size=(80, 24), run_before=listed)


JOURNEY2_SIZES = [
    pytest.param((100, 30), id="100x30"),
    pytest.param((160, 48), id="160x48", marks=pytest.mark.slow),
]
"""The kick-off's screens at a laptop's size in the default run; at a projector's with `slow`."""


def journey2_app(folder: Path) -> FormingApp:
    """Journey 2: a programme kick-off of 40 people over six roles in six squads."""
    from bench.generate import build

    path = folder / "kick-off.toml"
    save_session(build("journey2"), path)
    return FormingApp(start="open", path=path, folder=folder, theme="forming-dark")


@pytest.mark.parametrize("size", JOURNEY2_SIZES)
def test_journey2_roles(snap_compare, forming_home: Path, size) -> None:
    app = journey2_app(forming_home)

    async def mapped(pilot) -> None:
        await on_stage("roles")(pilot)
        app = pilot.app
        assert len(app.session.people) == 40 and len(app.session.roles) == 6
        assert all(person.squad for person in app.session.people)

    assert snap_compare(app, terminal_size=size, run_before=mapped)


@pytest.mark.parametrize("size", JOURNEY2_SIZES)
def test_journey2_roles_filtered_by_squad(snap_compare, forming_home: Path, size) -> None:
    app = journey2_app(forming_home)

    async def filtered(pilot) -> None:
        await on_stage("roles")(pilot)
        await pilot.press("slash", *"Lending", "enter")
        await pilot.pause()
        screen = pilot.app.screen
        people = {p.id: p for p in pilot.app.session.people}
        assert screen.row_people and all(people[p].squad == "Lending" for p in screen.row_people)

    assert snap_compare(app, terminal_size=size, run_before=filtered)


@pytest.mark.parametrize("size", JOURNEY2_SIZES)
def test_journey2_roster(snap_compare, forming_home: Path, size) -> None:
    app = journey2_app(forming_home)

    async def roster(pilot) -> None:
        await on_stage("roles")(pilot)
        await pilot.press("ctrl+b")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen.STAGE_ID == "roster"

    assert snap_compare(app, terminal_size=size, run_before=roster)


def test_focus_view(snap_compare, forming_home: Path) -> None:
    app = demo_app(forming_home, "concerns")

    async def focused(pilot) -> None:
        await on_stage("concerns")(pilot)
        await pilot.press("z")
        await pilot.pause()
        assert pilot.app.screen.query_one("#focus-item")

    assert snap_compare(app, terminal_size=(100, 30), run_before=focused)


def test_form_over_the_board(snap_compare, forming_home: Path) -> None:
    app = demo_app(forming_home, "needs")

    async def editing(pilot) -> None:
        await on_stage("needs")(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert pilot.app.screen.query_one("#form")

    assert snap_compare(app, terminal_size=(100, 30), run_before=editing)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_new_session_form(
    snap_compare, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The pack and "Start empty" questions span the form above their fields, and the tick
    box, ticked here, shows its mark (an unticked one used to read "X no")."""
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "sessions"
    folder.mkdir()
    app = FormingApp(start="home", folder=folder, theme="forming-dark")

    async def ticked(pilot) -> None:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        box = pilot.app.screen.query_one("#field-empty")
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True
        assert pilot.app.screen.query_one("#row-empty").has_class("-stacked")

    assert snap_compare(app, terminal_size=size, run_before=ticked)


def test_too_small(snap_compare, forming_home: Path) -> None:
    app = demo_app(forming_home, "roles")

    async def small(pilot) -> None:
        await pilot.pause()
        assert pilot.app.screen.has_class("-too-small")

    assert snap_compare(app, terminal_size=(40, 12), run_before=small)


def test_big_timer(snap_compare, forming_home: Path) -> None:
    app = demo_app(forming_home, "roster")

    async def big(pilot) -> None:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert pilot.app.screen.query_one("#big-digits")

    assert snap_compare(app, terminal_size=(80, 24), run_before=big)
