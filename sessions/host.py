"""The open session: its file and lock, the live session with undo and redo, history and saves.

Plain Python, no Textual: the app runs `read_history` and `save_latest` on its worker threads
and shows what they report; tests drive a host directly.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.errors import FileChanged, SessionFileError
from sessions.live import LiveSession

if TYPE_CHECKING:
    from collections.abc import Callable

    from sessions.model import Session, SessionInfo
    from sessions.store import FileStamp, SessionLock


@dataclass
class HistoryRead:
    """A session's history being read on another thread while its state is already shown."""

    path: Path
    data: bytes = field(repr=False)
    """The file's content, as read for the state shown."""
    state: Session = field(repr=False)
    """The state shown, read from `data`."""
    read_only: bool
    done: threading.Event = field(default_factory=threading.Event)
    result: tuple[Session, bool] | SessionFileError | None = field(default=None, repr=False)
    """The whole session and whether its state had to be imported, or why it was refused."""
    _claim: threading.Lock = field(default_factory=threading.Lock)

    def claim(self) -> bool:
        """Return `True` to the first caller only: it reads the history, others wait for it."""
        return self._claim.acquire(blocking=False)

    def load(self) -> None:
        """Read and check the whole file and fold its timeline into `result`; never raises."""
        from sessions.store import open_for_editing, parse_history

        try:
            if self.read_only:
                self.result = (parse_history(self.data, self.state, self.path), False)
            else:
                self.result = open_for_editing(self.path, self.data, self.state)
        except SessionFileError as error:
            self.result = error
        except Exception as error:  # a message, never a traceback
            self.result = SessionFileError(f"the file could not be read ({error})")
        self.done.set()


@dataclass(frozen=True)
class SaveReport:
    """What one save did: the revision it looked at, and the error if it failed."""

    revision: int
    error: Exception | None = None


class SessionHost:
    """One open session file: its lock, its live session, its file stamp and its saves.

    Made when a session opens and let go (`close`) when it closes. With `history` (the file's
    bytes as read for `session`, its state without the timeline) the whole file still has to
    be read: until `take_history` there is no live session, so nothing is changed or saved
    before the history has been checked.
    """

    def __init__(
        self,
        session: Session,
        path: Path,
        *,
        lock: SessionLock | None = None,
        read_only: bool = False,
        history: bytes | None = None,
    ) -> None:
        from sessions.store import file_stamp

        self.path = Path(path)
        """The file the session is saved to."""
        self.lock = lock
        """The lock held on `path` while the session is edited (`None` read-only)."""
        self.read_only = read_only
        """Whether nothing may be changed or saved."""
        self.stamp: FileStamp | None = file_stamp(self.path)
        """How the file looked when last read or saved here: a save refuses to overwrite
        a file another program changed since (`FileChanged`)."""
        self.saved_revision = 0
        """The live session's revision the file holds."""
        self.failed = False
        """Whether the last save reported failed (the next save is tried even if nothing
        changed since)."""
        self.last_error = ""
        """What the facilitator was told about the last failed save ("" once one works)."""
        self.file_changed = False
        """Whether the last save was refused because another program changed the file."""
        self._save_lock = threading.Lock()
        self._live: LiveSession | None = None
        self._history: HistoryRead | None = None
        self._early: LiveSession | None = None
        self._marked: tuple[SessionInfo, SessionInfo] | None = None
        if history is None:
            self._live = LiveSession(session)
        else:
            self._history = HistoryRead(self.path, history, session, read_only)
            if not read_only and session.session.ids_used is not None:
                # Saved with its high-water mark of ids: new ids can come from the state
                # alone, so changes need not wait for the history (see `early`).
                self._early = LiveSession(session)

    # -- the history ---------------------------------------------------------------------------

    @property
    def live(self) -> LiveSession | None:
        """The session being edited, with undo and redo; `None` while its history is read.

        Never waits: see `take_history` for the one place that does.
        """
        return self._live

    @property
    def early(self) -> LiveSession | None:
        """The session to change while its history is read, if its file allows it.

        A file saved by this version carries in its state the highest number each kind of id
        ever reached (`ids_used`, written by every save), so a new item's id can be given
        from the state alone. Changes are made on the state and shown at once; they are
        recorded after the history once it is in (`take_history`), and saved only then. A
        file without the mark (older, or written by hand) has none: changes wait.
        """
        return self._early if self._history is not None else None

    @property
    def history_pending(self) -> bool:
        """Whether the history is still to be taken in (only the state is known)."""
        return self._history is not None

    @property
    def pending_history(self) -> HistoryRead | None:
        """The history being read, if any."""
        return self._history

    def read_history(self) -> bool:
        """Read the history on this thread (a worker's), unless another thread claimed it first.

        Returns whether this call read it. Taking it in is `take_history`'s job.
        """
        history = self._history
        if history is None or not history.claim():
            return False
        history.load()
        return True

    def take_history(self) -> tuple[Session, bool] | SessionFileError | None:
        """Wait for the history (reading it here if nobody started) and make it the live session.

        Returns the whole session and whether it was imported, or why the file was refused
        (then there is no live session: the caller closes the host), or `None` when there was
        no history to take.
        """
        history = self._history
        if history is None:
            return None
        if history.claim():
            history.load()  # needed before any other thread even started
        history.done.wait()
        self._history = None
        history.data = b""  # a worker may outlive this: it must not hold the file's bytes
        result = history.result
        early, self._early = self._early, None
        if isinstance(result, tuple):
            if early is not None and early.revision:
                # Changed on the state alone: those changes now follow the history (the
                # state's `ids_used` is checked against it: an id it had used is given anew).
                early.take_history(result[0])
                self._live = early
                return early.session, result[1]
            self._live = LiveSession(result[0])
            return result
        error = result if isinstance(result, SessionFileError) else SessionFileError("unknown")
        error.path = error.path or history.path
        return error

    def warm_up_saving(self) -> None:
        """Format the session once ahead of its first save (on a worker; never raises)."""
        from sessions.store import prepare_to_save

        live = self._live
        if live is not None and not self.read_only:
            prepare_to_save(live.session)

    # -- saving --------------------------------------------------------------------------------

    @property
    def can_save(self) -> bool:
        """Whether there is a session whose changes go to the file."""
        return self._live is not None and not self.read_only

    def save_latest(self, written_hook: Callable[[], object] | None = None) -> SaveReport | None:
        """Save the live session now unless the file already holds its revision; thread-safe.

        Saves wait for each other; the first saves every change applied so far, so the ones
        queued behind it find nothing left to do. Returns `None` when there is nothing to
        save to (no live session, or read-only). Never raises: a failure is in the report.
        `written_hook` is called once the new file is on disk, before it replaces the old one
        (see `save_session`).
        """
        from sessions.store import save_session

        with self._save_lock:
            live = self._live
            if live is None or self.read_only:
                return None
            revision, session = live.revision, live.session
            if revision > self.saved_revision or self.failed:
                try:
                    session = self._with_mark(session)
                    self.stamp = save_session(
                        session, self.path, expected=self.stamp, written_hook=written_hook
                    )
                    self.saved_revision = revision
                except Exception as error:  # reported, and the work kept in memory
                    return SaveReport(revision, error)
        return SaveReport(revision)

    def _with_mark(self, session: Session) -> Session:
        """Return `session` as it is saved: with its ids' high-water mark (`with_ids_mark`),
        so the file can be changed from its state alone when next opened (see `early`).
        The marked `[session]` part is made again only when it changes, so its saved text
        is reused."""
        from sessions.ids import with_ids_mark

        marked = with_ids_mark(session)
        if marked is session:
            return session
        kept = self._marked
        if kept is not None and kept[0] is session.session and kept[1] == marked.session:
            return session.model_copy(update={"session": kept[1]})
        self._marked = (session.session, marked.session)
        return marked

    def saved(self, revision: int) -> bool:
        """Take in the report of a save that worked; return whether `revision` is the latest."""
        self.failed, self.last_error, self.file_changed = False, "", False
        return self._live is not None and self._live.revision == revision

    def save_failed(self, error: Exception, revision: int, message: str) -> bool:
        """Take in the report of a failed save, told as `message`.

        Returns `False` when a later save has saved `revision` already (nothing to tell).
        """
        if self.saved_revision >= revision and not isinstance(error, FileChanged):
            return False
        self.failed, self.last_error = True, message
        self.file_changed = isinstance(error, FileChanged)
        return True

    def saved_through(self, revision: int) -> bool:
        """Whether the file holds `revision` of the live session (and the last save worked)."""
        return not self.failed and self.saved_revision >= revision

    def overwrite_next(self) -> None:
        """Let the next save replace the file even though another program changed it."""
        self.stamp = None
        self.last_error = ""

    def use_copy(self, path: Path, lock: SessionLock, stamp: FileStamp | None) -> None:
        """Save to `path` from now on: a copy just saved there (and locked) by the caller."""
        with self._save_lock:
            if self.lock is not None:
                self.lock.release()
            self.path, self.lock, self.stamp = Path(path), lock, stamp
            self.saved_revision = self._live.revision if self._live is not None else 0
        self.read_only = False
        self.failed, self.last_error, self.file_changed = False, "", False

    def close(self) -> None:
        """Let go of the lock and the live session (saving is the caller's choice, first)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self._live = None
        self._history = None
        self._early = None
