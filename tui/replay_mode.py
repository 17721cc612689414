"""Replay: the app's controller that steps, plays and scrubs through a file it never writes.

It opens the replay (the file's state at once, every step built in a worker), holds the step
shown, the playing and the speed, and moves the stage screens with the steps. What each
replay key does is `tui.replay_keys`'s; the keys themselves are in `tui.keys`.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.dom import DOMNode
from textual.signal import Signal
from textual.timer import Timer

from sessions.errors import SessionFileError
from tui.forming import Forming
from tui.stage_control import shown_stage

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.worker import Worker

    from sessions.model import Session
    from sessions.replay import Replay
    from tui.timer_control import TimerControl

BUILD_AFTER_FRAME_S = 1.0
"""How long the replay's worker waits for the first frame before it starts anyway."""


@dataclass(eq=False)
class ReplayBuild:
    """A replay being built in a worker while the file's state is already on screen."""

    path: Path
    queued: list[tuple[Callable[..., None], tuple[Any, ...]]] = field(default_factory=list)
    """Replay keys pressed meanwhile, run in order the moment every step is reachable."""


@runtime_checkable
class ReplayApp(Forming, Protocol):
    """What replay needs of the app, beyond what every screen reads (`Forming`).

    A protocol rather than the app's class: `tui.forming` and the screens must not import the
    app back (an import-linter contract), and this module is imported by the app.
    """

    @property
    def start(self) -> str:
        """How the app was started (`replay` from the command line)."""

    @property
    def start_path(self) -> Path | None:
        """The file given on the command line, if any."""

    timer_control: TimerControl

    def show_state(self, session: Session | None, *, redraw: bool = True) -> None: ...

    def show_stage(self, stage_id: str) -> None: ...

    def close_session(self) -> None: ...

    def go_home(self) -> None: ...

    def home_if_bare(self) -> None: ...

    def refresh_bindings(self) -> None: ...

    def run_worker(
        self, work: Callable[[], None], *, thread: bool, group: str, description: str
    ) -> Worker[None]: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def set_interval(self, interval: float, callback: Callable[[], Any]) -> Timer: ...

    def exit(self, *, return_code: int = 0, message: RenderableType | None = None) -> None: ...


class ReplayController:
    """What the app does while replaying a session read-only; the app owns one.

    The same stage screens show `Replay.state_at(step)`: stepping sets `app.session`, and the
    screen follows the stage the room was on. Nothing is ever written to the replayed file.

    `forming replay` shows the file's state at once: it is the replay's starting step (the
    last one). The history is read and every step built in a worker; replay keys pressed
    meanwhile are kept and run, in order, as soon as the steps are there.
    """

    def __init__(self, app: ReplayApp) -> None:
        self.app = app
        self.replay: Replay | None = None
        """The replay on screen, or `None` when the app is not replaying (or still building it)."""
        self.building: ReplayBuild | None = None
        """The replay being built, while its starting step is on screen."""
        self._step = 0
        self._playing = False
        self._speed = 1.0
        self._timer: Timer | None = None
        # The signal belongs to the app (a protocol cannot say that it is a DOM node).
        assert isinstance(app, DOMNode)
        self.changed: Signal[None] = Signal(app, "replay-changed")
        """Published when the step shown, playing or the speed changes (the timeline redraws)."""

    @property
    def step(self) -> int:
        """The step shown, from 1 (0 when not replaying)."""
        return self._step

    @step.setter
    def step(self, step: int) -> None:
        if step != self._step:
            self._step = step
            self.changed.publish(None)

    @property
    def playing(self) -> bool:
        """Whether the replay is playing."""
        return self._playing

    @playing.setter
    def playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self.changed.publish(None)

    @property
    def speed(self) -> float:
        """Steps per second while playing."""
        return self._speed

    @speed.setter
    def speed(self, speed: float) -> None:
        if speed != self._speed:
            self._speed = speed
            self.changed.publish(None)

    # -- entering and leaving ----------------------------------------------------------------

    @property
    def replaying(self) -> bool:
        """Whether a replay is on screen, built or still being built."""
        return self.replay is not None or self.building is not None

    def open(self, path: Path, *, opened: tuple[Session, bytes] | None = None) -> None:
        """Replay the session at `path` read-only, starting at its last step.

        The last step is the file's state, shown at once; the history is read and the steps
        built in a worker (`building` until then). `opened` is what `read_state` gave for
        `path`, when the caller read it already.
        """
        from sessions.store import read_state

        app = self.app
        path = Path(path)
        try:
            state, data = opened if opened is not None else read_state(path)
        except SessionFileError as error:
            self._cannot_replay(error)
            return
        app.show_session(state, path, read_only=True)
        build = ReplayBuild(path)
        self.building = build
        self.playing = False
        self.speed = 1.0
        app.refresh_bindings()
        drawn = threading.Event()
        app.call_after_refresh(drawn.set)
        # A description of its own: Textual would describe the worker by the repr of its
        # arguments, the file's megabytes among them.
        app.run_worker(
            functools.partial(self._build_replay, build, data, state, drawn),
            thread=True,
            group="replay",
            description="build the replay",
        )

    def _cannot_replay(self, error: SessionFileError) -> None:
        app = self.app
        app.notify(
            str(error),
            title="Cannot replay the session",
            severity="error",
            markup=False,
            timeout=20,
        )
        app.home_if_bare()

    def _build_replay(
        self, build: ReplayBuild, data: bytes, state: Session, drawn: threading.Event
    ) -> None:
        """Read the history and fold every step, off the UI thread; then hand the replay over."""
        from sessions.replay import Replay
        from sessions.store import parse_history

        drawn.wait(BUILD_AFTER_FRAME_S)  # the first frame first: reading would only slow it
        result: Replay | SessionFileError
        # The history's events and the replay's states are tens of thousands of objects that
        # live as long as the replay: collections while they are made would walk them again
        # and again, and the first after would walk them all on the UI thread. The collector
        # waits for the build, then they sit out collections (as an opened session's history
        # does) until the replay is left (`leave`).
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = Replay(parse_history(data, state, build.path))
            gc.freeze()
        except SessionFileError as error:
            result = error
        except Exception as error:  # a message, never a traceback
            result = SessionFileError(f"the file could not be read ({error})", build.path)
        finally:
            if collecting:
                gc.enable()
        del data
        with contextlib.suppress(Exception):  # the app may have ended meanwhile
            self.app.call_from_thread(self._replay_built, build, result)

    def _replay_built(self, build: ReplayBuild, result: Replay | SessionFileError) -> None:
        """Make every step reachable and run the keys pressed meanwhile (UI thread)."""
        if self.building is not build:
            return  # the viewer left, or opened something else, meanwhile
        self.building = None
        app = self.app
        if isinstance(result, SessionFileError):
            result.path = result.path or build.path
            app.close_session()
            if app.start == "replay" and app.start_path == build.path:
                from rich.text import Text

                # From the command line: leave with the message, as a broken state does.
                app.exit(return_code=1, message=Text(str(result)))
                return
            app.go_home()
            self._cannot_replay(result)
            return
        last = len(result)
        state = result.state_at(last)
        # The last step holds the very state on screen (the file's): nothing to draw again.
        app.show_state(state, redraw=False)
        self.replay = result
        self.step = last
        for method, args in build.queued:
            method(*args)

    def deferred(self, method: Callable[..., None], *args: Any) -> bool:
        """Keep a replay key for when the steps are built; return whether it was kept."""
        build = self.building
        if build is None:
            return False
        build.queued.append((method, args))
        return True

    def leave(self) -> None:
        """Stop replaying (the session stays on screen until another replaces it)."""
        self.stop_playing()
        if self.replay is not None:
            gc.unfreeze()  # what the build froze goes back to the collector
        self.replay = None
        self.building = None
        self.step = 0

    # -- moving through the steps ------------------------------------------------------------

    def seek(self, step: int) -> None:
        """Show the state at `step` on the stage screen for the stage the room was on."""
        replay = self.replay
        app = self.app
        if replay is None or shown_stage(app.screen) is None:
            return
        step = max(1, min(len(replay), step))
        state = replay.state_at(step)
        self.step = step
        app.show_state(state)
        stage = state.session.stage
        if shown_stage(app.screen) != stage:
            app.timer_control.set_for_stage()
            app.show_stage(stage)

    def tick(self) -> None:
        """Advance one step while playing, pausing at the last step."""
        replay = self.replay
        if replay is None or not self.playing:
            return
        if shown_stage(self.app.screen) is None:
            return  # a dialog is open over the stage: wait for it to close
        if self.step < len(replay):
            self.seek(self.step + 1)
        if self.step >= len(replay):
            self.stop_playing()

    def stop_playing(self) -> None:
        """Stop playing (the step shown stays)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.playing = False

    def start_timer(self) -> None:
        """(Re)start the interval that steps on while playing, at the speed set."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_interval(1 / self.speed, self.tick)

    def enter_stage(self, stage_id: str) -> None:
        """Jump to the first step of `stage_id`: where the room first entered it.

        A stage the room never reached in this file (a hand-written file has no timeline at
        all) is still shown, as the session stood at the step on screen.
        """
        if self.deferred(self.enter_stage, stage_id):
            return
        replay = self.replay
        if replay is None:
            return
        step = replay.entering(stage_id, 0)  # after step 0: the first time the room entered it
        if step is None:
            self._browse_stage(stage_id)
            return
        self.seek(step)

    def _browse_stage(self, stage_id: str) -> None:
        """Show `stage_id` as the session stood at the step on screen, saying so."""
        app = self.app
        stage = app.session.stage(stage_id) if app.session is not None else None
        if stage is None or shown_stage(app.screen) is None:
            return
        if shown_stage(app.screen) != stage_id:
            app.timer_control.set_for_stage(stage_id)
            app.show_stage(stage_id)
        if self.replay is not None and not self.replay.events:
            return  # no history at all: the bar already says the file is shown as it stands
        self.tell(
            f"The room did not reach {stage.title} in this file: it is shown as it stood "
            f"at step {self.step}."
        )

    def browse_next(self, direction: int) -> bool:
        """Show the stage after (1) or before (-1) the one on screen; whether there was one."""
        app = self.app
        ids = [stage.id for stage in app.session.stages] if app.session is not None else []
        shown = shown_stage(app.screen)
        if shown not in ids:
            return False
        index = ids.index(shown) + direction
        if not 0 <= index < len(ids):
            return False
        self._browse_stage(ids[index])
        return True

    def tell(self, message: str) -> None:
        """Tell the viewer `message` (plain text)."""
        self.app.notify(message, markup=False)
