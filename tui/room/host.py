"""What the room's web pages need from whoever holds the session: its state, and a way to change it.

The facilitator's app is the one writer: the web layer never touches the session itself. It asks
the host to build an event from the current state and apply it, and gets its answer only once
the change is saved, so nothing a participant was told was received can be lost to a crash.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from sessions.events import EventError
from sessions.live import LiveSession
from sessions.model import Session

Change = tuple[str, dict[str, Any]]
"""An event's type and data."""


class RoomHost(Protocol):
    """The session's one writer, as the room's pages see it."""

    def current(self) -> Session | None:
        """Return the session as it is now (`None` when none is open)."""

    async def submit(self, build: Callable[[Session], Change]) -> str | None:
        """Apply the change `build` makes from the current state and save it.

        Returns `None` once the change is applied and on disk, or what went wrong, in words a
        participant can read.
        """


class FileHost:
    """A host that is a live session and its file, without the app (tests and benchmarks)."""

    def __init__(self, session: Session, path: Path) -> None:
        self.live = LiveSession(session)
        self.path = path
        self.saved_revision = 0
        self.saves = 0
        self._save_lock = threading.Lock()
        self.changed: list[Callable[[Session], None]] = []
        """Called with the new state after every change (what a projector would redraw)."""

    def current(self) -> Session | None:
        return self.live.session

    async def submit(self, build: Callable[[Session], Change]) -> str | None:
        type_, data = build(self.live.session)
        try:
            self.live.change(type_, data)
        except EventError as error:
            return str(error)
        for listener in self.changed:
            listener(self.live.session)
        revision = self.live.revision
        await asyncio.to_thread(self._save, revision)
        return None if self.saved_revision >= revision else "not saved"

    def _save(self, revision: int) -> None:
        from sessions.store import save_session

        # Group commit: whichever call gets the lock first saves everything applied so far;
        # the calls queued behind it find their revision already on disk.
        with self._save_lock:
            if self.saved_revision >= revision:
                return
            latest, session = self.live.revision, self.live.session
            save_session(session, self.path)
            self.saves += 1
            self.saved_revision = latest
