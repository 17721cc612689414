"""Options mean the same wherever they are typed, before or after the command; --version."""

from __future__ import annotations

import argparse
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tui import cli

# Each command that takes a shared option, with the arguments it needs and the options it has.
COMMANDS = {
    "new": ([], ("pack", "dir", "theme")),
    "open": (["s.toml"], ("pack", "dir", "theme")),
    "replay": (["s.toml"], ("dir", "theme")),
    "demo": ([], ("pack", "dir", "theme")),
    "notes": (["s.toml"], ("theme",)),
}
CASES = [
    (command, option, where)
    for command, (_, options) in COMMANDS.items()
    for option in options
    for where in ("before", "after")
]


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[argparse.Namespace]:
    """What `main` would start, recorded instead of started."""
    seen: list[argparse.Namespace] = []

    def run_app(args: argparse.Namespace, **_: object) -> int:
        seen.append(args)
        return 0

    def run_notes(path: Path, *, theme: str | None = None) -> int:
        seen.append(argparse.Namespace(path=path, theme=theme))
        return 0

    monkeypatch.setattr(cli, "_run_app", run_app)
    monkeypatch.setattr("tui.notes.run_notes", run_notes)
    return seen


@pytest.mark.parametrize(("command", "option", "where"), CASES)
def test_an_option_counts_before_or_after_the_command(
    ran: list[argparse.Namespace], command: str, option: str, where: str
) -> None:
    rest, _ = COMMANDS[command]
    flag = [f"--{option}", "VALUE"]
    argv = [*flag, command, *rest] if where == "before" else [command, *rest, *flag]
    assert cli.main(argv) == 0
    assert getattr(ran[-1], option) == "VALUE"


def test_an_option_typed_after_the_command_wins(ran: list[argparse.Namespace]) -> None:
    assert cli.main(["--dir", "first", "demo", "--dir", "second"]) == 0
    assert ran[-1].dir == "second"
    assert cli.main(["--theme", "projector-light", "open", "s.toml", "--read-only"]) == 0
    assert ran[-1].theme == "projector-light" and ran[-1].read_only


def test_dir_before_demo_writes_the_demo_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forming_home: Path
) -> None:
    from tui.app import FormingApp

    monkeypatch.setattr(FormingApp, "run", lambda self, *a, **k: 0)
    target = tmp_path / "chosen"
    assert cli.main(["--dir", str(target), "demo"]) == 0
    assert (target / "demo.toml").is_file()
    assert not (forming_home / "demo.toml").exists()


def test_version_prints_the_installed_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"forming {version('forming')}"
