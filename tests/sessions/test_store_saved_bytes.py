"""A save writes exactly the file a whole re-serialisation would, whatever the session went
through, while reusing the timeline's text a segment at a time.

The store keeps the timeline's text in segments (`toml_text.SEGMENT_BYTES`) and cuts them at
the first event that changed, so each test here runs with segments of a few hundred bytes:
a handful of events then spans many segments, and every cut lands somewhere inside one.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from sessions.errors import FileChanged, FolderInTheWay
from sessions.events import EventError
from sessions.live import LiveSession
from sessions.model import Session, dump_session
from sessions.store import read_session, save_session, toml_text, writing
from tests.strategies import AT, WORKSHOP_PROPERTY, event_for, make_session

SMALL_SEGMENT = 300
"""Bytes a segment holds in these tests: about one event each, many cuts inside one."""


def _plain(session: Session) -> bytes:
    return tomli_w.dumps(dump_session(session)).encode()


@pytest.fixture(autouse=True)
def _small_segments(monkeypatch):
    monkeypatch.setattr(toml_text, "SEGMENT_BYTES", SMALL_SEGMENT)
    monkeypatch.setattr(writing, "WRITE_BATCH", 200)
    monkeypatch.setattr(writing, "READ_BLOCK", 450)  # batches straddle the blocks read


def _grown(session: Session, people: int = 12) -> LiveSession:
    live = LiveSession(session)
    for n in range(people):
        live.change("person.added", {"id": f"g{n}", "name": f"Person {n}", "title": "Engineer"})
    return live


def _saved_exactly(live: LiveSession, path: Path, stamp=None):
    stamp = save_session(live.session, path, expected=stamp)
    assert path.read_bytes() == _plain(live.session)
    assert stamp.written is not None and b"".join(stamp.written) == path.read_bytes()
    return stamp


def test_a_save_after_an_append_writes_the_kept_segments_as_they_are(team_session, tmp_path):
    path = tmp_path / "s.toml"
    live = _grown(team_session)
    first = _saved_exactly(live, path)
    live.change("action.added", {"id": "late", "text": "Write it down"})
    second = _saved_exactly(live, path, first)
    # The timeline's segments are the very objects the last save wrote, but the last one
    # (the new event was added to it) and the state's batches (its `updated_at` changed).
    events = [b for b in second.written if b.startswith(b"\n[[timeline]]")]
    assert len(events) > 5
    kept = {id(batch) for batch in first.written}
    assert sum(id(batch) in kept for batch in events) >= len(events) - 1


def test_a_save_after_a_removal_an_undo_and_a_redo_writes_exactly(team_session, tmp_path):
    path = tmp_path / "s.toml"
    live = _grown(team_session)
    stamp = _saved_exactly(live, path)
    live.change("person.removed", {"id": "g3"})
    stamp = _saved_exactly(live, path, stamp)
    for _ in range(4):  # back into events saved long ago: the cut falls inside a segment
        assert live.undo() is not None
        stamp = _saved_exactly(live, path, stamp)
    live.change("action.added", {"id": "new", "text": "Another branch of history"})
    stamp = _saved_exactly(live, path, stamp)
    assert live.undo() is not None and live.redo() is not None
    stamp = _saved_exactly(live, path, stamp)
    assert read_session(path) == live.session


def test_a_file_edited_in_place_with_its_size_and_time_set_back_is_not_replaced(
    team_session, tmp_path
):
    path = tmp_path / "s.toml"
    live = _grown(team_session)
    stamp = _saved_exactly(live, path)
    data = path.read_bytes()
    info = os.stat(path)
    # Another program changes one byte deep in the timeline, in place, and sets the time back:
    # only the content tells.
    where = data.rindex(b"Person 2")
    edited = data[:where] + b"Person X" + data[where + len(b"Person 2") :]
    with open(path, "r+b") as file:
        file.write(edited)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_size == info.st_size
    live.change("action.added", {"id": "late", "text": "Write it down"})
    with pytest.raises(FileChanged):
        save_session(live.session, path, expected=stamp)
    assert path.read_bytes() == edited
    # The comparison itself, past the size the stamp already tells: a byte more at the end.
    path.write_bytes(data + b"\n")
    assert writing._holds(path, stamp.written) is False
    path.write_bytes(data[:-1])
    assert writing._holds(path, stamp.written) is False
    path.write_bytes(data)
    assert writing._holds(path, stamp.written) is True
    path.write_bytes(edited)
    # Told to overwrite, the save writes the whole session, exactly.
    _saved_exactly(live, path)


def test_a_save_after_a_reload_writes_exactly(team_session, tmp_path):
    path = tmp_path / "s.toml"
    live = _grown(team_session)
    _saved_exactly(live, path)
    other = tmp_path / "other.toml"
    _saved_exactly(_grown(team_session, people=3), other)  # the kept text is now another's
    reloaded = LiveSession(read_session(path))
    stamp = None
    for n in range(3):
        reloaded.change("action.added", {"id": f"r{n}", "text": f"After the reload {n}"})
        stamp = _saved_exactly(reloaded, path, stamp)
    assert reloaded.undo() is not None
    _saved_exactly(reloaded, path, stamp)
    assert read_session(path) == reloaded.session


@WORKSHOP_PROPERTY
@given(data=st.data(), steps=st.integers(min_value=3, max_value=30))
def test_every_save_writes_what_a_whole_serialisation_would(data, steps):
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.object(
            toml_text, "SEGMENT_BYTES", data.draw(st.sampled_from([1, 200, 700, 64 * 1024]))
        ),
    ):
        path = Path(folder) / "s.toml"
        live = LiveSession(make_session())
        stamp = save_session(live.session, path)
        for step in range(steps):
            choice = data.draw(
                st.sampled_from(["event"] * 6 + ["undo", "redo", "reload"]), label="op"
            )
            if choice == "undo":
                live.undo()
            elif choice == "redo":
                live.redo()
            elif choice == "reload":
                live = LiveSession(read_session(path))
            else:
                type_, payload = data.draw(event_for(live.session), label="event")
                try:
                    live.change(type_, payload, at=AT + timedelta(minutes=step + 1))
                except EventError:
                    continue
            stamp = save_session(live.session, path, expected=stamp)
            written = path.read_bytes()
            assert written == _plain(live.session)
            assert stamp.written is not None and b"".join(stamp.written) == written
            assert read_session(path) == live.session


def test_the_comparison_finds_any_byte_changed_and_takes_batches_larger_than_a_block(tmp_path):
    path = tmp_path / "f"
    written = (b"a" * 100, b"b" * 1000, b"c" * 300, b"d" * 449, b"e" * 451, b"f")
    data = b"".join(written)
    path.write_bytes(data)
    assert writing._holds(path, written) is True
    for where in (0, 99, 100, 1099, 1100, 1500, len(data) - 2, len(data) - 1):
        changed = bytearray(data)
        changed[where] ^= 1
        path.write_bytes(bytes(changed))
        assert writing._holds(path, written) is False, where
    path.write_bytes(data[:-1])
    assert writing._holds(path, written) is False
    path.write_bytes(data + b"f")
    assert writing._holds(path, written) is False
    assert writing._holds(tmp_path / "gone", written) is None


def test_writes_that_stop_short_are_carried_on_where_they_stopped(tmp_path):
    chunks = [b"x" * 10, b"", b"y" * 7, b"z" * 30, b"w"]
    real_write = os.write

    def short_writev(fd, views):
        return real_write(fd, b"".join(views)[:6])

    def short_write(fd, view):
        return real_write(fd, bytes(view)[:6])

    for name, fake in (("writev", short_writev), ("write", short_write)):
        path = tmp_path / name
        with pytest.MonkeyPatch.context() as patch:
            if name == "write":  # as on Windows, which has no writev
                patch.delattr(os, "writev", raising=False)
            patch.setattr(os, name, fake)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT)
            try:
                writing._write_all(fd, chunks)
            finally:
                os.close(fd)
        assert path.read_bytes() == b"".join(chunks), name


def test_the_hook_runs_with_the_new_file_written_and_the_old_one_in_place(team_session, tmp_path):
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / "s.toml"
    live = _grown(team_session)
    stamp = _saved_exactly(live, path)
    before = path.read_bytes()
    live.change("action.added", {"id": "late", "text": "Write it down"})
    seen = []

    def hook():
        temps = [p for p in folder.iterdir() if p.name.startswith(".s.toml.tmp-")]
        seen.append((path.read_bytes(), [t.read_bytes() for t in temps]))

    save_session(live.session, path, expected=stamp, written_hook=hook)
    assert seen == [(before, [_plain(live.session)])]
    assert path.read_bytes() == _plain(live.session)


def test_a_file_changed_while_the_new_one_was_written_is_not_replaced(team_session, tmp_path):
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / "s.toml"
    live = _grown(team_session)
    stamp = _saved_exactly(live, path)
    data = path.read_bytes()
    info = os.stat(path)
    edited = data.replace(b"Person 2", b"Person X")
    live.change("action.added", {"id": "late", "text": "Write it down"})

    def edit_in_place():
        # Another program, while the save writes: same size, time set back.
        with open(path, "r+b") as file:
            file.write(edited)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))

    with pytest.raises(FileChanged):
        save_session(live.session, path, expected=stamp, written_hook=edit_in_place)
    assert path.read_bytes() == edited
    assert sorted(p.name for p in folder.iterdir()) == ["s.toml"]

    def folder_instead():
        path.unlink()
        path.mkdir()

    with pytest.raises(FolderInTheWay):
        save_session(live.session, path, written_hook=folder_instead)
    assert path.is_dir() and sorted(p.name for p in folder.iterdir()) == ["s.toml"]
