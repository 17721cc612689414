"""The open session as screens and the app's controllers read it: the app's `Forming` members
about the session, each handing the work to `SessionControl` (`app.sessions`).

`SessionMembersApp` is a base class of the app: screens ask `forming.live`, `forming.session_path`,
`forming.show_session(...)` of the app they see (`tui.forming`), and the controllers their
own protocols' `request_save()`, `editable()`; none of them knows `SessionControl`. The
session on screen (the `session` reactive) and its one writer, `show_state`, stay the app's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from pathlib import Path

    from sessions.host import SessionHost
    from sessions.live import LiveSession
    from sessions.model import Session
    from sessions.store import SessionLock
    from tui.session_control import SessionControl


class SessionMembersApp(App[int]):
    """The app's base: opening, showing and saving the open session, through `sessions`."""

    sessions: SessionControl  # set by the app (`FormingApp.__init__`)

    def open_session(
        self,
        path: Path,
        *,
        read_only: bool = False,
        opened: tuple[Session, bytes] | None = None,
    ) -> None:
        """Open the session at `path` for editing (or read-only) and show its saved stage
        (see `SessionControl.open`: the history is read in a worker)."""
        self.sessions.open(path, read_only=read_only, opened=opened)

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
        self.sessions.show(
            session, path, lock=lock, read_only=read_only, save_now=save_now, history=history
        )

    @property
    def host(self) -> SessionHost | None:
        """The open session's file, lock, live session and saves (`None` on the home screen)."""
        return self.sessions.host

    @property
    def history_pending(self) -> bool:
        """Whether the open session's history is still being read (its state is on screen)."""
        return self.sessions.history_pending

    @property
    def live(self) -> LiveSession | None:
        """The session being edited, with undo and redo, its whole history read in.

        `None` while no session is open, and while its history is still being read: this
        never waits (`wait_for_history` does).
        """
        return self.sessions.live

    def wait_for_history(self) -> LiveSession | None:
        """Return the live session, waiting on the UI thread for its history if need be
        (everything that changes or saves the session calls this first)."""
        return self.sessions.wait_for_history()

    def editable(self) -> LiveSession | None:
        """Return the session to change now, without waiting for its history when the file
        allows it (see `SessionControl.editable`); changes, undo and redo call this first."""
        return self.sessions.editable()

    @property
    def session_path(self) -> Path | None:
        """The file the open session is saved to, if one is open."""
        return self.host.path if self.host is not None else None

    @property
    def read_only(self) -> bool:
        """Whether the open session cannot be changed (opened read-only, or replayed)."""
        return self.host is not None and self.host.read_only

    @property
    def last_save_error(self) -> str:
        """What the facilitator was told about the last failed save ("" once one works)."""
        return self.host.last_error if self.host is not None else ""

    def request_save(self) -> None:
        """Save the live session in the background, soon."""
        self.sessions.request_save()

    def save_from_thread(self, host: SessionHost | None = None) -> bool:
        """On a worker thread: save the open session now and tell the UI thread how it went."""
        return self.sessions.save_from_thread(host)

    def flush_save(self) -> None:
        """Save now, on this thread, waiting for any save under way (and for the history)."""
        self.sessions.flush_save()
