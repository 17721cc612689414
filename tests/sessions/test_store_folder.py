"""The sessions folder: the files beside a session, the trash, and making a new session file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.errors import SessionInUse, WriteRefused
from sessions.model import Session
from sessions.store import (
    SessionLock,
    backup_path,
    create_session_file,
    file_stamp,
    list_sessions,
    lock_path,
    move_to_trash,
    read_session,
    save_session,
    session_filename,
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty sessions folder."""
    path = tmp_path / "sessions"
    path.mkdir()
    return path


def test_the_backup_and_the_lock_sit_beside_the_session_file(folder, fresh_session):
    path = folder / "returns.toml"
    save_session(fresh_session, path)
    save_session(fresh_session, path)  # the second save keeps the first as the backup
    with SessionLock(path) as lock:
        assert lock.lock_path == lock_path(path)
    assert sorted(folder.iterdir()) == sorted([path, backup_path(path), lock_path(path)])
    assert [s.path for s in list_sessions(folder)] == [path]  # only the session is listed


def test_a_session_moved_to_the_trash_takes_its_backup_and_lock_away(folder, fresh_session):
    path = folder / "returns.toml"
    for _ in range(2):
        save_session(fresh_session, path)
        save_session(fresh_session, path)
        SessionLock(path).acquire().release()
        move_to_trash(path)
    trash = folder / "trash"
    assert sorted(p.name for p in trash.iterdir()) == ["returns-2.toml", "returns.toml"]
    assert sorted(p.name for p in folder.iterdir()) == ["trash"]  # the name is free again
    assert session_filename(fresh_session.session.team, folder).parent == folder
    assert read_session(trash / "returns-2.toml") == fresh_session


def test_a_new_session_file_is_named_for_the_team_locked_and_saved(folder, fresh_session):
    path, lock, stamp = create_session_file(fresh_session, folder)
    try:
        assert path == folder / "returns-forecast.toml"
        assert lock.held and stamp == file_stamp(path)
        assert read_session(path) == fresh_session
        with pytest.raises(SessionInUse):
            SessionLock(path).acquire()
        second, other, _ = create_session_file(fresh_session, folder)
        other.release()
        assert second.name == "returns-forecast-2.toml"
    finally:
        lock.release()


def test_a_new_session_file_at_a_chosen_path_never_replaces_a_file(folder, fresh_session):
    taken = folder / "taken.toml"
    taken.write_text("# someone's notes\n", encoding="utf-8")
    with pytest.raises(WriteRefused) as caught:
        create_session_file(fresh_session, path=taken)
    assert taken.read_text(encoding="utf-8") == "# someone's notes\n"
    # The lock taken for the attempt was let go: another window can take it.
    SessionLock(taken).acquire().release()
    assert caught.traceback
    path, lock, _ = create_session_file(fresh_session, path=folder / "chosen.toml")
    lock.release()
    assert read_session(path) == fresh_session


def test_a_new_session_file_that_cannot_be_written_leaves_no_file_and_no_lock(
    folder, fresh_session: Session, monkeypatch
):
    from sessions.store import editing

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(editing, "save_session", full_disk)
    with pytest.raises(OSError) as caught:
        create_session_file(fresh_session, folder)
    path = folder / "returns-forecast.toml"
    assert not path.exists()
    # Let go of at once, not when the attempt's lock object is collected: the traceback (kept
    # here, as an app keeps an error to show it) still holds it.
    SessionLock(path).acquire().release()
    assert caught.traceback


def test_a_session_file_is_created_in_a_folder_or_at_a_path_not_both(folder, fresh_session):
    with pytest.raises(TypeError):
        create_session_file(fresh_session, folder, path=folder / "x.toml")
    with pytest.raises(TypeError):
        create_session_file(fresh_session)
    assert not list(folder.iterdir())
