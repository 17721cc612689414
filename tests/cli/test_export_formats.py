"""The command line names the export formats from the one registry the app's dialog reads."""

from __future__ import annotations

import pytest

from sessions.formats import EXPORT_FORMATS, ExportFormat
from tui.cli import build_parser
from tui.dialogs.export import export_options


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
