"""The app as its screens, dialogs and widgets see it: a protocol, not the concrete class.

Attributes come down: a screen reads the session, the timer and the save state through its
`forming` (`forming_app(self)`), and asks for changes through `change`. Navigation goes up
as messages the app handles (`Agenda.StageChosen`, `TimelineBar.Seek`). This module imports
neither the app nor any screen, so nothing in `tui/` imports `tui.app` back (an import-linter
contract checks it, type-only imports included); a test checks the app has every member.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, runtime_checkable

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.signal import Signal
    from textual.widget import AwaitMount, Widget

    from content.schema import Pack
    from sessions.live import LiveSession
    from sessions.model import Session
    from sessions.replay import Replay
    from sessions.store import SessionLock
    from tui.timer import StageTimer

ResultT = TypeVar("ResultT")
"""What a pushed screen's callback gets (`None` when it is dismissed without a result)."""


@runtime_checkable
class ReplayView(Protocol):
    """Replay's position as screens and widgets read it (the app's `ReplayController`).

    Declared here rather than imported from `tui.replay_mode`, which reaches the app: screens
    would otherwise import the app back through their `Forming`.
    """

    @property
    def changed(self) -> Signal[None]:
        """Published when the step shown, playing or the speed changes."""

    @property
    def replay(self) -> Replay | None:
        """The replay on screen, once every step is built."""

    @property
    def replaying(self) -> bool:
        """Whether a replay is on screen, built or still being built."""

    @property
    def step(self) -> int:
        """The step shown, from 1 (0 when not replaying)."""

    @property
    def playing(self) -> bool:
        """Whether the replay is playing."""

    @property
    def speed(self) -> float:
        """Steps per second while playing."""


@runtime_checkable
class TextualApp(Protocol):
    """Textual's app, as the helpers and controllers that take it use it (`Forming` and the
    app's controllers' own protocols build on it)."""

    @property
    def screen(self) -> Screen[Any]: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    @property
    def focused(self) -> Widget | None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def push_screen(
        self, screen: Screen[ResultT], callback: Callable[[ResultT | None], Any] | None = None
    ) -> AwaitMount: ...

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any) -> bool: ...


@runtime_checkable
class Forming(TextualApp, Protocol):
    """What screens, dialogs and widgets may read from and ask of the Forming app."""

    # -- what is on screen (reactives: screens `watch` them) ----------------------------------

    session: Session | None
    """The session on screen; every change replaces it."""
    save_state: str
    """`none`, `saved`, `saving`, `reading`, `unsaved`, `read-only` or `failed`."""
    show_agenda: bool
    show_prompts: bool

    # -- the open session ----------------------------------------------------------------------

    @property
    def timer(self) -> StageTimer:
        """The timer of the stage on screen."""

    timer_changed: Signal[None]
    """Published when the timer is started, paused, reset or given another timebox."""

    @property
    def replay_controller(self) -> ReplayView:
        """Replay's steps, playing and speed; its `changed` signal says when they move."""

    folder: Path | None
    """The sessions folder given on the command line, if any."""
    pack_source: str | None
    """The content pack given on the command line, if any."""
    save_note: str

    @property
    def replay(self) -> Replay | None:
        """The replay on screen, once every step is built (`None` when not replaying)."""

    @property
    def pack(self) -> Pack | None:
        """The content pack for new sessions and suggestions (`None` if it failed to load)."""

    @property
    def read_only(self) -> bool:
        """Whether the open session cannot be changed."""

    @property
    def frozen(self) -> bool:
        """Whether the session on screen cannot be changed: replayed, or opened read-only."""

    @property
    def replaying(self) -> bool:
        """Whether a replay is on screen, built or still being built."""

    @property
    def session_path(self) -> Path | None:
        """The file the open session is saved to."""

    @property
    def last_save_error(self) -> str:
        """What the facilitator was told about the last failed save."""

    @property
    def live(self) -> LiveSession | None:
        """The session being edited, once its history is read; never waits."""

    def wait_for_history(self) -> LiveSession | None:
        """The live session, waiting for the history read if need be."""

    def stage_here(self) -> str:
        """The stage on screen (read-only it may be another than the room's)."""

    # -- asking for changes --------------------------------------------------------------------

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        """Record a change to the session; say why when it cannot be made."""

    def change_many(self, changes: list[tuple[str, dict[str, Any]]]) -> bool:
        """Record several changes as one the room can undo at once."""

    def open_session(
        self, path: Path, *, read_only: bool = False, opened: tuple[Session, bytes] | None = None
    ) -> None:
        """Open the session at `path` and show its saved stage."""

    def show_session(
        self,
        session: Session,
        path: Path,
        *,
        lock: SessionLock | None = None,
        read_only: bool = False,
        save_now: bool = False,
        history: bytes | None = None,
    ) -> None:
        """Make `session` the open session and show its current stage."""

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str: ...


def forming_app(node: DOMNode) -> Forming:
    """The Forming app that `node` (a screen, a widget, the app itself) belongs to."""
    return cast("Forming", node.app)
