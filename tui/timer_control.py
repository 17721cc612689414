"""The app's side of the stage timer: starting, pausing, timeboxes, and logging time to the file.

An object the app owns (`app.timer_control`). It holds the stage's `StageTimer` (the app's
`timer`, which the status bar and the big timer read), sets it from the stage as it was logged,
and records the time spent as `stage.timed` events so a resumed session, `forming notes` and
the charter all know it. It reaches the app only through `TimerApp`, never `tui.app`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tui.forming import TextualApp
from tui.timer import StageTimer

if TYPE_CHECKING:
    from textual.signal import Signal

    from sessions.live import LiveSession
    from sessions.model import Session

DEFAULT_TIMEBOX_MIN = 10
"""The timebox before a session is open, and for a stage the session does not list."""


@runtime_checkable
class TimerApp(TextualApp, Protocol):
    """What the stage timer needs of the app."""

    session: Session | None
    timer_changed: Signal[None]
    """Published when the timer is started, paused, reset or given another timebox."""

    @property
    def read_only(self) -> bool: ...

    def editable(self) -> LiveSession | None: ...

    def show_state(self, session: Session | None, *, redraw: bool = True) -> None: ...

    def change(self, type_: str, data: dict[str, Any]) -> bool: ...

    def request_save(self) -> None: ...


class TimerControl:
    """The stage timer's keys (F4, F6 to F8, ctrl+t) and its record in the session."""

    def __init__(self, app: TimerApp) -> None:
        self.app = app
        self.timer = StageTimer(timebox_min=DEFAULT_TIMEBOX_MIN)
        """The timer of the stage on screen; replaced when another stage is shown."""

    def set_for_stage(self, stage_id: str | None = None) -> None:
        """Set the timer for `stage_id` (by default the room's stage), as it was logged."""
        session = self.app.session
        if session is None:
            return
        stage = session.stage(stage_id or session.session.stage)
        self.timer = StageTimer(
            timebox_min=stage.timebox_min if stage else DEFAULT_TIMEBOX_MIN,
            spent_s=float(stage.spent_s if stage else 0),
        )
        if stage is not None and stage.running_since is not None:
            # Saved while the room's timer ran (a window that ended without pausing it): it
            # keeps counting here, as it does in `forming notes`.
            from sessions.events import now

            self.timer.spent_s += max(0.0, (now() - stage.running_since).total_seconds())
            self.timer.start()

    def log(self) -> None:
        """Record the time spent on the current stage, when it moved."""
        app = self.app
        live = app.editable()
        session = app.session
        if session is None or live is None or app.read_only:
            return
        stage = session.stage(session.session.stage)
        if stage is None:
            return
        spent = self.timer.elapsed()
        # Logging also stops the clock `forming notes` runs from `running_since`.
        if spent != stage.spent_s or stage.running_since is not None:
            live.change("stage.timed", {"spent_s": {stage.id: spent}})
            app.show_state(live.session)

    def log_started(self) -> None:
        """Record when the stage timer started, so `forming notes` shows it running."""
        app = self.app
        live = app.editable()
        session = app.session
        if session is None or live is None or app.read_only:
            return
        from sessions.events import now

        stage_id = session.session.stage
        data = {"spent_s": {stage_id: self.timer.elapsed()}, "started": {stage_id: now()}}
        live.change("stage.timed", data)
        app.show_state(live.session)
        app.request_save()

    def toggle(self) -> None:
        """Start or pause the stage timer (ctrl+t)."""
        if self.app.session is None:
            return
        self.timer.toggle()
        if not self.timer.running:
            self.log()
            self.app.request_save()
        else:
            self.log_started()
        self.refresh()

    def change_timebox(self, minutes: int) -> None:
        """Lengthen (or with a negative number shorten) the stage's timebox (F7, F6)."""
        app = self.app
        session = app.session
        if session is None:
            return
        self.timer.add_minutes(minutes)
        stage_id = session.session.stage
        last = session.timeline[-1] if session.timeline else None
        live = app.editable()
        if (
            live is not None
            and not app.read_only
            and live.can_undo
            and last is not None
            and last.type == "stage.updated"
            and last.data.get("id") == stage_id
            and set(last.data.get("set", {})) == {"timebox_min"}
            and not last.data.get("unset")
        ):
            # Pressed again straight after: a run of F6/F7 presses is one change, undone at
            # once. The last change is this stage's timebox, so it is the one undo takes back.
            live.undo()
        timebox = {"timebox_min": self.timer.timebox_min}
        app.change("stage.updated", {"id": stage_id, "set": timebox})
        self.refresh()

    def reset(self) -> None:
        """Reset the stage timer to zero (F8)."""
        if self.app.session is None:
            return
        self.timer.reset()
        self.log()
        self.app.request_save()
        self.refresh()

    def follow_timebox(self) -> None:
        """Give the running timer the stage's timebox again (an undo may have changed it)."""
        session = self.app.session
        stage = session.stage(session.session.stage) if session is not None else None
        if stage is not None and stage.timebox_min != self.timer.timebox_min:
            self.timer.timebox_min = stage.timebox_min
            self.refresh()

    def refresh(self) -> None:
        """Have the screens that show the timer redraw it (they subscribe to `timer_changed`)."""
        self.app.timer_changed.publish(None)

    def show_big(self) -> None:
        """Show the stage timer in big digits (F4)."""
        if self.app.session is None:
            return
        from tui.dialogs.big_timer import BigTimerScreen

        self.app.push_screen(BigTimerScreen())
