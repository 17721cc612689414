"""First screens of other Textual apps beside Forming's, in the same run: a reference, no budget.

Run `python bench/peers.py --peers DIR [--runs N] [--json PATH]`, where DIR holds one virtual
environment per peer, named as the peer, each with the peer installed from PyPI:

    python3 -m venv DIR/toolong && DIR/toolong/bin/pip install toolong
    python3 -m venv DIR/frogmouth && DIR/frogmouth/bin/pip install frogmouth
    python3 -m venv DIR/posting && DIR/posting/bin/pip install posting
    python3 -m venv DIR/harlequin && DIR/harlequin/bin/pip install harlequin

Each peer runs with the Textual version it requires, as its users get it. A peer whose venv is
missing is left out of the table. Every command starts in a new pty (100x30, the same as
`startup.py`) and the clock stops when a text of its first screen is written; CPU time is read
from `/proc` at that moment. Each peer opens what it shows first for a user: Toolong a 50-line
log, Frogmouth a short Markdown file, Posting an empty collection, Harlequin DuckDB in memory.
Runs cycle through the commands in a rotating order; one untimed run of each comes first.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
from pathlib import Path

from benchlib import (
    BENCH,
    Measure,
    Step,
    forming_command,
    pty_run,
    report,
    summarize,
    terminal_env,
)
from generate import DEFAULT_FOLDER, ensure
from hello import MARKER as HELLO_MARKER
from startup import HOME_MARKER, KEYS_MARKER, ROLES_MARKER

PEERS: dict[str, tuple[list[str], str]] = {
    "toolong": (["tl", "{folder}/app.log"], "line number 45 of the bench log"),
    "frogmouth": (["frogmouth", "{folder}/doc.md"], "Some text for the marker."),
    "posting": (["posting", "--collection", "{folder}/collection"], "Enter a URL"),
    "harlequin": (["harlequin"], "Query Editor"),
}
"""Each peer's command (its script in its venv's bin, then arguments) and its first text."""


def _inputs(folder: Path) -> None:
    """Write what the peers open: a log file, a Markdown file and an empty collection."""
    lines = [
        f"2026-11-29T03:00:{n % 60:02} INFO line number {n} of the bench log" for n in range(1, 51)
    ]
    (folder / "app.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "doc.md").write_text(
        "# Peer document\n\nSome text for the marker.\n", encoding="utf-8"
    )
    (folder / "collection").mkdir()


def _cpu(values: list[float]) -> dict[str, float] | None:
    return None if any(math.isnan(v) for v in values) else summarize(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=Path, required=True, help="folder of the peers' venvs")
    parser.add_argument("--runs", type=int, default=8, help="timed runs per command")
    parser.add_argument("--quick", action="store_true", help="two runs, to check it works")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--data", type=Path, default=None, help="folder of generated sessions")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    typical = ensure("typical", args.data or DEFAULT_FOLDER)
    with tempfile.TemporaryDirectory(prefix="forming-peers-") as temp:
        folder = Path(temp)
        home = folder / "home"
        home.mkdir()
        shutil.copy(typical, home / typical.name)
        _inputs(folder)
        hello = [sys.executable, str(BENCH / "hello.py")]
        forming = forming_command()
        commands: dict[str, tuple[list[str], list[Step]]] = {
            "hello": (hello, [Step((HELLO_MARKER,))]),
            "floor": ([*hello, "--with-model"], [Step((HELLO_MARKER,))]),
            "forming": ([forming], [Step((HOME_MARKER,))]),
            "forming open": (
                [forming, "open", str(home / typical.name)],
                [Step((ROLES_MARKER, KEYS_MARKER))],
            ),
        }
        missing = []
        for name, (argv, marker) in PEERS.items():
            script = args.peers / name / "bin" / argv[0]
            if not script.exists():
                missing.append(name)
                continue
            rest = [part.format(folder=folder) for part in argv[1:]]
            commands[name] = ([str(script), *rest], [Step((marker,))])
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        env = terminal_env(home)
        # The peers keep their settings under HOME and XDG folders: give them a fresh one.
        env["HOME"] = str(folder)
        for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env.pop(key, None)
        for run in range(runs + 1):
            order = names[run % len(names) :] + names[: run % len(names)]
            for name in order:
                argv, steps = commands[name]
                (reached,) = pty_run(argv, steps, env, timeout=120.0)
                if run:  # the first round is untimed: warm file caches
                    wall[name].append(reached[0])
                    cpu[name].append(reached[1])
    hello_wall, hello_cpu = summarize(wall["hello"]), _cpu(cpu["hello"])
    measures = []
    for name in names[1:]:
        what = {
            "floor": "the floor: hello-world importing Forming's session model",
            "forming": "Forming's home screen",
            "forming open": "Forming open (typical), whole first screen",
        }.get(name, f"{name}'s first screen")
        measures.append(
            Measure(
                what,
                "ms",
                "hello-world Textual app",
                hello_wall,
                summarize(wall[name]),
                cpu=_cpu(cpu[name]),
                baseline_cpu=hello_cpu,
                notes="a reference line, no budget",
            )
        )
    report("peers", measures, args)
    if missing:
        print(f"  left out (no venv under {args.peers}): {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
