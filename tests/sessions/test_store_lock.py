"""A session open for editing is locked against a second editor, until its holder is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sessions.errors import SessionFileError, SessionInUse
from sessions.store import SessionLock

ROOT = Path(__file__).resolve().parents[2]

HOLD = """\
import sys, time
from sessions.store import SessionLock
lock = SessionLock(sys.argv[1]).acquire()
print("HELD", flush=True)
time.sleep(120)
"""

TRY = """\
import sys
from sessions.errors import SessionInUse
from sessions.store import SessionLock
try:
    SessionLock(sys.argv[1]).acquire()
except SessionInUse as error:
    print("IN_USE", error, flush=True)
    sys.exit(3)
print("ACQUIRED", flush=True)
"""


def python(code: str, path: Path, **kwargs) -> subprocess.Popen:
    """Start `python -c code path` with the project importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.Popen([sys.executable, "-c", code, str(path)], text=True, env=env, **kwargs)


def try_in_another_process(path: Path) -> tuple[int, str]:
    """Return the exit code and output of a second process that tries to take the lock."""
    attempt = python(TRY, path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = attempt.communicate(timeout=60)
    return attempt.returncode, output


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    """A session file the user cares about (its content is never touched by locking)."""
    path = tmp_path / "returns.toml"
    path.write_text("# the user's file\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_second_process_is_refused_until_the_holder_is_killed(session_file):
    holder = python(HOLD, session_file, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "HELD"

        code, output = try_in_another_process(session_file)
        assert code == 3, output
        assert output.startswith("IN_USE returns.toml: is already open for editing")
        assert "read-only" in output
        with pytest.raises(SessionInUse):
            SessionLock(session_file).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()

    code, output = try_in_another_process(session_file)
    assert code == 0 and output.strip() == "ACQUIRED", output
    with SessionLock(session_file) as lock:
        assert lock.held
    assert session_file.read_text(encoding="utf-8") == "# the user's file\n"


def test_two_locks_on_one_file_in_one_process_exclude_each_other(session_file):
    first = SessionLock(session_file).acquire()
    second = SessionLock(session_file)
    with pytest.raises(SessionInUse) as caught:
        second.acquire()
    assert caught.value.path == session_file
    assert not second.held

    first.release()
    second.acquire()
    assert second.held
    second.release()
    assert session_file.exists()


def test_acquire_twice_then_release_once_lets_go(session_file):
    lock = SessionLock(session_file)
    lock.acquire()
    lock.acquire()
    lock.release()
    assert not lock.held
    with SessionLock(session_file):
        pass
    lock.release()  # releasing a lock not held is harmless


def test_a_lock_taken_in_one_thread_can_be_released_in_another(session_file):
    # The app saves and closes from worker threads.
    lock = SessionLock(session_file).acquire()
    worker = threading.Thread(target=lock.release)
    worker.start()
    worker.join()
    assert not lock.held
    with SessionLock(session_file) as again:
        assert again.held


def test_the_lock_lives_in_a_sidecar_file(session_file):
    lock = SessionLock(session_file)
    assert lock.lock_path == session_file.with_name("returns.toml.lock")
    with lock:
        assert lock.lock_path.exists()
    assert session_file.read_text(encoding="utf-8") == "# the user's file\n"


def test_a_lock_that_cannot_be_created_is_a_clear_error(session_file):
    session_file.with_name("returns.toml.lock").mkdir()  # something else sits where it goes
    with pytest.raises(SessionFileError) as caught:
        SessionLock(session_file).acquire()
    assert not isinstance(caught.value, SessionInUse)
    message = str(caught.value)
    assert message.startswith("returns.toml: could not lock it for editing")
    assert "read-only" in message
