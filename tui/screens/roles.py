"""Stage 3, role mapping: the person x role matrix with shares, coverage per role, and risks."""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Resize
from textual.widgets import DataTable, Input, Static

from sessions.coverage import among, role_coverage
from sessions.model import Session
from tui.screens.stage import StageScreen, ViewBinding
from tui.widgets.chrome import EmptyState, HangingText
from tui.widgets.field_keys import FieldInput
from tui.widgets.role_coverage import (
    coverage_parts,
    person_and_role,
    risk_parts,
    stage_risks,
    summary_content,
    summary_counts,
)
from tui.widgets.role_matrix import RoleMatrix


class RolesScreen(StageScreen):
    """Who holds which role, for what share; coverage in people and FTE; named risks."""

    STAGE_ID = "roles"
    HELP_TEXT = (
        "arrows  move around the matrix\n"
        "Enter  set the share for the highlighted person and role (0 removes it)\n"
        "+ / -  raise or lower the share by 10\n"
        "x  take the person out of the role\n"
        "/  filter people by name, title, squad or role;  Escape clears the filter\n"
        "c  fold coverage and risks away, or show them\n"
        "r  add a role (from the pack or your own);  R  remove a role\n"
        "k  decide a risk: accept it (with a reason), cover it with an action, or not needed"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "set_share", "Set share", tooltip="Set the share for this cell", id="roles-set"
        ),
        Binding(
            "plus,equals_sign", "bump(10)", "+10%", tooltip="Raise the share by 10", id="roles-plus"
        ),
        Binding("minus", "bump(-10)", "-10%", tooltip="Lower the share by 10", id="roles-minus"),
        Binding(
            "x",
            "unassign",
            "Unassign",
            show=False,
            tooltip="Take the person out of the role",
            id="roles-unassign",
        ),
        ViewBinding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter people by name, title or role",
            id="roles-filter",
        ),
        Binding("r", "add_role", "Add role", tooltip="Add a role", id="roles-add"),
        Binding(
            "k",
            "decide_risk",
            "Decide risk",
            tooltip="Accept a risk with a reason, cover it with an action, or mark it not needed",
            id="roles-decide",
        ),
        ViewBinding(
            "c",
            "toggle_coverage",
            "Coverage",
            tooltip="Fold coverage and risks away, or show them",
            id="roles-coverage",
        ),
        Binding(
            "R",
            "remove_role",
            "Remove role",
            show=False,
            tooltip="Remove a role",
            id="roles-remove",
        ),
    ]

    CSS_PATH = "roles.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self._shown_panels: tuple[list[Any], list[Any]] = ([], [])
        """The coverage and risk texts as last drawn."""
        self._coverage_pending = False
        """Whether a redraw of coverage and risks waits for the next frame."""
        self._summary_counts: tuple[int, int, int] | None = None
        """The figures the folded summary line shows."""

    def compose_body(self) -> ComposeResult:
        yield FieldInput(placeholder="Filter by name, title or role (Escape clears)", id="filter")
        yield RoleMatrix(id="matrix")
        yield EmptyState(
            "Nobody to map yet: add people on the previous stage (ctrl+b), then come back.",
            frozen="Nobody to map yet.",
        )
        # Coverage and the risks take what the matrix leaves, side by side on wide screens.
        with VerticalScroll(id="coverage-panel"), Horizontal(id="coverage-row"):
            yield Static(id="coverage")
            yield HangingText(id="risk-list")
        yield Static(id="coverage-summary")

    def focus_body(self) -> None:
        self.set_focus(self.query_one(RoleMatrix))

    @property
    def row_people(self) -> list[str]:
        """The person id of each of the matrix's rows, in order."""
        return self.query_one(RoleMatrix).row_people

    @property
    def column_roles(self) -> list[str]:
        """The role id of each of the matrix's share columns, in order."""
        return self.query_one(RoleMatrix).column_roles

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        self._draw_matrix(session)
        if self._summary_counts is None:
            # The first drawing puts coverage and risks in the screen's first frame too,
            # wrapped as the widget wraps (its width is not known before the first layout).
            # The redraw after that frame indents the risks' wrapped lines, and lays the
            # screen out again only if a line wraps: drawn only after the first frame, they
            # cost a second layout of the whole stage, with the first key waiting behind it.
            self._draw_coverage(session)
        self._coverage_soon()

    def _visible_people(self, session: Session) -> list[str]:
        needle = self.filter_text.casefold()
        if not needle:
            return [p.id for p in session.people]
        role_names = {r.id: r.name.casefold() for r in session.roles}
        visible = []
        for person in session.people:
            haystack = [person.name.casefold(), person.title.casefold()]
            haystack.append((person.squad or "").casefold())
            haystack += [role_names.get(a.role, "") for a in session.assignments_of(person.id)]
            if any(needle in text for text in haystack):
                visible.append(person.id)
        return visible

    def _draw_matrix(self, session: Session) -> None:
        self.query_one(RoleMatrix).show(session, self._visible_people(session))
        self.set_class(not session.people, "-empty")

    def _coverage_soon(self) -> None:
        """Redraw coverage and risks just after the frame that shows the matrix's change.

        The cell the facilitator changed shows at once; the panel follows a frame later
        (rendering a large team's coverage and risks takes longer than a keystroke may).
        Several changes before that frame are drawn once.
        """
        if not self._coverage_pending:
            self._coverage_pending = True
            self.call_after_refresh(self._draw_pending_coverage)

    def on_resize(self, event: Resize) -> None:
        # The risks' indented lines are wrapped for the panel's width.
        if self.forming.session is not None:
            self._coverage_soon()

    def on_hanging_text_widened(self, event: HangingText.Widened) -> None:
        # The panel's width changed with the terminal's the same (the agenda hidden).
        event.stop()
        if self.forming.session is not None:
            self._coverage_soon()

    def _draw_pending_coverage(self) -> None:
        self._coverage_pending = False
        if self.is_attached and self.forming.session is not None:
            # The screen may be closing by the frame after a change (its widgets already
            # removed): then there is nothing left to draw.
            with contextlib.suppress(NoMatches):
                self._draw_coverage(self.forming.session)

    def _draw_coverage(self, session: Session) -> None:
        whole_team = not self.filter_text
        group = session if whole_team else among(session, self.row_people)
        covers = role_coverage(group)
        parts = coverage_parts(
            covers,
            shown=None if whole_team else len(self.row_people),
            filter_text=self.filter_text,
            frozen=self.frozen,
        )
        open_, decided = stage_risks(group)
        counts = summary_counts(covers, open_)
        if counts != self._summary_counts:  # an update lays the screen out again: not every key
            self._summary_counts = counts
            self.query_one("#coverage-summary", Static).update(summary_content(counts))
        width = self.query_one("#risk-list", Static).content_region.width
        lines = risk_parts(
            session, open_, decided, whole_team=whole_team, width=width, frozen=self.frozen
        )
        # Unchanged texts are left alone: laying out hundreds of risk lines again takes longer
        # than a keystroke may.
        shown_parts, shown_lines = self._shown_panels
        if parts != shown_parts:
            self.query_one("#coverage", Static).update(Content.assemble(*parts))
        if lines != shown_lines:
            self.query_one("#risk-list", Static).update(Content.assemble(*lines))
        self._shown_panels = (parts, lines)

    def action_decide_risk(self) -> None:
        """Decide a risk: the highlighted person's or role's first, else pick one from a list."""
        from tui.dialogs.decide import pick_and_decide

        open_, decided = stage_risks(self.session)
        found = open_ + [risk for risk, _ in decided]
        near = set(self.query_one(RoleMatrix).cell_at_cursor()) - {None}
        found.sort(key=lambda r: r.subject not in near)  # stable: the highlighted ones first
        pick_and_decide(self, found)

    def action_toggle_coverage(self) -> None:
        """Fold coverage and risks away to give the matrix the room, or show them again."""
        self.toggle_class("-coverage-hidden")

    def focus_item(self) -> tuple[str, Content] | None:
        person_id, role_id = self.query_one(RoleMatrix).cell_at_cursor()
        if person_id is None:
            return None
        content = person_and_role(self.session, person_id, role_id)
        return None if content is None else ("Person and role", content)

    # -- the highlighted cell ------------------------------------------------------------------

    def _cell(self) -> tuple[str, str] | None:
        """Return `(person id, role id)` under the cursor, if it is on a role column."""
        table = self.query_one(RoleMatrix)
        if not table.row_count:
            return None
        person_id, role_id = table.cell_at_cursor()
        if person_id is None or role_id is None:
            self.notify("Move to a role's column first.", markup=False)
            return None
        return person_id, role_id

    def _share(self, person_id: str, role_id: str) -> int | None:
        return next(
            (
                a.share
                for a in self.session.assignments
                if a.person == person_id and a.role == role_id
            ),
            None,
        )

    def set_share(self, person_id: str, role_id: str, share: int) -> None:
        """Set a person's share in a role; 0 takes them out of it."""
        current = self._share(person_id, role_id)
        share = max(0, min(100, share))
        if share == 0:
            if current is not None:
                self.change("assignment.removed", {"person": person_id, "role": role_id})
        elif current is None:
            self.change("assignment.added", {"person": person_id, "role": role_id, "share": share})
        elif current != share:
            self.change(
                "assignment.updated",
                {"person": person_id, "role": role_id, "set": {"share": share}},
            )

    def action_set_share(self) -> None:
        """Ask for the share of the highlighted cell."""
        # The dialogs are imported when first used: the stage's first frame needs none.
        from tui.dialogs.form import Field, FormDialog

        cell = self._cell()
        if cell is None:
            return
        person_id, role_id = cell
        session = self.session
        title = f"{session.person_name(person_id)} as {session.role_name(role_id)}"

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.set_share(person_id, role_id, values["share"] or 0)

        self.app.push_screen(
            FormDialog(
                title,
                [
                    Field(
                        "share",
                        "Share of their time on this team for this role (percent; 0 removes)",
                        kind="int",
                        minimum=0,
                        maximum=100,
                        value=self._share(person_id, role_id) or 50,
                    )
                ],
            ),
            chosen,
        )

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_set_share()

    def action_bump(self, delta: int) -> None:
        """Raise or lower the highlighted share."""
        cell = self._cell()
        if cell is None:
            return
        current = self._share(*cell) or 0
        self.set_share(*cell, current + delta)

    def action_unassign(self) -> None:
        """Take the highlighted person out of the highlighted role."""
        cell = self._cell()
        if cell is not None:
            self.set_share(*cell, 0)

    # -- filtering -------------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter and put the cursor in it."""
        self.add_class("-filtering")
        self.query_one("#filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value.strip()
            self._draw_matrix(self.session)
            self._coverage_soon()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self.query_one(RoleMatrix).focus()

    def key_escape(self) -> None:
        if self.has_class("-filtering"):
            filter_input = self.query_one("#filter", Input)
            filter_input.value = ""
            self.filter_text = ""
            self.remove_class("-filtering")
            self._draw_matrix(self.session)
            self._coverage_soon()
            self.query_one(RoleMatrix).focus()

    # -- roles -----------------------------------------------------------------------------------

    def action_add_role(self) -> None:
        """Add a role from the content pack, or one of the team's own."""
        from tui.dialogs.role_changes import add_role

        add_role(self.forming)

    def action_remove_role(self) -> None:
        """Remove a role and everything that belongs to it, after asking."""
        from tui.dialogs.role_changes import remove_role

        remove_role(self.forming)
