"""Start-up in a real pseudo-terminal: first screens, interactive, home complete, replay ready.

Run `python bench/startup.py [--quick] [--runs N] [--json PATH]`. Each run spawns a process in
a new pty and stops the clock when known texts have been written (escape sequences removed);
the CPU time the process has used by then is read from `/proc` beside the wall time:

- hello-world: `python bench/hello.py` (Header, Static, Footer), until its greeting shows;
- the floor: the same app importing Forming's session model first (pydantic), the least any
  screen that shows a checked session pays;
- `forming` (home) with two sessions, until the home screen's title shows (first screen);
- home complete: `forming` with ten sessions, until all ten team names are listed;
- `forming open` of the typical and the large session: the first screen is the whole screen,
  the status bar (team · stage) and the footer's keys; then F7 (the stage's timebox one minute
  longer, a change recorded in the session, on the screen already shown) is typed at once and
  the clock stops when the status bar says the change is being saved: open to interactive.
  A second line types `ctrl+n` instead and stops when the next stage's status bar shows: that
  also builds a whole new stage screen (about 100 ms of CPU), which is not waiting;
- `forming replay` of both: the first screen (status bar and keys), then ready: the timeline
  bar says `step N/N`, which it does only once every step is built.

`--only floor,home,home10` runs only the commands named (hello-world always; `_` for a space,
as in `open_typical`). Runs cycle through the commands in a rotating order, so drift on the
machine spreads over all of them; one untimed run of each comes first.

`--against PATH` runs every Forming command a second time, in the same rounds, with another
installed `forming` (say, main's, in a venv of its own): before and after a change measured on
the same machine at the same load. Its lines are marked `[against]`.
"""

from __future__ import annotations

import math
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchlib import (
    BENCH,
    Budget,
    Measure,
    Step,
    arguments,
    forming_command,
    pty_run,
    report,
    summarize,
    terminal_env,
)
from generate import DEFAULT_FOLDER, TEAM, ensure
from hello import MARKER as HELLO_MARKER

from tui.screens.home import HOME_TITLE

HOME_MARKER = HOME_TITLE
"""The home screen's title (the screen's own constant: the marker follows a new wording)."""
ROLES_MARKER = "· 3/9 Role mapping"
"""The role-mapping stage's status bar (a stage screen only: the home list shows no `·`)."""
NEXT_MARKER = "· 4/9 "
"""The status bar of the stage after role mapping: `ctrl+n` was applied."""
KEYS_MARKER = "Help"
"""A key the footer shows on every stage screen (`f1 Help`): the footer's keys are drawn."""
NEXT_STAGE = b"\x0e"
"""`ctrl+n` as a terminal sends it: next stage, a change recorded in the session."""
LONGER = b"\x1b[18~"
"""F7 as a terminal sends it: the stage's timebox a minute longer, a change in the session."""
SAVING_MARKER = "… Saving"
"""The status bar once a change is applied and its save asked for."""
HOME_TEAMS = [f"Bench Team {n:02}" for n in range(1, 11)]
"""The ten sessions of the home-complete run."""


def _ten_sessions(typical: Path, folder: Path) -> None:
    """Write ten copies of the typical session, each with a team name of its own."""
    text = typical.read_text(encoding="utf-8")
    wanted = f'team = "{TEAM["typical"]}"'
    assert wanted in text
    for number, team in enumerate(HOME_TEAMS, start=1):
        # Only the state's name changes: the list shows it; the file would open as imported.
        (folder / f"team-{number:02}.toml").write_text(
            text.replace(wanted, f'team = "{team}"', 1), encoding="utf-8"
        )


def _steps(replay_steps: dict[str, int]) -> dict[str, list[Step]]:
    whole = (ROLES_MARKER, KEYS_MARKER)
    return {
        "hello": [Step((HELLO_MARKER,))],
        "floor": [Step((HELLO_MARKER,))],
        "home": [Step((HOME_MARKER,))],
        "home10": [Step((HOME_MARKER, *HOME_TEAMS))],
        "open typical": [Step(whole, NEXT_STAGE), Step((NEXT_MARKER,))],
        "open large": [Step(whole, NEXT_STAGE), Step((NEXT_MARKER,))],
        "edit typical": [Step(whole, LONGER), Step((SAVING_MARKER,))],
        "edit large": [Step(whole, LONGER), Step((SAVING_MARKER,))],
        "replay typical": [Step(whole), Step((f"step {replay_steps['typical']}/",))],
        "replay large": [Step(whole), Step((f"step {replay_steps['large']}/",))],
    }


ONLY_NAMES = (
    "hello",
    "floor",
    "home",
    "home10",
    "open typical",
    "open large",
    "edit typical",
    "edit large",
    "replay typical",
    "replay large",
)
"""The commands `--only` may name (with `_` for the space: `--only hello,home,home10`); `edit`
is `forming open` until F7 is applied (open to interactive)."""
AGAINST = " [against]"
"""The mark on the lines of the `forming` given with `--against`."""


def _only() -> set[str]:
    """Take `--only a,b` off the command line: run only these commands (hello always runs)."""
    if "--only" not in sys.argv:
        return set()
    at = sys.argv.index("--only")
    names = {n.replace("_", " ") for n in sys.argv[at + 1].split(",")} | {"hello"}
    del sys.argv[at : at + 2]
    unknown = names - set(ONLY_NAMES)
    if unknown:
        raise SystemExit(f"--only: unknown {sorted(unknown)}; choose from {ONLY_NAMES}")
    return names


def _against() -> str | None:
    """Take `--against PATH` off the command line: another installed `forming` to run too."""
    if "--against" not in sys.argv:
        return None
    at = sys.argv.index("--against")
    command = Path(sys.argv[at + 1]).resolve()
    del sys.argv[at : at + 2]
    if not command.is_file():
        raise SystemExit(f"--against: no forming command at {command}")
    return str(command)


def _env(folder: Path) -> dict[str, str]:
    """The commands' environment: a terminal, the sessions folder, and bytecode written.

    An installed Forming has its modules compiled (pip compiles them at install); one
    installed for development (`pip install -e`) is compiled on first import, unless
    `PYTHONDONTWRITEBYTECODE` is set, and then every start compiles all of Forming again
    (about 85 ms of CPU on the home screen: 1.51x hello-world against 1.29x). The untimed
    first run writes the bytecode, as an install would.
    """
    env = terminal_env(folder)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _cpu(values: list[float]) -> dict[str, float] | None:
    return None if not values or any(math.isnan(v) for v in values) else summarize(values)


def _forming_measures(
    series: Callable[..., tuple[dict[str, float], dict[str, float] | None]],
    mark: str,
    large_label: str,
    hello_wall: dict[str, float],
    hello_cpu: dict[str, float] | None,
) -> list[Measure]:
    """The lines of one installed `forming` (`mark` names the `--against` one)."""
    floor_wall, floor_cpu = series("floor")
    measures = [
        Measure(
            "first screen: forming (home, listing two sessions)" + mark,
            "ms",
            "hello-world Textual app",
            hello_wall,
            series("home" + mark)[0],
            Budget("p50", 1.2, relative=True),
            cpu=series("home" + mark)[1],
            baseline_cpu=hello_cpu,
        ),
        Measure(
            "home complete: forming with ten sessions listed in full" + mark,
            "ms",
            "hello-world Textual app",
            hello_wall,
            series("home10" + mark)[0],
            Budget("p50", 1.5, relative=True),
            cpu=series("home10" + mark)[1],
            baseline_cpu=hello_cpu,
        ),
    ]
    for size, label in (("typical", f"typical: {TEAM['typical']}"), ("large", large_label)):
        first_wall, first_cpu = series(f"open {size}" + mark)
        ready_wall, ready_cpu = series(f"open {size}" + mark, 1)
        edit_wall, edit_cpu = series(f"edit {size}" + mark, 1)
        measures += [
            Measure(
                f"first screen, whole (status bar and keys): forming open ({label}){mark}",
                "ms",
                "the floor",
                floor_wall,
                first_wall,
                cpu=first_cpu,
                baseline_cpu=floor_cpu,
                notes="a reference line: the open budget is now open to interactive",
            ),
            Measure(
                f"open to interactive: forming open, F7 (timebox +1) applied ({label}){mark}",
                "ms",
                "the floor",
                floor_wall,
                edit_wall,
                Budget("p50", 1.2, relative=True) if size == "typical" else None,
                cpu=edit_cpu,
                baseline_cpu=floor_cpu,
            ),
            Measure(
                f"open to the next stage: forming open, ctrl+n applied ({label}){mark}",
                "ms",
                "the floor",
                floor_wall,
                ready_wall,
                cpu=ready_cpu,
                baseline_cpu=floor_cpu,
                notes="a reference line: also builds the next stage's whole screen",
            ),
        ]
    for size, label, limit in (
        ("typical", f"typical: {TEAM['typical']}", 1.3),
        ("large", large_label, 2.0),
    ):
        first_wall, first_cpu = series(f"replay {size}" + mark)
        ready_wall, ready_cpu = series(f"replay {size}" + mark, 1)
        measures.append(
            Measure(
                f"replay ready: every step reachable, timeline bar complete ({label}){mark}",
                "ms",
                "the replay's own first screen",
                first_wall,
                ready_wall,
                Budget("p50", limit, relative=True),
                cpu=ready_cpu,
                baseline_cpu=first_cpu,
                notes=(
                    f"first screen p50 {first_wall['p50']:.0f} ms, "
                    f"{first_wall['p50'] / hello_wall['p50']:.2f}x hello-world"
                ),
            )
        )
    return measures


def main() -> int:
    """Measure every command `--runs` times, in rotating order."""
    from sessions.store import read_session

    only = _only()
    against = _against()
    args = arguments(__doc__.splitlines()[0])
    runs = args.runs or (2 if args.quick else 12)
    data = args.data or DEFAULT_FOLDER
    typical = ensure("typical", data)
    large = ensure("large", data, quick=args.quick)
    replay_steps = {
        "typical": len(read_session(typical).timeline),
        "large": len(read_session(large).timeline),
    }
    with tempfile.TemporaryDirectory(prefix="forming-startup-") as temp:
        home, ten, opened = Path(temp) / "two", Path(temp) / "ten", Path(temp) / "opened"
        for folder in (home, ten, opened):
            folder.mkdir()
        shutil.copy(typical, home / typical.name)
        shutil.copy(large, home / large.name)
        _ten_sessions(typical, ten)
        forming = forming_command()
        hello = [sys.executable, str(BENCH / "hello.py")]
        commands = {
            "hello": (hello, home),
            "floor": ([*hello, "--with-model"], home),
            "home": ([forming], home),
            "home10": ([forming], ten),
            # `open` works on fresh copies: ctrl+n changes the session, and it is saved.
            "open typical": ([forming, "open", str(opened / typical.name)], opened),
            "open large": ([forming, "open", str(opened / large.name)], opened),
            "edit typical": ([forming, "open", str(opened / typical.name)], opened),
            "edit large": ([forming, "open", str(opened / large.name)], opened),
            "replay typical": ([forming, "replay", str(home / typical.name)], home),
            "replay large": ([forming, "replay", str(home / large.name)], home),
        }
        if only:
            commands = {name: commands[name] for name in commands if name in only}
        if against:
            commands |= {
                name + AGAINST: ([against, *argv[1:]], folder)
                for name, (argv, folder) in commands.items()
                if argv[0] == forming
            }
        steps = _steps(replay_steps)
        steps |= {name + AGAINST: steps[name] for name in list(steps)}
        wall: dict[str, list[list[float]]] = {name: [] for name in commands}
        cpu: dict[str, list[list[float]]] = {name: [] for name in commands}
        names = list(commands)
        for run in range(runs + 1):
            order = names[run % len(names) :] + names[: run % len(names)]
            for name in order:
                argv, folder = commands[name]
                if name.startswith(("open", "edit")):  # every run opens the file as generated
                    source = typical if "typical" in name else large
                    shutil.copy(source, Path(argv[-1]))
                reached = pty_run(argv, steps[name], _env(folder))
                if run == 0:
                    continue  # untimed: warm file caches
                wall[name].append([w for w, _ in reached])
                cpu[name].append([c for _, c in reached])

    def series(name: str, index: int = 0) -> tuple[dict[str, float], dict[str, float] | None]:
        if not wall.get(name):  # left out with --only: no figures
            return {"p50": math.nan, "p95": math.nan, "n": 0}, None
        return (
            summarize([r[index] for r in wall[name]]),
            _cpu([r[index] for r in cpu[name]]),
        )

    hello_wall, hello_cpu = series("hello")
    floor_wall, floor_cpu = series("floor")
    large_label = "large" if not args.quick else "large, quick: 1,500 events"
    measures = [
        Measure(
            "the floor: hello-world importing Forming's session model (pydantic) first",
            "ms",
            "hello-world Textual app",
            hello_wall,
            floor_wall,
            cpu=floor_cpu,
            baseline_cpu=hello_cpu,
            notes="a reference line, no budget: what any checked session's first screen pays",
        )
    ]
    for mark in ("", AGAINST) if against else ("",):
        measures += _forming_measures(series, mark, large_label, hello_wall, hello_cpu)
    # With --only, the measures of commands left out are left out too.
    measures = [m for m in measures if m.ours.get("n") and m.baseline.get("n")]
    report("startup", measures, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
