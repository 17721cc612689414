"""The app's stage navigation: which stage is on screen, moving the room between stages, home.

An object the app owns (`app.stages`). Moving on or back, picking a stage, a stage chosen in
the agenda or the palette all come here: the room's move is recorded as a `stage.entered`
event (the reducer's `entering` rule marks the stage left done, with its time), and the stage
screen on top is replaced. Read-only, only the screen moves; in replay, the replay's steps
do. It reaches the app only through `StageApp`, never `tui.app`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tui.forming import ReplayView
from tui.save_copy import SaveApp, unsaved_asked

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete
    from textual.screen import Screen

    from sessions.model import Session


def shown_stage(screen: Screen[Any]) -> str | None:
    """Return the stage id a stage screen shows, or `None` for any other screen."""
    from tui.screens.stage import StageScreen

    if not isinstance(screen, StageScreen):
        return None
    return screen.shown_stage


def stage_on_show(screens: list[Screen[Any]]) -> str | None:
    """Return the stage shown by the topmost stage screen of `screens` (a dialog may be above).

    Read-only and in replay it need not be the stage the room is on: moving on and back
    starts from the stage the facilitator is looking at.
    """
    for screen in reversed(screens):
        shown = shown_stage(screen)
        if shown is not None:
            return shown
    return None


@runtime_checkable
class ReplayMoves(ReplayView, Protocol):
    """What moving to a stage asks of the replay while replaying (`ReplayController`)."""

    def enter_stage(self, stage_id: str) -> None: ...


@runtime_checkable
class ReplayStageKeys(Protocol):
    """What moving on or back asks of the replay's keys while replaying (`ReplayKeys`)."""

    def to_stage_change(self, direction: int) -> None: ...


@runtime_checkable
class StageApp(SaveApp, Protocol):
    """What stage navigation needs of the app, beyond what every screen reads (`Forming`) and
    what saving before going home needs (`SaveApp`)."""

    @property
    def replay_controller(self) -> ReplayMoves: ...

    @property
    def replay_keys(self) -> ReplayStageKeys: ...

    @property
    def overlay(self) -> Screen[Any] | None: ...

    def close_overlays(self) -> bool: ...

    def close_session(self) -> None: ...

    def show_state(self, session: Session | None, *, redraw: bool = True) -> None: ...

    def switch_screen(self, screen: Screen[Any]) -> AwaitComplete: ...

    def pop_screen(self) -> AwaitComplete: ...


class StageControl:
    """Moves the room (or, read-only and in replay, the screen) between stages, and home."""

    def __init__(self, app: StageApp) -> None:
        self.app = app

    def _ids(self) -> list[str]:
        session = self.app.session
        return [s.id for s in session.stages] if session else []

    def here(self) -> str:
        """The stage on screen: read-only it may be another than the room's (never in a live
        session, where moving to a stage moves the room)."""
        app = self.app
        session = app.session
        room = session.session.stage if session is not None else ""
        return (stage_on_show(app.screen_stack) or room) if app.read_only else room

    def enter(self, stage_id: str, *, asked: bool = False) -> None:
        """Move the room to `stage_id`, logging time on the stage it leaves.

        The stage on screen may ask first (`ask_before_leaving`); `asked` says it did.
        """
        app = self.app
        session = app.session
        if session is None or (stage_id == self.here() and app.replay is None):
            return
        if app.overlay is not None:
            # A dialog or the palette is still open (a command run from the palette, an answer
            # while another dialog waits): the stage is replaced under them once they are
            # closed in their defined way, never pushed above them.
            if app.close_overlays():
                app.call_after_refresh(self._enter_if_clear, stage_id)
            return
        if app.replaying:
            app.replay_controller.enter_stage(stage_id)
            return
        from tui.screens.stage import StageScreen

        screen = app.screen
        if (
            not asked
            and not app.read_only
            and isinstance(screen, StageScreen)
            and screen.ask_before_leaving(lambda: self.enter(stage_id, asked=True))
        ):
            return
        if not app.read_only:
            from sessions.events import entering

            if app.change("stage.entered", entering(session, stage_id, app.timer.elapsed())):
                app.timer_control.set_for_stage()
                self.show(stage_id)
        else:
            app.timer_control.set_for_stage(stage_id)  # the status bar tells the stage shown's time
            self.show(stage_id)

    def _enter_if_clear(self, stage_id: str) -> None:
        if self.app.overlay is None:
            self.enter(stage_id)

    def next(self) -> None:
        """Move to the next stage of the agenda."""
        self._step(1, "This is the last stage.")

    def previous(self) -> None:
        """Move back to the previous stage of the agenda."""
        self._step(-1, "This is the first stage.")

    def _step(self, direction: int, at_the_end: str) -> None:
        """Move one stage on (1) or back (-1); say `at_the_end` when there is none that way."""
        app = self.app
        if app.replaying:
            app.replay_keys.to_stage_change(direction)
            return
        ids = self._ids()
        if not ids or app.session is None:
            return
        here = self.here()
        # From a stage the agenda does not list, moving on goes to the first stage.
        index = ids.index(here) if here in ids else (-1 if direction > 0 else 0)
        if 0 <= index + direction < len(ids):
            self.enter(ids[index + direction])
        else:
            app.notify(at_the_end, markup=False)

    def pick(self) -> None:
        """Pick any stage and go there."""
        app = self.app
        if app.session is None:
            return
        from tui.dialogs.pick import PickDialog

        stages = app.session.stages
        options = [(f"{i + 1}. {s.title}", s.id) for i, s in enumerate(stages)]
        digits = {str(i + 1): s.id for i, s in enumerate(stages[:9])}

        def chosen(stage_id: str | None) -> None:
            if stage_id:
                self.enter(stage_id)

        title = "Go to stage (1 to 9 pick one)" if len(stages) > 1 else "Go to stage"
        dialog = PickDialog(title, options, keys=digits, initial=self.here())
        app.push_screen(dialog, chosen)

    def show(self, stage_id: str) -> None:
        """Show the screen for `stage_id`, replacing the stage screen on top, if any."""
        from tui.screens.registry import screen_for_stage
        from tui.screens.stage import StageScreen

        app = self.app
        if app.overlay is not None:
            # Never a stage above a dialog: close them first (see `enter`).
            if app.close_overlays():
                app.call_after_refresh(self.show, stage_id)
            return
        screen = screen_for_stage(stage_id)
        if isinstance(app.screen, StageScreen):
            app.switch_screen(screen)
        else:
            app.push_screen(screen)

    def focus_view(self) -> None:
        """Show the stage's highlighted item alone and whole, for the room (a view: it works
        read-only and in replay too)."""
        from tui.dialogs.focus import FocusView
        from tui.screens.stage import StageScreen

        app = self.app
        screen = app.screen
        item = screen.focus_item() if isinstance(screen, StageScreen) else None
        if item is None:
            app.notify("Highlight an item first: the focus view shows it whole.", markup=False)
            return
        app.push_screen(FocusView(*item))

    def home(self, *, asked: bool = False) -> None:
        """Close the session and return to the home screen (asking first if work is unsaved)."""
        from tui.screens.home import HomeScreen

        app = self.app
        if not asked and unsaved_asked(app, lambda: self.home(asked=True)):
            return
        app.close_session()
        app.show_state(None)
        home = next((s for s in app.screen_stack if isinstance(s, HomeScreen)), None)
        while len(app.screen_stack) > 2:
            app.pop_screen()
        if home is None:
            # Opened straight from the command line: the home screen is made now, and reads
            # the sessions folder once it is on screen.
            app.switch_screen(HomeScreen())
            return
        if app.screen is not home:
            app.pop_screen()
        home.refresh_sessions()

    def home_if_bare(self) -> None:
        """Show the home screen when nothing else is (a session from the command line failed)."""
        app = self.app
        if len(app.screen_stack) <= 1:
            from tui.screens.home import HomeScreen

            app.push_screen(HomeScreen())
