"""Kill-test helper: save a session over and over, one more person each time, until killed.

`python _saver.py SESSION.toml` loads the session, prints `ready N` (N people), then adds a
person, saves, and prints the new count after every completed save, flushed at once.

`python _saver.py --fork SESSION.toml` pays for the imports once: for every `go` line on stdin
it forks a saver as above, prints `pid PID`, and prints `reaped` once that saver has died.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sessions.live import LiveSession
from sessions.store import read_session, save_session


def say(line: object) -> None:
    """Print one line in a single write, so a kill can never leave half of it.

    (`print` makes two writes, text and newline, when Python runs unbuffered, as it does
    with `PYTHONUNBUFFERED=1`: a kill between them once glued `1698` to the next `reaped`.)
    """
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def save_forever(path: Path, max_saves: int = 100_000) -> None:
    """Load the session, then add a person and save, until killed or `max_saves` is reached."""
    live = LiveSession(read_session(path))
    count = len(live.session.people)
    say(f"ready {count}")
    for _ in range(max_saves):
        count += 1
        live.change(
            "person.added",
            {"id": f"p{count}", "name": f"Person {count}", "title": "Engineer", "availability": 50},
        )
        save_session(live.session, path)
        say(count)


def fork_server(path: Path) -> None:
    """Fork one saver per `go` line, report its pid, and report when it has died."""
    for line in sys.stdin:
        if line.strip() != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                save_forever(path)
            finally:
                os._exit(0)
        print(f"pid {pid}", flush=True)
        os.waitpid(pid, 0)
        print("reaped", flush=True)


def main() -> int:
    """Run one saver, or a fork server with `--fork`."""
    if sys.argv[1] == "--fork":
        fork_server(Path(sys.argv[2]))
    else:
        save_forever(Path(sys.argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
