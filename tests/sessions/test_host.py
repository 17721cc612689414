"""The open session's host, without the app: lock, history, saves, copies (no Pilot)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from sessions.errors import FileChanged, SessionFileError, SessionInUse
from sessions.host import HistoryRead, SessionHost
from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import SessionLock, read_session, read_state, save_session


@pytest.fixture
def saved(tmp_path: Path, team_session: Session) -> Path:
    path = tmp_path / "team.toml"
    save_session(team_session, path)
    return path


def opened(path: Path, **kwargs) -> SessionHost:
    """A host as `open_session` makes one: the state now, the history still to read."""
    state, data = read_state(path)
    return SessionHost(state, path, history=data, **kwargs)


def test_a_change_is_saved_once(saved: Path) -> None:
    host = SessionHost(read_session(saved), saved)
    assert host.live is not None and not host.history_pending
    host.live.change("person.updated", {"id": "p2", "set": {"availability": 77}})
    report = host.save_latest()
    assert report is not None and report.error is None
    assert host.saved(report.revision) and host.saved_through(report.revision)
    assert read_session(saved).person("p2").availability == 77
    stamp = host.stamp
    # Nothing new: the file is not written again.
    again = host.save_latest()
    assert again is not None and again.error is None and host.stamp is stamp


def test_there_is_no_live_session_before_the_history_is_taken_in(saved: Path) -> None:
    expected = read_session(saved)
    host = opened(saved)
    assert host.history_pending and host.live is None
    assert host.save_latest() is None  # nothing is saved before the whole file is read
    result = host.take_history()
    assert isinstance(result, tuple) and result[1] is False
    assert host.live is not None and not host.history_pending
    assert len(host.live.session.timeline) == len(expected.timeline) > 0
    assert host.take_history() is None  # taken once


def test_a_worker_reads_the_history_and_the_taker_waits_for_it(saved: Path) -> None:
    host = opened(saved)
    reading = threading.Event()
    release = threading.Event()
    load = HistoryRead.load

    def slow(history: HistoryRead) -> None:
        reading.set()
        release.wait(5)
        load(history)

    history = host.pending_history
    assert history is not None
    history.load = lambda: slow(history)  # type: ignore[method-assign]
    worker_read: list[bool] = []
    worker = threading.Thread(target=lambda: worker_read.append(host.read_history()))
    worker.start()
    assert reading.wait(5)
    assert not host.read_history()  # claimed by the worker: read once
    release.set()
    result = host.take_history()  # waits for the worker's read
    worker.join()
    assert worker_read == [True] and isinstance(result, tuple)
    assert history.data == b""  # the file's bytes are let go


def test_a_broken_history_is_refused_and_never_saved(saved: Path) -> None:
    saved.write_bytes(saved.read_bytes() + b"\n[[timeline]]\nseq = 'x'\n")
    before = saved.read_bytes()
    host = opened(saved, lock=SessionLock(saved).acquire())
    result = host.take_history()
    assert isinstance(result, SessionFileError) and result.path == saved
    assert host.live is None and host.save_latest() is None
    host.close()
    SessionLock(saved).acquire().release()  # the lock was let go
    assert saved.read_bytes() == before


def test_closing_lets_go_of_the_lock(saved: Path) -> None:
    host = SessionHost(read_session(saved), saved, lock=SessionLock(saved).acquire())
    with pytest.raises(SessionInUse):
        SessionLock(saved).acquire()
    host.close()
    assert host.live is None and host.lock is None
    SessionLock(saved).acquire().release()


def test_a_read_only_host_never_writes(saved: Path) -> None:
    before = saved.read_bytes()
    host = SessionHost(read_session(saved), saved, read_only=True)
    assert host.live is not None and not host.can_save
    host.live.change("person.updated", {"id": "p2", "set": {"availability": 77}})
    assert host.save_latest() is None
    assert saved.read_bytes() == before


def test_a_file_changed_elsewhere_is_not_overwritten_until_asked(saved: Path) -> None:
    host = SessionHost(read_session(saved), saved)
    theirs = LiveSession(read_session(saved))
    theirs.change("person.updated", {"id": "p1", "set": {"availability": 11}})
    save_session(theirs.session, saved)
    os.utime(saved, ns=(1, 1))  # another program's write, whatever the clock's resolution
    assert host.live is not None
    host.live.change("person.updated", {"id": "p2", "set": {"availability": 77}})
    report = host.save_latest()
    assert report is not None and isinstance(report.error, FileChanged)
    assert host.save_failed(report.error, report.revision, "changed elsewhere")
    assert host.file_changed and host.failed and not host.saved_through(report.revision)
    assert read_session(saved).person("p1").availability == 11
    host.overwrite_next()
    report = host.save_latest()
    assert report is not None and report.error is None
    host.saved(report.revision)
    assert not host.file_changed and host.saved_through(report.revision)
    assert read_session(saved).person("p2").availability == 77


def test_a_failure_reported_after_a_later_save_is_not_told(saved: Path) -> None:
    host = SessionHost(read_session(saved), saved)
    assert host.live is not None
    host.live.change("person.updated", {"id": "p2", "set": {"availability": 77}})
    report = host.save_latest()
    assert report is not None and report.error is None
    assert not host.save_failed(OSError("late"), report.revision, "late")
    assert not host.failed and host.last_error == ""


def test_a_copy_becomes_the_file_saved_to(saved: Path, tmp_path: Path) -> None:
    host = SessionHost(read_session(saved), saved, lock=SessionLock(saved).acquire())
    assert host.live is not None
    copy = tmp_path / "copy.toml"
    lock = SessionLock(copy).acquire()
    stamp = save_session(host.live.session, copy, new=True)
    host.use_copy(copy, lock, stamp)
    SessionLock(saved).acquire().release()  # the first file is free again
    host.live.change("person.updated", {"id": "p2", "set": {"availability": 77}})
    report = host.save_latest()
    assert report is not None and report.error is None
    assert read_session(copy).person("p2").availability == 77
    assert read_session(saved).person("p2").availability != 77
    host.close()
