"""Peak memory: Forming with the large session open against the hello-world Textual app.

Run `python bench/memory.py [--quick] [--runs N] [--json PATH]`. Each run is a fresh process
that runs one app headless at 120 x 40 and reports its peak resident set size (`ru_maxrss`):

- baseline: hello-world, after its first frame and a few keys;
- Forming: `forming open` on the large session, on the role-mapping stage, after its history
  has been read and ten shares have been changed and saved.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import BENCH, Budget, Measure, arguments, copy_into, report, summarize
from generate import DEFAULT_FOLDER, ensure


def peak_rss_mib() -> float:
    """This process's peak resident set size in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


async def _hello() -> None:
    from hello import HelloApp

    app = HelloApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("plus", "plus", "plus")
        await pilot.pause()


async def _forming(path: Path) -> None:
    from benchlib import session_ready, wait_until

    from tui.app import FormingApp

    app = FormingApp(start="open", path=path, folder=path.parent, theme="forming-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: session_ready(app))
        await app.workers.wait_for_complete()
        for index in range(10):
            await pilot.press("down", "plus" if index % 2 else "minus")
        await app.workers.wait_for_complete()
        await pilot.pause()


def child(which: str, path: str) -> None:
    """Run one app in this process and print its peak RSS as JSON."""
    asyncio.run(_hello() if which == "hello" else _forming(Path(path)))
    print(json.dumps({"peak_rss_mib": peak_rss_mib()}))


def measure(which: str, path: Path | None = None) -> float:
    """Run `which` in a fresh process and return its peak RSS in MiB."""
    command = [sys.executable, str(BENCH / "memory.py"), "--child", which, str(path or "")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{which} failed:\n{done.stderr[-3000:]}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["peak_rss_mib"])


def main() -> int:
    """Measure both apps `--runs` times, alternating."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return 0
    args = arguments(__doc__.splitlines()[0])
    runs = args.runs or (1 if args.quick else 5)
    source = ensure("large", args.data or DEFAULT_FOLDER, quick=args.quick)
    hello: list[float] = []
    ours: list[float] = []
    with tempfile.TemporaryDirectory(prefix="forming-memory-") as temp:
        for _ in range(runs):
            hello.append(measure("hello"))
            ours.append(measure("forming", copy_into(source, Path(temp))))
    label = "large" if not args.quick else "large, quick"
    measures = [
        Measure(
            f"peak RSS with the {label} session open on the role matrix, after 10 edits",
            "MiB",
            "hello-world Textual app",
            summarize(hello),
            summarize(ours),
            Budget("max", 80),
        )
    ]
    report("memory", measures, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
