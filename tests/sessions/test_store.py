"""Tests of the session store: round trips, hand-written files, saving, listing and naming."""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs
import pytest
from pydantic import ValidationError

import sessions.store as store
from content.loader import load_pack
from sessions.errors import FolderInTheWay, Problem, SaveError, SessionFileError, SessionInUse
from sessions.events import fold, same_state
from sessions.live import LiveSession
from sessions.model import Session, dump_session
from sessions.start import new_session
from sessions.store import (
    clean_stray_temps,
    document,
    list_sessions,
    open_for_editing,
    parse_session,
    read_session,
    save_session,
    session_filename,
    session_to_toml,
    sessions_folder,
    writing,
)

HAND_WRITTEN = """\
# Typed by a facilitator before the workshop.
format = "forming.session"
schema = 1

[session]
id = "hand-1"
team = "Returns forecast"
purpose = "Forecast parcel returns for the warehouses."
created_at = 2026-03-02T09:00:00Z
updated_at = 2026-03-02T11:30:00Z
stage = "roles"

[[stages]]
id = "welcome"
title = "Purpose and setup"
timebox_min = 10
done = true

[[stages]]
id = "roles"
title = "Role mapping"
timebox_min = 25

[[roles]]
id = "data-scientist"
name = "Data scientist"
responsibilities = ["Create, build and amend the model"]

[[roles]]
id = "ml-engineer"
name = "ML engineer"

[[people]]
id = "p1"
name = "Zoë [lead] 🚀"
title = "Data scientist"
availability = 80

[[people]]
id = "p2"
name = "Sam"

[[assignments]]
person = "p1"
role = "data-scientist"
share = 100

[[assignments]]
person = "p2"
role = "ml-engineer"
share = 60
"""

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def pack():
    """The bundled content pack, loaded once."""
    return load_pack()


def workshop(pack, team: str = "Returns forecast", at: datetime = T0) -> Session:
    """Return a session from the pack after a few changes of the kinds a workshop makes."""
    live = LiveSession(new_session(pack, team=team, at=at))
    role = live.session.roles[0].id
    live.change("person.added", {"id": "p1", "name": "Ada", "title": "DS", "availability": 50}, at)
    live.change("person.added", {"id": "p2", "name": "Grace [ops]", "availability": 100}, at)
    live.change("assignment.added", {"person": "p1", "role": role, "share": 60}, at)
    other = live.session.roles[1].id
    live.change("need.added", {"id": "n1", "provider": role, "receiver": other, "artefact": "A"})
    live.change("action.added", {"id": "a1", "text": "Write the runbook"})
    live.change("session.updated", {"set": {"purpose": "Forecast returns"}})
    live.change("stage.entered", {"stage": live.session.stages[1].id})
    return live.session


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of the test's own (the shared fixtures add a sessions folder beside it)."""
    path = tmp_path / "store"
    path.mkdir()
    return path


def files_in(folder: Path) -> list[str]:
    """Return the names in a folder, sorted."""
    return sorted(os.listdir(folder))


# -- round trips -----------------------------------------------------------------------------


def test_save_then_read_gives_the_same_session_and_a_backup(pack, folder):
    first = workshop(pack)
    path = folder / "returns-forecast.toml"
    save_session(first, path)
    assert files_in(folder) == ["returns-forecast.toml"]
    assert dump_session(read_session(path)) == dump_session(first)
    first_bytes = path.read_bytes()

    live = LiveSession(read_session(path))
    live.change("person.added", {"id": "p3", "name": "Lin"})
    save_session(live.session, path)

    assert dump_session(read_session(path)) == dump_session(live.session)
    assert (folder / "returns-forecast.toml.bak").read_bytes() == first_bytes
    assert files_in(folder) == ["returns-forecast.toml", "returns-forecast.toml.bak"]


def test_unknown_keys_survive_a_round_trip(folder):
    text = HAND_WRITTEN.replace(
        "schema = 1\n", 'schema = 1\nwritten_by = "a plug-in"\n\n[plugin]\ncolour = "teal"\n'
    )
    text = text.replace('stage = "roles"\n', 'stage = "roles"\nmood = "hopeful"\n')
    text = text.replace('name = "Sam"\n', 'name = "Sam"\npronouns = "they/them"\n')
    path = folder / "s.toml"
    path.write_text(text, encoding="utf-8")

    session, imported = open_for_editing(path)
    assert imported
    save_session(session, path)
    again = tomllib.loads(path.read_text(encoding="utf-8"))

    assert again["written_by"] == "a plug-in"
    assert again["plugin"] == {"colour": "teal"}
    assert again["session"]["mood"] == "hopeful"
    assert again["people"][1]["pronouns"] == "they/them"
    assert dump_session(read_session(path)) == dump_session(session)


def test_the_timeline_is_written_last(pack):
    session = workshop(pack)
    text = session_to_toml(session)
    headers = [
        (number, line)
        for number, line in enumerate(text.splitlines())
        if line.startswith("[") and not line.startswith(("[timeline", "[[timeline"))
    ]
    first_timeline = text.splitlines().index("[[timeline]]")
    assert headers, "the state has tables"
    assert all(number < first_timeline for number, _ in headers)
    # The text before the timeline is the whole current state.
    state = tomllib.loads(text[: text.index("[[timeline]]")])
    assert {k: v for k, v in tomllib.loads(text).items() if k != "timeline"} == state


def test_optional_values_are_left_out_rather_than_written_empty(pack):
    text = session_to_toml(workshop(pack))
    document = tomllib.loads(text)
    assert "None" not in text and "null" not in text
    assert "quality" not in document["needs"][0]
    assert "owner" not in document["actions"][0] and "due" not in document["actions"][0]
    assert "backlog_owner" not in document["rituals"]


def test_a_value_that_cannot_be_stored_is_a_save_error_and_writes_nothing(folder):
    session = parse_session(HAND_WRITTEN)
    people = [session.people[0].model_copy(update={"note": "bad \ud800 text"})]
    broken = session.model_copy(update={"people": people})
    path = folder / "s.toml"
    with pytest.raises(SaveError, match="cannot be stored"):
        save_session(broken, path)
    assert files_in(folder) == []


def test_a_save_written_in_batches_is_the_whole_text(pack, folder, monkeypatch):
    monkeypatch.setattr(writing, "WRITE_BATCH", 64)  # many batches, each a few pieces
    session = workshop(pack)
    path = folder / "s.toml"
    save_session(session, path)
    assert path.read_text(encoding="utf-8") == session_to_toml(session)
    assert read_session(path) == session


def test_a_text_that_cannot_be_stored_is_refused_before_anything_is_written(pack, folder):
    path = folder / "s.toml"
    session = workshop(pack)
    save_session(session, path)  # the next save reuses the bytes of every unchanged part
    before = path.read_bytes()
    people = [session.people[0].model_copy(update={"note": "bad \ud800 text"})]
    with pytest.raises(SaveError, match="cannot be stored"):
        save_session(session.model_copy(update={"people": people}), path)
    assert path.read_bytes() == before
    assert files_in(folder) == ["s.toml"]
    # The refused text was not kept: the next save writes the people as they are.
    save_session(session, path)
    assert path.read_bytes() == before


def test_events_read_with_the_history_are_the_whole_files_and_stay_apart(pack, folder):
    path = folder / "s.toml"
    session = workshop(pack)
    save_session(session, path)
    data = path.read_bytes()
    state = store.parse_state(data, path)
    whole = store.parse_history(data, state, path)
    assert whole == parse_session(data) == session
    first, second = whole.timeline[1], whole.timeline[2]
    assert first.model_extra == second.model_extra == {}
    # A copy with an unknown key leaves the events read alone.
    changed = first.model_copy(update={"later": 1, "data": {"id": "x"}})
    assert changed.model_extra == {"later": 1} and "later" in changed.model_fields_set
    assert second.model_extra == {} and "later" not in second.model_fields_set
    with pytest.raises(ValidationError):  # frozen: nothing changes them in place
        second.later = 1
    assert second.model_extra == {} and "later" not in first.model_fields_set
    assert dump_session(whole) == dump_session(session)


def test_a_value_tomli_w_refuses_is_a_save_error_naming_the_file(folder):
    session = parse_session(HAND_WRITTEN)
    people = [session.people[0].model_copy(update={"note": None, "when": {1, 2}})]
    path = folder / "s.toml"
    with pytest.raises(SaveError, match="cannot be written as TOML") as caught:
        save_session(session.model_copy(update={"people": people}), path)
    assert caught.value.path == path
    assert files_in(folder) == []


def test_saving_keeps_the_file_permissions(folder):
    path = folder / "s.toml"
    save_session(parse_session(HAND_WRITTEN), path)
    path.chmod(0o600)
    save_session(parse_session(HAND_WRITTEN), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_saving_through_a_symbolic_link_keeps_the_link(folder):
    real = folder / "real"
    real.mkdir()
    target = real / "s.toml"
    save_session(parse_session(HAND_WRITTEN), target)
    link = folder / "link.toml"
    link.symlink_to(target)
    session, _ = open_for_editing(link)
    save_session(session, link)
    assert link.is_symlink()
    assert dump_session(read_session(target)) == dump_session(session)


# -- hand-written and hand-edited files ------------------------------------------------------


def test_a_hand_written_file_reads_and_is_imported(folder):
    path = folder / "returns.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")

    plain = read_session(path)
    assert [p.name for p in plain.people] == ["Zoë [lead] 🚀", "Sam"]
    assert plain.timeline == []

    session, imported = open_for_editing(path)
    assert imported
    assert session.timeline[-1].type == "session.imported"
    assert same_state(session, plain)
    assert same_state(fold(session.timeline), session)
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN, "opening never writes"

    save_session(session, path)
    reopened, imported_again = open_for_editing(path)
    assert not imported_again
    assert dump_session(reopened) == dump_session(session)


def test_a_session_saved_by_the_app_opens_without_an_import(pack, folder):
    path = folder / "s.toml"
    session = workshop(pack)
    save_session(session, path)
    opened, imported = open_for_editing(path)
    assert not imported
    assert dump_session(opened) == dump_session(session)


def test_a_hand_edit_of_a_saved_file_wins_and_is_recorded(pack, folder):
    path = folder / "s.toml"
    save_session(workshop(pack), path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('team = "Returns forecast"', 'team = "Returns team"', 1))

    session, imported = open_for_editing(path)
    assert imported
    assert session.session.team == "Returns team"
    assert session.timeline[-1].type == "session.imported"
    assert same_state(fold(session.timeline), session)


def test_a_timeline_that_does_not_replay_is_imported_not_refused(folder):
    text = HAND_WRITTEN + (
        '\n[[timeline]]\nseq = 1\nat = 2026-03-02T09:00:00Z\ntype = "session.updated"\n'
        "[timeline.data]\nset = [{ a = 1 }]\n"
    )
    path = folder / "s.toml"
    path.write_text(text, encoding="utf-8")
    session, imported = open_for_editing(path)
    assert imported
    assert [e.type for e in session.timeline] == ["session.updated", "session.imported"]
    assert same_state(fold(session.timeline[1:]), session)


# -- schema migrations -----------------------------------------------------------------------


def test_an_older_schema_is_migrated_through_the_chain(monkeypatch):
    def rename_full_name(document):
        for person in document.get("people", []):
            person["name"] = person.pop("full_name")
        return document

    monkeypatch.setitem(store.MIGRATIONS, 0, rename_full_name)
    old = HAND_WRITTEN.replace("schema = 1", "schema = 0").replace(
        'name = "Sam"', 'full_name = "Sam"'
    )
    old = old.replace('name = "Zoë', 'full_name = "Zoë')
    session = parse_session(old)
    assert session.schema_ == 1
    assert [p.name for p in session.people] == ["Zoë [lead] 🚀", "Sam"]


def test_a_failing_migration_is_a_clear_error(monkeypatch):
    def broken(document):
        raise KeyError("people")

    monkeypatch.setitem(store.MIGRATIONS, 0, broken)
    with pytest.raises(SessionFileError, match="could not upgrade it from schema 0"):
        parse_session(HAND_WRITTEN.replace("schema = 1", "schema = 0"))


def test_a_schema_without_a_migration_is_refused():
    with pytest.raises(SessionFileError, match="0 is not a schema Forming knows"):
        parse_session(HAND_WRITTEN.replace("schema = 1", "schema = 0"))


# -- save failures ---------------------------------------------------------------------------


def test_a_full_disk_leaves_the_previous_file_intact(monkeypatch, folder):
    path = folder / "s.toml"
    save_session(parse_session(HAND_WRITTEN), path)
    before = path.read_bytes()

    def full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writing.os, "replace", full)
    live = LiveSession(open_for_editing(path)[0])
    live.change("person.added", {"id": "p3", "name": "Lin"})
    with pytest.raises(SaveError) as caught:
        save_session(live.session, path)

    message = str(caught.value)
    assert "s.toml: could not save: the disk is full" in message
    assert "another folder or disk" in message
    assert caught.value.path == path
    assert path.read_bytes() == before
    assert files_in(folder) == ["s.toml"]


def test_a_full_disk_while_writing_leaves_no_temp(monkeypatch, folder):
    path = folder / "s.toml"
    save_session(parse_session(HAND_WRITTEN), path)
    before = path.read_bytes()

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writing.os, "write", full)
    monkeypatch.setattr(writing.os, "writev", full, raising=False)
    with pytest.raises(SaveError, match="the disk is full"):
        save_session(parse_session(HAND_WRITTEN), path)
    assert path.read_bytes() == before
    assert files_in(folder) == ["s.toml"]


def test_a_replace_blocked_for_a_moment_is_retried(monkeypatch, folder):
    path = folder / "s.toml"
    save_session(parse_session(HAND_WRITTEN), path)
    real_replace = os.replace
    calls = []

    def busy_twice(source, target):
        calls.append(target)
        if len(calls) <= 2:
            raise PermissionError(errno.EACCES, "Access is denied")
        real_replace(source, target)

    monkeypatch.setattr(writing.os, "replace", busy_twice)
    session = parse_session(HAND_WRITTEN.replace("Sam", "Samira"))
    save_session(session, path)
    assert read_session(path).people[1].name == "Samira"
    assert len(calls) >= 3
    assert files_in(folder) == ["s.toml", "s.toml.bak"]


def test_a_replace_blocked_for_good_gives_up_within_the_retry_window(monkeypatch, folder):
    monkeypatch.setattr(writing, "REPLACE_RETRY_S", 0.05)
    path = folder / "s.toml"
    save_session(parse_session(HAND_WRITTEN), path)
    before = path.read_bytes()

    def busy(source, target):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(writing.os, "replace", busy)
    with pytest.raises(SaveError, match="no permission to write in"):
        save_session(parse_session(HAND_WRITTEN.replace("Sam", "Samira")), path)
    assert path.read_bytes() == before
    assert files_in(folder) == ["s.toml"]


def test_a_folder_without_write_permission_is_a_save_error(monkeypatch, folder):
    path = folder / "s.toml"
    real_open = os.open

    def refuse_new_files(file, flags, *args, **kwargs):
        # What a read-only folder does to a non-root user (tests may run as root).
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(writing.os, "open", refuse_new_files)
    with pytest.raises(SaveError) as caught:
        save_session(parse_session(HAND_WRITTEN), path)
    assert f"no permission to write in {folder}" in str(caught.value)
    assert files_in(folder) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_a_save_error(folder):
    folder = folder / "locked"
    folder.mkdir()
    path = folder / "s.toml"
    save_session(parse_session(HAND_WRITTEN), path)
    before = path.read_bytes()
    folder.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="no permission to write in"):
            save_session(parse_session(HAND_WRITTEN.replace("Sam", "Samira")), path)
        assert path.read_bytes() == before
    finally:
        folder.chmod(0o755)


def test_a_folder_that_is_gone_is_a_save_error(folder):
    path = folder / "gone" / "s.toml"
    with pytest.raises(SaveError, match="no longer exists"):
        save_session(parse_session(HAND_WRITTEN), path)


def test_the_backup_is_copied_where_hard_links_are_not_allowed(monkeypatch, folder):
    path = folder / "s.toml"
    save_session(parse_session(HAND_WRITTEN), path)
    first = path.read_bytes()

    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(writing.os, "link", no_links)
    save_session(parse_session(HAND_WRITTEN.replace("Sam", "Samira")), path)
    assert (folder / "s.toml.bak").read_bytes() == first
    assert read_session(path).people[1].name == "Samira"
    assert files_in(folder) == ["s.toml", "s.toml.bak"]


def test_saving_over_a_folder_is_a_save_error(folder):
    (folder / "s.toml").mkdir()
    with pytest.raises(FolderInTheWay, match="never replaces a folder"):
        save_session(parse_session(HAND_WRITTEN), folder / "s.toml")
    assert files_in(folder) == ["s.toml"]


# -- reading never writes --------------------------------------------------------------------


def test_reading_never_changes_the_file_or_the_folder(pack, folder):
    path = folder / "s.toml"
    save_session(workshop(pack), path)
    old = path.stat().st_mtime_ns - 10_000_000_000
    os.utime(path, ns=(old, old))
    before = (path.read_bytes(), path.stat().st_mtime_ns, files_in(folder))

    read_session(path)
    parse_session(path.read_bytes(), path)
    list_sessions(folder)

    assert (path.read_bytes(), path.stat().st_mtime_ns, files_in(folder)) == before


# -- stray temps -----------------------------------------------------------------------------


def test_only_old_stray_temps_of_ours_are_cleaned(folder):
    ours_old = folder / ".s.toml.tmp-0123456789abcdef"
    ours_backup = folder / ".s.toml.bak.tmp-fedcba9876543210"
    ours_new = folder / ".t.toml.tmp-aaaaaaaaaaaaaaaa"
    not_ours = [
        folder / ".s.toml.tmp-notours",
        folder / "s.toml.tmp-0123456789abcdef",
        folder / "notes.txt",
        folder / "s.toml",
    ]
    for path in [ours_old, ours_backup, ours_new, *not_ours]:
        path.write_text("x")
    old = datetime.now().timestamp() - 3600
    for path in (ours_old, ours_backup):
        os.utime(path, (old, old))

    linked = folder / ".s.toml.bak.tmp-0000000000000000"
    os.link(folder / "s.toml", linked)  # a backup under way: a second name for the live file
    os.utime(linked, (old, old))

    assert clean_stray_temps(folder) == 2
    assert linked.exists()
    assert not ours_old.exists() and not ours_backup.exists()
    assert ours_new.exists(), "a fresh temp may be a save in progress in another window"
    assert clean_stray_temps(folder, older_than=0) == 1
    assert all(path.exists() for path in not_ours)
    assert clean_stray_temps(folder / "missing") == 0


# -- listing ---------------------------------------------------------------------------------


def test_list_sessions_newest_first_with_broken_files_last(pack, folder):
    for days, team in [(2, "Middle"), (5, "Oldest"), (0, "Newest")]:
        session = workshop(pack, team=team, at=T0 - timedelta(days=days))
        save_session(session, session_filename(team, folder))
    save_session(workshop(pack, team="Middle", at=T0), folder / "middle.toml")  # makes a .bak
    (folder / "broken.toml").write_text('format = "forming.session"\nschema = [\n')
    (folder / ".newest.toml.tmp-0123456789abcdef").write_text("x")
    (folder / "notes.txt").write_text("x")
    (folder / "folder.toml").mkdir()

    summaries = list_sessions(folder)

    assert [s.path.name for s in summaries] == [
        "middle.toml",
        "newest.toml",
        "oldest.toml",
        "broken.toml",
    ]
    newest = summaries[1]
    assert newest.team == "Newest"
    assert newest.people == 2
    assert newest.stage_title == pack.stages[1].title
    assert newest.updated_at is not None and newest.error is None
    broken = summaries[-1]
    assert broken.error is not None and broken.error.startswith("broken.toml:3:1: Invalid value")
    assert broken.updated_at is None


def test_list_sessions_reads_the_state_without_the_timeline(pack, folder, monkeypatch):
    path = folder / "s.toml"
    save_session(workshop(pack), path)
    parsed: list[str] = []
    real_loads = tomllib.loads

    def spy(text, **kwargs):
        parsed.append(text)
        return real_loads(text, **kwargs)

    monkeypatch.setattr(document.tomli, "loads", spy)
    [summary] = list_sessions(folder)
    assert summary.error is None
    assert len(parsed) == 1 and "[[timeline]]" not in parsed[0]


def test_list_sessions_names_a_file_whose_listed_fields_are_broken_after_a_good_header(folder):
    path = folder / "s.toml"
    path.write_text(HAND_WRITTEN.replace('team = "Returns forecast"', "team = 7"))
    [summary] = list_sessions(folder)
    assert summary.error == "s.toml: session.team: Input should be a valid string"


def test_list_sessions_leaves_what_it_does_not_show_to_opening(folder):
    # The list reads four fields without the session model; the whole file is checked when
    # it is opened, so a problem elsewhere is named then.
    path = folder / "s.toml"
    path.write_text(HAND_WRITTEN.replace("availability = 80", "availability = 800"))
    [summary] = list_sessions(folder)
    assert summary.error is None and summary.team == "Returns forecast"
    with pytest.raises(SessionFileError) as refused:
        read_session(path)
    assert str(refused.value) == (
        "s.toml: people[0].availability: Input should be less than or equal to 100"
    )


def test_list_sessions_reads_tables_a_person_put_after_the_timeline(folder):
    head, people = HAND_WRITTEN.split("[[people]]", 1)
    timeline = (
        '[[timeline]]\nseq = 1\nat = 2026-03-02T09:00:00Z\ntype = "stage.entered"\n'
        '[timeline.data]\nstage = "roles"\n\n'
    )
    (folder / "moved.toml").write_text(head + timeline + "[[people]]" + people, encoding="utf-8")
    session, _ = open_for_editing_text(folder, HAND_WRITTEN)
    text = session_to_toml(session)
    (folder / "crlf.toml").write_bytes(text.replace("\n", "\r\n").encode())

    summaries = {s.path.name: s for s in list_sessions(folder)}
    assert summaries["moved.toml"].people == 2
    assert summaries["crlf.toml"].people == 2
    assert summaries["crlf.toml"].stage_title == "Role mapping"


def open_for_editing_text(folder: Path, text: str) -> tuple[Session, bool]:
    """Open a session written by hand, through a scratch file."""
    scratch = folder / "scratch.txt"
    scratch.write_text(text, encoding="utf-8")
    try:
        return open_for_editing(scratch)
    finally:
        scratch.unlink()


def test_list_sessions_of_a_missing_folder_is_empty(folder):
    assert list_sessions(folder / "nowhere") == []


# -- the sessions folder and file names ------------------------------------------------------


def test_sessions_folder_prefers_the_override_then_the_environment(monkeypatch, folder):
    monkeypatch.setenv("FORMING_HOME", str(folder / "home"))
    assert sessions_folder(folder / "dir") == folder / "dir"
    assert (folder / "dir").is_dir()
    assert sessions_folder() == folder / "home"
    assert (folder / "home").is_dir()


def test_sessions_folder_defaults_to_the_user_data_folder(monkeypatch, folder):
    monkeypatch.delenv("FORMING_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_path", lambda *a, **k: folder / "data" / a[0])
    assert sessions_folder() == folder / "data" / "forming" / "sessions"
    assert sessions_folder().is_dir()


def test_sessions_folder_that_is_a_file_is_a_clear_error(folder):
    (folder / "file").write_text("x")
    with pytest.raises(SessionFileError, match="not a folder"):
        sessions_folder(folder / "file")


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        ("Returns forecast", "returns-forecast.toml"),
        ("../../etc/passwd", "etc-passwd.toml"),
        ("[bold]red[/bold]", "bold-red-bold.toml"),
        ("🚀🚀", "session.toml"),
        ("", "session.toml"),
        ("..", "session.toml"),
        ("C:\\Windows\\System32", "c-windows-system32.toml"),
        ("CON", "con-session.toml"),
    ],
)
def test_session_filename_is_safe_and_readable(folder, team, expected):
    path = session_filename(team, folder)
    assert path.name == expected
    assert path.parent == folder


def test_session_filename_is_unique_in_its_folder(folder):
    first = session_filename("Returns forecast", folder)
    first.write_text("x")
    second = session_filename("Returns forecast", folder)
    assert second.name == "returns-forecast-2.toml"
    (folder / "returns-forecast-2.toml.bak").write_text("x")
    assert session_filename("Returns forecast!", folder).name == "returns-forecast-3.toml"


# -- error messages --------------------------------------------------------------------------


def test_error_messages_name_the_file_and_the_place():
    error = SessionFileError(
        [
            Problem("line 3, column 8", "Invalid value"),
            Problem("people[2].share", "Input should be less than or equal to 100"),
            Problem("", "the file is empty"),
        ],
        Path("/some/where/returns.toml"),
    )
    assert str(error).splitlines() == [
        "returns.toml:3:8: Invalid value",
        "returns.toml: people[2].share: Input should be less than or equal to 100",
        "returns.toml: the file is empty",
    ]
    assert str(SessionFileError("just this")) == "just this"
    in_use = SessionInUse(Path("returns.toml"))
    assert isinstance(in_use, SessionFileError)
    assert "another Forming window" in str(in_use) and "read-only" in str(in_use)
