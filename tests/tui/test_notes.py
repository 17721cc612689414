"""`forming notes`: follows the saved file, survives broken saves, and never writes anything."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import save_session
from tests.conftest import FIXED, HOSTILE
from tui.notes import NotesApp


def shown(app: NotesApp, name: str) -> str:
    """The plain text of one part of the notes screen."""
    return str(app.screen.query_one(f"#notes-{name}", Static).render())


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in `folder` with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


async def settle(app: NotesApp, pilot: Pilot[None]) -> None:
    """Let a read finish and its result reach the screen."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def on_stage(session: Session, stage: str, **spent: int) -> Session:
    """Return `session` moved to `stage`, with time logged on stages by id."""
    live = LiveSession(session)
    live.change("stage.entered", {"stage": stage, "spent_s": spent}, at=FIXED)
    return live.session


async def test_shows_the_current_stage_prompts_time_and_what_comes_next(
    team_session: Session, forming_home: Path
) -> None:
    session = on_stage(team_session, "roles", roles=250)
    path = forming_home / "returns.toml"
    save_session(session, path)
    stage = session.stage("roles")
    assert stage is not None and stage.prompts
    app = NotesApp(path, theme="forming-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "Stage 3 of 9: Role mapping" in shown(app, "stage")
        prompts = shown(app, "prompts")
        for prompt in stage.prompts:
            assert " ".join(prompt.split()) in " ".join(prompts.split())
        assert stage.goal.split()[0] in shown(app, "goal")
        time = shown(app, "time")
        assert "‖ paused (4:10 spent)" in time and f"{stage.timebox_min} min" in time
        assert "timer is paused" in shown(app, "time-hint")
        assert "Next: What each role owns (15 min)" in shown(app, "next")
        assert shown(app, "agenda").startswith("Then: Each other's concerns")
        assert "coverage risks open" in shown(app, "risks")
        assert "Returns Forecast" in shown(app, "where")
        # The parts that matter most stay on screen at 80x24.
        for name in ("next", "risks", "where"):
            region = app.screen.query_one(f"#notes-{name}").region
            assert region.height >= 1 and region.bottom <= 24


async def test_follows_a_new_save_and_keeps_the_last_good_state_when_broken(
    team_session: Session, forming_home: Path
) -> None:
    path = forming_home / "returns.toml"
    save_session(on_stage(team_session, "roster"), path)
    app = NotesApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "Who is here" in shown(app, "stage")

        save_session(on_stage(team_session, "concerns"), path)
        app.poll_file()
        await settle(app, pilot)
        assert "Each other's concerns" in shown(app, "stage")
        assert app.problem == ""

        path.write_bytes(b'format = "forming.session"\nschema = [\n')
        app.poll_file()
        await settle(app, pilot)
        warning = shown(app, "warning")
        assert warning.startswith("⚠ could not read the latest save: returns.toml")
        assert app.screen.query_one("#notes-warning").display
        assert "Each other's concerns" in shown(app, "stage")

        path.unlink()
        app.poll_file()
        await settle(app, pilot)
        assert "the file is missing" in shown(app, "warning")
        assert "Each other's concerns" in shown(app, "stage")

        save_session(on_stage(team_session, "wrapup"), path)
        app.poll_file()
        await settle(app, pilot)
        assert "Actions and close" in shown(app, "stage")
        assert "this is the last stage" in shown(app, "next")
        assert not app.screen.query_one("#notes-warning").display


async def test_unchanged_file_is_not_read_again(team_session: Session, forming_home: Path) -> None:
    path = forming_home / "returns.toml"
    save_session(team_session, path)
    app = NotesApp(path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        first = app.session
        app.poll_file()
        await settle(app, pilot)
        assert app.session is first


async def test_never_writes_anything(team_session: Session, forming_home: Path) -> None:
    path = forming_home / "returns.toml"
    save_session(team_session, path)
    before = folder_state(forming_home)
    app = NotesApp(path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        for _ in range(3):
            app.action_read_again()
            await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert folder_state(forming_home) == before


async def test_text_from_the_file_is_never_markup(
    team_session: Session, forming_home: Path
) -> None:
    live = LiveSession(team_session)
    hostile = [h for h in HOSTILE if h.strip()][:5]
    live.change("stage.updated", {"id": "welcome", "set": {"prompts": hostile}}, at=FIXED)
    live.change("session.updated", {"set": {"team": "[red]Team[/red] [@click=app.quit]x"}})
    path = forming_home / "returns.toml"
    save_session(live.session, path)
    stage = live.session.stage("welcome")
    assert stage is not None
    app = NotesApp(path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        prompts = shown(app, "prompts")
        for prompt in stage.prompts:
            assert prompt in prompts
        assert "[red]Team[/red] [@click=app.quit]x" in shown(app, "where")
        assert app.is_running


async def test_q_quits(team_session: Session, forming_home: Path) -> None:
    path = forming_home / "returns.toml"
    save_session(team_session, path)
    app = NotesApp(path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_counts_on_while_the_main_window_timer_runs(
    team_session: Session, forming_home: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from tui.notes import running_time

    started = datetime.now(UTC) - timedelta(seconds=75)
    live = LiveSession(on_stage(team_session, "roles", roles=60))
    live.change("stage.timed", {"spent_s": {"roles": 60}, "started": {"roles": started}})
    path = forming_home / "returns.toml"
    save_session(live.session, path)
    stage = live.session.stage("roles")
    assert stage is not None
    assert running_time(stage, started + timedelta(seconds=75)) == 135
    app = NotesApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        time = shown(app, "time")
        assert "▶ running in the main window" in time
        # 60 s logged before the start, and at least 75 s since: never the logged time alone.
        spent = time.rsplit("(", 1)[1].split(" spent")[0]
        minutes, seconds = (int(part) for part in spent.split(":"))
        assert minutes * 60 + seconds >= 135
        assert "Counts on from when the main window started" in shown(app, "time-hint")


async def test_decided_risks_are_listed_as_decisions_and_gaps_are_not_coverage_risks(
    team_session: Session, forming_home: Path
) -> None:
    live = LiveSession(on_stage(team_session, "needs"))
    live.change("stage.entered", {"stage": "process", "done": {"needs": True}})
    live.change(
        "decision.added",
        {
            "kind": "role.single_part_time",
            "subject": "platform-engineer",
            "outcome": "accepted",
            "reason": "Hiring in May",
        },
    )
    path = forming_home / "returns.toml"
    save_session(live.session, path)
    app = NotesApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        risks = shown(app, "risks")
        # Before the decision: 5 coverage risks; the 6 missing handoffs are counted apart.
        assert "4 coverage risks open" in risks
        assert "6 missing handoffs" in risks and "1 risk decided" in risks
        decisions = " ".join(shown(app, "decisions").split())
        assert "Platform / ML engineer: rests on one part-time person" in decisions
        assert "Decided: accepted: Hiring in May." in decisions


async def test_the_rest_of_the_agenda_wraps_rather_than_being_cut(
    team_session: Session, forming_home: Path
) -> None:
    session = on_stage(team_session, "roles")
    path = forming_home / "returns.toml"
    save_session(session, path)
    app = NotesApp(path, theme="forming-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        agenda = app.screen.query_one("#notes-agenda", Static)
        lines = [agenda.render_line(y).text for y in range(agenda.size.height)]
        text = " ".join(" ".join(lines).split())
        assert "…" not in text and agenda.size.height > 1
        ids = [s.id for s in session.stages]
        for stage in session.stages[ids.index("roles") + 2 :]:
            assert f"{' '.join(stage.title.split())} {stage.timebox_min} min" in text
        for name in ("next", "agenda", "risks", "where"):
            assert app.screen.query_one(f"#notes-{name}").region.bottom <= 24
