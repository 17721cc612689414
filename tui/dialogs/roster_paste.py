"""Pasting a roster: lines copied from a spreadsheet, previewed line by line before they count."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static, TextArea

from sessions.roster_paste import RosterLine, parse_roster
from sessions.text import plural
from tui.dialogs.board import BoardDialog

HOW = (
    "One person a line: name, job title, time on the team (%), squad. Tab- or comma-separated, "
    "as copied from a spreadsheet; only the name is needed."
)


def preview(lines: list[RosterLine]) -> Content:
    """What the pasted lines would do: each person to add, and each line's problem."""
    good = [line for line in lines if not line.problem]
    bad = [line for line in lines if line.problem]
    if not lines:
        return Content("Nothing pasted yet.")
    parts: list[Any] = [(f"✓ {len(good)} to add", "bold")]
    if bad:
        parts += [" · ", (f"✗ {plural(len(bad), 'line')} to fix first", "bold")]
    for line in lines:
        parts.append("\n")
        if line.problem:
            parts += [(f"✗ line {line.number}: ", "bold"), line.problem, " (", line.text, ")"]
        else:
            person = line.person
            about = [person["name"], person.get("title", ""), f"{person.get('availability', 100)}%"]
            if person.get("squad"):
                about.append(f"squad {person['squad']}")
            parts += [f"✓ line {line.number}: ", " · ".join(a for a in about if a)]
    return Content.assemble(*parts)


class RosterPasteDialog(BoardDialog[list[dict[str, Any]] | None]):
    """A text box to paste a roster into, with a preview that checks every line as it changes.

    Dismisses with the people to add (`person.added` data without ids), or `None`. People are
    added only once no line has a problem, so nothing pasted is dropped without a word.
    """

    DEFAULT_CSS = """
    RosterPasteDialog > Vertical {
        width: 100%; max-width: 120; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    RosterPasteDialog #paste-title { text-style: bold; width: 100%; }
    RosterPasteDialog #paste-how { color: $text-muted; width: 100%; }
    RosterPasteDialog TextArea { height: 8; }
    RosterPasteDialog #paste-preview-box { height: auto; max-height: 10; }
    RosterPasteDialog #paste-preview { width: 100%; }
    RosterPasteDialog Horizontal { height: auto; align-horizontal: right; }
    RosterPasteDialog Button { margin-left: 2; width: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without adding", id="paste-cancel"),
    ]

    def __init__(self, on_team: list[str]) -> None:
        super().__init__()
        self.on_team = on_team
        self.lines: list[RosterLine] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Paste a roster", id="paste-title", markup=False)
            yield Label(HOW, id="paste-how", markup=False)
            yield TextArea(id="paste-text", soft_wrap=False, show_line_numbers=True)
            with VerticalScroll(id="paste-preview-box"):
                yield Static(id="paste-preview")
            with Horizontal():
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(
                    "Add people", id="submit", variant="primary", compact=True, disabled=True
                )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self._check()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._check()

    def _check(self) -> None:
        self.lines = parse_roster(self.query_one(TextArea).text, on_team=self.on_team)
        self.query_one("#paste-preview", Static).update(preview(self.lines))
        good = sum(1 for line in self.lines if not line.problem)
        fine = good > 0 and all(not line.problem for line in self.lines)
        button = self.query_one("#submit", Button)
        button.disabled = not fine
        button.label = f"Add {good} {'person' if good == 1 else 'people'}" if fine else "Add people"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "submit" and not event.button.disabled:
            self.dismiss([dict(line.person) for line in self.lines])
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without adding anyone."""
        self.dismiss(None)
