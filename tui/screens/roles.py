"""Stage 3, role mapping: the person x role matrix with shares, coverage per role, and risks."""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar, TypeVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.css.query import NoMatches
from textual.events import Resize
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey, RowKey

from sessions.coverage import (
    Risk,
    among,
    decision_words,
    person_load,
    risks,
    role_coverage,
    split_risks,
)
from sessions.model import Session
from sessions.text import plural, slugify
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog
from tui.dialogs.pick import PickDialog
from tui.screens.stage import StageScreen, ViewBinding
from tui.widgets.chrome import EmptyState, hanging
from tui.widgets.tables import add_sized_rows, heading

FIXED_COLUMNS = 2
"""The matrix's first columns: the person and their time on the team."""
STEP = 10
"""How much + and - change a share."""
BAR_WIDTH = 8
RISKS_SHOWN = 20
"""Risks listed one by one, the most serious first; past this the list says how many more.

A room discusses the top of the list; a session of hundreds of people would otherwise make
every keystroke wait while hundreds of risk lines are laid out again (see performance.md).
"""
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


HEADING_WIDTH = 12
"""Cells a role's name takes on each line of its column heading (its words are never cut)."""


_CacheKey = TypeVar("_CacheKey", bound=tuple[Any, ...])


def _forget(cache: LRUCache[_CacheKey, Any], part: int, value: object) -> None:
    """Discard the entries of one of the table's render caches whose key holds `value` at `part`."""
    for cached in [k for k in list(cache.keys()) if k[part] == value]:
        cache.discard(cached)


def fte_bar(fte: float, scale: float) -> str:
    """Return a bar for `fte` on a scale where `scale` FTE fills the bar."""
    filled = round(BAR_WIDTH * min(fte / scale, 1.0)) if scale > 0 else 0
    return "█" * filled + "░" * (BAR_WIDTH - filled)


class RoleMatrix(DataTable):
    """People down, roles across, each cell the share of the person's time in that role."""

    DEFAULT_CSS = """
    RoleMatrix { height: auto; max-height: 50%; min-height: 5; }
    .-coverage-hidden RoleMatrix { height: 1fr; max-height: 100%; }
    RoleMatrix > .datatable--fixed { background: $panel; text-style: bold; }
    """

    _NOWHERE = Coordinate(-2, -2)
    """A cursor position on no cell."""

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[Any, Any]:
        # DataTable keys its cache of rendered rows on where the cursor is, so each arrow key
        # renders every visible row again (15 ms and more for 12 roles). A cell cursor only
        # changes the look of the row it is in: other rows are rendered as if it were nowhere.
        row = self._row_locations.get(row_key)
        if self.cursor_type == "cell" and row is not None:
            if cursor_location.row != row:
                cursor_location = self._NOWHERE
            if hover_location.row != row:
                hover_location = self._NOWHERE
        return super()._render_line_in_row(
            row_key, line_no, base_style, cursor_location, hover_location
        )

    def update_row(self, row_key: str, cells: dict[str, Text]) -> bool:
        """Put new `cells` (by column key) in one row and redraw that row only.

        `DataTable.update_cell` invalidates every cached cell, so one changed share would
        re-render the whole visible matrix (about 60 ms with 200 people and 12 roles); this
        forgets the cached renders of the changed row alone. Returns `False`, changing
        nothing, when a cell is wider than its column: then the caller redraws the table.
        """
        key = RowKey(row_key)
        row = self._data.get(key)
        index = self._row_locations.get(key)
        if row is None or index is None:
            return False
        for column_key, cell in cells.items():
            column = self.columns.get(ColumnKey(column_key))
            if column is None or cell.cell_len > column.content_width:
                return False
        for column_key, cell in cells.items():
            row[ColumnKey(column_key)] = cell
        _forget(self._cell_render_cache, 0, key)
        _forget(self._row_render_cache, 0, key)
        _forget(self._row_renderable_cache, 1, index)
        self._line_cache.clear()
        self.refresh_row(index)
        return True


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
        self.row_people: list[str] = []
        self.column_roles: list[str] = []
        self._drawn: dict[str, tuple[Any, ...]] = {}
        """Each row's values as last drawn, by person id, in table order."""
        self._shown_panels: tuple[list[Any], list[Any]] = ([], [])
        """The coverage and risk texts as last drawn."""
        self._coverage_pending = False
        """Whether a redraw of coverage and risks waits for the next frame."""
        self._summary_counts: tuple[int, int, int] | None = None
        """The figures the folded summary line shows."""

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="Filter by name, title or role (Escape clears)", id="filter")
        # The person and their time stay in place when the matrix scrolls sideways.
        yield RoleMatrix(
            id="matrix", cursor_type="cell", zebra_stripes=True, fixed_columns=FIXED_COLUMNS
        )
        yield EmptyState(
            "Nobody to map yet: add people on the previous stage (ctrl+b), then come back.",
            frozen="Nobody to map yet.",
        )
        # Coverage and the risks take what the matrix leaves, side by side on wide screens.
        with VerticalScroll(id="coverage-panel"), Horizontal(id="coverage-row"):
            yield Static(id="coverage")
            yield Static(id="risk-list")
        yield Static(id="coverage-summary")

    def focus_body(self) -> None:
        self.query_one(RoleMatrix).focus()

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        self._draw_matrix(session)
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

    @staticmethod
    def _cells(values: tuple[Any, ...]) -> list[Text]:
        """Return a row's cells from its values: name, time, a share per role, and the sum."""
        name, availability, *shares, total = values
        cells = [Text(name), Text(f"{availability}%")]
        cells += [
            Text(f"{share}%", style="bold") if share else Text("·", style="dim") for share in shares
        ]
        cells.append(Text(f"✗ {total}%", style="bold") if total > 100 else Text(f"{total}%"))
        return cells

    def _row_values(self, session: Session, role_ids: list[str]) -> dict[str, tuple[Any, ...]]:
        """Return the values of each visible person's row, by person id, in table order."""
        shares = {(a.person, a.role): a.share for a in session.assignments}
        load = person_load(session)
        people = {p.id: p for p in session.people}
        rows: dict[str, tuple[Any, ...]] = {}
        for person_id in self._visible_people(session):
            person = people.get(person_id)
            if person is not None:
                rows[person_id] = (
                    person.name,
                    person.availability,
                    *(shares.get((person_id, role_id)) for role_id in role_ids),
                    load.get(person_id, 0),
                )
        return rows

    def _update_matrix(self, table: RoleMatrix, rows: dict[str, tuple[Any, ...]]) -> bool:
        """Redraw only the cells whose values changed; `False` if the table must be rebuilt."""
        if list(rows) != list(self._drawn):
            return False
        keys = ["person", "time", *self.column_roles, "total"]
        for person_id, values in rows.items():
            before = self._drawn[person_id]
            if values == before:
                continue
            cells = self._cells(values)
            changed = {keys[i]: cells[i] for i, value in enumerate(values) if value != before[i]}
            if not table.update_row(person_id, changed):
                return False
            self._drawn[person_id] = values
        return True

    def _draw_matrix(self, session: Session) -> None:
        table = self.query_one(RoleMatrix)
        cursor = table.cursor_coordinate
        role_ids = [r.id for r in session.roles]
        rows = self._row_values(session, role_ids)
        same_shape = role_ids == self.column_roles and len(table.columns) > 0
        # A change to one share or name redraws those cells alone, not 200 x 12 of them.
        if same_shape and self._update_matrix(table, rows):
            return
        if role_ids != self.column_roles or len(table.columns) == 0:
            table.clear(columns=True)
            table.add_column("Person", key="person")
            table.add_column("Time", key="time")
            headings = [heading(role.name, HEADING_WIDTH) for role in session.roles]
            table.header_height = max([1, *(len(h.plain.splitlines()) for h in headings)])
            for role, label in zip(session.roles, headings, strict=True):
                table.add_column(label, key=role.id)
            table.add_column("Sum", key="total")
            self.column_roles = role_ids
        else:
            table.clear()
        self.row_people = self._visible_people(session)
        add_sized_rows(table, [(key, self._cells(values)) for key, values in rows.items()])
        self._drawn = dict(rows)
        self.set_class(not session.people, "-empty")
        if table.row_count:
            row = min(cursor.row, table.row_count - 1)
            column = min(max(cursor.column, FIXED_COLUMNS), len(table.columns) - 2)
            table.cursor_coordinate = Coordinate(row, max(column, 0))

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
        scale = max([1.0, *(c.fte for c in covers)])
        if whole_team:
            parts: list[Any] = [("Coverage", "bold"), " (people, full-time equivalents)"]
        else:
            count = len(self.row_people)
            parts = [
                (f"Coverage of the {count} {'person' if count == 1 else 'people'} shown", "bold"),
                " (filter: ",
                self.filter_text,
                ")",
            ]
        # Names are padded to the longest, counting terminal cells, so the figures line up.
        name_width = max([0, *(cell_len(c.role.name) for c in covers)])
        for cover in covers:
            mark = "✗" if not cover.holders else ("⚠" if cover.fte < 1 else "✓")
            parts += [
                "\n",
                f"{mark} ",
                (cover.role.name, "bold"),
                " " * (name_width - cell_len(cover.role.name)),
                f" {cover.people:>2} ppl {cover.fte:>4.1f} FTE ",
                fte_bar(cover.fte, scale),
            ]
        if not covers:
            parts += ["\nNo roles yet." if self.frozen else "\nNo roles yet: press r to add one."]
        open_, decided = self._stage_risks(group)
        found = open_
        self._draw_summary(covers, found)
        lines: list[Any] = [("Risks" if whole_team else "Risks in this group", "bold")]
        if found:  # how many, as the list may scroll: the most serious come first
            lines.append(f" ({len(found)}, the most serious first)")
        if open_ and not self.frozen:
            lines += ["  (k decides one)"]
        if not found:
            lines += ["\n✓ No open coverage risks." if decided else "\n✓ No coverage risks."]
        # The most serious first, so the top of the list is what the room must discuss.
        shown = sorted(found, key=lambda r: _SEVERITY_ORDER.get(r.severity, 3))[:RISKS_SHOWN]
        # A risk that wraps is indented under its own words, so each stands apart.
        width = self.query_one("#risk-list", Static).content_region.width
        for risk in shown:
            lines += ["\n", hanging(Content(f"{risk.symbol} "), Content(risk.message), width)]
        if len(found) > len(shown):
            lines += [f"\n… and {len(found) - len(shown)} more"]
        for risk, decision in decided[:RISKS_SHOWN]:
            lines += ["\n", "✓ decided: ", risk.message, f" ({decision_words(session, decision)})"]
        # Unchanged texts are left alone: laying out hundreds of risk lines again takes longer
        # than a keystroke may.
        shown_parts, shown_lines = self._shown_panels
        if parts != shown_parts:
            self.query_one("#coverage", Static).update(Content.assemble(*parts))
        if lines != shown_lines:
            self.query_one("#risk-list", Static).update(Content.assemble(*lines))
        self._shown_panels = (parts, lines)

    @staticmethod
    def _stage_risks(session: Session) -> tuple[list[Risk], list[tuple[Risk, Any]]]:
        """The open and the decided risks about roles and people, the ones this stage shows."""
        open_, decided = split_risks(session)
        ours = ("role.", "person.")
        return (
            [r for r in open_ if r.kind.startswith(ours)],
            [(r, d) for r, d in decided if r.kind.startswith(ours)],
        )

    def action_decide_risk(self) -> None:
        """Decide a risk: the highlighted person's or role's first, else pick one from a list."""
        from tui.dialogs.decide import decide

        open_, decided = self._stage_risks(self.session)
        found = open_ + [risk for risk, _ in decided]
        if not found:
            self.notify("No coverage risks to decide.", markup=False)
            return
        table = self.query_one(RoleMatrix)
        row, column = table.cursor_coordinate if table.row_count else (-1, -1)
        near = set()
        if 0 <= row < len(self.row_people):
            near.add(self.row_people[row])
        if 0 <= column - FIXED_COLUMNS < len(self.column_roles):
            near.add(self.column_roles[column - FIXED_COLUMNS])
        found.sort(key=lambda r: r.subject not in near)  # stable: the highlighted ones first
        if len(found) == 1:
            decide(self, found[0].kind, found[0].subject, found[0].message)
            return
        decided_keys = {(r.kind, r.subject) for r, _ in decided}
        options = [
            (
                f"{'✓ decided: ' if (r.kind, r.subject) in decided_keys else r.symbol + ' '}"
                f"{r.message}",
                str(index),
            )
            for index, r in enumerate(found)
        ]

        def picked(choice: str | None) -> None:
            if choice is not None:
                risk = found[int(choice)]
                decide(self, risk.kind, risk.subject, risk.message)

        self.app.push_screen(PickDialog("Which risk does the room decide?", options), picked)

    def _draw_summary(self, covers: list[Any], found: list[Any]) -> None:
        """The line shown in place of coverage and risks while they are folded away."""
        unheld = sum(1 for cover in covers if not cover.holders)
        thin = sum(1 for cover in covers if cover.holders and cover.fte < 1)
        counts = (unheld, thin, len(found))
        if counts == self._summary_counts:
            return  # an update lays the screen out again: not on every keystroke
        self._summary_counts = counts
        summary = Content.assemble(
            ("Coverage folded (c shows it): ", "bold"),
            f"✗ {plural(unheld, 'role')} unheld · ⚠ {thin} under one FTE · "
            f"{plural(len(found), 'open risk')}",
        )
        self.query_one("#coverage-summary", Static).update(summary)

    def action_toggle_coverage(self) -> None:
        """Fold coverage and risks away to give the matrix the room, or show them again."""
        self.toggle_class("-coverage-hidden")

    def focus_item(self) -> tuple[str, Content] | None:
        table = self.query_one(RoleMatrix)
        if not table.row_count:
            return None
        row, column = table.cursor_coordinate
        if not 0 <= row < len(self.row_people):
            return None
        session = self.session
        person = session.person(self.row_people[row])
        if person is None:
            return None
        role_index = column - FIXED_COLUMNS
        role_id = (
            self.column_roles[role_index] if 0 <= role_index < len(self.column_roles) else None
        )
        held = session.assignments_of(person.id)
        parts: list[Any] = [(person.name, "bold")]
        if person.title:
            parts += [" · ", person.title]
        if person.squad:
            parts += [" · squad ", person.squad]
        parts += ["\n", ("Time on this team: ", "bold"), f"{person.availability}%"]
        parts += ["\n", ("Roles: ", "bold")]
        parts.append(", ".join(f"{session.role_name(a.role)} {a.share}%" for a in held) or "none")
        subjects = {person.id}
        if role_id is not None:
            cover = next(c for c in role_coverage(session) if c.role.id == role_id)
            holders = ", ".join(f"{p.name} {share}%" for p, share in cover.holders)
            parts += ["\n\n", (cover.role.name, "bold")]
            people = "person" if cover.people == 1 else "people"
            parts += [f": {cover.people} {people}, {cover.fte:.1f} FTE", "\n"]
            parts += [("Held by: ", "bold"), holders or "✗ nobody"]
            subjects.add(role_id)
        found = [r for r in risks(session) if r.subject in subjects]
        for risk in found:
            parts += ["\n", f"{risk.symbol} ", risk.message]
        return "Person and role", Content.assemble(*parts)

    # -- the highlighted cell ------------------------------------------------------------------

    def _cell(self) -> tuple[str, str] | None:
        """Return `(person id, role id)` under the cursor, if it is on a role column."""
        table = self.query_one(RoleMatrix)
        if not table.row_count:
            return None
        row, column = table.cursor_coordinate
        role_index = column - FIXED_COLUMNS
        if not 0 <= row < len(self.row_people) or not 0 <= role_index < len(self.column_roles):
            self.notify("Move to a role's column first.", markup=False)
            return None
        return self.row_people[row], self.column_roles[role_index]

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
        session = self.session
        pack = self.forming.pack
        present = {r.id for r in session.roles}
        options = []
        if pack is not None:
            options = [
                (f"{role.name} (from the pack)", role.id)
                for role in pack.roles
                if role.id not in present
            ]
        options.append(("A role of our own…", "__custom__"))

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            if choice == "__custom__":
                self._add_custom_role()
                return
            if pack is None:  # without a pack, a role of our own is the only choice
                return
            role = pack.role(choice)
            if role is None:
                return
            self.change(
                "role.added",
                {
                    "id": role.id,
                    "name": role.name,
                    "summary": role.summary,
                    "responsibilities": list(role.responsibilities),
                },
            )
            from sessions.ids import new_id

            for concern in pack.concerns_for(role.id):
                concern_id = new_id(self.session, "c")
                self.change(
                    "concern.added",
                    {
                        "id": concern_id,
                        "role": role.id,
                        "text": concern.text,
                        "origin": "pack",
                        "suggested": True,
                    },
                )

        self.app.push_screen(PickDialog("Add a role", options), picked)

    def _add_custom_role(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if not values:
                return
            from sessions.ids import new_slug_id

            base = slugify(values["name"], fallback="role")
            role_id = new_slug_id(self.session, "role", base)
            self.change(
                "role.added",
                {
                    "id": role_id,
                    "name": values["name"],
                    "summary": values.get("summary") or "",
                    "custom": True,
                },
            )

        self.app.push_screen(
            FormDialog(
                "Add a role of your own",
                [
                    Field("name", "Role name, e.g. Model risk analyst"),
                    Field("summary", "What the role is for", kind="text", required=False),
                ],
            ),
            added,
        )

    def action_remove_role(self) -> None:
        """Remove a role and everything that belongs to it, after asking."""
        session = self.session
        options = [(role.name, role.id) for role in session.roles]

        def picked(role_id: str | None) -> None:
            if role_id is None:
                return
            name = self.session.role_name(role_id)
            held = len(self.session.holders_of(role_id))

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.change("role.removed", {"id": role_id})

            self.app.push_screen(
                ConfirmDialog(
                    f"Remove the role {name}? Its {plural(held, 'assignment')}, its concerns "
                    "and its handoffs go with it. (ctrl+z undoes it.)",
                    title="Remove role",
                    yes="Remove",
                    no="Keep",
                ),
                confirmed,
            )

        self.app.push_screen(PickDialog("Remove which role?", options), picked)
