"""Replay: how long seeking to a random step of the large session takes (`Replay.state_at`).

Run `python bench/seek.py [--quick] [--runs N] [--json PATH]`. The replay is built once (its
build time is reported too), then random steps are sought in a seeded order. The baseline is one
reducer step: `apply` of a single event to the state just before it, for the same steps.
"""

from __future__ import annotations

import random
import sys
import time

from benchlib import Budget, Measure, arguments, report, summarize, timed
from generate import DEFAULT_FOLDER, ensure


def main() -> int:
    """Time random seeks against single reducer steps."""
    from sessions import events
    from sessions.replay import Replay
    from sessions.store import read_session

    args = arguments(__doc__.splitlines()[0])
    runs = args.runs or (5 if args.quick else 300)
    path = ensure("large", args.data or DEFAULT_FOLDER, quick=args.quick)
    session = read_session(path)
    started = time.perf_counter()
    replay = Replay(session)
    built_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(11)
    steps = [rng.randint(2, len(replay) - 1) for _ in range(runs)]
    seeks = [timed(lambda step=step: replay.state_at(step)) for step in steps]
    singles = []
    for step in steps:
        before = replay.state_at(step - 1)
        event = replay.event_at(step)
        assert event is not None
        singles.append(timed(lambda before=before, event=event: events.apply(before, event)))
    label = "large" if not args.quick else "large, quick"
    measures = [
        Measure(
            f"replay seek to a random step, Replay.state_at ({label}, {len(replay):,} steps)",
            "ms",
            "one reducer step: apply(state, event)",
            summarize(singles),
            summarize(seeks),
            Budget("p95", 100),
            notes=f"building the replay (one fold of the whole timeline) took {built_ms:.0f} ms",
        )
    ]
    report("replay seek", measures, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
