"""What reading costs: hostile session files against realistic ones, CPU time and peak memory.

Run `python bench/hostile.py [--quick]`. Each file is read with `parse_session` as Forming reads
every file: once for the CPU time (`time.process_time`, best of `--runs`), once under
tracemalloc for the peak memory. A hostile file must be refused with a message, quickly and
in little memory; a realistic one must read. The realistic files are `bench/generate.py`'s:

- a full day (typical: 12 people, about 1,000 events);
- a year of monthly follow-ups: twelve files, each a full day (an upper bound: a follow-up's
  check-in is shorter), read one after the other as the home screen lists them;
- the 10,000-event stress file (large), far beyond any real room.

The hostile files are the ones the store's tests refuse (`tests/sessions/test_store_broken.py`,
`tests/sessions/test_store_limits.py`).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from generate import DEFAULT_FOLDER, ensure

from content.loader import bundled_demo_text
from sessions.errors import SessionFileError
from sessions.store import list_sessions, parse_session

BIG = 4_000_000
"""Characters in a hostile string, key or number: a quarter of the largest file read."""


def lines(line: Callable[[int], str], size: int = 2**20) -> bytes:
    """About `size` bytes of the numbered lines `line(0)`, `line(1)`, ..."""
    out: list[str] = []
    total = 0
    while total < size:
        out.append(line(len(out)) + "\n")
        total += len(out[-1])
    return "".join(out).encode()


def hostile_files() -> dict[str, bytes]:
    """The hostile files, each as the bytes a person could hand Forming."""
    demo = bundled_demo_text()

    def before_session(line: str) -> bytes:
        return demo.replace("[session]\n", f"{line}\n[session]\n", 1).encode()

    return {
        "5,000-deep [": ("x = " + "[" * 5000).encode(),
        "1,000-deep balanced [": ("x = " + "[" * 1000 + "]" * 1000).encode(),
        "100,000-deep {a=": ("x = " + "{a=" * 100_000).encode(),
        "100,000-part dotted key": ("a" + ".a" * 100_000 + " = 1").encode(),
        "100,000-part table header": ("[" + "a." * 100_000 + "a]").encode(),
        # Under the parser's own limits (1,000 key parts, 400 levels), line after line.
        "1 MB of 999-part dotted keys": lines(lambda n: f"k{n}" + ".a" * 998 + " = 1"),
        "1 MB of 399-deep lists": lines(lambda n: f"k{n} = " + "[" * 399 + "]" * 399),
        "4 MB string, unknown key": before_session(f'hostile = "{"x" * BIG}"'),
        "4 MB string, known field": demo.replace(
            "[session]\n", f'[session]\nfacilitator_note = "{"x" * BIG}"\n', 1
        ).encode(),
        "4 MB literal string": before_session(f"hostile = '{'x' * BIG}'"),
        "4 MB multi-line string": before_session(f'hostile = """{"x" * BIG}"""'),
        "4-million-digit number": before_session(f"k = {'1' * BIG}"),
        "4-million-character bare key": before_session(f"k{'x' * BIG} = 1"),
        "date with 4 million digits": before_session(f"k = 1979-05-27{'0' * BIG}"),
        "fraction with 4 million digits": before_session(f"k = 1.{'1' * BIG}"),
        "hexadecimal with 4 million digits": before_session(f"k = 0x{'f' * BIG}"),
    }


def cpu_seconds(action: Callable[[], object], runs: int) -> float:
    """The least CPU time `action` took over `runs` runs."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def peak_mib(action: Callable[[], object]) -> float:
    """The peak memory Python allocated while `action` ran, in MiB."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def outcome(data: bytes) -> str:
    """Read `data` as a session file: `read`, or the first line of why it was refused."""
    try:
        parse_session(data, Path("hostile.toml"))
    except SessionFileError as error:
        return error.lines()[0].removeprefix("hostile.toml")[:70]
    return "read"


def main(argv: list[str] | None = None) -> int:
    """Print one row per file: CPU seconds, peak MiB, and what reading it gave."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="hostile files only")
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]} ({sys.executable})")
    rows: list[tuple[str, Callable[[], object]]] = []
    for name, data in hostile_files().items():
        rows.append((name, lambda data=data: outcome(data)))
    if not args.quick:
        for size in ("typical", "large"):
            data = ensure(size, DEFAULT_FOLDER).read_bytes()
            rows.append((f"{size} ({len(data) / 2**20:.1f} MiB)", lambda d=data: outcome(d)))
        year = DEFAULT_FOLDER / "year"
        year.mkdir(parents=True, exist_ok=True)
        day = ensure("typical", DEFAULT_FOLDER).read_bytes()
        for month in range(1, 13):
            (year / f"month-{month:02}.toml").write_bytes(day)
        rows.append(("a year: 12 full days, listed", lambda: f"{len(list_sessions(year))} listed"))
    print(f"| file | CPU s (best of {args.runs}) | peak MiB | result |")
    print("|---|---|---|---|")
    for name, action in rows:
        seconds = cpu_seconds(action, args.runs)
        result: list[object] = []
        peak = peak_mib(lambda action=action, result=result: result.append(action()))
        print(f"| {name} | {seconds:.3f} | {peak:.1f} | {result[0]} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
