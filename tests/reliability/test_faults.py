"""Faults while a session is open: full disks, refused writes, files that vanish or change.

In every fault the app keeps running, the work stays in memory, the status bar says NOT SAVED
with a notification saying what happened, and "Save a copy as…" saves it somewhere else.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette

import sessions.store as store
from sessions.errors import SessionInUse
from sessions.store import SessionLock, read_session, save_session, writing
from tests.conftest import save_copy_to, saved, settle
from tui.app import FormingApp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import FormDialog
from tui.screens.stage import StageScreen
from tui.widgets.chrome import StatusBar

ROOT = Path(__file__).resolve().parents[2]
NEW_PERSON = {"id": "p9", "name": "Noor [lead]", "title": "Data engineer", "availability": 80}


class FaultyOS:
    """The `os` module as the store sees it, with chosen calls failing like a sick disk.

    Only the store is given this stand-in, so Textual, pytest and the lock carry on as usual.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fail_write: int | None = None
        """An errno for every write into a file created in `folder`, or `None`."""
        self.fail_open: int | None = None
        """An errno for every file created in `folder`, or `None`."""
        self.fail_replace: int | None = None
        """An errno for every rename into `folder`, or `None`."""
        self.replace_failures_left = -1
        """How many more renames fail (-1: all of them)."""
        self._created_here: set[int] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def _here(self, path: Any) -> bool:
        return Path(os.fspath(path)).parent == self.folder

    def open(self, path: Any, flags: int, *args: Any) -> int:
        created_here = bool(flags & os.O_CREAT) and self._here(path)
        if self.fail_open is not None and created_here:
            raise PermissionError(self.fail_open, os.strerror(self.fail_open), str(path))
        fd = os.open(path, flags, *args)
        if created_here:
            self._created_here.add(fd)
        else:
            self._created_here.discard(fd)
        return fd

    def write(self, fd: int, data: Any) -> int:
        if self.fail_write is not None and fd in self._created_here:
            # Half the bytes land, then the disk is full: a torn temp file is left to clean.
            os.write(fd, bytes(data[: len(data) // 2]))
            raise OSError(self.fail_write, os.strerror(self.fail_write))
        return os.write(fd, data)

    if hasattr(os, "writev"):  # the store writes a file's pieces in one call where it can

        def writev(self, fd: int, buffers: Any) -> int:
            if self.fail_write is not None and fd in self._created_here:
                return self.write(fd, b"".join(buffers))
            return os.writev(fd, buffers)

    def replace(self, source: Any, target: Any) -> None:
        if self.fail_replace is not None and self.replace_failures_left != 0 and self._here(target):
            self.replace_failures_left -= 1
            raise PermissionError(self.fail_replace, os.strerror(self.fail_replace), str(target))
        os.replace(source, target)


@pytest.fixture
def faulty(monkeypatch, forming_home: Path) -> FaultyOS:
    """A sick disk under the sessions folder, for the store only."""
    stand_in = FaultyOS(forming_home)
    monkeypatch.setattr(writing, "os", stand_in)
    return stand_in


def notices(app) -> str:
    """Every notification the app has shown, title and message, one per line."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def status_text(app) -> str:
    """The save state as the status bar shows it."""
    return str(app.screen.query_one("#status-save").render())


def assert_not_saved_but_kept(app, path: Path, what: str) -> None:
    """The app runs, keeps the change in memory, says NOT SAVED and why, and offers a copy."""
    assert app.is_running and app.return_code is None
    assert app.session.person("p9") is not None, "the change must stay in memory"
    assert app.save_state == "failed"
    assert isinstance(app.screen, StageScreen)
    assert "NOT SAVED" in status_text(app)
    assert app.screen.query_one(StatusBar).has_class("-save-failed")
    told = notices(app)
    assert what in told, told
    assert "Save a copy as" in told, told
    assert read_session(path).person("p9") is None, "the file on disk is left as it was"


def assert_saved_at(app, target: Path) -> None:
    """The session now lives at `target`: saved there, locked there, and the live path."""
    assert app.session_path == target
    assert app.save_state == "saved"
    assert "Saved" in status_text(app)
    assert read_session(target).person("p9") is not None
    with pytest.raises(SessionInUse):
        SessionLock(target).acquire()


# -- the faults ------------------------------------------------------------------------------


async def test_disk_full_keeps_work_and_a_copy_saves_it_elsewhere(
    app_on, team_session, faulty, tmp_path
) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        faulty.fail_write = errno.ENOSPC
        assert app.change("person.added", NEW_PERSON)
        await settle(app, pilot)
        assert_not_saved_but_kept(app, path, "the disk is full")
        assert not [n for n in os.listdir(path.parent) if ".tmp-" in n], "torn temps are removed"

        # More changes while the disk is full stay in memory too.
        assert app.change("person.updated", {"id": "p9", "set": {"availability": 60}})
        await settle(app, pilot)
        assert app.save_state == "failed"

        elsewhere = tmp_path / "usb-stick"
        elsewhere.mkdir()
        await save_copy_to(app, pilot, elsewhere)
        target = elsewhere / "returns-forecast.toml"
        assert_saved_at(app, target)
        assert read_session(target).person("p9").availability == 60
        # The old file is let go of, and later changes are saved to the copy.
        SessionLock(path).acquire().release()
        assert app.change("person.updated", {"id": "p9", "set": {"title": "Lead"}})
        await settle(app, pilot)
        assert saved(target).person("p9").title == "Lead"
        assert app.is_running


async def test_unwritable_folder_keeps_work_and_offers_a_copy(
    app_on, team_session, faulty, tmp_path
) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        faulty.fail_open = errno.EACCES
        faulty.fail_replace = errno.EACCES
        assert app.change("person.added", NEW_PERSON)
        await settle(app, pilot)
        assert_not_saved_but_kept(app, path, "no permission to write")
        # ctrl+s tries again, and fails the same way without crashing.
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.save_state == "failed"
        target = tmp_path / "elsewhere" / "rescued.toml"
        target.parent.mkdir()
        await save_copy_to(app, pilot, target)
        assert_saved_at(app, target)


async def test_transient_replace_failure_is_retried_and_saves(app_on, team_session, faulty) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        faulty.fail_replace = errno.EACCES  # a virus scanner holding the file for a moment
        faulty.replace_failures_left = 2
        assert app.change("person.added", NEW_PERSON)
        await settle(app, pilot)
        assert faulty.replace_failures_left == 0
        assert app.save_state == "saved"
        assert saved(path).person("p9") is not None
        assert "Not saved" not in notices(app)


async def test_file_deleted_while_open_is_saved_again(app_on, team_session) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        path.unlink()
        assert app.change("person.added", NEW_PERSON)
        await settle(app, pilot)
        # The next autosave simply writes it again, whole: nothing to decide, nothing lost.
        assert app.save_state == "saved"
        assert saved(path).person("p9") is not None
        assert "Not saved" not in notices(app)


async def test_file_replaced_while_open_is_never_overwritten_silently(
    app_on, team_session, fresh_session, tmp_path
) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        # Another program (a sync client, git, a colleague) puts its own version there.
        other = fresh_session.model_copy(
            update={"session": fresh_session.session.model_copy(update={"team": "Theirs"})}
        )
        theirs = tmp_path / "theirs.toml"
        save_session(other, theirs)
        os.replace(theirs, path)
        assert app.change("person.added", NEW_PERSON)
        await settle(app, pilot)
        assert_not_saved_but_kept(app, path, "changed by another program")
        assert read_session(path).session.team == "Theirs"

        # ctrl+s asks before overwriting; "no" keeps their file.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert read_session(path).session.team == "Theirs"
        assert app.save_state == "failed"

        # "yes" overwrites it with the session on screen, and autosave carries on.
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.save_state == "saved"
        assert saved(path).session.team == "Returns Forecast"
        assert saved(path).person("p9") is not None
        assert app.change("person.updated", {"id": "p9", "set": {"title": "Lead"}})
        await settle(app, pilot)
        assert saved(path).person("p9").title == "Lead"


async def test_an_unexpected_save_error_never_closes_the_app(
    app_on, team_session, monkeypatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the save went wrong in a way nobody planned for")

    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        monkeypatch.setattr(store, "save_session", broken)
        assert app.change("person.added", NEW_PERSON)
        await settle(app, pilot)
        assert_not_saved_but_kept(app, path, "nobody planned for")


async def test_quitting_with_unsaved_work_asks_first(app_on, team_session, faulty) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        faulty.fail_write = errno.ENOSPC
        assert app.change("person.added", NEW_PERSON)
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert app.is_running, "quitting must not throw away work that is not saved"
        assert isinstance(app.screen, ConfirmDialog)
        assert "NOT SAVED" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await settle(app, pilot)
        assert app.is_running and app.session.person("p9") is not None
        # Closing the session to go home asks the same question.
        app.go_home()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen) and app.session.person("p9") is not None
        # Once the disk has room again, quitting saves as usual.
        faulty.fail_write = None
        await pilot.press("ctrl+q")
        await settle(app, pilot)
    assert app.return_code == 0
    assert read_session(path).person("p9") is not None


# -- locks -------------------------------------------------------------------------------------


HOLDER = textwrap.dedent(
    """
    import sys
    from sessions.store import SessionLock
    lock = SessionLock(sys.argv[1]).acquire()
    print("held", flush=True)
    sys.stdin.read()
    """
)


def hold_lock(path: Path) -> subprocess.Popen[str]:
    """Start another process that holds the session's lock until its stdin closes."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdout.readline() == "held\n"
    return holder


async def test_lock_held_elsewhere_offers_read_only_then_a_copy_to_edit(
    save_to, team_session, forming_home, tmp_path
) -> None:
    path = save_to(team_session)
    before = path.read_bytes()
    holder = hold_lock(path)
    try:
        app = FormingApp(start="open", path=path, folder=forming_home)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, ConfirmDialog)
            assert "another Forming window" in str(
                app.screen.query_one("#confirm-question").render()
            )
            await pilot.press("y")
            await settle(app, pilot)
            assert app.read_only and app.save_state == "read-only"
            assert not app.change("person.added", NEW_PERSON)

            # A copy elsewhere can be edited: it gets its own lock and becomes the live file.
            copy = tmp_path / "my-copy.toml"
            await save_copy_to(app, pilot, copy)
            assert not app.read_only
            assert app.change("person.added", NEW_PERSON)
            await settle(app, pilot)
            assert_saved_at(app, copy)
            assert app.is_running and app.return_code is None
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert path.read_bytes() == before, "the file another window holds is never written"


async def test_copy_onto_a_session_someone_has_open_is_refused(
    app_on, team_session, save_to, fresh_session
) -> None:
    other = save_to(fresh_session, "other.toml")
    holder = hold_lock(other)
    try:
        app = app_on(team_session, "roster")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(app, pilot)
            path = app.session_path
            await save_copy_to(app, pilot, other)
            assert app.session_path == path
            assert app.save_state == "saved"
            assert "Not saved as a copy" in notices(app)
            assert read_session(other).session.team == fresh_session.session.team
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


async def test_stale_lock_from_a_killed_process_never_blocks(
    save_to, team_session, forming_home
) -> None:
    path = save_to(team_session)
    holder = hold_lock(path)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    holder.stdin.close()
    assert Path(str(path) + ".lock").exists(), "the killed holder leaves its lock file behind"
    app = FormingApp(start="open", path=path, folder=forming_home)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StageScreen)
        assert not app.read_only and app.save_state == "saved"
        assert app.change("person.added", NEW_PERSON)
        await settle(app, pilot)
        assert saved(path).person("p9") is not None


# -- the way to the copy -----------------------------------------------------------------------


async def test_save_a_copy_is_in_the_command_palette(app_on, team_session, tmp_path) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"save a copy")
        for _ in range(100):
            await pilot.pause(0.02)
            if app.screen.query("CommandList Option"):
                break
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialog)
        assert "copy" in str(app.screen.query_one("#form-title").render()).lower()


async def test_save_a_copy_refuses_bad_places_with_a_message(
    app_on, team_session, tmp_path
) -> None:
    app = app_on(team_session, "roster")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        taken = tmp_path / "taken.toml"
        taken.write_text("not mine", encoding="utf-8")
        told = ""
        for target in (tmp_path / "no-such-folder" / "x.toml", taken):
            await save_copy_to(app, pilot, target)
            assert app.session_path == path and app.is_running
            told += notices(app)  # read after each: a toast of the same kind replaces it
        assert taken.read_text(encoding="utf-8") == "not mine"
        assert "does not exist" in told and "already a file" in told


async def test_saving_while_a_failing_autosave_runs_never_hangs(
    app_on, team_session, faulty, monkeypatch
) -> None:
    import faulthandler

    # A hang would stop the event loop itself, so only a watchdog thread can report it.
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        monkeypatch.setattr(writing, "REPLACE_RETRY_S", 0.5)
        app = app_on(team_session, "roster")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(app, pilot)
            faulty.fail_replace = errno.EACCES  # retried for half a second, then given up
            assert app.change("person.added", NEW_PERSON)
            await pilot.press("ctrl+s")  # the UI thread saves while the autosave retries
            await settle(app, pilot)
            assert app.save_state == "failed"
            assert app.is_running
    finally:
        faulthandler.cancel_dump_traceback_later()


# -- the store underneath ----------------------------------------------------------------------


def test_store_never_overwrites_a_file_changed_since_its_last_save(team_session, tmp_path):
    from sessions.errors import FileChanged
    from sessions.store import file_stamp

    folder = tmp_path / "stamped"
    folder.mkdir()
    path = folder / "stamped.toml"
    stamp = save_session(team_session, path)
    assert stamp == file_stamp(path)
    stamp = save_session(team_session, path, expected=stamp)  # our own file: saved

    # Edited in place by another program (same file, new content), then replaced whole.
    with path.open("a", encoding="utf-8") as edited:
        edited.write("\n# a note someone added\n")
    before = path.read_bytes()
    with pytest.raises(FileChanged) as refused:
        save_session(team_session, path, expected=stamp)
    assert "changed by another program" in str(refused.value)
    assert refused.value.lines()[0].startswith("stamped.toml")
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["stamped.toml", "stamped.toml.bak"]

    theirs = tmp_path / "theirs.toml"
    save_session(team_session, theirs)
    os.replace(theirs, path)
    with pytest.raises(FileChanged):
        save_session(team_session, path, expected=stamp)

    # Deleted: nothing to lose, so it is written again.
    path.unlink()
    again = save_session(team_session, path, expected=stamp)
    assert again == file_stamp(path) and read_session(path).people == team_session.people


def test_store_turns_an_unreadable_link_into_a_save_error(team_session, tmp_path, monkeypatch):
    from sessions.errors import SaveError

    def refused(self) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_symlink", refused)
    with pytest.raises(SaveError) as error:
        save_session(team_session, tmp_path / "s.toml")
    assert "could not save" in str(error.value)
