"""Stage 6, what we need from each other: handoffs between roles, as a list and a role matrix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Label, Static

from sessions.coverage import (
    HANDOFF_MISSING,
    decision_for,
    decision_words,
    missing_handoffs,
    pair_subject,
)
from sessions.ids import new_id
from sessions.model import Need, RiskDecision, Role, Session
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Check, CheckedFormDialog, Field
from tui.dialogs.pick import PickDialog
from tui.dialogs.refusal import Change, refused_by_reducer
from tui.screens.stage import StageScreen, ViewBinding, changes, present
from tui.widgets.chrome import EmptyState
from tui.widgets.tables import RecordTable, heading, highlight

SAME_ROLE = "A handoff goes between two different roles: choose another receiver."
GAP_SYMBOL = "✗ gap"
DECIDED_SYMBOL = "✓ decided"
"""A role pair with no handoff that the room decided about (accepted, covered, not needed)."""
HEADING_WIDTH = 11
"""Cells a role's name takes on each line of a matrix heading (its words are never cut)."""


def need_fields(
    session: Session,
    need: Need | None = None,
    *,
    provider: str | None = None,
    receiver: str | None = None,
) -> list[Field]:
    """The form for adding or editing a handoff, optionally with the role pair preset.

    A new handoff starts between two different roles: the reducer refuses one from a role to
    itself, so a form opening on the same role twice began with an error to correct.
    """
    roles = [(role.name, role.id) for role in session.roles]
    if need is None:
        ids = [role_id for _, role_id in roles]
        provider = provider or next(iter(ids), None)
        receiver = receiver or next((i for i in ids if i != provider), None)
    return [
        Field(
            "provider",
            "Who provides it (role)",
            kind="select",
            options=roles,
            value=need.provider if need else provider,
        ),
        Field(
            "receiver",
            "Who receives it (role)",
            kind="select",
            options=roles,
            value=need.receiver if need else receiver,
        ),
        Field(
            "artefact", "What is handed over", kind="text", value=need.artefact if need else None
        ),
        Field(
            "format",
            "In what format or shape",
            kind="text",
            required=False,
            value=(need.format or None) if need else None,
        ),
        Field(
            "when",
            "When, or on what trigger",
            kind="text",
            required=False,
            value=(need.when or None) if need else None,
        ),
        Field(
            "quality",
            "The quality bar it must meet",
            kind="text",
            required=False,
            value=need.quality if need else None,
        ),
    ]


class NeedsMatrix(DataTable):
    """Providers down, receivers across; each cell counts the handoffs agreed for that pair."""

    DEFAULT_CSS = """
    NeedsMatrix { height: 1fr; min-height: 4; }
    """


class NeedsScreen(StageScreen):
    """Agree what each role hands to another: artefact, format, trigger and quality bar."""

    STAGE_ID = "needs"
    HELP_TEXT = (
        "a  add a handoff\n"
        "e or Enter  edit the highlighted handoff (list)\n"
        "Enter  add a handoff for the highlighted role pair (matrix)\n"
        "d  remove the highlighted handoff\n"
        "m  switch between the list and the role × role matrix\n"
        "t  add one of the content pack's typical handoffs\n"
        "k  decide a gap: accept it (with a reason), cover it with an action, or not needed"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add handoff", tooltip="Agree a new handoff", id="needs-add"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted handoff", id="needs-edit"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the highlighted handoff",
            id="needs-remove",
        ),
        ViewBinding(
            "m",
            "toggle_view",
            "List/matrix",
            tooltip="Switch between the list and the role × role matrix",
            id="needs-view",
        ),
        Binding(
            "t",
            "typical",
            "Typical",
            tooltip="Add one of the content pack's typical handoffs",
            id="needs-typical",
        ),
        Binding(
            "k",
            "decide_gap",
            "Decide gap",
            tooltip="Accept a missing handoff (say why), cover it with an action, or not needed",
            id="needs-decide",
        ),
    ]

    CSS_PATH = "needs.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.view = "list"
        self.matrix_roles: list[str] = []

    def compose_body(self) -> ComposeResult:
        yield Label("", id="needs-view-hint", markup=False)
        yield RecordTable(["From", "To", "Artefact", "Format", "When"], id="needs-list")
        yield NeedsMatrix(id="needs-matrix", cursor_type="cell", fixed_columns=1)
        yield EmptyState(
            "No handoffs agreed yet. Press a to add one, or t to start from a typical handoff.",
            frozen="No handoffs agreed yet.",
        )
        yield Static(id="need-detail")
        with VerticalScroll(id="gaps"):
            yield Static(id="gap-list")

    def focus_body(self) -> None:
        if self.view == "matrix":
            self.query_one(NeedsMatrix).focus()
        else:
            self.query_one(RecordTable).focus()

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        self._draw_hint()
        self._draw_list(session)
        self._draw_matrix(session)
        self._draw_gaps(session)
        self._draw_detail()

    def _draw_hint(self) -> None:
        matrix = self.view == "matrix"
        parts = ["Rows hand to columns." if matrix else "Handoffs."]
        if not self.frozen:  # read-only or replayed: Enter changes nothing here
            parts.append("Enter adds one." if matrix else "Enter edits.")
        parts.append("m: list" if matrix else "m: role × role matrix")
        text = " ".join(parts)
        self.query_one("#needs-view-hint", Label).update(text)

    def _draw_list(self, session: Session) -> None:
        rows = [
            (
                need.id,
                [
                    session.role_name(need.provider),
                    session.role_name(need.receiver),
                    need.artefact,
                    need.format or "—",
                    need.when or "—",
                ],
            )
            for need in session.needs
        ]
        self.query_one(RecordTable).show_rows(rows)
        self.set_class(not rows, "-empty")

    def _draw_matrix(self, session: Session) -> None:
        table = self.query_one(NeedsMatrix)
        # The first time, start on the first pair of two different roles rather than a diagonal.
        cursor = table.cursor_coordinate if table.row_count else Coordinate(0, 2)
        role_ids = [role.id for role in session.roles]
        if role_ids != self.matrix_roles or len(table.columns) == 0:
            table.clear(columns=True)
            table.add_column("From ↓ To →", key="provider")
            headings = [heading(role.name, HEADING_WIDTH) for role in session.roles]
            table.header_height = max([1, *(len(h.plain.splitlines()) for h in headings)])
            for role, label in zip(session.roles, headings, strict=True):
                table.add_column(label, key=role.id)
            self.matrix_roles = role_ids
        else:
            table.clear()
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
            table.add_row(*cells, key=provider.id)
        if table.row_count:
            row = min(cursor.row, table.row_count - 1)
            column = min(max(cursor.column, 1), len(table.columns) - 1)
            table.cursor_coordinate = Coordinate(row, column)

    def _draw_gaps(self, session: Session) -> None:
        gaps = missing_handoffs(session)
        if len(session.roles) < 2:
            content = Content(
                "Handoffs need at least two roles: add roles on the role-mapping stage."
            )
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
                if not self.frozen:
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
        self.query_one("#gap-list", Static).update(content)

    def _draw_detail(self) -> None:
        need = self._listed()
        detail = self.query_one("#need-detail", Static)
        detail.update(Content("") if need is None else self._need_content(need))

    def _need_content(self, need: Need) -> Content:
        """A handoff whole: who hands what to whom, in what format, when, to what quality."""
        session = self.session
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

    def focus_item(self) -> tuple[str, Content] | None:
        if self.view != "matrix":
            need = self._listed()
            return None if need is None else ("Handoff", self._need_content(need))
        pair = self._cell_pair()
        if pair is None:
            return None
        session = self.session
        found = [n for n in session.needs if (n.provider, n.receiver) == pair]
        heading = f"{session.role_name(pair[0])} → {session.role_name(pair[1])}"
        if not found:
            return heading, Content("No handoff agreed for this pair yet.")
        parts: list[Any] = []
        for index, need in enumerate(found):
            parts += ["\n\n" if index else "", self._need_content(need)]
        return heading, Content.assemble(*parts)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "needs-list":
            self._draw_detail()

    # -- the highlighted handoff -----------------------------------------------------------------

    def _listed(self) -> Need | None:
        key = self.query_one(RecordTable).current_key
        return next((n for n in self.session.needs if n.id == key), None) if key else None

    def _cell_pair(self) -> tuple[str, str] | None:
        """Return `(provider, receiver)` under the matrix cursor, if on two different roles."""
        table = self.query_one(NeedsMatrix)
        if not table.row_count:
            return None
        row, column = table.cursor_coordinate
        if not 0 <= row < len(self.matrix_roles) or not 1 <= column <= len(self.matrix_roles):
            self.notify("Move to a receiving role's column first.", markup=False)
            return None
        provider, receiver = self.matrix_roles[row], self.matrix_roles[column - 1]
        if provider == receiver:
            self.notify(
                "That cell is a role and itself: pick a cell between two different roles.",
                markup=False,
            )
            return None
        return provider, receiver

    def _with_chosen(self, action: Callable[[Need], None], verb: str) -> None:
        """Run `action` on the highlighted handoff; in the matrix, pick among the cell's."""
        if self.view == "list":
            need = self._listed()
            if need is not None:
                action(need)
            return
        pair = self._cell_pair()
        if pair is None:
            return
        found = [n for n in self.session.needs if (n.provider, n.receiver) == pair]
        if not found:
            self.notify(
                "No handoff agreed for this pair yet: press Enter to add one.", markup=False
            )
            return
        if len(found) == 1:
            action(found[0])
            return

        def picked(need_id: str | None) -> None:
            need = next((n for n in self.session.needs if n.id == need_id), None)
            if need is not None:
                action(need)

        options = [(" ".join(n.artefact.split()), n.id) for n in found]
        self.app.push_screen(PickDialog(f"{verb} which handoff?", options), picked)

    # -- actions ---------------------------------------------------------------------------------

    def add_handoff(self, provider: str | None = None, receiver: str | None = None) -> None:
        """Ask for a new handoff, with the provider and receiver preset when given."""
        session = self.session
        if len(session.roles) < 2:
            self.notify(
                "Handoffs go between two roles: add roles on the role-mapping stage first.",
                markup=False,
            )
            return

        def added(values: dict[str, Any] | None) -> None:
            if not values:
                return
            need_id = new_id(self.session, "n")
            if self.change("need.added", {"id": need_id, **present(values)}):
                highlight(self.query_one(RecordTable), need_id)

        title = "Add a handoff"
        if provider and receiver:
            title = f"Add a handoff: {session.role_name(provider)} → {session.role_name(receiver)}"
        self.app.push_screen(
            CheckedFormDialog(
                title,
                need_fields(session, provider=provider, receiver=receiver),
                check=self._refusal(
                    lambda values: (
                        "need.added",
                        {"id": new_id(self.session, "n"), **present(values)},
                    )
                ),
            ),
            added,
        )

    def _refusal(self, change: Callable[[dict[str, Any]], Change]) -> Check:
        """Check a handoff form by asking the reducer, shown at the receiver in the room's words."""
        return refused_by_reducer(
            lambda: self.session, change, where="receiver", wording={"receiver": SAME_ROLE}
        )

    def action_add(self) -> None:
        """Add a handoff."""
        self.add_handoff()

    def action_edit(self) -> None:
        """Edit the highlighted handoff."""
        self._with_chosen(self._edit, "Edit")

    def _edit(self, need: Need) -> None:
        def edited(values: dict[str, Any] | None) -> None:
            if not values:
                return
            self.change("need.updated", {"id": need.id, **changes(values)})

        self.app.push_screen(
            CheckedFormDialog(
                "Edit the handoff",
                need_fields(self.session, need),
                check=self._refusal(
                    lambda values: ("need.updated", {"id": need.id, **changes(values)})
                ),
            ),
            edited,
        )

    def action_remove(self) -> None:
        """Remove the highlighted handoff, after asking."""
        self._with_chosen(self._remove, "Remove")

    def _remove(self, need: Need) -> None:
        session = self.session
        pair = f"{session.role_name(need.provider)} → {session.role_name(need.receiver)}"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("need.removed", {"id": need.id})

        self.app.push_screen(
            ConfirmDialog(
                f"Remove the handoff {pair}: “{need.artefact}”? (ctrl+z undoes it.)",
                title="Remove handoff",
                yes="Remove",
                no="Keep",
            ),
            confirmed,
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "needs-list":
            event.stop()
            self.action_edit()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        if event.data_table.id == "needs-matrix":
            event.stop()
            pair = self._cell_pair()
            if pair is not None:
                self.add_handoff(*pair)

    def action_decide_gap(self) -> None:
        """Decide a missing handoff: the highlighted matrix cell's, else one picked from a list."""
        from tui.dialogs.decide import decide

        session = self.session
        gaps = missing_handoffs(session)
        if not gaps:
            self.notify("No missing handoffs to decide.", markup=False)
            return

        def about(a: Any, b: Any) -> str:
            return f"{a.name} and {b.name}: no handoff agreed either way."

        if self.view == "matrix":
            table = self.query_one(NeedsMatrix)
            row, column = table.cursor_coordinate if table.row_count else (-1, -1)
            if 0 <= row < len(self.matrix_roles) and 1 <= column <= len(self.matrix_roles):
                pair = {self.matrix_roles[row], self.matrix_roles[column - 1]}
                for a, b in gaps:
                    if {a.id, b.id} == pair:
                        decide(self, HANDOFF_MISSING, pair_subject(a.id, b.id), about(a, b))
                        return
        if len(gaps) == 1:
            a, b = gaps[0]
            decide(self, HANDOFF_MISSING, pair_subject(a.id, b.id), about(a, b))
            return
        options = []
        for index, (a, b) in enumerate(gaps):
            decided = decision_for(session, HANDOFF_MISSING, pair_subject(a.id, b.id))
            mark = "✓ decided: " if decided else "✗ "
            options.append((f"{mark}{a.name} ↔ {b.name}", str(index)))

        def picked(choice: str | None) -> None:
            if choice is not None:
                a, b = gaps[int(choice)]
                decide(self, HANDOFF_MISSING, pair_subject(a.id, b.id), about(a, b))

        self.app.push_screen(
            PickDialog("Which missing handoff does the room decide?", options), picked
        )

    def action_toggle_view(self) -> None:
        """Switch between the list and the role × role matrix."""
        self.view = "list" if self.view == "matrix" else "matrix"
        self.set_class(self.view == "matrix", "-matrix")
        self._draw_hint()
        self.focus_body()

    def action_typical(self) -> None:
        """Offer the pack's typical handoffs that fit the team's roles and are not yet agreed."""
        pack = self.forming.pack
        if pack is None:
            self.notify(
                "No content pack is loaded, so there are no typical handoffs.", markup=False
            )
            return
        session = self.session
        role_ids = {role.id for role in session.roles}
        agreed = {(n.provider, n.receiver, n.artefact) for n in session.needs}
        offers = [
            handoff
            for handoff in pack.handoffs
            if handoff.provider in role_ids
            and handoff.receiver in role_ids
            and (handoff.provider, handoff.receiver, handoff.artefact) not in agreed
        ]
        if not offers:
            self.notify("No typical handoffs left to offer for this team's roles.", markup=False)
            return
        options = [
            (
                f"{session.role_name(h.provider)} → {session.role_name(h.receiver)}: {h.artefact}",
                str(index),
            )
            for index, h in enumerate(offers)
        ]

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            handoff = offers[int(choice)]
            data = {
                "id": new_id(self.session, "n"),
                "provider": handoff.provider,
                "receiver": handoff.receiver,
                "artefact": handoff.artefact,
                "format": handoff.format,
                "when": handoff.when,
            }
            if handoff.quality:
                data["quality"] = handoff.quality
            if self.change("need.added", data):
                highlight(self.query_one(RecordTable), data["id"])

        self.app.push_screen(PickDialog("Add a typical handoff", options), picked)
