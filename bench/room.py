"""The room under a burst: 60 participants submit within 10 s while the facilitator types.

Run `python bench/room.py [--quick] [--json PATH]`. The app runs in process (headless,
120 x 40) on the demo session with 60 more people, the room open on loopback; the participants
are a second process (so their HTTP work does not share the app's CPU budget unfairly), each
joined beforehand, each polling its page's state every 3 s as the page does, and each sending
its ballot once at a random moment within the 10 s.

- submission to projector: from the moment a participant sends its ballot to the first frame
  of the room panel whose "N of M have voted" counts it (frames as in keystroke.py);
  baseline: a participant's page-state request round trip while the room is idle;
- facilitator keystroke during a burst: `down`/`up` on the concerns stage every 100 ms while
  60 fist-of-five scores arrive (nothing on that stage changes), then while 60 silent cards
  arrive (its hidden count changes); baseline: the same keys with the room idle;
- CPU time of the app's process beside wall time over each burst, and for each key (from the
  key to its frame, every thread of the process: the room's saves included).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import Budget, Measure, arguments, report, summarize, wait_until

CROWD = 60
WINDOW_S = 10.0
POLL_S = 3.0
QUICK_CROWD, QUICK_WINDOW_S = 8, 2.0
"""With --quick: enough to check the benchmark still works (CI runs it so)."""


# -- the participants' process -----------------------------------------------------------------


async def participants(
    url: str, code: str, kind: str, seed: int, crowd: int, window: float
) -> None:
    """Join `crowd` people, wait for `go` on stdin, then each submits once within `window` s."""
    import httpx

    rng = random.Random(seed)
    clients = [httpx.AsyncClient(base_url=url, timeout=30) for _ in range(crowd)]
    csrf: list[str] = []
    for n, client in enumerate(clients):
        pre = re.search(r'name="pre" value="([^"]+)"', (await client.get("/")).text).group(1)
        await client.post("/join", data={"pre": pre, "code": code, "person": f"q{n}"})
        page = (await client.get("/")).text
        csrf.append(re.search(r'name="csrf" value="([^"]+)"', page).group(1))
    concern_ids = re.findall(r'name="dots-([^"]+)"', page)
    idle = []
    for client in clients[:20]:
        started = time.perf_counter()
        await client.get("/state")
        idle.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"ready": True, "idle_ms": idle}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    start = time.perf_counter()
    sent: dict[str, float] = {}
    answers: dict[str, float] = {}
    statuses: dict[str, int] = {}

    async def one(n: int) -> None:
        await asyncio.sleep(rng.uniform(0, window))
        form = {"csrf": csrf[n]}
        if kind == "dots":
            for concern in rng.sample(concern_ids, 2):
                form[f"dots-{concern}"] = "1"
        elif kind == "card":
            form.update(sub=f"s{n}", role="data-scientist", text=f"A worry from person {n}")
        else:
            form["score"] = str(rng.randint(1, 5))
        person = f"q{n}"
        sent[person] = time.perf_counter()
        answer = await clients[n].post(f"/{kind}", data=form)
        answers[person] = time.perf_counter()
        statuses[person] = answer.status_code

    async def poll(n: int) -> None:
        await asyncio.sleep(rng.uniform(0, POLL_S))
        while time.perf_counter() - start < window + 1:
            await clients[n].get("/state")
            await asyncio.sleep(POLL_S)

    await asyncio.gather(*(one(n) for n in range(crowd)), *(poll(n) for n in range(crowd)))
    cpu = os.times()
    done = {"sent": sent, "answered": answers, "statuses": statuses}
    print(json.dumps({**done, "cpu_s": cpu.user + cpu.system}), flush=True)
    for client in clients:
        await client.aclose()


# -- the facilitator's app -----------------------------------------------------------------------


def crowd_session(home: Path) -> Path:
    """The demo session with CROWD more people, saved into `home`."""
    from content.loader import bundled_demo_path
    from sessions.live import LiveSession
    from sessions.store import read_session, save_session

    with bundled_demo_path() as source:
        live = LiveSession(read_session(source))
    for n in range(CROWD):
        live.change("person.added", {"id": f"q{n}", "name": f"Participant {n}"})
    live.change("stage.entered", {"stage": "concerns"})
    path = home / "room-bench.toml"
    save_session(live.session, path)
    return path


async def burst(
    app: Any, clock: Any, kind: str, seed: int, keys: bool, crowd: int, window: float
) -> dict[str, Any]:
    """Run one burst of `crowd` submissions against the open room; type keys during it if asked."""
    server = app.room.server
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--participants",
        server.address.url,
        server.keys.code,
        kind,
        str(seed),
        str(crowd),
        str(window),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    ready = json.loads(await child.stdout.readline())
    mark = len(clock.frames)
    cpu_before, wall_before = os.times(), time.perf_counter()
    child.stdin.write(b"go\n")
    await child.stdin.drain()
    key_times: list[float] = []
    cpu_mark = len(clock.key_cpu_ms)
    if keys:
        from textual.widgets import DataTable

        table = app.screen.query_one("#concerns", DataTable)
        end = time.perf_counter() + window
        step = 0
        while time.perf_counter() < end:
            row = table.cursor_row
            key = _direction(table, step)
            key_times.append(await clock.key(app, key, None, lambda seen, r=row: seen["row"] != r))
            step += 1
            await asyncio.sleep(0.1)
    result = json.loads(await child.stdout.readline())
    await child.wait()
    cpu_after, wall_after = os.times(), time.perf_counter()
    shown: dict[str, float] = {}
    for when, seen in clock.frames[mark:]:
        for person in seen["voted"]:
            shown.setdefault(person, when)
    latency = [
        (shown[person] - sent) * 1000 for person, sent in result["sent"].items() if person in shown
    ]
    return {
        "idle_ms": ready["idle_ms"],
        "projector_ms": latency,
        "missing": [p for p in result["sent"] if p not in shown],
        "answer_ms": [
            (result["answered"][p] - result["sent"][p]) * 1000 for p in result["answered"]
        ],
        "statuses": sorted(set(result["statuses"].values())),
        "keys_ms": key_times,
        "keys_cpu_ms": clock.key_cpu_ms[cpu_mark:],
        "app_cpu_s": (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system),
        "wall_s": wall_after - wall_before,
        "participants_cpu_s": result["cpu_s"],
    }


def _direction(table: Any, step: int) -> str:
    """Down five rows, up five, never against either end (a key there would change nothing)."""
    if table.cursor_row <= 0:
        return "down"
    if table.cursor_row >= table.row_count - 1:
        return "up"
    return "down" if step % 10 < 5 else "up"


async def idle_keys(app: Any, clock: Any, runs: int) -> list[float]:
    from textual.widgets import DataTable

    table = app.screen.query_one("#concerns", DataTable)
    times = []
    for step in range(runs):
        row = table.cursor_row
        key = _direction(table, step)
        times.append(await clock.key(app, key, None, lambda seen, r=row: seen["row"] != r))
        await asyncio.sleep(0.1)
    return times


async def run(
    home: Path, runs: int, crowd: int = CROWD, window: float = WINDOW_S
) -> dict[str, Any]:
    from keystroke import FrameClock
    from textual.widgets import DataTable

    from tui.app import FormingApp
    from tui.room.screen import RoomScreen

    path = crowd_session(home)
    app = FormingApp(start="open", path=path, folder=home, theme="forming-dark")
    out: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)):
        await wait_until(lambda: app.session is not None and app.screen.query("#concerns"))
        await app.workers.wait_for_complete()
        table = app.screen.query_one("#concerns", DataTable)

        def observe() -> dict[str, Any]:
            session = app.session
            on_panel = isinstance(app.screen, RoomScreen)
            voted = (
                frozenset(b.person for b in session.ballots if not b.revealed)
                | frozenset(v.person for v in session.confidence if v.masked)
                if on_panel
                else frozenset()
            )
            return {"voted": voted, "row": table.cursor_row}

        clock = FrameClock(app, observe)
        out["idle_keys_ms"] = await idle_keys(app, clock, runs)
        out["idle_keys_cpu_ms"] = list(clock.key_cpu_ms)
        assert await app.room.open("127.0.0.1", 0)
        await asyncio.sleep(0.3)
        app.change("activity.opened", {"kind": "dots"})
        await asyncio.sleep(0.3)
        out["dots"] = await burst(app, clock, "dots", 1, False, crowd, window)
        app.screen.dismiss()
        for person in app.room.server.keys.joined:  # the same people join again for the next
            app.room.server.keys.release(person)
        await asyncio.sleep(0.3)
        app.change("activity.opened", {"kind": "fist"})
        await asyncio.sleep(0.3)
        out["fist"] = await burst(app, clock, "fist", 2, True, crowd, window)
        for person in app.room.server.keys.joined:
            app.room.server.keys.release(person)
        app.change("activity.opened", {"kind": "writing"})
        await asyncio.sleep(0.3)
        out["card"] = await burst(app, clock, "card", 3, True, crowd, window)
        await app.room.close()
        await app.workers.wait_for_complete()
    from sessions.store import read_session

    saved = read_session(path)
    out["saved_ballot_people"] = len({b.person for b in saved.ballots})
    out["saved_scores"] = len(saved.confidence)
    out["saved_cards"] = sum(1 for c in saved.concerns if c.via == "room")
    return out


def main() -> int:
    """Run the room benchmark and report it."""
    if len(sys.argv) > 1 and sys.argv[1] == "--participants":
        url, code, kind, seed, crowd, window = sys.argv[2:8]
        asyncio.run(participants(url, code, kind, int(seed), int(crowd), float(window)))
        return 0
    args = arguments(__doc__.splitlines()[0])
    runs = args.runs or (10 if args.quick else 100)
    crowd, window = (QUICK_CROWD, QUICK_WINDOW_S) if args.quick else (CROWD, WINDOW_S)
    with tempfile.TemporaryDirectory(prefix="forming-room-") as temp:
        out = asyncio.run(run(Path(temp), runs, crowd, window))
    dots, fist = out["dots"], out["fist"]
    idle = summarize(dots["idle_ms"])
    note = (
        f"{crowd} ballots in {window:g} s; answers {sorted(set(dots['statuses']))}; "
        f"answer (saved) p95 {summarize(dots['answer_ms'])['p95']:.0f} ms; "
        f"app CPU {dots['app_cpu_s']:.2f} s over {dots['wall_s']:.2f} s wall; participants' "
        f"CPU {dots['participants_cpu_s']:.2f} s; never shown: {len(dots['missing'])}; "
        f"file: {out['saved_ballot_people']} people's ballots"
    )
    key_note = (
        f"{len(fist['keys_ms'])} keys while {crowd} scores arrived; app CPU "
        f"{fist['app_cpu_s']:.2f} s over {fist['wall_s']:.2f} s wall; "
        f"file: {out['saved_scores']} scores"
    )
    card = out["card"]
    card_note = (
        f"{len(card['keys_ms'])} keys while {crowd} silent cards arrived (the stage's hidden "
        f"count changes: it redraws at most every 0.5 s, after a key while keys come); "
        f"app CPU {card['app_cpu_s']:.2f} s "
        f"over {card['wall_s']:.2f} s wall; file: {out['saved_cards']} cards"
    )
    measures = [
        Measure(
            "submission to projector count: dot votes, room panel on screen",
            "ms",
            "a participant's page-state round trip, room idle",
            idle,
            summarize(dots["projector_ms"]),
            Budget("p95", 500),
            note,
        ),
        *(
            Measure(
                f"facilitator keystroke during a burst of {what}: down/up on the concerns stage",
                "ms",
                "the same keys, room closed",
                summarize(out["idle_keys_ms"]),
                summarize(run_out["keys_ms"]),
                Budget("p99", 33),
                run_note,
                cpu=summarize(run_out["keys_cpu_ms"]),
                baseline_cpu=summarize(out["idle_keys_cpu_ms"]),
            )
            for what, run_out, run_note in (
                ("scores", fist, key_note),
                ("silent cards", card, card_note),
            )
        ),
    ]
    report("room", measures, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
