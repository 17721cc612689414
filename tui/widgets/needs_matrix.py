"""The handoffs between roles as a role x role matrix, and the words about them.

The handoffs stage (`tui/screens/needs.py`) shows these beside its list of handoffs.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from sessions.coverage import (
    HANDOFF_MISSING,
    decision_for,
    decision_words,
    missing_handoffs,
    pair_subject,
)
from sessions.model import Need, RiskDecision, Role, Session
from tui.widgets.tables import heading

GAP_SYMBOL = "✗ gap"
DECIDED_SYMBOL = "✓ decided"
"""A role pair with no handoff that the room decided about (accepted, covered, not needed)."""
HEADING_WIDTH = 11
"""Cells a role's name takes on each line of a matrix heading (its words are never cut)."""


class NeedsMatrix(DataTable):
    """Providers down, receivers across; each cell counts the handoffs agreed for that pair."""

    DEFAULT_CSS = """
    NeedsMatrix { height: 1fr; min-height: 4; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="cell", fixed_columns=1, **kwargs)
        self.matrix_roles: list[str] = []
        """The role id of each row (the provider) and, from the second column, each column."""

    def cell_at_cursor(self) -> tuple[str, str] | None:
        """`(provider, receiver)` under the cursor, or `None` off the roles' cells."""
        if not self.row_count:
            return None
        row, column = self.cursor_coordinate
        roles = self.matrix_roles
        if not 0 <= row < len(roles) or not 1 <= column <= len(roles):
            return None
        return roles[row], roles[column - 1]

    def show(self, session: Session) -> None:
        """Show the count of handoffs for each pair of roles, and the gaps."""
        # The first time, start on the first pair of two different roles rather than a diagonal.
        cursor = self.cursor_coordinate if self.row_count else Coordinate(0, 2)
        role_ids = [role.id for role in session.roles]
        if role_ids != self.matrix_roles or len(self.columns) == 0:
            self.clear(columns=True)
            self.add_column("From ↓ To →", key="provider")
            headings = [heading(role.name, HEADING_WIDTH) for role in session.roles]
            self.header_height = max([1, *(len(h.plain.splitlines()) for h in headings)])
            for role, label in zip(session.roles, headings, strict=True):
                self.add_column(label, key=role.id)
            self.matrix_roles = role_ids
        else:
            self.clear()
        counts: dict[tuple[str, str], int] = {}
        for need in session.needs:
            pair = (need.provider, need.receiver)
            counts[pair] = counts.get(pair, 0) + 1
        gaps = {frozenset((a.id, b.id)) for a, b in missing_handoffs(session)}
        for provider in session.roles:
            cells: list[Text] = [Text(provider.name, style="bold")]
            for receiver in session.roles:
                count = counts.get((provider.id, receiver.id), 0)
                if provider.id == receiver.id:
                    cells.append(Text("—", style="dim"))
                elif count:
                    cells.append(Text(f"✓ {count}", style="bold"))
                elif frozenset((provider.id, receiver.id)) in gaps:
                    decided = decision_for(
                        session, HANDOFF_MISSING, pair_subject(provider.id, receiver.id)
                    )
                    cells.append(Text(DECIDED_SYMBOL if decided else GAP_SYMBOL))
                else:
                    cells.append(Text("·", style="dim"))
            self.add_row(*cells, key=provider.id)
        if self.row_count:
            row = min(cursor.row, self.row_count - 1)
            column = min(max(cursor.column, 1), len(self.columns) - 1)
            self.cursor_coordinate = Coordinate(row, column)


def gaps_content(session: Session, *, frozen: bool) -> Content:
    """The pairs of roles with no handoff either way, open first, then the decided ones."""
    gaps = missing_handoffs(session)
    if len(session.roles) < 2:
        content = Content("Handoffs need at least two roles: add roles on the role-mapping stage.")
    elif not gaps:
        content = Content("✓ Every pair of roles has at least one agreed handoff.")
    else:
        open_: list[tuple[Role, Role]] = []
        decided: list[tuple[Role, Role, RiskDecision]] = []
        for a, b in gaps:
            decision = decision_for(session, HANDOFF_MISSING, pair_subject(a.id, b.id))
            if decision is None:
                open_.append((a, b))
            else:
                decided.append((a, b, decision))
        parts: list[Any] = []
        if open_:
            parts.append((f"⚠ No handoff agreed either way ({len(open_)}): ", "bold"))
            for index, (a, b) in enumerate(open_):
                if index:
                    parts.append("; ")
                parts += [a.name, " ↔ ", b.name]
            if not frozen:
                parts.append("  (k decides one)")
        else:
            parts.append("✓ Every pair of roles has a handoff or a decision.")
        for a, b, decision in decided:
            parts += [
                "\n✓ decided: ",
                a.name,
                " ↔ ",
                b.name,
                " (",
                decision_words(session, decision),
                ")",
            ]
        content = Content.assemble(*parts)
    return content


def need_content(session: Session, need: Need) -> Content:
    """A handoff whole: who hands what to whom, in what format, when, to what quality."""
    parts: list[Any] = [
        (session.role_name(need.provider), "bold"),
        " → ",
        (session.role_name(need.receiver), "bold"),
        ": ",
        need.artefact,
    ]
    for label, value in (
        ("Format", need.format),
        ("When", need.when),
        ("Quality", need.quality),
    ):
        if value:
            parts += ["\n", (f"{label}: ", "bold"), value]
    if not need.quality:
        parts += ["\n", "· No quality bar agreed yet."]
    return Content.assemble(*parts)
