"""Killed just after a change made before the history was read (issue #16): the file still reads.

A file saved by Forming can be changed before its history is read; the change is saved only
once the history is in. The driver below opens such a file in the real app, makes a change at
once, and says so; the test SIGKILLs it then (the history held back, so before any save), or a
random moment later (the history let through: before, during or after the save). The file
must always read, hold either the session as it was or the change, and a change reported saved
must be in it.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sessions.ids import with_ids_mark
from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import SessionLock, read_session, save_session

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
    pytest.mark.timeout(600),
]

ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("FORMING_EARLY_KILL_TRIALS", "8"))
LINE_TIMEOUT_S = 120.0

DRIVER = r"""
import asyncio, os, sys, threading
from pathlib import Path
from sessions.host import HistoryRead
from tui.app import FormingApp

path, hold = Path(sys.argv[1]), sys.argv[2] == "hold"
released = threading.Event()
load = HistoryRead.load

def held_load(history):
    if hold and threading.current_thread() is not threading.main_thread():
        released.wait()  # never: the test kills the app first
    load(history)

HistoryRead.load = held_load

def say(line):
    os.write(1, (line + "\n").encode())

async def main():
    app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(400):
            if app.host is not None and (app.host.early is not None or app.live is not None):
                break
            await pilot.pause()
        early = app.host is not None and app.host.early is not None
        from sessions.events import now
        from sessions.ids import new_id
        item = new_id(app.session, "k")
        stage = app.session.session.stage
        data = {"id": item, "text": "Killed early", "stage": stage, "at": now()}
        app.change("parking.added", data)
        say(f"changed {item} {'early' if early else 'late'}")
        for _ in range(4000):
            await pilot.pause()
            if not app.history_pending and app.save_state == "saved":
                say("saved")
                break
        await asyncio.Event().wait()

asyncio.run(main())
"""


@pytest.fixture
def marked(tmp_path: Path, team_session: Session) -> Path:
    live = LiveSession(team_session)
    live.change("person.removed", {"id": "p5"})
    path = tmp_path / "team.toml"
    save_session(with_ids_mark(live.session), path)
    return path


def _line(process: subprocess.Popen[bytes]) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + LINE_TIMEOUT_S
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        assert ready, "the driver said nothing"
        chunk = os.read(process.stdout.fileno(), 1)
        assert chunk, f"the driver ended: {process.stderr.read()!r}" if process.stderr else "ended"
        data += chunk
    return data.decode().strip()


def _run(path: Path, hold: bool, kill_after_s: float | None) -> tuple[str, bool]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(path), "hold" if hold else "go"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    saved = False
    try:
        changed = _line(process)
        assert changed.startswith("changed k"), changed
        if kill_after_s is not None:
            time.sleep(kill_after_s)  # a random moment: what a kill harness is for
            assert process.stdout is not None
            ready, _, _ = select.select([process.stdout], [], [], 0)
            saved = bool(ready) and _line(process) == "saved"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    return changed, saved


def test_killed_before_the_history_is_in_the_file_is_as_it_was(marked: Path) -> None:
    before = marked.read_bytes()
    changed, _ = _run(marked, hold=True, kill_after_s=None)
    assert changed.endswith("early")  # made before the history: the file has the mark
    assert marked.read_bytes() == before  # never saved without its history
    read_session(marked)
    SessionLock(marked).acquire().release()


def test_killed_at_random_moments_after_an_early_change_the_file_reads(marked: Path) -> None:
    rng = random.Random(16)
    before = read_session(marked)
    for _ in range(TRIALS):
        changed, saved = _run(marked, hold=False, kill_after_s=rng.uniform(0.0, 1.5))
        item = changed.split()[1]
        on_disk = read_session(marked)  # always reads
        ids = [entry.id for entry in on_disk.parking_lot]
        if saved:
            assert item in ids
        # Either the session as it was, or with the change after its whole history.
        assert on_disk.timeline[: len(before.timeline)] == before.timeline
        before = on_disk
        SessionLock(marked).acquire().release()
