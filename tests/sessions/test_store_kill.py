"""A saver killed at random moments always leaves a session file that opens, with every save."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sessions.store import clean_stray_temps, open_for_editing, read_session, save_session

TRIALS = int(os.environ.get("FORMING_KILL_TRIALS", "60"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
    pytest.mark.timeout(max(300, 2 * TRIALS)),
]

ROOT = Path(__file__).resolve().parents[2]
SAVER = Path(__file__).with_name("_saver.py")
FRESH_TRIALS = 5

START = """\
format = "forming.session"
schema = 1

[session]
id = "kill-test"
team = "Kill test"
created_at = 2026-03-02T09:00:00Z
updated_at = 2026-03-02T09:00:00Z
stage = "roster"

[[stages]]
id = "roster"
title = "Who is here"
timebox_min = 15

[[roles]]
id = "data-scientist"
name = "Data scientist"

[[people]]
id = "p1"
name = "Ada"
"""


def saver_env() -> dict[str, str]:
    """The environment for the saver: the project importable, nothing written beside the code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def counts(output: str) -> list[int]:
    """Return the people counts the saver reported, `ready N` included."""
    numbers = []
    for line in output.splitlines():
        line = line.removeprefix("ready ").strip()
        if line.isdigit():
            numbers.append(int(line))
    return numbers


class ForkedSavers:
    """Savers forked from one process that has paid for the imports, so each kill is cheap."""

    def __init__(self, path: Path) -> None:
        self.server = subprocess.Popen(
            [sys.executable, str(SAVER), "--fork", str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=saver_env(),
        )

    def kill_one(self, delay: float) -> str:
        """Start a saver, kill it `delay` seconds after it is ready, and return what it printed."""
        self.server.stdin.write("go\n")
        self.server.stdin.flush()
        lines: list[str] = []
        pid = None
        while pid is None or not any(line.startswith("ready") for line in lines):
            line = self.server.stdout.readline()
            assert line and not line.endswith("reaped\n"), "the saver died before it was ready"
            if line.startswith("pid "):
                pid = int(line.split()[1])
            else:
                lines.append(line)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        while not (line := self.server.stdout.readline()).endswith("reaped\n"):
            assert line, "the fork server died"
            lines.append(line)
        return "".join(lines)

    def close(self) -> None:
        """Stop the fork server."""
        self.server.stdin.close()
        self.server.wait(timeout=10)
        self.server.stdout.close()


def kill_a_fresh_saver(path: Path, delay: float) -> str:
    """Start a saver process, kill it `delay` seconds after it is ready; return what it printed."""
    saver = subprocess.Popen(
        [sys.executable, str(SAVER), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=saver_env(),
    )
    ready = saver.stdout.readline()
    assert ready.startswith("ready "), saver.stderr.read()
    time.sleep(delay)
    saver.send_signal(signal.SIGKILL)
    rest, errors = saver.communicate()
    assert saver.returncode == -signal.SIGKILL, errors
    return ready + rest


def test_a_killed_save_never_loses_a_reported_save_or_breaks_the_file(tmp_path):
    folder = tmp_path / "kill"
    folder.mkdir()
    path = folder / "kill-test.toml"
    path.write_text(START, encoding="utf-8")
    session, _ = open_for_editing(path)
    save_session(session, path)

    rng = random.Random(int(os.environ.get("FORMING_KILL_SEED", "20260302")))
    forked = ForkedSavers(path) if hasattr(os, "fork") else None
    started = time.monotonic()
    saves = 0
    try:
        for trial in range(TRIALS):
            delay = rng.uniform(0.0, 0.150)
            # A few whole processes as well, in case forking hides something.
            if forked is None or trial < FRESH_TRIALS:
                output = kill_a_fresh_saver(path, delay)
            else:
                output = forked.kill_one(delay)
            reported = counts(output)
            last = reported[-1]
            saves += len(reported) - 1

            session = read_session(path)  # never raises: the file is always whole
            people = [person.id for person in session.people]
            assert people == [f"p{n}" for n in range(1, len(people) + 1)], f"trial {trial}"
            # Every reported save is there; at most one more finished unreported.
            assert last <= len(people) <= last + 1, f"trial {trial}: {last} vs {len(people)}"
            # The backup is whole: the save before, or this one if killed just before the rename.
            backup = path.with_name(path.name + ".bak")
            assert len(people) - 1 <= len(read_session(backup).people) <= len(people)
    finally:
        if forked is not None:
            forked.close()

    elapsed = time.monotonic() - started
    assert saves > TRIALS, "the saver should usually finish a few saves before each kill"
    # Killed saves leave temps behind; they are ours, so cleaning takes them all.
    clean_stray_temps(folder, older_than=0)
    assert sorted(os.listdir(folder)) == ["kill-test.toml", "kill-test.toml.bak"]
    print(f"{TRIALS} kills, {saves} completed saves, {elapsed:.1f} s")
