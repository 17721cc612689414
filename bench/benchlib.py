"""Shared helpers for the benchmarks: statistics, budgets, results as JSON, and a pseudo-terminal.

Every benchmark measures Forming against a baseline measured in the same run, so a slow or busy
machine moves both and the ratio stays meaningful. Results are printed as a table and, with
`--json PATH`, written as JSON in the shape `run_all.py` and the quick-mode test read.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import select
import signal
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
"""The project's root folder."""
BENCH = ROOT / "bench"
"""This folder."""
SCHEMA = "forming.bench/1"
"""Identifies the JSON results format."""
STATS = ("n", "min", "p50", "p95", "p99", "max", "mean")
"""The statistics every series reports."""
_STARTED = (time.perf_counter(), os.getloadavg() if hasattr(os, "getloadavg") else None)
"""When this benchmark process started, and the machine's load average then."""


def percentile(values: Sequence[float], q: float) -> float:
    """Return the `q`-th percentile (0..100) of `values`, interpolating between ranks."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(values: Sequence[float]) -> dict[str, float]:
    """Return n, min, p50, p95, p99, max and mean of a series."""
    return {
        "n": len(values),
        "min": min(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values),
        "mean": statistics.fmean(values),
    }


@dataclass
class Budget:
    """A limit on one statistic: absolute (`≤ 50 ms`) or relative to the baseline (`≤ 1.2x`)."""

    stat: str
    """Which statistic the budget is about, such as `p95`."""
    limit: float
    """The largest value that passes."""
    relative: bool = False
    """Whether `limit` is a ratio to the baseline's same statistic rather than a value."""
    cpu: bool = False
    """Whether a relative budget is judged on CPU times (ours over the baseline's) rather than
    wall times: on a shared or slow machine the wall time is mostly waiting for a core."""
    baseline_stat: str | None = None
    """The baseline's statistic a relative budget divides by, where it is not `stat`: a tail
    (`p95`) over the baseline's median, which a handful of runs measures steadily."""
    floor: bool = False
    """Whether the baseline is the least the measure itself can take (a save includes a bare
    write of the same bytes): an absolute budget under it cannot be met on this machine."""

    def describe(self, unit: str) -> str:
        """Return the budget in words, such as `p95 ≤ 50 ms` or `p50 ≤ 1.2x baseline`."""
        if self.relative:
            time = "CPU " if self.cpu else ""
            of = f" {self.baseline_stat}" if self.baseline_stat else ""
            return f"{time}{self.stat} ≤ {self.limit:g}x baseline{of}"
        return f"{self.stat} ≤ {self.limit:g} {unit}"


@dataclass
class Measure:
    """One measured series beside its baseline series, with the budget it is held to."""

    name: str
    """What was measured, such as `first screen: forming open (large)`."""
    unit: str
    """`ms` or `MiB`."""
    baseline_name: str
    """What the baseline is."""
    baseline: dict[str, float]
    """The baseline's statistics."""
    ours: dict[str, float]
    """Forming's statistics."""
    budget: Budget | None = None
    """The budget, if this measure has one."""
    notes: str = ""
    """Anything a reader needs to interpret the numbers."""
    cpu: dict[str, float] | None = None
    """Forming's CPU time for the same series (ms), where measured: it moves less with load."""
    baseline_cpu: dict[str, float] | None = None
    """The baseline's CPU time for the same series (ms), where measured."""
    ratio: float = field(init=False)
    """Forming's statistic over the baseline's (the budget's statistics, else p50)."""
    passed: bool | None = field(init=False)
    """Whether the budget is met; `None` without a budget."""
    cpu_ratio: float | None = field(init=False)
    """Forming's CPU time over the baseline's (same statistic as `ratio`), where measured."""

    def __post_init__(self) -> None:
        stat = self.budget.stat if self.budget else "p50"
        of = (self.budget.baseline_stat if self.budget else None) or stat
        base = self.baseline[of]
        self.ratio = self.ours[stat] / base if base else math.inf
        self.cpu_ratio = None
        if self.cpu and self.baseline_cpu and self.baseline_cpu.get(of):
            self.cpu_ratio = self.cpu[stat] / self.baseline_cpu[of]
        if self.budget is None:
            self.passed = None
        elif self.budget.relative and self.budget.cpu:
            self.passed = self.cpu_ratio is not None and self.cpu_ratio <= self.budget.limit
        elif self.budget.relative:
            self.passed = self.ratio <= self.budget.limit
        else:
            self.passed = self.ours[self.budget.stat] <= self.budget.limit

    def as_dict(self) -> dict[str, Any]:
        """Return the measure as JSON-ready data."""
        data = asdict(self)
        data["budget"] = (
            {**asdict(self.budget), "text": self.budget.describe(self.unit)}
            if self.budget
            else None
        )
        return data


def arguments(description: str) -> argparse.Namespace:
    """Parse the options every benchmark takes: `--quick`, `--runs N` and `--json PATH`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--quick", action="store_true", help="a handful of runs, to check the benchmark works"
    )
    parser.add_argument("--runs", type=int, default=None, help="runs per series")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder for generated sessions (default: a user cache folder)",
    )
    return parser.parse_args()


def report(benchmark: str, measures: list[Measure], args: argparse.Namespace) -> None:
    """Print the measures as a table, and write them as JSON when `--json` was given."""
    print(f"\n{benchmark}{' (quick: too few runs to judge)' if args.quick else ''}")
    for m in measures:
        stat = m.budget.stat if m.budget else "p50"
        if m.budget and m.budget.baseline_stat:
            stat = f"{stat} over the baseline's {m.budget.baseline_stat}"
        verdict = "" if m.passed is None else ("PASS" if m.passed else "FAIL")
        print(
            f"  {m.name}\n"
            f"    baseline ({m.baseline_name}): {_line(m.baseline, m.unit)}\n"
            f"    ours:     {_line(m.ours, m.unit)}\n"
            f"    ratio ({stat}): {m.ratio:.2f}x"
            + (f"   budget {m.budget.describe(m.unit)}: {verdict}" if m.budget else "")
            + (f"\n    CPU ours: {_line(m.cpu, 'ms')}" if m.cpu else "")
            + (f"\n    CPU baseline: {_line(m.baseline_cpu, 'ms')}" if m.baseline_cpu else "")
            + (f"\n    CPU ratio ({stat}): {m.cpu_ratio:.2f}x" if m.cpu_ratio else "")
            + (f"\n    note: {m.notes}" if m.notes else "")
        )
    machine = machine_load()
    print(
        f"  this run: {machine['wall_s']:.1f} s wall, {machine['cpu_s']:.1f} s CPU "
        f"(this process and its children), load average {machine['load_before']} before, "
        f"{machine['load_after']} after, {os.cpu_count()} CPUs"
    )
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results(benchmark, measures, args), indent=2) + "\n")


def results(benchmark: str, measures: list[Measure], args: argparse.Namespace) -> dict[str, Any]:
    """Return a benchmark's results as JSON-ready data."""
    return {
        "schema": SCHEMA,
        "benchmark": benchmark,
        "quick": bool(args.quick),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "machine": machine_load(),
        "measures": [m.as_dict() for m in measures],
    }


def machine_load() -> dict[str, Any]:
    """This run's wall and CPU seconds so far, and the load average before and now."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    now = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "wall_s": round(time.perf_counter() - _STARTED[0], 2),
        "cpu_s": round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 2),
        "load_before": [round(x, 2) for x in _STARTED[1]] if _STARTED[1] else None,
        "load_after": [round(x, 2) for x in now] if now else None,
    }


def _line(stats: dict[str, float], unit: str) -> str:
    return (
        f"p50 {stats['p50']:.2f} p95 {stats['p95']:.2f} p99 {stats['p99']:.2f} "
        f"min {stats['min']:.2f} max {stats['max']:.2f} {unit} (n={stats['n']})"
    )


def check_results(data: dict[str, Any]) -> list[str]:
    """Return what is wrong with a results document (empty when it is well formed)."""
    problems = []
    if data.get("schema") != SCHEMA:
        problems.append(f"schema is {data.get('schema')!r}")
    if not isinstance(data.get("benchmark"), str):
        problems.append("no benchmark name")
    measures = data.get("measures")
    if not isinstance(measures, list) or not measures:
        return [*problems, "no measures"]
    for index, m in enumerate(measures):
        for part in ("baseline", "ours"):
            stats = m.get(part)
            if not isinstance(stats, dict) or set(STATS) - set(stats):
                problems.append(f"measures[{index}].{part} lacks statistics")
                continue
            values = [stats[s] for s in STATS]
            if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
                problems.append(f"measures[{index}].{part} holds a value that is not a number")
            elif not stats["min"] <= stats["p50"] <= stats["max"] or stats["n"] < 1:
                problems.append(f"measures[{index}].{part} statistics are out of order")
        if not isinstance(m.get("name"), str) or m.get("unit") not in ("ms", "MiB"):
            problems.append(f"measures[{index}] lacks a name or unit")
        if not isinstance(m.get("ratio"), int | float):
            problems.append(f"measures[{index}] lacks a ratio")
        if m.get("budget") is not None and not isinstance(m.get("passed"), bool):
            problems.append(f"measures[{index}] has a budget but no verdict")
    return problems


def timed(function: Callable[[], Any]) -> float:
    """Return how long `function()` took, in milliseconds."""
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


# -- a real pseudo-terminal -----------------------------------------------------------------------

_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[P^_][^\x1b]*\x1b\\"  # DCS, PM, APC
    rb"|\x1b[@-Z\\-_]"  # two-byte escapes
)


def screen_text(output: bytes) -> str:
    """Return the text a terminal output stream writes, its escape sequences removed."""
    return _ESCAPES.sub(b"", output).decode("utf-8", errors="replace")


def terminal_env(home: Path) -> dict[str, str]:
    """Return the environment the apps run in: a plain xterm and a private sessions folder."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "FORMING"))}
    return {
        **keep,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "FORMING_HOME": str(home),
        "FORMING_CONFIG": str(home / "config.toml"),
        "PYTHONUNBUFFERED": "1",
    }


@dataclass
class Step:
    """A point in a pty run: wait until every text in `markers` is on screen, then send `keys`."""

    markers: tuple[str, ...]
    """Texts that must all have been written (escape sequences removed) for the step to end."""
    keys: bytes = b""
    """What to type once they have: bytes as a terminal sends them, such as `b"\\x0e"`."""


def process_cpu_ms(pid: int) -> float:
    """Return the CPU time `pid` has used so far, every thread included, in ms (Linux only).

    Read from `/proc/PID/task/*/schedstat` (nanoseconds on the CPU), so it can be taken at the
    moment a marker shows, while the process still runs. `nan` where there is no `/proc`.
    """
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                total += int(stat.read().split()[0])
    except (OSError, ValueError, IndexError):
        return math.nan
    return total / 1e6


def pty_run(
    argv: Sequence[str],
    steps: Sequence[Step],
    env: dict[str, str],
    *,
    size: tuple[int, int] = (100, 30),
    timeout: float = 60.0,
) -> list[tuple[float, float]]:
    """Spawn `argv` in a new pseudo-terminal and go through `steps`; the process is then killed.

    Returns, for each step, the wall time from spawn until its markers were all on screen and
    the process's CPU time at that moment (ms). The clock starts just before the fork.
    """
    import fcntl
    import pty
    import struct
    import termios

    columns, rows = size
    started = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:  # the child: size the terminal, then become the app
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.execve(argv[0], list(argv), env)
        finally:
            os._exit(127)
    output = b""
    seen_from = 0  # where the output a step looks at starts
    reached: list[tuple[float, float]] = []
    try:
        deadline = started + timeout
        for step in steps:
            while True:
                shown = screen_text(output[seen_from:])
                if all(marker in shown for marker in step.markers):
                    cpu = process_cpu_ms(pid)
                    reached.append(((time.perf_counter() - started) * 1000, cpu))
                    if step.keys:
                        # What the keys bring must be written after they were sent.
                        seen_from = len(output)
                        os.write(master, step.keys)
                    break
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"{step.markers!r} never appeared:\n{shown[-2000:]}")
                ready, _, _ = select.select([master], [], [], left)
                if not ready:
                    continue
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise RuntimeError(
                        f"{argv[0]} ended before {step.markers!r} appeared:\n{shown[-2000:]}"
                    )
                output += chunk
        return reached
    finally:
        with _quietly():
            os.kill(pid, signal.SIGKILL)
        with _quietly():
            os.waitpid(pid, 0)
        os.close(master)


def first_screen_ms(
    argv: Sequence[str],
    marker: str,
    env: dict[str, str],
    *,
    size: tuple[int, int] = (100, 30),
    timeout: float = 60.0,
) -> float:
    """Spawn `argv` in a new pseudo-terminal; return ms from spawn until `marker` is on screen."""
    return pty_run(argv, [Step((marker,))], env, size=size, timeout=timeout)[0][0]


class _quietly:
    """Suppress `OSError` (the process may already be gone)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> bool:
        return kind is not None and issubclass(kind, OSError)


def python() -> str:
    """The interpreter running the benchmarks (the project's venv when run from it)."""
    return sys.executable


def forming_command() -> str:
    """The installed `forming` command beside this interpreter."""
    command = Path(sys.executable).parent / "forming"
    if not command.exists():
        raise SystemExit(f"no forming command at {command}: install the project first")
    return str(command)


# -- the app, in process -------------------------------------------------------------------------


async def wait_until(predicate: Callable[[], bool], timeout: float = 120.0) -> None:
    """Let the event loop run until `predicate()` holds; raise `TimeoutError` after `timeout` s."""
    import asyncio

    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never reached the state the benchmark waits for")
        await asyncio.sleep(0.002)


def session_ready(app: Any, stage: str = "roles") -> bool:
    """Whether `app` shows `stage` of an open session that can be edited."""
    from tui.screens.stage import StageScreen

    screen = app.screen
    return (
        app.live is not None
        and isinstance(screen, StageScreen)
        and screen.STAGE_ID == stage
        and screen.is_mounted
        and app.save_state == "saved"
        and not getattr(app, "history_pending", False)
    )


def copy_into(source: Path, folder: Path) -> Path:
    """Copy a session file into `folder` and return the copy's path."""
    import shutil

    target = folder / source.name
    shutil.copy(source, target)
    return target
