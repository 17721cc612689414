"""Replay: how long seeking to a random step of the large session takes (`Replay.state_at`).

Run `python bench/seek.py [--quick] [--runs N] [--json PATH]`. The replay is built once (its
build time is reported too), then random steps are sought in a seeded order. The baseline is one
reducer step: `apply` of a single event to the state just before it, for the same steps.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from benchlib import Budget, Measure, arguments, report, summarize
from generate import DEFAULT_FOLDER, ensure


def _timed_both(calls: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Time each call: wall time, and the CPU time of this thread (which moves less with
    load), in milliseconds."""
    wall, cpu = [], []
    for call in calls:
        started, started_cpu = time.perf_counter(), time.thread_time()
        call()
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def main() -> int:
    """Time random seeks against single reducer steps."""
    from sessions import events
    from sessions.replay import Replay
    from sessions.store import read_session

    args = arguments(__doc__.splitlines()[0])
    runs = args.runs or (5 if args.quick else 300)
    path = ensure("large", args.data or DEFAULT_FOLDER, quick=args.quick)
    session = read_session(path)
    started, started_cpu = time.perf_counter(), time.thread_time()
    replay = Replay(session)
    built_ms = (time.perf_counter() - started) * 1000
    built_cpu = (time.thread_time() - started_cpu) * 1000
    rng = random.Random(11)
    steps = [rng.randint(2, len(replay) - 1) for _ in range(runs)]
    seeks, seeks_cpu = _timed_both([lambda step=step: replay.state_at(step) for step in steps])
    calls = []
    for step in steps:
        before = replay.state_at(step - 1)
        event = replay.event_at(step)
        assert event is not None
        calls.append(lambda before=before, event=event: events.apply(before, event))
    singles, singles_cpu = _timed_both(calls)
    label = "large" if not args.quick else "large, quick"
    measures = [
        Measure(
            f"replay seek to a random step, Replay.state_at ({label}, {len(replay):,} steps)",
            "ms",
            "one reducer step: apply(state, event)",
            summarize(singles),
            summarize(seeks),
            Budget("p95", 100),
            notes=(
                f"building the replay (one fold of the whole timeline) took {built_ms:.0f} ms "
                f"({built_cpu:.0f} ms of CPU)"
            ),
            cpu=summarize(seeks_cpu),
            baseline_cpu=summarize(singles_cpu),
        )
    ]
    report("replay seek", measures, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
