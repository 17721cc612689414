"""`forming export --format`: every format in the registry, from the command line, read only."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sessions.formats import EXPORT_FORMATS, ExportFormat
from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import save_session
from tests.cli.test_followup_diff_notes import forming
from tests.conftest import FIXED
from tui.cli import build_parser, main
from tui.dialogs.export import export_options


@pytest.fixture
def session_file(team_session: Session, tmp_path: Path) -> Path:
    live = LiveSession(team_session)
    live.change("action.added", {"id": "a1", "text": "=SUM(A1:A9)", "owner": "p2"}, at=FIXED)
    live.change("action.added", {"id": "a2", "text": "Book the walkthrough"}, at=FIXED)
    path = tmp_path / "returns forecast.toml"
    save_session(live.session, path)
    return path


def test_the_parser_offers_every_format_in_the_registry(capsys) -> None:
    for key in EXPORT_FORMATS:
        assert build_parser().parse_args(["export", "x.toml", "--format", key]).format == key
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    shown = capsys.readouterr().out
    assert "{" + ",".join(EXPORT_FORMATS) + "}" in shown


def test_actions_csv_to_a_file_keeps_the_session_untouched(session_file: Path) -> None:
    before = session_file.read_bytes()
    out = session_file.with_name("actions.csv")
    result = forming("export", str(session_file), "--format", "actions-csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Actions written to" in result.stderr
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == 3  # the header and two actions, CRLF as RFC 4180 asks
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[1][:4] == ["'=SUM(A1:A9)", "Jonas Berg", "", "open"]
    assert rows[2][0] == "Book the walkthrough"
    assert session_file.read_bytes() == before


def test_actions_json_and_process_to_stdout(session_file: Path, capsys) -> None:
    assert main(["export", str(session_file), "--format", "actions-json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [item["title"] for item in items] == ["=SUM(A1:A9)", "Book the walkthrough"]
    assert main(["export", str(session_file), "--format", "process"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Returns Forecast — how we take a model to production")
    assert "```mermaid\nflowchart LR" in text
    assert main(["export", str(session_file), "--format", "process-html"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_unknown_format_is_a_usage_error_naming_the_formats(session_file: Path) -> None:
    result = forming("export", str(session_file), "--format", "xlsx")
    assert result.returncode == 2
    assert "actions-csv" in result.stderr and "process" in result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_to_write_over_the_session(session_file: Path, capsys) -> None:
    before = session_file.read_bytes()
    code = main(["export", str(session_file), "--format", "actions-csv", "-o", str(session_file)])
    assert code == 1
    assert "refusing to overwrite the session file with its actions" in capsys.readouterr().err
    assert session_file.read_bytes() == before


@pytest.mark.parametrize("key", sorted(EXPORT_FORMATS))
def test_every_format_can_be_written_again_without_force(
    key: str, session_file: Path, tmp_path: Path, capsys
) -> None:
    """What Forming wrote it recognises by the format's mark; someone else's file it keeps."""
    fmt = EXPORT_FORMATS[key]
    from sessions.store import read_session

    assert fmt.mark in fmt.render(read_session(session_file))
    target = tmp_path / f"out{fmt.suffix}"
    assert main(["export", str(session_file), "--format", key, "-o", str(target)]) == 0
    assert main(["export", str(session_file), "--format", key, "-o", str(target)]) == 0
    theirs = tmp_path / f"theirs{fmt.suffix}"
    theirs.write_text("someone else's notes\n", encoding="utf-8")
    assert main(["export", str(session_file), "--format", key, "-o", str(theirs)]) == 1
    assert "--force" in capsys.readouterr().err
    assert theirs.read_text(encoding="utf-8") == "someone else's notes\n"


def _export_help(capsys, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", "400")  # one line per paragraph, whatever the terminal
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--help"])
    return capsys.readouterr().out


def test_export_help_names_the_registered_formats(capsys, monkeypatch):
    text = _export_help(capsys, monkeypatch)
    assert "md (default), html, process, process-html, actions-csv or actions-json" in text
    assert "the charter (md, html), the process document (process, process-html)" in text


def test_a_new_format_is_named_by_the_command_line_without_touching_it(capsys, monkeypatch):
    extra = ExportFormat("ics", "Meetings as a calendar", ".ics", "calendar", "x:y")
    monkeypatch.setitem(EXPORT_FORMATS, "ics", extra)
    text = _export_help(capsys, monkeypatch)
    assert "actions-json or ics" in text
    assert "or the calendar (ics)" in text


def test_the_dialog_offers_every_registered_format():
    offered = [key for _, key in export_options()]
    assert offered[: len(EXPORT_FORMATS)] == list(EXPORT_FORMATS)
