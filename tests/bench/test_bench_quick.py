"""The benchmarks still run: each one in quick mode, checked for well-formed results only.

Timings are never asserted here (CRAFT: speed lives in benchmarks, not in timed tests); the
figures and their budgets are in docs/performance.md, from full runs on a quiet machine.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
EXPECTED = {
    "startup": 11,
    "autosave": 9,
    "replay seek": 1,
    "keystroke": 6,
    "memory": 1,
    "room": 3,
}
"""Each benchmark's name in its results, and how many measures it reports."""

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="the start-up benchmark needs a POSIX pseudo-terminal"
)


def _load(name: str):
    """Import `bench/<name>.py` (the folder is scripts, not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _benchlib():
    return _load("benchlib")


def _run(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


# Every benchmark in its own processes: about a minute of CPU, so with the long runs (CI runs
# them); `test_one_benchmark_alone_writes_its_json` keeps one in the default run.
@pytest.mark.slow
def test_every_benchmark_runs_in_quick_mode_and_reports_well_formed_results(tmp_path):
    out = tmp_path / "all.json"
    table = tmp_path / "table.md"
    done = _run(
        str(BENCH / "run_all.py"),
        "--quick",
        "--data",
        str(tmp_path / "data"),
        "--json",
        str(out),
        "--markdown",
        str(table),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    document = json.loads(out.read_text())
    assert document["quick"] is True
    runs = {run["benchmark"]: run for run in document["runs"]}
    assert set(runs) == set(EXPECTED)
    check = _benchlib().check_results
    for name, run in runs.items():
        assert check(run) == [], (name, check(run))
        assert run["quick"] is True
        assert len(run["measures"]) == EXPECTED[name], name
        for measure in run["measures"]:
            # Every series compares Forming with a baseline measured in the same run.
            assert measure["baseline_name"] and measure["ours"]["n"] >= 1
            assert measure["ratio"] > 0
    measures_table, verdicts = table.read_text().split("\n\n", 1)
    lines = measures_table.splitlines()
    assert lines[0].startswith("| measure | baseline | ours | ratio | budget |")
    # CPU time beside wall time, and the machine's load with every benchmark.
    assert lines[0].endswith("| CPU ours | CPU ratio |")
    assert all(run["machine"]["cpu_s"] >= 0 for run in document["runs"])
    assert "load average" in done.stdout
    startup = runs["startup"]["measures"]
    assert all(m["cpu"] is not None and m["cpu_ratio"] > 0 for m in startup)
    assert len(lines) == 2 + sum(EXPECTED.values())
    # Then each budget once, met or missed, and the load around the whole run.
    budgeted = [m for run in document["runs"] for m in run["measures"] if m["budget"]]
    rows = [line for line in verdicts.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + len(budgeted)
    assert all(("| met |" in row) or ("| **missed** |" in row) for row in rows[1:])
    assert "Load average (1, 5, 15 min) before the run" in verdicts
    assert "Each budget, met or missed" in done.stdout
    # The limit session (just under the size limit) in quick mode, for the per-change budgets.
    names = [m["name"] for m in budgeted]
    assert any("(limit, quick)" in name for name in names)
    assert any(name.startswith("keystroke") and "limit, quick" in name for name in names)


def test_one_benchmark_alone_writes_its_json(tmp_path):
    out = tmp_path / "seek.json"
    done = _run(
        str(BENCH / "seek.py"), "--quick", "--data", str(tmp_path / "data"), "--json", str(out)
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "replay seek" in done.stdout
    assert _benchlib().check_results(json.loads(out.read_text())) == []


def test_statistics_and_the_results_checker():
    lib = _benchlib()
    stats = lib.summarize([4.0, 1.0, 3.0, 2.0])
    assert stats["n"] == 4 and stats["min"] == 1.0 and stats["max"] == 4.0
    assert stats["p50"] == 2.5 and 3.8 < stats["p95"] < 4.0
    measure = lib.Measure(
        "x", "ms", "base", lib.summarize([2.0]), lib.summarize([3.0]), lib.Budget("p50", 1.2, True)
    )
    assert measure.ratio == 1.5 and measure.passed is False
    good = {"schema": lib.SCHEMA, "benchmark": "b", "measures": [measure.as_dict()]}
    assert lib.check_results(good) == []
    broken = json.loads(json.dumps(good))
    broken["measures"][0]["ours"]["p50"] = "fast"
    assert lib.check_results(broken)
    assert lib.check_results({"schema": lib.SCHEMA, "benchmark": "b", "measures": []})


def test_generated_sessions_are_deterministic_and_fold_to_their_state(tmp_path):
    generate = _load("generate")
    from sessions.store import open_for_editing

    first = generate.write("typical", tmp_path / "a")
    second = generate.write("typical", tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    session, imported = open_for_editing(first)
    assert not imported
    assert len(session.people) == 12 and len(session.timeline) == 1_000
    assert session.session.stage == "roles"


# Three measures, each in its own processes (Forming's home screen, a typical session opened):
# with the long runs, like the other benchmarks; `test_one_benchmark_alone_writes_its_json`
# keeps one benchmark in the default run.
@pytest.mark.slow
def test_the_peers_benchmark_runs_without_any_peer_installed(tmp_path):
    """`bench/peers.py` measures Forming's lines and names each peer it could not find."""
    out = tmp_path / "peers.json"
    done = _run(
        str(BENCH / "peers.py"),
        "--peers",
        str(tmp_path / "no-peers"),
        "--runs",
        "1",
        "--data",
        str(tmp_path / "data"),
        "--json",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "left out (no venv under" in done.stdout
    assert "toolong, frogmouth, posting, harlequin" in done.stdout
    results = json.loads(out.read_text())
    assert _benchlib().check_results(results) == []
    names = [m["name"] for m in results["measures"]]
    assert names == [
        "the floor: hello-world importing Forming's session model",
        "Forming's home screen",
        "Forming open (typical), whole first screen",
    ]


def test_each_budget_is_met_or_missed_with_the_reason_the_figures_give():
    """run_all's closing table: every measure with a budget once, and why a missed one was."""
    _load("generate")  # run_all imports it by name, as the scripts in bench/ do
    lib, run_all = _benchlib(), _load("run_all")

    def measure(name, baseline, ours, budget, cpu=None, baseline_cpu=None):
        stats = lib.summarize
        return lib.Measure(
            name,
            "ms",
            "base",
            stats(baseline),
            stats(ours),
            budget,
            cpu=cpu and stats(cpu),
            baseline_cpu=baseline_cpu and stats(baseline_cpu),
        ).as_dict()

    absolute = lib.Budget("p95", 50)
    floor = lib.Budget("p95", 50, floor=True)  # the baseline is part of what is measured
    relative = lib.Budget("p50", 1.2, relative=True)
    key = lib.Budget("p95", 10, relative=True, cpu=True, baseline_stat="p50")
    results = {
        "benchmark": "b",
        "cpus": 2,
        "machine": {"load_before": [8.0, 7.0, 6.0], "load_after": [9.5, 8.0, 7.0]},
        "measures": [
            measure("met", [10.0], [20.0], absolute),
            measure("physical", [80.0], [120.0], floor),
            measure("not a floor", [80.0], [120.0], absolute),
            measure("waiting", [10.0], [90.0], absolute, cpu=[30.0]),
            measure("over", [10.0], [75.0], absolute),
            measure("key", [2.0] * 9 + [9.0], [30.0], key, cpu=[25.0], baseline_cpu=[2.0]),
            measure("key met", [2.0], [30.0], key, cpu=[15.0], baseline_cpu=[2.0]),
            measure("wall only", [100.0], [110.0], relative, cpu=[130.0], baseline_cpu=[100.0]),
            measure("no budget", [1.0], [2.0], None),
        ],
    }
    table = run_all.budgets([results], ([8.0, 7.0, 6.0], [9.5, 8.0, 7.0]))
    rows = {line.split(" | ")[0].strip("| "): line for line in table.splitlines()}
    assert "no budget" not in rows
    assert "| met |" in rows["met"] and rows["met"].endswith("|  |")
    assert "physical: the baseline alone (base) takes 80.0 ms at p95" in rows["physical"]
    assert "physical" not in rows["not a floor"] and "over by 140%" in rows["not a floor"]
    assert "its CPU time (30.0 ms) is within" in rows["waiting"]
    assert "load average 9.5 on 2 CPUs" in rows["waiting"]
    assert "over by 50%" in rows["over"]
    # The key's budget is a CPU ratio of its p95 to the baseline's median: 25 / 2 = 12.5x.
    assert "12.50x CPU" in rows["key"] and "over by 25% in CPU" in rows["key"]
    assert "CPU p95 ≤ 10x baseline p50" in rows["key"] and "**missed**" in rows["key"]
    assert "| met |" in rows["key met"]
    # Met in wall time, over in CPU: said so, not left blank.
    assert "| met | in wall time only: its CPU ratio is 1.30x |" in rows["wall only"]
    assert "before the run: [8.0, 7.0, 6.0]; after it: [9.5, 8.0, 7.0]" in table


# About 25 s of CPU to generate and several to read: with the long runs.
@pytest.mark.slow
def test_the_limit_session_is_just_under_the_size_limit_and_opens(tmp_path):
    """The per-change budgets are measured on a session close to the one size limit a file
    may reach (docs/reliability.md, section 7): under it, so it opens, and within a tenth."""
    generate = _load("generate")
    from sessions.store import open_for_editing
    from sessions.store.document import MAX_BYTES

    path = generate.write("limit", tmp_path)
    assert 0.9 * MAX_BYTES < path.stat().st_size < MAX_BYTES
    session, imported = open_for_editing(path)
    assert not imported
    assert len(session.timeline) == 32_000 and len(session.people) == 200
    assert any(
        ord(character) > 0xFFFF for concern in session.concerns for character in concern.text
    )
