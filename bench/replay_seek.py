"""Measure replay seeks on a 10,000-event session: reducer applications and time per seek.

Run `python bench/replay_seek.py`. The target is at most 100 applications and 100 ms per seek
on a slow two-core laptop; the test suite checks the application count, never the time.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime

from content.loader import load_pack
from sessions.folding import Folding
from sessions.live import LiveSession
from sessions.model import Session
from sessions.replay import Replay
from sessions.start import new_session

EVENTS = 10_000
PEOPLE = 40
SEEKS = 200
AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def long_session(count: int = EVENTS, people: int = PEOPLE) -> Session:
    """Return a session with `count` events: a roster, role shares, dots and stage moves."""
    live = LiveSession(new_session(load_pack(), team="Long day", at=AT, session_id="bench"))
    roles = [r.id for r in live.session.roles]
    stages = [s.id for s in live.session.stages]
    concerns = [c.id for c in live.session.concerns]
    for n in range(people):
        live.change("person.added", {"id": f"p{n}", "name": f"Person {n}"}, at=AT)
    n = 0
    while len(live.session.timeline) < count:
        person = f"p{n % people}"
        match n % 4:
            case 0:
                live.change("person.updated", {"id": person, "set": {"availability": 1 + n % 100}})
            case 1:
                concern = concerns[n % len(concerns)]
                live.change("concern.updated", {"id": concern, "set": {"votes": n % 7}})
            case 2:
                live.change("stage.entered", {"stage": stages[n % len(stages)]})
            case _:
                role = roles[n % len(roles)]
                held = any(a.person == person and a.role == role for a in live.session.assignments)
                verb = "removed" if held else "added"
                data = {"person": person, "role": role}
                live.change(f"assignment.{verb}", data if held else {**data, "share": 20})
        n += 1
    return live.session


def main() -> None:
    """Build the session, then time random seeks and count the reducer calls in each."""
    session = long_session()
    started = time.perf_counter()
    replay = Replay(session)
    print(f"{len(replay)} steps; replay built in {time.perf_counter() - started:.2f} s")
    calls = {"n": 0}
    advance = Folding.advance

    # A seek folds forward from a checkpoint with `Folding`: count the events it applies.
    def counting(folding, event):
        calls["n"] += 1
        advance(folding, event)

    Folding.advance = counting
    rng = random.Random(7)
    times: list[float] = []
    most = 0
    for _ in range(SEEKS):
        step = rng.randint(1, len(replay))
        calls["n"] = 0
        started = time.perf_counter()
        replay.state_at(step)
        times.append(time.perf_counter() - started)
        most = max(most, calls["n"])
    Folding.advance = advance
    print(
        f"{SEEKS} random seeks: at most {most} reducer applications; "
        f"median {statistics.median(times) * 1000:.1f} ms, "
        f"slowest {max(times) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
