"""Every written export of a session, in one registry the command line and the app both read."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sessions.model import Session


@dataclass(frozen=True)
class ExportFormat:
    """One thing a session can be written out as."""

    key: str
    """The name `forming export --format` takes, such as `actions-csv`."""
    label: str
    """What the app's export dialog offers, in the facilitator's words."""
    suffix: str
    """How the file the app writes beside the session ends, such as `.actions.csv`."""
    what: str
    """What the file is, for messages: `charter`, `process document`, `actions`."""
    target: str
    """`module:function` that renders a session to the file's text (imported when used)."""
    mark: str = "Written by Forming"
    """Words every file of this format that Forming wrote holds, so writing it again needs no
    question; the store's `GENERATED_MARK` unless the format has no place for those words."""

    def render(self, session: Session) -> str:
        """Return the export of `session` as text."""
        module_name, _, function = self.target.partition(":")
        return getattr(importlib.import_module(module_name), function)(session)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    fmt.key: fmt
    for fmt in (
        ExportFormat(
            "md",
            "Charter as Markdown (.md), for the team's repository",
            ".charter.md",
            "charter",
            "sessions.export:charter_markdown",
        ),
        ExportFormat(
            "html",
            "Charter as HTML (.html), to print or share",
            ".charter.html",
            "charter",
            "sessions.export:charter_html",
        ),
        ExportFormat(
            "process",
            "Process document (.md), to walk the team through",
            ".process.md",
            "process document",
            "sessions.process_doc:process_markdown",
        ),
        ExportFormat(
            "process-html",
            "Process document as HTML (.html), to print",
            ".process.html",
            "process document",
            "sessions.process_doc:process_html",
        ),
        ExportFormat(
            "actions-csv",
            "Actions as CSV (.csv), for an issue tracker",
            ".actions.csv",
            "actions",
            "sessions.actions_export:actions_csv",
            # A CSV has no place for a note: Forming's header row is its mark.
            "Source stage,Forming id",
        ),
        ExportFormat(
            "actions-json",
            "Actions as JSON (.json), for a tracker or a script",
            ".actions.json",
            "actions",
            "sessions.actions_export:actions_json",
            '"source_stage": ',
        ),
    )
}
"""Every export, by its `--format` name, in the order the app's dialog offers them."""


def export_format(key: str) -> ExportFormat:
    """Return the export named `key`, or raise `KeyError` naming the ones there are."""
    try:
        return EXPORT_FORMATS[key]
    except KeyError:
        raise KeyError(f"unknown export format {key!r}: use {', '.join(EXPORT_FORMATS)}") from None
