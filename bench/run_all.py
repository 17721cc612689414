"""Run every benchmark, one process each, and print one table of all the figures.

Run `python bench/run_all.py [--quick] [--json PATH] [--markdown PATH]`; with
`--compare BEFORE.json AFTER.json` it prints two saved runs side by side. The sessions are
generated once and shared. The first table has the columns `docs/performance.md` uses:
measure, baseline, ours, ratio, budget, pass/fail, CPU beside wall. The second lists each
budget once, met or missed, with the reason the figures give (the baseline alone over an
absolute budget; the CPU time within it while the wall time waits for a core), and the
machine's load average before and after the whole run. The exit code is 0 whatever the
figures are: budgets are for people to read, never a gate.
"""

from __future__ import annotations

import argparse
import json
import os
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


def _figure(m: dict[str, Any]) -> str:
    """The figure a budget is judged on, wall and CPU: a ratio for a relative budget."""
    budget, unit = m["budget"], m["unit"]
    stat = budget["stat"]
    cpu = m.get("cpu")
    if budget["relative"]:
        wall = f"{m['ratio']:.2f}x"
        ratio = m.get("cpu_ratio")
        return f"{stat} {wall} wall" + (f", {ratio:.2f}x CPU" if ratio else "")
    wall = f"{stat} {_number(m['ours'][stat], unit)}"
    return wall + (f" (CPU {_number(cpu[stat], 'ms')})" if cpu else "")


def reason(m: dict[str, Any], load: float | None, cpus: int | None) -> str:
    """Why a budget was missed, from the figures alone (empty when it was met, unless it was
    met in wall time only)."""
    budget, unit = m["budget"], m["unit"]
    if m["passed"]:
        ratio = m.get("cpu_ratio")
        if budget["relative"] and not budget.get("cpu") and ratio and ratio > budget["limit"]:
            return f"in wall time only: its CPU ratio is {ratio:.2f}x"
        return ""
    stat, limit = budget["stat"], budget["limit"]
    busy = (
        f"load average {load:.1f} on {cpus} CPUs"
        if load is not None and cpus
        else "the machine's load unknown"
    )
    if not budget["relative"]:
        base = m["baseline"][stat]
        if budget.get("floor") and base > limit:
            return (
                f"physical: the baseline alone ({m['baseline_name']}) takes "
                f"{_number(base, unit)} at {stat}, over the budget's {_number(limit, unit)}"
            )
        cpu = m.get("cpu")
        if cpu and cpu[stat] <= limit:
            return (
                f"its CPU time ({_number(cpu[stat], 'ms')}) is within: the rest is waiting "
                f"for a core ({busy})"
            )
        over = m["ours"][stat] / limit - 1
        return f"over by {over:.0%} ({busy})"
    if not budget.get("cpu") and m.get("cpu_ratio") and m["cpu_ratio"] <= limit:
        return f"within in CPU ({m['cpu_ratio']:.2f}x): the wall time waits for a core ({busy})"
    judged = m["cpu_ratio"] if budget.get("cpu") else m["ratio"]
    if judged is None:
        return "no CPU time measured"
    return f"over by {judged / limit - 1:.0%} in {'CPU' if budget.get('cpu') else 'wall'} ({busy})"


def budgets(all_results: list[dict[str, Any]], load: tuple[Any, Any]) -> str:
    """Return each budget, met or missed with the reason, and the load around the whole run."""
    rows = [
        "| measure | figure (wall, CPU) | budget | verdict | why |",
        "|---|---|---|---|---|",
    ]
    for results in all_results:
        machine = results.get("machine") or {}
        during = [x[0] for x in (machine.get("load_before"), machine.get("load_after")) if x]
        worst = max(during) if during else None
        for m in results["measures"]:
            if m["budget"] is None:
                continue
            verdict = "met" if m["passed"] else "**missed**"
            rows.append(
                f"| {m['name']} | {_figure(m)} | {m['budget']['text']} | {verdict} "
                f"| {reason(m, worst, results.get('cpus'))} |"
            )
    before, after = load
    rows.append("")
    rows.append(f"Load average (1, 5, 15 min) before the run: {before}; after it: {after}.")
    return "\n".join(rows) + "\n"


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


def _load() -> list[float] | None:
    """The machine's load average now (1, 5 and 15 minutes), where the system tells it."""
    if not hasattr(os, "getloadavg"):
        return None
    return [round(x, 2) for x in os.getloadavg()]


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
    load_before = _load()
    ensure("typical", args.data)
    ensure("large", args.data, quick=args.quick)
    ensure("limit", args.data, quick=args.quick)
    all_results = []
    with tempfile.TemporaryDirectory(prefix="forming-bench-") as temp:
        for name in args.only:
            print(f"running {name}...", file=sys.stderr, flush=True)
            all_results.append(run(name, Path(temp), args.data, args.quick))
    table = markdown(all_results)
    verdicts = budgets(all_results, (load_before, _load()))
    print(table)
    print(machine_lines(all_results))
    print("Each budget, met or missed:\n")
    print(verdicts)
    if args.json is not None:
        args.json.write_text(
            json.dumps({"schema": SCHEMA, "quick": args.quick, "runs": all_results}, indent=2)
            + "\n"
        )
    if args.markdown is not None:
        args.markdown.write_text(table + "\n" + verdicts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
