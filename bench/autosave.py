"""Autosave: how long a change takes to reach the disk, and how much of it the UI thread pays.

Run `python bench/autosave.py [--quick] [--runs N] [--json PATH]`. The app opens the typical,
the large and the limit session (about 15 MiB, just under the size limit) headless, on the
role-mapping stage, and records share changes through `FormingApp.change` one at a time, each
waiting for the previous save to land. Measured:

- end to end: from calling `change()` until the session file has been replaced on disk (the
  moment the save's rename onto it returns);
- the save's work on the UI thread: the reducer step (`LiveSession.change`), `request_save()`
  and the `save_reported` callback when the worker reports back: everything autosave asks of the
  UI thread. The stage screen's redraw is not included; the keystroke benchmark covers it.

The baseline writes a file of the same size to a temp file, fsyncs it and `os.replace`s it
over the target: the floor any crash-safe save pays.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import (
    Budget,
    Measure,
    arguments,
    copy_into,
    report,
    session_ready,
    summarize,
    wait_until,
)
from generate import DEFAULT_FOLDER, QUICK_SIZES, ensure


def bare_replace_ms(size: int, folder: Path, runs: int) -> list[float]:
    """Time writing `size` bytes to a temp file, fsync, and `os.replace` over a target."""
    payload = os.urandom(size)
    target = folder / "baseline.bin"
    target.write_bytes(payload)
    times = []
    for run in range(runs):
        started = time.perf_counter()
        temp = folder / f".baseline.tmp-{run}"
        with open(temp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _timed_method(owner: Any, name: str, into: list[float], cpu: list[float]) -> None:
    """Replace `owner.name` by a wrapper that appends each call's milliseconds to `into`, and
    the CPU time its thread spent in it to `cpu`."""
    method = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, thread_started = time.perf_counter(), time.thread_time()
        try:
            return method(*args, **kwargs)
        finally:
            into.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - thread_started) * 1000)

    setattr(owner, name, wrapper)


def _record_replaces(path: Path, into: list[tuple[float, float]]) -> None:
    """Append the moment (wall and process CPU) each save's rename onto `path` returns.

    Read where the store renames, rather than by polling the file's inode from the UI thread:
    a poll every half millisecond was work of its own on the thread that draws the change's
    frame, and a wait for the interpreter for the save worker at each of its system calls."""
    from sessions.store import writing

    rename = writing._replace

    def recorded(source: Path, target: Path) -> None:
        rename(source, target)
        if Path(target) == path:
            into.append((time.perf_counter(), time.process_time()))

    writing._replace = recorded


async def measure_saves(path: Path, home: Path, runs: int) -> dict[str, list[float]]:
    """Open `path` in the app and time `runs` changes, each until its save has landed."""
    from tui.app import FormingApp

    replaced: list[tuple[float, float]] = []
    _record_replaces(path, replaced)
    app = FormingApp(start="open", path=path, folder=home, theme="forming-dark")
    series: dict[str, list[float]] = {"end_to_end": [], "change_total": []}
    reducer: list[float] = []
    request: list[float] = []
    done: list[float] = []
    ui_cpu: list[float] = []
    async with app.run_test(size=(120, 40)):
        await wait_until(lambda: session_ready(app))
        _timed_method(app.live, "change", reducer, ui_cpu)
        _timed_method(app, "request_save", request, ui_cpu)
        _timed_method(app.sessions, "save_reported", done, ui_cpu)
        held = app.live.session.assignments[0]
        for run in range(runs + 2):  # the first two warm up
            share = 40 if run % 2 else 50
            if share == app.live.session.assignments[0].share:
                share = 60
            before = len(replaced)
            marks = (len(reducer), len(request), len(done))
            cpu_mark = len(ui_cpu)
            started, cpu_started = time.perf_counter(), time.process_time()
            changed = app.change(
                "assignment.updated",
                {"person": held.person, "role": held.role, "set": {"share": share}},
            )
            returned = time.perf_counter()
            assert changed, "the change was refused"
            saved_before = marks[2]
            await wait_until(lambda n=saved_before: app.save_state == "saved" and len(done) > n)
            assert len(replaced) == before + 1, "one save, one rename onto the file"
            landed, cpu_landed = replaced[-1]
            if run < 2:
                continue
            series["end_to_end"].append((landed - started) * 1000)
            # Every thread's: the save worker's formatting, hashing and writing included.
            series.setdefault("end_to_end_cpu", []).append((cpu_landed - cpu_started) * 1000)
            series.setdefault("ui_save_cpu", []).append(sum(ui_cpu[cpu_mark:]))
            series["change_total"].append((returned - started) * 1000)
            series.setdefault("ui_save", []).append(
                sum(reducer[marks[0] :]) + sum(request[marks[1] :]) + sum(done[marks[2] :])
            )
            await asyncio.sleep(0.02)
        await app.workers.wait_for_complete()
    return series


def main() -> int:
    """Measure autosave on the typical, large and limit sessions against a bare atomic write."""
    args = arguments(__doc__.splitlines()[0])
    runs = args.runs or (3 if args.quick else 40)
    data = args.data or DEFAULT_FOLDER
    measures = []
    for size in ("typical", "large", "limit"):
        shortened = args.quick and size in QUICK_SIZES
        source = ensure(size, data, quick=shortened)
        label = f"{size}, quick" if shortened else size
        with tempfile.TemporaryDirectory(prefix="forming-autosave-") as temp:
            home = Path(temp)
            path = copy_into(source, home)
            baseline = summarize(bare_replace_ms(path.stat().st_size, home, runs))
            series = asyncio.run(measure_saves(path, home, runs))
        name = f"fsync + os.replace of {source.stat().st_size / 1024:.0f} KiB"
        measures += [
            Measure(
                f"autosave end to end, change -> file replaced ({label})",
                "ms",
                name,
                baseline,
                summarize(series["end_to_end"]),
                Budget("p95", 50, floor=True),
                cpu=summarize(series["end_to_end_cpu"]),
                notes="CPU: the whole process's, the save worker's included",
            ),
            Measure(
                f"autosave work on the UI thread: reducer + request_save + save_done ({label})",
                "ms",
                name,
                baseline,
                summarize(series["ui_save"]),
                Budget("p95", 2),
                cpu=summarize(series["ui_save_cpu"]),
                notes="CPU: the UI thread's in the same calls (the rest is waiting for it)",
            ),
            Measure(
                f"app.change() as called, including the role matrix redraw ({label})",
                "ms",
                name,
                baseline,
                summarize(series["change_total"]),
                notes="no budget of its own: the keystroke benchmark holds the redraw to 33 ms",
            ),
        ]
    report("autosave", measures, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
