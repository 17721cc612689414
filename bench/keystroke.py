"""Keystroke to screen: the role matrix (large and realistic) against hello-world's widget.

Run `python bench/keystroke.py [--quick] [--runs N] [--json PATH]`. Each app runs in process
(headless, 120 x 40). A key is posted the way the terminal driver posts it, and the clock stops
when the first frame that shows its effect has been composed and turned into terminal output
(the headless driver skips only the final write). Keys come every 100 ms, about typing speed,
so autosaves of earlier keys still run in the background, as they would in a workshop.

- baseline: `+` on hello-world's focused line of text, which counts up in it;
- the role matrix: `down` (the cursor moves to the next person) and `+` (the highlighted
  share goes up by 10: a change, a redraw and an autosave), on the large session (200 people x
  12 roles, a stress case), on the realistic one (60 people x 6 roles) and on the limit one
  (the large session's team in a file of about 15 MiB, just under the size limit).

The budget is a ratio in the same run, judged on CPU time (the UI thread's, from the key to
its frame): the matrix key's p95 over the median of hello-world's key. Wall times are reported
beside it, and the whole process's CPU (the autosave worker's included) in a note; on a shared
or slow machine the wall time is mostly waiting for a core (docs/performance.md, "Keystrokes
on the role matrix").
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
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
from generate import DEFAULT_FOLDER, ensure

SPACING_S = 0.1
"""Time between keys."""
KEY_BUDGET = Budget("p95", 10, relative=True, cpu=True, baseline_stat="p50")
"""A key on the matrix: CPU p95 at most ten times the CPU of hello-world's median key."""
SHAPES = {
    "large": "200 people x 12 roles",
    "realistic": "60 people x 6 roles",
    "limit": "200 people x 12 roles, {size} file",
}
"""The sessions whose matrices are timed, and what each is."""


class FrameClock:
    """Records when each frame is composed and written out, with what the app showed then."""

    def __init__(self, app: Any, observe: Callable[[], Any]) -> None:
        self.frames: list[tuple[float, Any]] = []
        self.frame_cpu: list[tuple[float, float]] = []
        """The UI thread's and the process's CPU time (s) when each frame was written out."""
        self.key_cpu_ms: list[float] = []
        """For each key timed, the CPU time the process spent from the key to its frame (every
        thread: the autosave worker's, or the room's, meanwhile included)."""
        self.key_ui_cpu_ms: list[float] = []
        """The same, for the UI thread alone: the key's own work and its frame's."""
        display = app._display
        console = app.console

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None:
                return
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(console)  # what a real driver does before writing to the terminal
            self.frames.append((time.perf_counter(), observe()))
            self.frame_cpu.append((time.thread_time(), time.process_time()))

        app._display = timed_display

    async def key(self, app: Any, key: str, character: str | None, changed: Callable) -> float:
        """Post `key`; return ms until a frame whose observation satisfies `changed`."""
        from textual import events

        mark = len(self.frames)
        started = time.perf_counter()
        # The app runs in this thread (`run_test`): its UI thread's CPU is this thread's.
        thread_started, cpu_started = time.thread_time(), time.process_time()
        app._driver.send_message(events.Key(key, character))

        def shown() -> bool:
            return any(changed(seen) for _, seen in self.frames[mark:])

        await wait_until(shown, timeout=30)
        index = next(i for i in range(mark, len(self.frames)) if changed(self.frames[i][1]))
        thread_cpu, process_cpu = self.frame_cpu[index]
        self.key_ui_cpu_ms.append((thread_cpu - thread_started) * 1000)
        self.key_cpu_ms.append((process_cpu - cpu_started) * 1000)
        return (self.frames[index][0] - started) * 1000


async def hello_keys(runs: int) -> tuple[list[float], list[float]]:
    """Time `+` on the hello-world app's focused widget: wall and CPU ms."""
    from hello import Greeting, HelloApp

    app = HelloApp()
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        greeting = app.query_one(Greeting)
        clock = FrameClock(app, lambda: greeting.count)
        for _ in range(runs + 2):
            count = greeting.count
            times.append(await clock.key(app, "plus", "+", lambda seen, c=count: seen > c))
            await asyncio.sleep(SPACING_S)
    return times[2:], clock.key_ui_cpu_ms[2:]


def _full(app: Any, table: Any) -> bool:
    """Whether the highlighted cell of the role matrix holds a share of 100%."""
    from tui.widgets.role_matrix import FIXED_COLUMNS

    row, column = table.cursor_coordinate
    screen = app.screen
    if not 0 <= column - FIXED_COLUMNS < len(screen.column_roles):
        return False
    person, role = screen.row_people[row], screen.column_roles[column - FIXED_COLUMNS]
    return any(
        a.person == person and a.role == role and a.share >= 100 for a in app.session.assignments
    )


async def matrix_keys(path: Path, home: Path, runs: int) -> dict[str, list[float]]:
    """Time `down` and `+` on the role matrix of the session at `path` (wall and CPU ms)."""
    from tui.app import FormingApp
    from tui.widgets.role_matrix import RoleMatrix

    app = FormingApp(start="open", path=path, folder=home, theme="forming-dark")
    times: dict[str, list[float]] = {key: [] for key in ("down", "plus")}
    async with app.run_test(size=(120, 40)):
        await wait_until(lambda: session_ready(app))
        await asyncio.sleep(0.2)
        table = app.screen.query_one(RoleMatrix)
        clock = FrameClock(app, lambda: (table.cursor_coordinate, app.live.revision))
        for run in range(runs + 2):
            if table.cursor_row >= table.row_count - 2:
                table.move_cursor(row=0)
                await asyncio.sleep(SPACING_S)
            cursor, revision = table.cursor_coordinate, app.live.revision
            down = await clock.key(app, "down", None, lambda seen, c=cursor: seen[0] != c)
            await asyncio.sleep(SPACING_S)
            # `+` on a share already at 100% changes nothing (shares stop at 100), and the large
            # session holds many: there `-` times the same path, a change recorded and saved.
            key, character = ("minus", "-") if _full(app, table) else ("plus", "+")
            revision = app.live.revision
            plus = await clock.key(app, key, character, lambda seen, r=revision: seen[1] > r)
            await asyncio.sleep(SPACING_S)
            if run >= 2:
                for name, wall, back in (("down", down, -2), ("plus", plus, -1)):
                    times[name].append(wall)
                    times.setdefault(f"{name}_cpu", []).append(clock.key_ui_cpu_ms[back])
                    times.setdefault(f"{name}_all", []).append(clock.key_cpu_ms[back])
        await app.workers.wait_for_complete()
    return times


def main() -> int:
    """Time keys on hello-world and on the large, realistic and limit role matrices."""
    args = arguments(__doc__.splitlines()[0])
    runs = args.runs or (3 if args.quick else 100)
    hello, hello_cpu = asyncio.run(hello_keys(runs))
    baseline, baseline_cpu = summarize(hello), summarize(hello_cpu)
    measures = []
    for size, shape in SHAPES.items():
        source = ensure(size, args.data or DEFAULT_FOLDER, quick=args.quick)
        with tempfile.TemporaryDirectory(prefix="forming-keys-") as temp:
            home = Path(temp)
            times = asyncio.run(matrix_keys(copy_into(source, home), home, runs))
        megabytes = f"{source.stat().st_size / 2**20:.1f} MiB"
        label = f"{size}{', quick' if args.quick else ''}: {shape.format(size=megabytes)}"
        keys = (
            ("down", "down on the role matrix"),
            ("plus", "+ (share +10, change and autosave) on the role matrix"),
        )
        measures += [
            Measure(
                f"keystroke to screen: {words} ({label})",
                "ms",
                "+ on hello-world's focused widget",
                baseline,
                summarize(times[key]),
                KEY_BUDGET,
                cpu=summarize(times[f"{key}_cpu"]),
                baseline_cpu=baseline_cpu,
                notes=(
                    "CPU is the UI thread's; with every thread's (the autosave worker's "
                    f"meanwhile too) p50 {all_cpu['p50']:.1f} ms, p95 {all_cpu['p95']:.1f} ms"
                ),
            )
            for key, words in keys
            for all_cpu in [summarize(times[f"{key}_all"])]
        ]
    report("keystroke", measures, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
