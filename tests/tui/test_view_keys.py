"""Read-only and replay show everything they are for: every view key works, every stage shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import tomli
import tomli_w
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, TabbedContent

from content.loader import load_pack
from sessions.live import LiveSession
from sessions.store import save_session
from tests.conftest import screen_of, settle
from tui.actions import (
    APP_ACTIONS,
    COPY_ACTIONS,
    EDITING_ACTIONS,
    REPLAY_ACTIONS,
    STAGE_ACTIONS,
    VIEWING_ACTIONS,
    Kind,
    action_name,
)
from tui.app import FormingApp
from tui.commands import palette_commands
from tui.screens.registry import STAGE_SCREENS, screen_for_stage
from tui.screens.stage import StageScreen, ViewBinding
from tui.widgets.chrome import Agenda
from tui.widgets.lists import RoleList

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "content" / "demo" / "demo-session.toml"
STAGES = [stage.id for stage in load_pack().stages]
"""The default agenda, as the demo and a hand-written file have it (the check-in's stages are
walked by tests/tui/test_checkin.py)."""


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "copies"
    folder.mkdir()
    path = folder / "demo.toml"
    shutil.copyfile(DEMO, path)
    return path


@pytest.fixture
def no_timeline(tmp_path: Path) -> Path:
    """The demo's state as a hand-written file: no timeline at all."""
    data = tomli.loads(DEMO.read_text(encoding="utf-8"))
    data.pop("timeline", None)
    path = tmp_path / "hand-written.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def shown(app: FormingApp) -> str:
    screen = app.screen
    assert isinstance(screen, StageScreen)
    return screen.shown_stage


def view_bindings(screen: StageScreen) -> list[tuple[str, Binding]]:
    """Each key of the screen's view keys, with its binding."""
    return [
        (key.strip(), binding)
        for binding in type(screen).BINDINGS
        if isinstance(binding, ViewBinding)
        for key in binding.key.split(",")
    ]


def test_every_app_key_is_placed_in_exactly_one_set() -> None:
    """A new app key must be declared editing, replay-only or view: never left in no set."""
    for binding in FormingApp.BINDINGS:
        assert isinstance(binding, Binding)
        name = action_name(binding.action)
        sets = [
            s for s in (EDITING_ACTIONS, REPLAY_ACTIONS, VIEWING_ACTIONS, COPY_ACTIONS) if name in s
        ]
        assert len(sets) == 1, f"{binding.key} runs {name}, which is in {len(sets)} sets"


def test_every_stage_key_is_in_the_action_table_with_its_tag() -> None:
    """A stage key whose action the table does not know fails here; a `ViewBinding` must be a
    view action in the table and a plain `Binding` an editing one, so the mark cannot lie."""
    missing: list[str] = []
    for stage in [*STAGE_SCREENS, "a-stage-a-pack-adds"]:
        screen = type(screen_for_stage(stage))
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            if binding in Screen.BINDINGS:
                continue  # Textual's own (focus and copy keys), on a screen with none of its own
            name = action_name(binding.action)
            rule = STAGE_ACTIONS.get(name)
            if rule is None:
                missing.append(f"{screen.__name__}: {binding.key} runs {name}")
                continue
            view = isinstance(binding, ViewBinding)
            assert (rule.kind is Kind.VIEW) == view, f"{screen.__name__}: {name}"
    assert missing == []


def test_every_palette_command_runs_an_action_in_the_table() -> None:
    """The palette's commands that run an action (the app's and each stage's) name one the
    table knows: read from the code that offers them."""
    import inspect
    import re

    from tui.commands import session_commands

    sources = [inspect.getsource(session_commands)]
    for stage in STAGE_SCREENS:
        screen = type(screen_for_stage(stage))
        if hasattr(screen, "palette_commands"):
            sources.append(inspect.getsource(screen.palette_commands))
    named = {name for source in sources for name in re.findall(r"\baction_(\w+)", source)}
    assert named, "the palette's commands were not found"
    known = set(APP_ACTIONS) | set(STAGE_ACTIONS)
    assert named - known == set()


def test_the_screens_the_issue_names_have_view_keys() -> None:
    """The process parts and the per-role stages' role steps are view keys."""
    names = {
        stage: {action_name(b.action) for _k, b in view_bindings(screen_for_stage(stage))}
        for stage in ("process", "concerns", "responsibilities", "wrapup", "needs", "roles")
    }
    assert "show_part" in names["process"]
    assert {"next_role", "previous_role"} <= names["concerns"]
    assert {"next_role", "previous_role"} <= names["responsibilities"]
    assert {"part", "cycle", "write_charter"} <= names["wrapup"]
    assert "toggle_view" in names["needs"] and "filter" in names["roles"]


@pytest.mark.parametrize("mode", ["replay", "read-only"])
async def test_every_view_key_of_every_stage_works(
    mode: str, demo_copy: Path, forming_home: Path
) -> None:
    if mode == "replay":
        app = FormingApp(start="replay", path=demo_copy, folder=forming_home)
    else:
        app = FormingApp(start="open", path=demo_copy, folder=forming_home, read_only=True)
    refused: list[str] = []
    steps: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.read_only
        for stage in STAGES:
            app.enter_stage(stage)
            await settle(app, pilot)
            assert shown(app) == stage
            screen = screen_of(app, StageScreen)
            left = None  # the role shown before the last "next role" key
            for key, binding in view_bindings(screen):
                active = screen.active_bindings.get(key)
                if active is None or active.binding.action != binding.action or not active.enabled:
                    refused.append(f"{stage}: {key} ({binding.action})")
                    continue
                roles = screen.query(RoleList).first() if screen.query(RoleList) else None
                before = roles.role_id if roles is not None else None
                await pilot.press(key)
                await settle(app, pilot)
                # A key may open a dialog, or put the cursor in a field (the filter), where
                # the next letters would be typed: Escape closes or leaves it.
                if app.screen is not screen or isinstance(app.focused, Input):
                    await pilot.press("escape")
                    await settle(app, pilot)
                assert app.screen is screen, f"{stage}: {key} left the stage"
                # What the key shows: the process part it names, the next role and back.
                name = action_name(binding.action)
                if name == "show_part":
                    part = binding.action.removeprefix("show_part(").strip("')\"")
                    assert screen.query_one("#parts", TabbedContent).active == f"part-{part}"
                    steps.append(f"{stage}: {part}")
                elif name == "next_role":
                    assert roles is not None and roles.role_id != before, f"{stage}: {key}"
                    left = before
                    steps.append(f"{stage}: next role")
                elif name == "previous_role":
                    assert roles is not None and left is not None and roles.role_id == left
                    steps.append(f"{stage}: previous role")
    assert refused == []
    # What the process parts and the role steps show was checked for each of them.
    parts = ["environments", "gates", "pipeline", "done", "learning"]
    role_steps = ["next role", "previous role"]
    assert sorted(steps) == sorted(
        [f"process: {part}" for part in parts]
        + [f"{stage}: {step}" for stage in ("responsibilities", "concerns") for step in role_steps]
    )
    assert demo_copy.read_bytes() == DEMO.read_bytes()


async def test_a_file_without_a_timeline_can_be_browsed_stage_by_stage(
    no_timeline: Path, forming_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FormingApp(start="replay", path=no_timeline, folder=forming_home)
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: told.append(message))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.replay is not None and len(app.replay) == 1
        await pilot.press("ctrl+g", "1")
        await settle(app, pilot)
        assert shown(app) == "welcome"
        seen = [shown(app)]
        for _ in STAGES[1:]:
            await pilot.press("ctrl+n")
            await settle(app, pilot)
            seen.append(shown(app))
        assert seen == STAGES
        # The file has no history to have "not reached" a stage in: the replay bar already
        # says every stage is shown as the file holds it.
        assert not [words for words in told if "did not reach" in words]
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        assert shown(app) == STAGES[-2]
        # The status bar and the agenda name the stage shown, not the one the file is on.
        title = app.session.stage(STAGES[-2]).title
        assert title in str(app.screen.query_one("#status-stage").render())
        assert app.screen.query_one("#agenda", Agenda).highlighted == len(STAGES) - 2
    assert no_timeline.read_bytes()  # untouched, never written
    assert "timeline" not in tomli.loads(no_timeline.read_text(encoding="utf-8"))


async def test_go_to_stage_in_replay_goes_to_the_first_step_of_that_stage(
    fresh_session, tmp_path: Path, forming_home: Path
) -> None:
    live = LiveSession(fresh_session)
    for stage in ("roster", "roles", "roster", "roles"):  # roster entered at steps 2 and 4
        live.change("stage.entered", {"stage": stage})
    path = tmp_path / "twice.toml"
    save_session(live.session, path)
    app = FormingApp(start="replay", path=path, folder=forming_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.replay_controller.seek(3)  # on roles, between the two visits to the roster
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        await pilot.press("2")  # 2. Who is here
        await settle(app, pilot)
        assert app.replay_controller.step == 2 and shown(app) == "roster"


async def test_read_only_header_agenda_and_next_follow_the_stage_shown(
    demo_copy: Path, forming_home: Path
) -> None:
    app = FormingApp(start="open", path=demo_copy, folder=forming_home, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        room = app.session.session.stage
        app.enter_stage("roles")
        await settle(app, pilot)
        title = app.session.stage("roles").title
        assert title in str(app.screen.query_one("#status-stage").render())
        assert app.timer.timebox_min == app.session.stage("roles").timebox_min
        assert app.screen.query_one("#agenda", Agenda).highlighted == STAGES.index("roles")
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert shown(app) == "responsibilities"
        # The go-to list starts on the stage shown; the room's stage stays as saved.
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert app.screen.query_one(OptionList).highlighted == STAGES.index("responsibilities")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.session.session.stage == room
    assert demo_copy.read_bytes() == DEMO.read_bytes()


def test_every_stage_key_names_an_action_the_screen_has() -> None:
    """A key list naming an action that does not exist is how view keys went missing."""
    for stage in STAGE_SCREENS:
        screen = type(screen_for_stage(stage))
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            name = action_name(binding.action)
            assert hasattr(screen, f"action_{name}"), f"{stage}: {binding.key} runs {name}"


async def test_read_only_refuses_and_hides_the_app_editing_keys(
    demo_copy: Path, forming_home: Path
) -> None:
    app = FormingApp(start="open", path=demo_copy, folder=forming_home, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for action in EDITING_ACTIONS:
            assert app.check_action(action, ()) is False, action
        titles = " | ".join(command.title for command in palette_commands(app, app.screen))
        assert "Undo" not in titles and "Park" not in titles
        assert "Agenda (f2)" in titles and "Next stage (ctrl+n)" in titles
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)  # no "park an item" form
    assert demo_copy.read_bytes() == DEMO.read_bytes()
