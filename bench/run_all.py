"""Run every benchmark, one process each, and print one table of all the figures.

Run `python bench/run_all.py [--quick] [--json PATH] [--markdown PATH]`; with
`--compare BEFORE.json AFTER.json` it prints two saved runs side by side. The sessions are
generated once and shared. The table has the columns `docs/performance.md` uses: measure,
baseline, ours, ratio, budget, pass/fail. The exit code is 0 whatever the figures are:
budgets are for people to read, never a gate.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import BENCH, SCHEMA, check_results
from generate import DEFAULT_FOLDER, ensure

BENCHMARKS = ["startup", "autosave", "seek", "keystroke", "memory", "room"]
"""Every benchmark script in this folder, in the order they run."""


def run(name: str, folder: Path, data: Path, quick: bool) -> dict[str, Any]:
    """Run `bench/<name>.py` in its own process and return its results."""
    out = folder / f"{name}.json"
    command = [sys.executable, str(BENCH / f"{name}.py"), "--json", str(out), "--data", str(data)]
    if quick:
        command.append("--quick")
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    results = json.loads(out.read_text())
    results["seconds"] = round(time.perf_counter() - started, 1)
    problems = check_results(results)
    if problems:
        raise SystemExit(f"{name} gave malformed results: {problems}")
    return results


def _number(value: float, unit: str) -> str:
    return f"{value:.1f} {unit}" if value >= 10 else f"{value:.2f} {unit}"


def markdown(all_results: list[dict[str, Any]]) -> str:
    """Return the figures as a Markdown table."""
    rows = [
        "| measure | baseline | ours | ratio | budget | result | CPU ours | CPU ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for results in all_results:
        for m in results["measures"]:
            budget = m["budget"]
            stat = budget["stat"] if budget else "p50"
            base, ours, unit = m["baseline"], m["ours"], m["unit"]
            verdict = "" if m["passed"] is None else ("pass" if m["passed"] else "**FAIL**")
            rows.append(
                f"| {m['name']} | {m['baseline_name']}: {stat} {_number(base[stat], unit)} "
                f"| {stat} {_number(ours[stat], unit)} (p50 {_number(ours['p50'], unit)}, "
                f"p95 {_number(ours['p95'], unit)}, n={ours['n']}) | {m['ratio']:.2f}x "
                f"| {budget['text'] if budget else 'none'} | {verdict} "
                f"| {_cpu(m.get('cpu'), stat)} "
                f"| {_ratio(m.get('cpu_ratio'))} |"
            )
    return "\n".join(rows) + "\n"


def _cpu(stats: dict[str, float] | None, stat: str) -> str:
    return f"{stat} {_number(stats[stat], 'ms')}" if stats else ""


def _ratio(value: float | None) -> str:
    return f"{value:.2f}x" if value else ""


def machine_lines(all_results: list[dict[str, Any]]) -> str:
    """Return each benchmark's wall and CPU time and the machine's load while it ran."""
    lines = []
    for results in all_results:
        machine = results.get("machine") or {}
        lines.append(
            f"- {results['benchmark']}: {machine.get('wall_s')} s wall, "
            f"{machine.get('cpu_s')} s CPU; load average {machine.get('load_before')} before, "
            f"{machine.get('load_after')} after ({results.get('cpus')} CPUs)"
        )
    return "\n".join(lines) + "\n"


def compare(before: dict[str, Any], after: dict[str, Any]) -> str:
    """Return a Markdown table of two `--json` documents side by side, measure by measure."""
    old = {m["name"]: m for run in before["runs"] for m in run["measures"]}
    rows = [
        "| measure | baseline | before (ratio) | after | ratio | budget | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in after["runs"]:
        for m in run["measures"]:
            budget = m["budget"]
            stat = budget["stat"] if budget else "p50"
            unit = m["unit"]
            was = old.get(m["name"])
            verdict = "" if m["passed"] is None else ("pass" if m["passed"] else "**FAIL**")
            then = f"{_number(was['ours'][stat], unit)} ({was['ratio']:.2f}x)" if was else "n/a"
            rows.append(
                f"| {m['name']} | {m['baseline_name']}: {_number(m['baseline'][stat], unit)} "
                f"| {then} "
                f"| {stat} {_number(m['ours'][stat], unit)} | {m['ratio']:.2f}x "
                f"| {budget['text'] if budget else 'none'} | {verdict} |"
            )
    return "\n".join(rows) + "\n"


def main() -> int:
    """Generate the sessions, run each benchmark, and print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny runs: check it all works")
    parser.add_argument("--json", type=Path, default=None, help="write all results here")
    parser.add_argument("--markdown", type=Path, default=None, help="write the table here")
    parser.add_argument("--data", type=Path, default=DEFAULT_FOLDER, help="generated sessions")
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, default=BENCHMARKS)
    parser.add_argument(
        "--compare",
        nargs=2,
        type=Path,
        metavar=("BEFORE", "AFTER"),
        help="print two earlier --json results side by side, and run nothing",
    )
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(path.read_text()) for path in args.compare)
        print(compare(before, after))
        return 0
    ensure("typical", args.data)
    ensure("large", args.data, quick=args.quick)
    all_results = []
    with tempfile.TemporaryDirectory(prefix="forming-bench-") as temp:
        for name in args.only:
            print(f"running {name}...", file=sys.stderr, flush=True)
            all_results.append(run(name, Path(temp), args.data, args.quick))
    table = markdown(all_results)
    print(table)
    print(machine_lines(all_results))
    if args.json is not None:
        args.json.write_text(
            json.dumps({"schema": SCHEMA, "quick": args.quick, "runs": all_results}, indent=2)
            + "\n"
        )
    if args.markdown is not None:
        args.markdown.write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
