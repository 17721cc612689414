"""Stage 6, what we need from each other: handoffs between roles, as a list and a role matrix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Label, Static

from sessions.coverage import (
    HANDOFF_MISSING,
    decision_for,
    missing_handoffs,
    pair_subject,
)
from sessions.ids import new_item_id
from sessions.model import Need, Session
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.need_form import need_dialog, need_fields
from tui.dialogs.pick import PickDialog
from tui.screens.stage import StageScreen, ViewBinding, changes, present
from tui.widgets.chrome import EmptyState, say_none_yet
from tui.widgets.needs_matrix import NeedsMatrix, gaps_content, need_content
from tui.widgets.tables import RecordTable, highlight


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

    def compose_body(self) -> ComposeResult:
        yield Label("", id="needs-view-hint", markup=False)
        yield RecordTable(["From", "To", "Artefact", "Format", "When"], id="needs-list")
        yield NeedsMatrix(id="needs-matrix")
        yield EmptyState(
            "No handoffs agreed yet. Press a to add one, or t to start from a typical handoff.",
            frozen="No handoffs agreed yet.",
        )
        yield Static(id="need-detail")
        with VerticalScroll(id="gaps"):
            yield Static(id="gap-list")

    def focus_body(self) -> None:
        if self.view == "matrix":
            self.set_focus(self.query_one(NeedsMatrix))
        else:
            self.set_focus(self.query_one(RecordTable))

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
        self.query_one(NeedsMatrix).show(session)

    def _draw_gaps(self, session: Session) -> None:
        self.query_one("#gap-list", Static).update(gaps_content(session, frozen=self.frozen))

    def _draw_detail(self) -> None:
        need = self._listed()
        detail = self.query_one("#need-detail", Static)
        detail.update(Content("") if need is None else need_content(self.session, need))

    def focus_item(self) -> tuple[str, Content] | None:
        if self.view != "matrix":
            need = self._listed()
            return None if need is None else ("Handoff", need_content(self.session, need))
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
            parts += ["\n\n" if index else "", need_content(self.session, need)]
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
        pair = table.cell_at_cursor()
        if pair is None:
            self.notify("Move to a receiving role's column first.", markup=False)
            return None
        provider, receiver = pair
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
            else:
                say_none_yet(self, "handoff")
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
            need_id = new_item_id(self.session, "need")
            if self.change("need.added", {"id": need_id, **present(values)}):
                highlight(self.query_one(RecordTable), need_id)

        title = "Add a handoff"
        if provider and receiver:
            title = f"Add a handoff: {session.role_name(provider)} → {session.role_name(receiver)}"
        self.app.push_screen(
            need_dialog(
                title,
                need_fields(session, provider=provider, receiver=receiver),
                lambda: self.session,
                lambda values: (
                    "need.added",
                    {"id": new_item_id(self.session, "need"), **present(values)},
                ),
            ),
            added,
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
            need_dialog(
                "Edit the handoff",
                need_fields(self.session, need),
                lambda: self.session,
                lambda values: ("need.updated", {"id": need.id, **changes(values)}),
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
            cell = self.query_one(NeedsMatrix).cell_at_cursor()
            if cell is not None:
                for a, b in gaps:
                    if {a.id, b.id} == set(cell):
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
                "id": new_item_id(self.session, "need"),
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
