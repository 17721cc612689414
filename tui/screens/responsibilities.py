"""Stage 4, what each role owns: each role's responsibilities and the people who hold them."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from sessions.model import Role, Session
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog
from tui.screens.stage import StageScreen
from tui.widgets.chrome import EmptyState
from tui.widgets.lists import SafeOptionList
from tui.widgets.tables import RecordTable

FALLBACK_WIDTH = 30
"""The width a table's text is cut to before the table has been laid out (redrawn after)."""


def one_line(text: str) -> str:
    """Return `text` with its line breaks and tabs folded into spaces, for a table cell."""
    return " ".join(text.split())


def fit(text: str, width: int, style: str = "") -> Text:
    """Return `text` on one line, cut with an ellipsis to `width` terminal cells."""
    cell = Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis")
    cell.truncate(max(width, 4), overflow="ellipsis")
    return cell


def text_width(table: DataTable, others: int) -> int:
    """Return the cells left for a table's text column once `others` cells are taken.

    `RecordTable.show_rows` sizes the columns afresh from the rows it shows, so a table whose
    text is cut to this width never needs a horizontal scrollbar after a resize.
    """
    width = table.scrollable_content_region.width
    return max(width - others, 12) if width > 20 else FALLBACK_WIDTH


def short_list(names: list[str], width: int = 40) -> str:
    """Return `names` joined by commas, cut with an ellipsis to about `width` characters."""
    joined = ", ".join(names)
    return joined if len(joined) <= width else joined[: width - 1].rstrip(", ") + "…"


class RoleList(SafeOptionList):
    """The team's roles, one a line; the highlighted role is the one the stage is about."""

    DEFAULT_CSS = """
    RoleList {
        height: auto; max-height: 7; border: none; border-left: tall $border-blurred;
        padding: 0 0 0 1;
    }
    RoleList:focus { border: none; border-left: tall $border; }
    """

    @property
    def role_id(self) -> str | None:
        """The highlighted role's id, if any."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def show_roles(self, rows: list[tuple[str, Content]]) -> None:
        """Show `(role id, label)` rows, keeping the same role highlighted."""
        current = self.role_id
        ids = [option.id for option in self.options]
        if ids == [role_id for role_id, _ in rows]:
            for role_id, label in rows:
                self.replace_option_prompt(role_id, label)
            return
        self.clear_options()
        self.add_options([Option(label, id=role_id) for role_id, label in rows])
        if rows:
            keys = [role_id for role_id, _ in rows]
            self.highlighted = keys.index(current) if current in keys else 0

    def step(self, delta: int) -> None:
        """Highlight the next (`delta` 1) or previous (`delta` -1) role, wrapping around."""
        if self.option_count:
            self.highlighted = ((self.highlighted or 0) + delta) % self.option_count


def role_steps() -> list[Binding]:
    """The keys that move to the next and previous role, shared by the per-role stages."""
    return [
        Binding(
            "n",
            "next_role",
            "Next role",
            tooltip="Move on to the next role",
            id="next-role",
        ),
        Binding(
            "p",
            "previous_role",
            "Prev role",
            show=False,
            tooltip="Go back to the previous role",
            id="previous-role",
        ),
    ]


class ResponsibilitiesScreen(StageScreen):
    """For each role: what it owns, and who holds it (or that nobody does)."""

    STAGE_ID = "responsibilities"
    HELP_TEXT = (
        "n / p or the role list  choose the role (Tab moves between the list and the table)\n"
        "a  add a responsibility to the role\n"
        "e or Enter  edit the highlighted responsibility\n"
        "d  remove it\n"
        "[ or K  move it up;  ] or J  move it down"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add a responsibility to this role", id="resp-add"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted responsibility", id="resp-edit"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the highlighted responsibility",
            id="resp-remove",
        ),
        Binding(
            "left_square_bracket,K",
            "move(-1)",
            "Up",
            tooltip="Move the highlighted responsibility up",
            id="resp-up",
        ),
        Binding(
            "right_square_bracket,J",
            "move(1)",
            "Down",
            tooltip="Move the highlighted responsibility down",
            id="resp-down",
        ),
        *role_steps(),
    ]

    DEFAULT_CSS = """
    ResponsibilitiesScreen #holders { height: auto; width: 100%; padding: 1 0; }
    ResponsibilitiesScreen #responsibilities { height: 1fr; min-height: 3; }
    ResponsibilitiesScreen #unheld {
        height: auto; max-height: 3; width: 100%; border-top: solid $panel;
    }
    ResponsibilitiesScreen EmptyState { display: none; }
    ResponsibilitiesScreen.-empty #no-responsibilities { display: block; }
    ResponsibilitiesScreen.-empty #responsibilities { display: none; }
    ResponsibilitiesScreen.-no-roles #no-roles { display: block; }
    ResponsibilitiesScreen.-no-roles #roles,
    ResponsibilitiesScreen.-no-roles #holders,
    ResponsibilitiesScreen.-no-roles #responsibilities,
    ResponsibilitiesScreen.-no-roles #no-responsibilities { display: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown_role: str | None = None
        self._cursor_to: int | None = None

    def compose_body(self) -> ComposeResult:
        yield RoleList(id="roles")
        yield Static(id="holders")
        yield RecordTable(["#", "Responsibility"], id="responsibilities")
        yield EmptyState(
            "This role owns nothing yet. Press a to add what it is responsible for.",
            frozen="This role owns nothing yet.",
            id="no-responsibilities",
        )
        yield EmptyState(
            "No roles yet: add them on the role-mapping stage (ctrl+g), then come back.",
            frozen="No roles yet.",
            id="no-roles",
        )
        yield Static(id="unheld")

    def focus_body(self) -> None:
        self.query_one(RecordTable).focus()

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        rows = []
        for role in session.roles:
            held = len(session.holders_of(role.id))
            mark = "✓" if held else "✗"
            people = f"{held} holder{'s' if held != 1 else ''}" if held else "nobody"
            rows.append(
                (role.id, Content.assemble(f"{mark} ", (role.name, "bold"), (f"  {people}", "dim")))
            )
        self.query_one(RoleList).show_roles(rows)
        self.set_class(not session.roles, "-no-roles")
        self._draw_role(session)
        self._draw_unheld(session)

    @property
    def current_role(self) -> Role | None:
        """The role on screen, if any."""
        role_id = self.query_one(RoleList).role_id
        return self.session.role(role_id) if role_id else None

    def _draw_role(self, session: Session) -> None:
        role_id = self.query_one(RoleList).role_id
        role = session.role(role_id) if role_id else None
        table = self.query_one(RecordTable)
        holders = self.query_one("#holders", Static)
        if role is None:
            table.show_rows([])
            holders.update("")
            self.set_class(True, "-empty")
            return
        assignments = session.holders_of(role.id)
        if assignments:
            parts: list[Any] = ["✓ Held by: "]
            for index, assignment in enumerate(assignments):
                if index:
                    parts.append(", ")
                parts += [
                    (session.person_name(assignment.person), "bold"),
                    f" {assignment.share}%",
                ]
        else:
            parts = [("✗ Nobody holds this role: its work is unheld", "bold")]
        holders.update(Content.assemble(*parts))
        # The number column takes five cells with its padding, the text column's padding two.
        width = text_width(table, 8)
        table.show_rows(
            [
                (str(index), [f"{index + 1}.", fit(text, width)])
                for index, text in enumerate(role.responsibilities)
            ]
        )
        if role.id != self._shown_role:
            self._shown_role = role.id
            if table.row_count:
                table.move_cursor(row=0)
        if self._cursor_to is not None and table.row_count:
            table.move_cursor(row=min(self._cursor_to, table.row_count - 1))
        self._cursor_to = None
        self.set_class(not role.responsibilities, "-empty")

    def _draw_unheld(self, session: Session) -> None:
        unheld = [role.name for role in session.roles if not session.holders_of(role.id)]
        if not session.roles:
            line = Content("")
        elif unheld:
            line = Content.assemble(("✗ Unheld work: ", "bold"), ", ".join(unheld))
        else:
            line = Content("✓ Every role is held by someone.")
        self.query_one("#unheld", Static).update(line)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, RoleList):
            event.stop()
            if self.forming.session is not None:
                self._draw_role(self.session)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, RoleList):
            event.stop()
            self.query_one(RecordTable).focus()

    def on_resize(self, event: Resize) -> None:
        # The frame's own resize handler runs too: Textual calls each class's handler.
        if self.forming.session is not None:
            self.call_after_refresh(self._redraw_role)

    def _redraw_role(self) -> None:
        if self.is_attached and self.forming.session is not None:
            self._draw_role(self.session)

    # -- actions ---------------------------------------------------------------------------------

    def action_next_role(self) -> None:
        """Move on to the next role."""
        self.query_one(RoleList).step(1)

    def action_previous_role(self) -> None:
        """Go back to the previous role."""
        self.query_one(RoleList).step(-1)

    def _current(self) -> tuple[Role, int] | None:
        role = self.current_role
        key = self.query_one(RecordTable).current_key
        if role is None or key is None or not 0 <= int(key) < len(role.responsibilities):
            return None
        return role, int(key)

    def _save(self, role: Role, responsibilities: list[str], cursor: int | None = None) -> bool:
        self._cursor_to = cursor
        done = self.change(
            "role.updated", {"id": role.id, "set": {"responsibilities": responsibilities}}
        )
        self._cursor_to = None
        return done

    def action_add(self) -> None:
        """Add a responsibility to the role on screen."""
        role = self.current_role
        if role is None:
            self.notify("Add roles on the role-mapping stage first.", markup=False)
            return

        def added(values: dict[str, Any] | None) -> None:
            current = self.session.role(role.id)
            if values and current is not None:
                items = [*current.responsibilities, values["text"]]
                self._save(current, items, cursor=len(items) - 1)

        self.app.push_screen(
            FormDialog(
                f"Add a responsibility: {role.name}",
                [Field("text", "What does this role own?", kind="text")],
            ),
            added,
        )

    def action_edit(self) -> None:
        """Edit the highlighted responsibility."""
        found = self._current()
        if found is None:
            return
        role, index = found

        def edited(values: dict[str, Any] | None) -> None:
            current = self.session.role(role.id)
            if not values or current is None or index >= len(current.responsibilities):
                return
            if values["text"] == current.responsibilities[index]:
                return
            items = list(current.responsibilities)
            items[index] = values["text"]
            self._save(current, items, cursor=index)

        self.app.push_screen(
            FormDialog(
                f"Edit a responsibility: {role.name}",
                [
                    Field(
                        "text",
                        "What does this role own?",
                        kind="text",
                        value=role.responsibilities[index],
                    )
                ],
            ),
            edited,
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_remove(self) -> None:
        """Remove the highlighted responsibility, after asking."""
        found = self._current()
        if found is None:
            return
        role, index = found
        text = role.responsibilities[index]

        def confirmed(yes: bool | None) -> None:
            current = self.session.role(role.id)
            if not yes or current is None or index >= len(current.responsibilities):
                return
            items = [*current.responsibilities[:index], *current.responsibilities[index + 1 :]]
            self._save(current, items, cursor=index)

        self.app.push_screen(
            ConfirmDialog(
                f"Remove “{one_line(text)}” from what {role.name} owns? (ctrl+z undoes it.)",
                title="Remove responsibility",
                yes="Remove",
                no="Keep",
            ),
            confirmed,
        )

    def action_move(self, delta: int) -> None:
        """Move the highlighted responsibility up (-1) or down (1)."""
        found = self._current()
        if found is None:
            return
        role, index = found
        target = index + delta
        if not 0 <= target < len(role.responsibilities):
            return
        items = list(role.responsibilities)
        items[index], items[target] = items[target], items[index]
        self._save(role, items, cursor=target)
