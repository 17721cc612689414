"""The real app, killed at random moments, never loses a change it reported as saved.

A driver (`_app_driver.py`) runs `FormingApp` headless under Pilot and makes changes the way
the stages do (people, shares, concerns, and parking through the park dialog), printing each
change once the app's save state is back to `saved`. This test SIGKILLs it at random moments
(while it opens the file, just after a save, or in the middle of the next change's save), then
checks that the file opens, holds every change reported before the kill, has a backup that
opens, and can be locked again; the next driver reopens it in the app.

`FORMING_KILL_TRIALS` sets the number of kills (default 100; 1,000 for the long run).
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from content.loader import load_pack
from sessions.model import Session
from sessions.start import new_session
from sessions.store import SessionLock, clean_stray_temps, read_session, save_session

TRIALS = int(os.environ.get("FORMING_KILL_TRIALS", "100"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
    # About 0.6 s a kill on a quiet machine; five times that, and never under the default.
    pytest.mark.timeout(max(300, 3 * TRIALS)),
]

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("_app_driver.py")
FRESH_TRIALS = 2
"""Trials run in a whole new process, in case forking after the imports hides something."""
EARLY_SHARE = 0.1
"""The share of kills that land while the app is still opening the file."""
RESET_EVERY = 25
"""Start again from the first file this often, so saves stay the size of a real workshop."""
LINE_TIMEOUT_S = 60.0


def driver_env() -> dict[str, str]:
    """The environment for the driver: the project importable, nothing written beside the code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("NO_COLOR", None)
    return env


@dataclass(frozen=True)
class KillPlan:
    """When to kill a driver."""

    early: bool
    """Kill while the app is still opening the file, `delay` s after the fork."""
    after_saves: int
    """Otherwise let it report this many saves first."""
    on_change: bool
    """Then wait until it starts its next change, so the kill lands in that change's save."""
    delay: float
    """Then wait this long (seconds) and kill."""

    @classmethod
    def draw(cls, rng: random.Random) -> KillPlan:
        """A random moment: while opening, just after a save, or in the middle of the next."""
        if rng.random() < EARLY_SHARE:
            return cls(True, 0, False, rng.uniform(0.0, 0.3))
        after = rng.choice((0, 1, 1, 2, 3))
        if rng.random() < 0.5:
            return cls(False, after, True, rng.uniform(0.0, 0.03))
        return cls(False, after, False, rng.uniform(0.0, 0.12))


@dataclass
class Tally:
    """What the trials saw, for the figures in docs/reliability.md."""

    trials: int = 0
    saves: int = 0
    changes: int = 0
    mid_save: int = 0
    early: int = 0
    reported: set[str] = field(default_factory=set)


class Lines:
    """Whole lines from a pipe, each awaited for at most `LINE_TIMEOUT_S`.

    A driver that hangs then fails the test instead of hanging the whole test run.
    """

    def __init__(self, stream) -> None:
        self.fd = stream.fileno()
        self.pending = b""

    def next(self) -> str:
        """The next line, with its newline."""
        deadline = time.monotonic() + LINE_TIMEOUT_S
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            assert left > 0, f"no line from the driver for {LINE_TIMEOUT_S:.0f} s"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 65536)
                assert chunk, "the driver's output ended unexpectedly"
                self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line.decode("utf-8", errors="replace") + "\n"


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it stopped by itself: its output says why
        os.kill(pid, signal.SIGKILL)


class ForkedDrivers:
    """Drivers forked from one process that has paid for the imports, so each kill is cheap."""

    def __init__(self, path: Path) -> None:
        self.server = subprocess.Popen(
            [sys.executable, str(DRIVER), "--fork", str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=driver_env(),
        )
        self.lines = Lines(self.server.stdout)

    def kill_one(self, seed: int, plan: KillPlan) -> list[str]:
        """Fork a driver, kill it at the moment `plan` describes, and return what it printed."""
        self.server.stdin.write(f"go {seed}\n".encode())
        self.server.stdin.flush()
        lines: list[str] = []
        pid = None
        while pid is None:
            line = self.lines.next()
            if line.startswith("pid "):
                pid = int(line.split()[1])
        try:
            if not plan.early:
                saves = -1  # the `ready` line counts as the start
                while saves < plan.after_saves or (plan.on_change and lines[-1][:6] != "change"):
                    line = self.lines.next()
                    assert not line.endswith("reaped\n"), f"the driver died early: {lines}"
                    assert not line.startswith("error"), line
                    lines.append(line)
                    saves += line.startswith(("ready", "saved"))
            time.sleep(plan.delay)
        finally:
            _kill(pid)
        while not (line := self.lines.next()).endswith("reaped\n"):
            lines.append(line)
        return lines

    def close(self) -> None:
        """Stop the fork server."""
        self.server.stdin.close()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait(timeout=30)
        self.server.stdout.close()


def kill_a_fresh_driver(path: Path, seed: int, delay: float) -> list[str]:
    """Start a whole driver process, kill it `delay` s after it is ready; return its lines."""
    driver = subprocess.Popen(
        [sys.executable, str(DRIVER), str(path), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=driver_env(),
    )
    try:
        lines = Lines(driver.stdout)
        first = lines.next()
        assert first.startswith("ready "), first
        time.sleep(delay)
    finally:
        driver.kill()
    rest, errors = driver.communicate(timeout=LINE_TIMEOUT_S)
    assert driver.returncode == -signal.SIGKILL, errors.decode(errors="replace")
    text = (lines.pending + rest).decode("utf-8", errors="replace")
    return [first, *text.splitlines(keepends=True)]


def holds(session: Session, change: str) -> bool:
    """Whether `session` holds a change the driver reported, such as `person:p3`."""
    kind, _, key = change.partition(":")
    if kind == "person":
        return session.person(key) is not None
    if kind == "concern":
        return any(c.id == key for c in session.concerns)
    if kind == "park":
        return any(p.id == key for p in session.parking_lot)
    if kind == "share":
        person, _, role = key.partition("/")
        return any(a.person == person and a.role == role for a in session.assignments)
    raise AssertionError(f"unknown change {change!r}")


def check_after_kill(path: Path, lines: list[str], tally: Tally, trial: int) -> None:
    """The killed app's file opens and holds every change it reported as saved."""
    errors = [line for line in lines if line.startswith("error")]
    assert not errors, f"trial {trial}: {errors}"
    last_events = 0
    for line in lines:
        words = line.split()
        if words and words[0] == "saved":
            last_events = int(words[2])
            tally.reported.update(words[3:])
            tally.saves += 1
        elif words and words[0] == "change":
            tally.changes += 1
    last = lines[-1].split()[0] if lines else ""
    if last == "change":
        tally.mid_save += 1  # killed between a change and its confirmed save

    session = read_session(path)  # never raises: the file is always whole
    assert len(session.timeline) >= last_events, f"trial {trial}: events lost"
    missing = sorted(change for change in tally.reported if not holds(session, change))
    assert not missing, f"trial {trial}: reported as saved but not in the file: {missing}"
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        read_session(backup)
    # The lock died with the app: nobody is kept out by what a killed process left behind.
    lock = SessionLock(path).acquire()
    lock.release()


def test_the_killed_app_never_loses_a_change_it_reported_saved(tmp_path):
    folder = tmp_path / "kill"
    folder.mkdir()
    path = folder / "kill-test.toml"
    first = new_session(load_pack(), team="Kill test", session_id="kill-test")
    save_session(first, path)

    rng = random.Random(int(os.environ.get("FORMING_KILL_SEED", "20261127")))
    forked = ForkedDrivers(path) if hasattr(os, "fork") else None
    tally = Tally()
    started = time.monotonic()
    try:
        for trial in range(TRIALS):
            if trial and trial % RESET_EVERY == 0:
                save_session(first, path)
                tally.reported.clear()
            seed = rng.randrange(2**32)
            plan = KillPlan.draw(rng)
            if forked is None or trial < FRESH_TRIALS:
                lines = kill_a_fresh_driver(path, seed, rng.uniform(0.0, 0.4))
            else:
                tally.early += plan.early
                lines = forked.kill_one(seed, plan)
            check_after_kill(path, lines, tally, trial)
            tally.trials += 1
    finally:
        if forked is not None:
            forked.close()

    elapsed = time.monotonic() - started
    # The plans wait for saves, so most kills come after some, whatever the machine's load.
    assert tally.saves >= TRIALS // 2, "too few kills came after a finished save"
    assert tally.mid_save > 0, "some kills should land between a change and its save"
    # Killed saves may leave temps behind; they are ours, so cleaning takes them all.
    clean_stray_temps(folder, older_than=0)
    names = sorted(os.listdir(folder))
    assert names == ["kill-test.toml", "kill-test.toml.bak", "kill-test.toml.lock"], names
    print(
        f"\nkill figures: {tally.trials} kills ({tally.early} while opening, "
        f"{tally.mid_save} between a change and its save), {tally.changes} changes, "
        f"{tally.saves} saves reported and found, 0 unreadable files, {elapsed:.1f} s"
    )
