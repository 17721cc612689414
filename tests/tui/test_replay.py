"""Replay in the app: the same stage screens at every step, keys, play, scrubbing, branching."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Set as AbstractSet
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Label

from sessions.events import same_state
from sessions.replay import Replay
from sessions.store import SessionLock, read_session
from tests.conftest import saved, screen_of, settle
from tui.app import FormingApp
from tui.commands import palette_commands
from tui.screens.concerns import ConcernsScreen
from tui.screens.stage import StageScreen
from tui.widgets.chrome import Agenda
from tui.widgets.timeline import ScrubBar, TimelineBar

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "content" / "demo" / "demo-session.toml"
DOCS = ROOT / "docs" / "session-format.md"


def shown_stage(app: FormingApp) -> str:
    screen = app.screen
    assert isinstance(screen, StageScreen)
    return getattr(screen, "stage_id", None) or screen.STAGE_ID


def assert_at(app: FormingApp, step: int) -> None:
    """The app shows step `step`: its state, on the screen of the stage the room was on."""
    replay = app.replay
    assert replay is not None
    assert app.replay_controller.step == step
    assert app.session is not None
    assert same_state(app.session, replay.state_at(step))
    assert shown_stage(app) == replay.stage_at(step)


class Untouched:
    """A file and its folder, checked byte for byte (and mtime) after the replay."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path.read_bytes()
        self.mtime = path.stat().st_mtime_ns
        self.names = sorted(os.listdir(path.parent))

    def check(self, *, new: AbstractSet[str] = frozenset()) -> None:
        assert self.path.read_bytes() == self.data
        assert self.path.stat().st_mtime_ns == self.mtime
        assert set(os.listdir(self.path.parent)) == set(self.names) | set(new)


@pytest.fixture
def demo_copy(forming_home: Path) -> Path:
    """The bundled demo session, copied into a folder of its own."""
    folder = forming_home.parent / "mail"
    folder.mkdir()
    path = folder / "returns-forecast.toml"
    shutil.copyfile(DEMO, path)
    return path


def replay_app(path: Path, forming_home: Path) -> FormingApp:
    return FormingApp(start="replay", path=path, folder=forming_home, theme="forming-dark")


async def test_replay_starts_at_the_end_and_steps_through_the_same_screens(
    demo_copy: Path, forming_home: Path
) -> None:
    file = Untouched(demo_copy)
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.read_only and app.save_state == "read-only"
        assert app.replay is not None and len(app.replay) == 27
        assert_at(app, 27)
        assert shown_stage(app) == "needs"
        bar = app.screen.query_one(TimelineBar)
        assert bar.display
        where = str(bar.query_one("#timeline-where").render())
        assert "27/27" in where and "2026-11-12 09:56" in where and "Paused" in where
        assert "Daily returns table" in str(bar.query_one("#timeline-what").render())

        await pilot.press("home")
        await settle(app, pilot)
        assert_at(app, 1)
        for step in range(2, 28):
            await pilot.press("full_stop")
            await settle(app, pilot)
            assert_at(app, step)
        for step in (26, 25, 24):
            await pilot.press("comma")
            await settle(app, pilot)
            assert_at(app, step)
        await pilot.press("end")
        await settle(app, pilot)
        assert_at(app, 27)
        await pilot.press("full_stop")  # past the end: stays
        await settle(app, pilot)
        assert_at(app, 27)
    file.check()


async def test_jumps_by_stage_and_by_decision(demo_copy: Path, forming_home: Path) -> None:
    file = Untouched(demo_copy)
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("home")
        await settle(app, pilot)
        for step in (3, 9, 17):
            await pilot.press("s")
            await settle(app, pilot)
            assert_at(app, step)
        await pilot.press("S")
        await settle(app, pilot)
        assert_at(app, 9)
        await pilot.press("ctrl+n")  # next stage: the next stage change, in replay
        await settle(app, pilot)
        assert_at(app, 17)
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        assert_at(app, 9)
        await pilot.press("d")
        await settle(app, pilot)
        assert_at(app, 16)
        assert app.session.actions and screen_of(app, StageScreen).STAGE_ID == "roles"
        await pilot.press("d")
        await settle(app, pilot)
        assert_at(app, 26)
        await pilot.press("D")
        await settle(app, pilot)
        assert_at(app, 16)
        # On the role matrix (a focused DataTable) the step keys still reach the replay.
        assert app.screen.focused is not None
        await pilot.press("comma")
        await settle(app, pilot)
        assert_at(app, 15)
        # The agenda jumps to where the room entered a stage.
        app.enter_stage("concerns")
        await settle(app, pilot)
        assert_at(app, 19)
        # So does "go to stage" (ctrl+g), through its dialog.
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        await pilot.press("home", "down", "down", "enter")  # 3. Role mapping
        await settle(app, pilot)
        assert_at(app, 9)
        # A stage the room never reached is shown as it stood at the step on screen, and the
        # status bar and the agenda name it.
        app.enter_stage("wrapup")
        await settle(app, pilot)
        assert app.replay_controller.step == 9 and shown_stage(app) == "wrapup"
        assert "Actions and close" in str(app.screen.query_one("#status-stage").render())
        assert app.screen.query_one("#agenda", Agenda).highlighted == 8
    file.check()


async def test_play_advances_and_pauses_at_the_end(
    demo_copy: Path, forming_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = replay_app(demo_copy, forming_home)
    # No real clock: record each (re)start of the interval and drive its callback by hand.
    started: list[float] = []
    monkeypatch.setattr(
        app.replay_controller, "start_timer", lambda: started.append(app.replay_controller.speed)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("space")  # at the end, play starts again from the first step
        await settle(app, pilot)
        assert app.replay_controller.playing and started == [1.0]
        assert_at(app, 1)
        app.replay_controller.tick()
        await settle(app, pilot)
        assert_at(app, 2)
        assert "Playing" in str(app.screen.query_one("#timeline-where").render())
        await pilot.press("plus", "plus")
        assert app.replay_controller.speed == 4.0 and started == [1.0, 2.0, 4.0]
        await pilot.press("minus", "minus", "minus", "minus")
        assert app.replay_controller.speed == 0.5
        assert "0.5×" in str(app.screen.query_one("#timeline-where").render())
        await pilot.press("space")
        await settle(app, pilot)
        assert not app.replay_controller.playing
        app.replay_controller.tick()  # paused: a tick does nothing
        assert_at(app, 2)
        app.replay_controller.seek(26)
        await settle(app, pilot)
        await pilot.press("space")
        app.replay_controller.tick()
        await settle(app, pilot)
        assert_at(app, 27)
        assert not app.replay_controller.playing
        assert "Paused" in str(app.screen.query_one("#timeline-where").render())


async def test_play_uses_an_interval_of_one_step_per_speed(
    demo_copy: Path, forming_home: Path
) -> None:
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.replay_controller.speed = 4.0
        app.replay_controller.start_timer()
        timer = app.replay_controller._timer
        assert timer is not None and timer._interval == 0.25
        app.replay_controller.leave()
        assert app.replay_controller._timer is None and app.replay is None


async def test_clicking_the_scrub_bar_seeks(demo_copy: Path, forming_home: Path) -> None:
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        scrub = app.screen.query_one(ScrubBar)
        await pilot.click(scrub, offset=(0, 0))
        await settle(app, pilot)
        assert_at(app, 1)
        scrub = app.screen.query_one(ScrubBar)
        middle = scrub.size.width // 2
        expected = scrub.step_at(middle)
        assert 10 <= expected <= 18
        await pilot.click(scrub, offset=(middle, 0))
        await settle(app, pilot)
        assert_at(app, expected)
        scrub = app.screen.query_one(ScrubBar)
        await pilot.click(scrub, offset=(scrub.size.width - 1, 0))
        await settle(app, pilot)
        assert_at(app, 27)


async def press_and_close(app, pilot, *keys: str) -> None:
    """Press each key, closing any dialog it opened without filling it in."""
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)
        while not isinstance(app.screen, StageScreen):
            await pilot.press("escape")
            await settle(app, pilot)


async def test_stage_editing_keys_change_nothing(demo_copy: Path, forming_home: Path) -> None:
    file = Untouched(demo_copy)
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # Role mapping, at the action the room agreed.
        app.replay_controller.seek(16)
        await settle(app, pilot)
        assert screen_of(app, StageScreen).STAGE_ID == "roles"
        # On Jonas Berg's share of Data scientist, where x would take him out of the role.
        app.screen.query_one(DataTable).cursor_coordinate = Coordinate(1, 2)
        await press_and_close(app, pilot, "x", "enter", "equals_sign", "r", "R", "ctrl+z")
        assert_at(app, 16)
        # Each other's concerns, with a concern written by the team.
        app.replay_controller.seek(23)
        await settle(app, pilot)
        assert screen_of(app, StageScreen).STAGE_ID == "concerns"
        await press_and_close(app, pilot, "e", "h", "r", "0", "ctrl+y", "f7")
        assert_at(app, 23)
        # The stage's editing keys are hidden while replaying: they open nothing.
        for key in ("delete", "a"):
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, StageScreen), key
        # Behind the keys, the app refuses too: saying yes to a removal changes nothing...
        screen_of(app, ConcernsScreen).action_remove()
        await settle(app, pilot)
        assert not isinstance(app.screen, StageScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert_at(app, 23)
        # ...and neither does filling a form in and submitting it.
        screen_of(app, ConcernsScreen).action_add()
        await settle(app, pilot)
        assert not isinstance(app.screen, StageScreen)
        app.screen.query_one(Input).value = "Sneaky [b]change"
        await pilot.press("enter")
        await settle(app, pilot)
        while not isinstance(app.screen, StageScreen):
            await pilot.press("escape")
            await settle(app, pilot)
        assert_at(app, 23)
        assert all("Sneaky" not in c.text for c in app.session.concerns)
        # In replay, d and + are replay keys: a jump and a speed, never a removal or a dot.
        concerns = app.session.concerns
        await pilot.press("plus")
        await settle(app, pilot)
        assert app.replay_controller.speed == 2.0 and app.session.concerns == concerns
        await pilot.press("d")
        await settle(app, pilot)
        assert_at(app, 26)
        await pilot.press("ctrl+o")  # parking is off while replaying
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    file.check()


async def test_typing_in_a_filter_is_not_taken_by_replay_keys(
    demo_copy: Path, forming_home: Path
) -> None:
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.replay_controller.seek(15)
        await settle(app, pilot)
        await pilot.press("slash")
        await settle(app, pilot)
        field = app.screen.query_one("#filter", Input)
        assert app.screen.focused is field
        await pilot.press("s", "d", "b", "space", "full_stop")
        await settle(app, pilot)
        assert field.value == "sdb ."
        assert_at(app, 15)


async def test_a_hand_written_file_replays_as_one_step(forming_home: Path) -> None:
    text = DOCS.read_text(encoding="utf-8").split("```toml\n", 1)[1].split("```", 1)[0]
    path = forming_home.parent / "fraud-signals.toml"
    path.write_text(text, encoding="utf-8")
    file = Untouched(path)
    app = replay_app(path, forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.replay is not None and len(app.replay) == 1
        assert_at(app, 1)
        assert shown_stage(app) == "process"
        assert app.session is not None
        assert same_state(app.session, read_session(path))
        what = str(app.screen.query_one("#timeline-what").render())
        assert "imported" in what
        await press_and_close(app, pilot, "full_stop", "comma", "home", "s", "d", "space")
        assert_at(app, 1)
    file.check()


async def test_a_hand_edited_file_ends_on_the_file_state(
    demo_copy: Path, forming_home: Path
) -> None:
    text = demo_copy.read_text(encoding="utf-8")
    demo_copy.write_text(text.replace('team = "Returns Forecast"', 'team = "Returns Team"', 1))
    file = Untouched(demo_copy)
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.replay is not None and len(app.replay) == 28
        assert_at(app, 28)
        assert app.session.session.team == "Returns Team"
        await pilot.press("comma")
        await settle(app, pilot)
        assert_at(app, 27)
        assert app.session.session.team == "Returns Forecast"
    file.check()


async def test_branch_from_here_starts_a_new_editable_session(
    demo_copy: Path, forming_home: Path
) -> None:
    file = Untouched(demo_copy)
    before = set(os.listdir(forming_home))
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in palette_commands(app, app.screen)]
        assert "Branch from here (b)" in titles
        assert not any(title.startswith("Park") for title in titles)
        app.replay_controller.seek(16)
        await settle(app, pilot)
        expected = app.replay.state_at(16)
        await pilot.press("b")
        await settle(app, pilot)
        assert app.replay is None and not app.read_only
        path = app.session_path
        assert path is not None
        assert path.parent == forming_home and path.name == "returns-forecast-branch.toml"
        assert set(os.listdir(forming_home)) - before >= {path.name}
        branch = read_session(path)
        assert branch.session.id != read_session(demo_copy).session.id
        assert branch.session.team == "Returns Forecast (branch)"
        assert [e.type for e in branch.timeline] == ["session.created"]
        mine = branch.state_dump()
        theirs = expected.state_dump()
        # The branch carries how far ids got in the whole replayed file (never reused).
        assert mine["session"]["ids_used"]["p"] >= 1
        for data in (mine, theirs):
            for key in ("id", "team", "created_at", "updated_at", "ids_used"):
                data["session"].pop(key, None)
        assert mine == theirs
        assert not app.screen.query_one(TimelineBar).display
        with pytest.raises(Exception, match="already open"):
            SessionLock(path).acquire()
        # It is a normal session now: the next stage is recorded in the new file.
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert saved(path).session.stage == "responsibilities"
        assert "Branch from here (b)" not in [c.title for c in palette_commands(app, app.screen)]
    file.check()


async def test_names_that_look_like_markup_replay_as_plain_text(
    save_to, fresh_session, forming_home: Path
) -> None:
    from sessions.live import LiveSession

    live = LiveSession(fresh_session)
    live.change("stage.entered", {"stage": "roster"})
    live.change("person.added", {"id": "p1", "name": "[@click=app.quit]x[/]"})
    live.change("person.added", {"id": "p2", "name": "\x1b]52;c;SGVsbG8=\x07[bold]Eve"})
    path = save_to(live.session, "hostile.toml")
    file = Untouched(path)
    app = replay_app(path, forming_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        what = app.screen.query_one("#timeline-what")
        assert str(what.render()) == "]52;c;SGVsbG8=[bold]Eve joined the team (100% available)."
        await pilot.press("comma")
        await settle(app, pilot)
        text = str(app.screen.query_one("#timeline-what").render())
        assert text == "[@click=app.quit]x[/] joined the team (100% available)."
        assert app.is_running and app.replay_controller.step == 3
    file.check()


async def test_replay_keys_are_off_outside_replay(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.replay is None
        assert app.check_action("replay_play", ()) is False
        assert not app.screen.query_one(TimelineBar).display
        await pilot.press("space", "full_stop", "home", "s")
        await settle(app, pilot)
        assert app.replay_controller.step == 0 and app.session.session.stage == "roles"


def test_replay_of_a_broken_file_exits_1_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "forming.session"\nschema = 1\n[session\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "replay", str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "FORMING_HOME": str(tmp_path / "home")},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "broken.toml:3" in result.stderr


def test_replay_help_names_the_keys(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "replay", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0
    assert "read-only" in result.stdout and "--dir" in result.stdout
    assert "--theme" in result.stdout


def test_replay_is_built_from_the_file_alone() -> None:
    # The app replays exactly what the domain replays: the same class, the same steps.
    replay = Replay(read_session(DEMO))
    assert len(replay) == 27 and replay.stage_at(27) == "needs"


async def test_hints_do_not_offer_edits_while_replaying(
    demo_copy: Path, forming_home: Path
) -> None:
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert screen_of(app, StageScreen).STAGE_ID == "needs"
        hint = str(app.screen.query_one("#needs-view-hint", Label).render())
        assert "Handoffs" in hint and "Enter" not in hint
        await pilot.press("m")
        await settle(app, pilot)
        hint = str(app.screen.query_one("#needs-view-hint", Label).render())
        assert "Rows hand to columns" in hint and "Enter" not in hint


async def test_replay_shows_its_last_step_at_once_and_keys_work_while_it_is_built(
    demo_copy: Path, forming_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's state is on screen before the steps exist; keys pressed meanwhile count."""
    import threading

    from sessions import replay as replay_module

    release = threading.Event()
    real_init = replay_module.Replay.__init__

    def held(self, *args, **kwargs):
        assert release.wait(30), "the test never let the replay be built"
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(replay_module.Replay, "__init__", held)
    file_state = read_session(demo_copy)
    untouched = Untouched(demo_copy)
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The replay is still being built: the file's state (its last step) is on screen.
        assert app.replay is None and app.replay_controller.building is not None
        assert isinstance(app.screen, StageScreen)
        assert app.session is not None
        assert same_state(app.session, file_state)
        assert shown_stage(app) == file_state.session.stage
        bar = app.screen.query_one(TimelineBar)
        assert bar.display
        assert "Reading the history" in str(bar.query_one("#timeline-what").render())
        # Replay keys are shown and taken, not lost: to the start, then two steps on.
        assert app.screen.active_bindings["home"].enabled
        await pilot.press("home", "full_stop", "full_stop")
        assert app.replay is None
        release.set()
        await settle(app, pilot)
        assert app.replay_controller.building is None
        assert_at(app, 3)
        assert app.screen.query_one(ScrubBar).steps == len(app.replay)
        # Every step is reachable.
        await pilot.press("end")
        assert_at(app, len(app.replay))
    untouched.check()


async def test_a_replay_with_a_broken_history_from_the_command_line_ends_with_its_message(
    forming_home: Path, tmp_path: Path
) -> None:
    from sessions.store import read_state, save_session

    path = tmp_path / "broken.toml"
    save_session(read_session(DEMO), path)
    path.write_bytes(path.read_bytes() + b"\n[[timeline]]\nseq = 'x'\n")
    untouched = Untouched(path)
    app = FormingApp(start="replay", path=path, folder=forming_home, opened=read_state(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
    assert app.return_code == 1
    untouched.check()
