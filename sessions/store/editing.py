"""Taking a session for editing: the lock one window holds, and opening or creating its file."""

from __future__ import annotations

import os
from pathlib import Path

from sessions.errors import SessionFileError, SessionInUse
from sessions.events import make_event, record, same_state, state_event_data
from sessions.folding import fold
from sessions.model import Session
from sessions.store.folder import lock_path, session_filename
from sessions.store.reading import parse_history, parse_session, read_session
from sessions.store.writing import FileStamp, _os_trouble, clean_stray_temps, save_session

# -- opening for editing ---------------------------------------------------------------------


def _replays_to_state(session: Session) -> bool:
    """Return whether folding the timeline gives exactly the file's current state (all but
    its `ids_used` mark: see `same_state`)."""
    if not session.timeline:
        return False
    try:
        replayed = fold(session.timeline)
    except Exception:  # the history comes from a file: if it does not replay, the state wins
        return False
    return same_state(replayed, session)


def open_for_editing(
    path: Path | str, data: bytes | None = None, state: Session | None = None
) -> tuple[Session, bool]:
    """Return the session at `path` ready to edit, and whether its state had to be imported.

    A file whose state is not what its timeline replays to (edited by hand, or without a
    timeline) keeps its state, and a `session.imported` event carrying that state is appended
    so replay stays true. Nothing is written; the caller saves. Stray temp files are cleaned.
    `data` is the file's content when the caller has read it already, and `state` what
    `read_state` gave for it (then only the timeline is parsed: see `parse_history`).
    """
    path = Path(path)
    if data is None:
        session = read_session(path)
    elif state is None:
        session = parse_session(data, path)
    else:
        session = parse_history(data, state, path)
    clean_stray_temps(path.parent)
    if _replays_to_state(session):
        return session, False
    try:
        event = make_event(session, "session.imported", state_event_data(session))
        return record(session, event), True
    except Exception as error:  # the state validated on read, so this is not expected
        raise SessionFileError(f"its state could not be taken in ({error})", path) from None


# -- locking ---------------------------------------------------------------------------------


class SessionLock:
    """An exclusive lock on a session file, held while one window edits it.

    The lock is the operating system's lock on the sidecar `NAME.toml.lock`, so it is released
    the moment the holder exits or is killed, and a lock left on disk never blocks anyone.
    """

    def __init__(self, path: Path | str) -> None:
        from filelock import FileLock  # imported here: reading files should not pay for it

        self.path = Path(path)
        """The session file the lock guards, as it was named."""
        try:
            # The file itself, not the name it was reached by: a second window opening it
            # through a link (or `..`) must meet the same lock, and saves go to the target.
            resolved = self.path.resolve()
        except (OSError, RuntimeError):
            resolved = self.path
        self.lock_path = lock_path(resolved)
        """The sidecar file the lock lives on, beside the file the path leads to."""
        # Soft (marker-file) locks can go stale and admit two holders: native locks only.
        self._lock = FileLock(
            str(self.lock_path), timeout=0, thread_local=False, fallback_to_soft=False
        )

    @property
    def held(self) -> bool:
        """Whether this lock is held."""
        return self._lock.is_locked

    def acquire(self) -> SessionLock:
        """Take the lock without waiting; raise `SessionInUse` if another editor holds it."""
        from filelock import Timeout

        if self._lock.is_locked:
            return self
        if os.path.isdir(self.lock_path) or os.path.islink(self.lock_path):
            # The operating system cannot lock a folder, and a link could lead anywhere:
            # either would otherwise read as "open in another window", which it is not.
            what = "a folder" if os.path.isdir(self.lock_path) else "a link"
            raise SessionFileError(
                f"could not lock it for editing: {self.lock_path.name} beside it is {what}, "
                "not Forming's lock file; remove it to edit this session (it can still be "
                "opened read-only)",
                self.path,
            )
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise SessionInUse(self.path) from None
        except (OSError, NotImplementedError) as error:
            # No lock means no safe editing (a read-only folder, a file system without locks).
            reason = (
                _os_trouble(error, self.path.parent) if isinstance(error, OSError) else str(error)
            )
            raise SessionFileError(
                f"could not lock it for editing ({reason}); it can still be opened read-only",
                self.path,
            ) from None
        return self

    def release(self) -> None:
        """Let go of the lock, if held."""
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> SessionLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def create_session_file(
    session: Session, folder: Path | str | None = None, *, path: Path | str | None = None
) -> tuple[Path, SessionLock, FileStamp]:
    """Save `session` as a new file, locked for editing; return its path, lock and stamp.

    The file gets a new name made from the team's name in `folder` (see `session_filename`),
    or is exactly `path`. It is locked before it is first written, so no other window can
    take it in between, and never replaces anything already at that name. Raises
    `SessionFileError` (or `OSError`) with the reason, the lock then let go and no file made.
    """
    if path is not None and folder is None:
        target = Path(path)
    elif folder is not None and path is None:
        target = session_filename(session.session.team, folder)
    else:
        raise TypeError("give either the folder or the path of the new session file")
    lock = SessionLock(target).acquire()
    try:
        stamp = save_session(session, target, new=True)
    except BaseException:
        lock.release()
        raise
    return target, lock, stamp
