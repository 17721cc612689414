"""Kill-test driver: the real Forming app, headless, making changes until it is killed.

`python _app_driver.py SESSION.toml SEED` opens the session in `FormingApp` under Pilot, prints
`ready REVISION EVENTS`, then makes changes forever (add a person, set a share, add a concern,
park an item through the park dialog), sometimes several at once. Before each change it prints
`change DESCRIPTOR`; once the app's save state is back to `saved` it prints
`saved REVISION EVENTS DESCRIPTOR...` naming every change that save holds. Each line is flushed
at once, so whatever the parent read before a kill was true at that moment.

`python _app_driver.py --fork SESSION.toml` pays for the imports once: for every `go SEED` line
on stdin it forks one driver as above, prints `pid PID`, and `reaped` once that driver has died.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
from pathlib import Path

from textual.widgets import Input

# The stage screens the driver shows, imported before forking like everything else.
import tui.screens.roles
import tui.screens.roster  # noqa: F401
from sessions.model import next_id
from tui.app import FormingApp
from tui.dialogs.form import FormDialog
from tui.screens.stage import StageScreen

PAUSES_TO_OPEN = 400
"""How many event-loop turns the app may take to open the session before the driver gives up."""

out_fd = 1
"""Where `say` writes: straight to the file descriptor, past Textual's capture of `print`."""


def say(line: str) -> None:
    """Tell the parent one line, at once (one unbuffered write, so a kill never splits it)."""
    os.write(out_fd, (line + "\n").encode())


def _change_person(app: FormingApp, rng: random.Random) -> str:
    session = app.session
    person_id = next_id("p", [p.id for p in session.people])
    say(f"change person:{person_id}")
    name = f"Kill {person_id}"
    app.change(
        "person.added", {"id": person_id, "name": name, "title": "Engineer", "availability": 50}
    )
    return f"person:{person_id}"


def _change_share(app: FormingApp, rng: random.Random) -> str:
    session = app.session
    if not session.people:
        return _change_person(app, rng)
    person = rng.choice(session.people).id
    role = rng.choice(session.roles).id
    share = rng.randint(1, 100)
    key = f"share:{person}/{role}"
    say(f"change {key}")
    if any(a.person == person and a.role == role for a in session.assignments):
        app.change("assignment.updated", {"person": person, "role": role, "set": {"share": share}})
    else:
        app.change("assignment.added", {"person": person, "role": role, "share": share})
    return key


def _change_concern(app: FormingApp, rng: random.Random) -> str:
    session = app.session
    concern_id = next_id("kc", [c.id for c in session.concerns if c.id.startswith("kc")])
    role = rng.choice(session.roles).id
    say(f"change concern:{concern_id}")
    app.change(
        "concern.added",
        {"id": concern_id, "role": role, "text": f"Worry {concern_id} [maybe]", "origin": "team"},
    )
    return f"concern:{concern_id}"


async def _park(app: FormingApp, pilot, rng: random.Random) -> str | None:
    """Park an item the way a facilitator does: ctrl+o, type, Enter."""
    session = app.session
    item_id = next_id("k", [p.id for p in session.parking_lot])
    await pilot.press("ctrl+o")
    for _ in range(50):
        if isinstance(app.screen, FormDialog):
            break
        await pilot.pause()
    else:
        return None
    app.screen.query_one(Input).value = f"Parked {item_id}"
    say(f"change park:{item_id}")
    await pilot.press("enter")
    return f"park:{item_id}"


async def drive(path: Path, seed: int, max_changes: int = 100_000) -> None:
    """Open the session in the app and change it until killed (or `max_changes` is reached)."""
    rng = random.Random(seed)
    app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(PAUSES_TO_OPEN):
            if (
                app.live is not None
                and isinstance(app.screen, StageScreen)
                and app.save_state == "saved"
            ):
                break
            await pilot.pause()
        else:
            say(f"error could not open: screen {type(app.screen).__name__}, {app.save_state}")
            return
        say(f"ready {app.live.revision} {len(app.session.timeline)}")
        changes = [_change_person, _change_share, _change_concern]
        made = 0
        while made < max_changes:
            pending: list[str] = []
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                if rng.random() < 0.1:
                    parked = await _park(app, pilot, rng)
                    if parked:
                        pending.append(parked)
                else:
                    pending.append(rng.choice(changes)(app, rng))
                made += 1
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.save_state == "saved" and pending:
                say(f"saved {app.live.revision} {len(app.session.timeline)} {' '.join(pending)}")
            elif pending:
                say(f"error save state {app.save_state}: {app.last_save_error}")
                return


def warm_up(path: Path) -> None:
    """Run the app once on a copy of the session, so forked drivers start with warm caches."""
    import shutil
    import tempfile
    import threading

    global out_fd
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        out_fd = os.open(os.devnull, os.O_WRONLY)
        try:
            asyncio.run(drive(copy, 0, max_changes=3))
        finally:
            os.close(out_fd)
            out_fd = 1
    # Forking copies only the calling thread: no other thread may be left running.
    assert threading.active_count() == 1, threading.enumerate()


def fork_server(path: Path) -> None:
    """Fork one driver per `go SEED` line, report its pid, and report when it has died."""
    warm_up(path)
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "go":
            continue
        seed = int(parts[1]) if len(parts) > 1 else 0
        pid = os.fork()
        if pid == 0:
            try:
                asyncio.run(drive(path, seed))
            finally:
                os._exit(0)
        say(f"pid {pid}")
        os.waitpid(pid, 0)
        say("reaped")


def main() -> int:
    """Run one driver, or a fork server with `--fork`."""
    if sys.argv[1] == "--fork":
        fork_server(Path(sys.argv[2]))
    else:
        asyncio.run(drive(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
