"""`forming notes`: the facilitator's second screen, following a live session's saved file."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from sessions.coverage import HANDOFF_MISSING, decision_words, split_risks
from sessions.errors import SessionFileError
from sessions.model import Session, Stage
from sessions.store import read_session
from sessions.text import plural
from tui.themes import DEFAULT_THEME, THEMES
from tui.timer import StageTimer
from tui.widgets.chrome import KeysFooter

POLL_S = 0.5
"""How often the notes look at the session file for a new save, in seconds."""

Signature = tuple[int, int, int]
"""What tells one save of the file from the next: modification time (ns), size and inode."""


@dataclass(frozen=True)
class _Read:
    """The outcome of one read of the session file, tagged with the poll that asked for it."""

    generation: int
    session: Session | None
    problem: str = ""


def _signature(path: Path) -> Signature:
    info = os.stat(path)
    # The inode changes on every atomic save (a new file is renamed over the old one), so a
    # save within the file system's timestamp resolution is still noticed.
    return (info.st_mtime_ns, info.st_size, info.st_ino)


_SEVERITY_WORDS = {"error": "serious", "warning": "fragile", "info": "to note"}


def _minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def running_time(stage: Stage, at: datetime) -> int:
    """Return the seconds spent on `stage` at `at`: the time logged, plus the current run."""
    if stage.running_since is None:
        return stage.spent_s
    return stage.spent_s + max(0, int((at - stage.running_since).total_seconds()))


class NotesScreen(Screen[None]):
    """The current stage's goal, prompts and notes, the time logged, and what comes next."""

    CSS_PATH = "notes.tcss"

    def compose(self) -> ComposeResult:
        yield Static(id="notes-where")
        yield Static(id="notes-warning")
        with VerticalScroll(id="notes-body"):
            yield Static(id="notes-stage")
            yield Static(id="notes-time")
            yield Static(id="notes-time-hint")
            yield Static(id="notes-goal")
            yield Static(id="notes-prompts")
            yield Static(id="notes-notes")
            yield Static(id="notes-decisions")
        yield Static(id="notes-next")
        yield Static(id="notes-agenda")
        yield Static(id="notes-risks")
        yield KeysFooter()

    def show_reading(self, path: Path) -> None:
        """Say the file is being read, before the first read has finished."""
        self.query_one("#notes-where", Static).update(
            Content.assemble(("Notes (read-only)", "bold"), " · reading ", path.name, "…")
        )

    def show_session(self, session: Session, path: Path) -> None:
        """Show the current stage of `session`, as last saved in `path`."""
        saved = session.session.updated_at.strftime("%H:%M:%S UTC")
        self.query_one("#notes-where", Static).update(
            Content.assemble(
                ("Notes (read-only)", "bold"),
                " · ",
                session.session.team,
                f" · {path.name} saved {saved}",
            )
        )
        stages = session.stages
        index = next((i for i, s in enumerate(stages) if s.id == session.session.stage), None)
        if index is None:
            self._show_no_stage(session)
        else:
            self._show_stage(stages[index], index, len(stages))
        self._show_next(stages[index + 1 :] if index is not None else [])
        self._show_risks(session)

    def _show_no_stage(self, session: Session) -> None:
        self.query_one("#notes-stage", Static).update(
            Content.assemble(
                "The room is on ", session.session.stage, ", which is not on the agenda."
            )
        )
        for name in ("time", "time-hint", "goal", "prompts", "notes"):
            self.query_one(f"#notes-{name}", Static).update("")

    def _show_stage(self, stage: Stage, index: int, count: int) -> None:
        self.query_one("#notes-stage", Static).update(
            Content.assemble(f"Stage {index + 1} of {count}: ", stage.title)
        )
        self.show_time(stage)
        goal = self.query_one("#notes-goal", Static)
        goal.update(Content.assemble(("Goal: ", "bold"), stage.goal) if stage.goal else "")
        goal.display = bool(stage.goal)
        parts: list[Content | str | tuple[str, str]] = [("Prompts", "bold")]
        for prompt in stage.prompts:
            parts += ["\n• ", prompt]
        if not stage.prompts:
            parts.append("\nNo prompts for this stage.")
        self.query_one("#notes-prompts", Static).update(Content.assemble(*parts))
        notes = self.query_one("#notes-notes", Static)
        notes.update(Content.assemble(("Notes", "bold"), "\n", stage.notes) if stage.notes else "")
        notes.display = bool(stage.notes)

    def show_time(self, stage: Stage, at: datetime | None = None) -> None:
        """Show the stage's timer as the room sees it: counting on while it runs."""
        spent = running_time(stage, at or datetime.now(UTC))
        state = StageTimer(timebox_min=stage.timebox_min, spent_s=spent).state()
        if stage.running_since is not None:
            how = "▶ running in the main window"
            hint = "Counts on from when the main window started its timer."
        else:
            how = "‖ paused"
            hint = "The main window's timer is paused; this is the time logged on the stage."
        self.query_one("#notes-time", Static).update(
            Content(
                f"{state.symbol} {state.clock} {state.words} of the {stage.timebox_min} min "
                f"timebox, {how} ({_minutes(spent)} spent)"
            )
        )
        self.query_one("#notes-time-hint", Static).update(Content(hint))

    def _show_next(self, coming: list[Stage]) -> None:
        if not coming:
            self.query_one("#notes-next", Static).update(
                Content("Next: nothing, this is the last stage.")
            )
            self.query_one("#notes-agenda", Static).update("")
            return
        upcoming = coming[0]
        self.query_one("#notes-next", Static).update(
            Content.assemble(("Next: ", "bold"), upcoming.title, f" ({upcoming.timebox_min} min)")
        )
        parts: list[Content | str | tuple[str, str]] = ["Then: "]
        for i, stage in enumerate(coming[1:]):
            parts += [" · " if i else "", stage.title, f" {stage.timebox_min} min"]
        if len(coming) == 1:
            parts.append("the end of the agenda")
        self.query_one("#notes-agenda", Static).update(Content.assemble(*parts))

    def _show_risks(self, session: Session) -> None:
        found, decided = split_risks(session)
        coverage = [r for r in found if r.kind.startswith(("role.", "person."))]
        gaps = [r for r in found if r.kind == HANDOFF_MISSING]
        other = len(found) - len(coverage) - len(gaps)
        if not coverage:
            parts = ["✓ No coverage risks open"]
        else:
            by_kind: dict[tuple[str, str], int] = {}
            for risk in coverage:
                key = (risk.symbol, _SEVERITY_WORDS.get(risk.severity, risk.severity))
                by_kind[key] = by_kind.get(key, 0) + 1
            kinds = ", ".join(f"{n} {symbol} {word}" for (symbol, word), n in by_kind.items())
            parts = [f"⚠ {plural(len(coverage), 'coverage risk')} open ({kinds})"]
        if gaps:
            parts.append(f"⚠ {plural(len(gaps), 'missing handoff')}")
        if other:
            parts.append(f"⚠ {plural(other, 'gate or action', 'gates or actions')} to finish")
        if decided:
            parts.append(f"✓ {plural(len(decided), 'risk')} decided")
        self.query_one("#notes-risks", Static).update(Content(" · ".join(parts)))
        listed = self.query_one("#notes-decisions", Static)
        lines: list[Content | str | tuple[str, str]] = [("Decided risks", "bold")]
        for risk, decision in decided:
            lines += ["\n✓ ", risk.message, " Decided: ", decision_words(session, decision), "."]
        listed.update(Content.assemble(*lines) if decided else "")
        listed.display = bool(decided)

    def show_warning(self, problem: str) -> None:
        """Show why the latest save could not be read, or hide the line when `problem` is empty."""
        warning = self.query_one("#notes-warning", Static)
        warning.update(
            Content(f"⚠ could not read the latest save: {problem}. Showing the last good save.")
            if problem
            else ""
        )
        warning.set_class(bool(problem), "-shown")


class NotesApp(App[None]):
    """Follows a session file that another Forming window saves, and never writes anything.

    Every half second it looks at the file's modification time, size and inode; when they
    change it reads the file again in a worker thread. A save caught half-written, a file
    edited into something broken or a file that has gone leaves the last good state on screen,
    with a warning line saying why.
    """

    TITLE = "Forming notes"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Close the notes", id="notes-quit"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            tooltip="Close the notes",
            id="notes-quit-ctrl",
        ),
        Binding(
            "r",
            "read_again",
            "Read again",
            tooltip="Read the session file again now",
            id="notes-read-again",
        ),
    ]

    def __init__(self, path: Path | str, *, theme: str | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        """The session file followed."""
        self.requested_theme = theme
        self.session: Session | None = None
        """The last session read successfully, or `None` before the first."""
        self.problem = ""
        """Why the latest save could not be read, or `""`."""
        self._seen: Signature | None = None
        self._generation = 0
        self._shown_generation = 0

    async def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.requested_theme or DEFAULT_THEME
        await self.push_screen(NotesScreen())
        self.notes_screen.show_reading(self.path)
        self.poll_file()
        self.set_interval(POLL_S, self.poll_file)
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        """Count the running stage timer on, a second at a time, between saves."""
        session = self.session
        if session is None:
            return
        stage = session.stage(session.session.stage)
        if stage is not None and stage.running_since is not None:
            self.notes_screen.show_time(stage)

    @property
    def notes_screen(self) -> NotesScreen:
        """The notes screen."""
        return next(s for s in self.screen_stack if isinstance(s, NotesScreen))

    def poll_file(self) -> None:
        """Read the file again if it changed since it was last looked at."""
        try:
            signature = _signature(self.path)
        except OSError as error:
            self._seen = None
            self._show_problem(
                "the file is missing" if isinstance(error, FileNotFoundError) else str(error)
            )
            return
        if signature == self._seen:
            return
        self._seen = signature
        self._generation += 1
        self._read(self._generation)

    def action_read_again(self) -> None:
        """Read the file now, changed or not."""
        self._seen = None
        self.poll_file()

    @work(thread=True, exclusive=True, group="notes-read")
    def _read(self, generation: int) -> _Read:
        """Read the session file off the UI thread; never raises."""
        try:
            return _Read(generation, read_session(self.path))
        except SessionFileError as error:
            return _Read(generation, None, "; ".join(error.lines()[:2]))
        except Exception as error:  # the notes must outlive any surprise in the file
            return _Read(generation, None, f"{self.path.name}: {error}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.SUCCESS or event.worker.group != "notes-read":
            return
        result = event.worker.result
        if not isinstance(result, _Read) or result.generation < self._shown_generation:
            return
        self._shown_generation = result.generation
        if result.session is None:
            self._show_problem(result.problem)
            return
        self.session = result.session
        self.problem = ""
        screen = self.notes_screen
        screen.show_session(result.session, self.path)
        screen.show_warning("")

    def _show_problem(self, problem: str) -> None:
        self.problem = problem
        self.notes_screen.show_warning(problem)


def run_notes(path: Path, *, theme: str | None = None) -> int:
    """Run `forming notes PATH`: refuse a broken file, then follow it; return the exit code."""
    try:
        read_session(path)
    except SessionFileError as error:
        print(error, file=sys.stderr)
        return 1
    known = {t.name for t in THEMES}
    if not theme:
        from tui.startup import remembered_theme

        theme = remembered_theme(known)
    app = NotesApp(path, theme=theme)
    if theme and theme not in known and theme not in app.available_themes:
        names = ", ".join(sorted(known | set(app.available_themes)))
        print(f"Unknown theme {theme!r}. Choose one of: {names}", file=sys.stderr)
        return 2
    from tui.startup import use_the_real_terminal_size

    use_the_real_terminal_size()
    app.run()
    return 0
