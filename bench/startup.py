"""Time to first screen in a real pseudo-terminal: Forming against a hello-world Textual app.

Run `python bench/startup.py [--quick] [--runs N] [--json PATH]`. Each run spawns a process in
a new pty and stops the clock when a known text of its first screen has been written:

- baseline: `python bench/hello.py` (Header, Static, Footer), until its greeting shows;
- `forming` (home), until the home screen's title shows;
- `forming open` on the typical and on the large session, until the role-mapping stage's
  status bar (team · stage) shows;
- for reference, no budget: the baseline importing Forming's session model first (pydantic),
  the least any `forming open` pays before it can show a checked session.

The sessions folder holds both generated sessions, so the home screen lists them. Runs cycle
through the commands in a rotating order, so drift on the machine spreads over all of them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from benchlib import (
    BENCH,
    Budget,
    Measure,
    arguments,
    first_screen_ms,
    forming_command,
    report,
    summarize,
    terminal_env,
)
from generate import DEFAULT_FOLDER, TEAM, ensure
from hello import MARKER as HELLO_MARKER

HOME_MARKER = "Forming: help a new MLOps team form"
"""The home screen's title."""
ROLES_MARKER = "· 3/9 Role mapping"
"""The role-mapping stage's status bar (a stage screen only: the home list shows no `·`)."""


def main() -> int:
    """Measure every command's first screen `--runs` times, in rotating order."""
    args = arguments(__doc__.splitlines()[0])
    runs = args.runs or (2 if args.quick else 12)
    data = args.data or DEFAULT_FOLDER
    typical = ensure("typical", data)
    large = ensure("large", data, quick=args.quick)
    with tempfile.TemporaryDirectory(prefix="forming-startup-") as temp:
        home = Path(temp)
        shutil.copy(typical, home / typical.name)
        shutil.copy(large, home / large.name)
        env = terminal_env(home)
        forming = forming_command()
        commands = {
            "hello": ([sys.executable, str(BENCH / "hello.py")], HELLO_MARKER),
            "floor": ([sys.executable, str(BENCH / "hello.py"), "--with-model"], HELLO_MARKER),
            "home": ([forming], HOME_MARKER),
            "typical": ([forming, "open", str(home / typical.name)], ROLES_MARKER),
            "large": ([forming, "open", str(home / large.name)], ROLES_MARKER),
        }
        # One untimed run of each, so every series starts with warm file caches.
        for argv, marker in commands.values():
            first_screen_ms(argv, marker, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for run in range(runs):
            order = names[run % len(names) :] + names[: run % len(names)]
            for name in order:
                argv, marker = commands[name]
                times[name].append(first_screen_ms(argv, marker, env))
    hello = summarize(times["hello"])
    large_label = "large" if not args.quick else "large, quick: 1,500 events"
    measures = [
        Measure(
            "first screen: forming (home, listing both sessions)",
            "ms",
            "hello-world Textual app",
            hello,
            summarize(times["home"]),
            Budget("p50", 1.2, relative=True),
        ),
        Measure(
            f"first screen: forming open (typical: {TEAM['typical']})",
            "ms",
            "hello-world Textual app",
            hello,
            summarize(times["typical"]),
            Budget("p50", 1.4, relative=True),
        ),
        Measure(
            f"first screen: forming open ({large_label})",
            "ms",
            "hello-world Textual app",
            hello,
            summarize(times["large"]),
            Budget("p50", 2.0, relative=True),
        ),
    ]
    measures.append(
        Measure(
            "for reference: hello-world importing Forming's session model (pydantic) first",
            "ms",
            "hello-world Textual app",
            hello,
            summarize(times["floor"]),
        )
    )
    report("startup", measures, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
