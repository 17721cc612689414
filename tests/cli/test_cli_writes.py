"""`forming export -o` writes atomically, never through a link, and not over another's file
without --force (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.store import GENERATED_MARK, save_session
from tui.cli import main


@pytest.fixture
def session_file(team_session, tmp_path) -> Path:
    path = tmp_path / "team.toml"
    save_session(team_session, path)
    return path


def test_export_never_writes_through_a_link(session_file, tmp_path, capsys) -> None:
    victim = tmp_path / ".bashrc"
    victim.write_text("export PATH=$HOME/bin:$PATH\n")
    link = tmp_path / "team.charter.md"
    link.symlink_to(victim)
    for extra in ([], ["--force"]):
        assert main(["export", str(session_file), "-o", str(link), *extra]) == 1
        err = capsys.readouterr().err
        assert "never writes through a link" in err and "Traceback" not in err
    assert victim.read_text() == "export PATH=$HOME/bin:$PATH\n"
    assert link.is_symlink()


def test_export_asks_for_force_before_replacing_a_file_it_did_not_write(
    session_file, tmp_path, capsys
) -> None:
    out = tmp_path / "notes.md"
    out.write_text("my notes\n")
    assert main(["export", str(session_file), "-o", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_text() == "my notes\n"
    assert main(["export", str(session_file), "-o", str(out), "--force"]) == 0
    assert GENERATED_MARK in out.read_text()
    # Its own charter is replaced without --force, in either format.
    assert main(["export", str(session_file), "-o", str(out), "--format", "html"]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
