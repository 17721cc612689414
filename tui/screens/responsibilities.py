"""Stage 4, what each role owns: each role's responsibilities and the people who hold them."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, OptionList, Static

from sessions.model import Role, Session
from sessions.text import one_line, plural
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog
from tui.screens.stage import StageScreen, role_steps
from tui.widgets.chrome import EmptyState
from tui.widgets.lists import RoleList
from tui.widgets.tables import RecordTable


def _same(text: str) -> str:
    """The form of a responsibility's text that two roles share when they own the same thing."""
    return " ".join(text.casefold().split()).rstrip(".")


def shared_responsibilities(session: Session) -> dict[str, list[str]]:
    """Return each responsibility owned by two or more roles, with those roles' names."""
    owners: dict[str, list[str]] = {}
    for role in session.roles:
        for text in dict.fromkeys(_same(item) for item in role.responsibilities):
            owners.setdefault(text, []).append(role.name)
    return {text: names for text, names in owners.items() if len(names) > 1}


class ResponsibilitiesScreen(StageScreen):
    """For each role: what it owns, and who holds it (or that nobody does)."""

    STAGE_ID = "responsibilities"
    HELP_TEXT = (
        "n / p or the role list  choose the role (Tab moves between the list and the table)\n"
        "a  add a responsibility to the role\n"
        "e or Enter  edit the highlighted responsibility\n"
        "d  remove it\n"
        "h  name who holds it (by default, everyone in the role)\n"
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
            "h",
            "holders",
            "Holders",
            tooltip="Name who holds the highlighted responsibility",
            id="resp-holders",
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

    CSS_PATH = "responsibilities.tcss"

    def __init__(self) -> None:
        super().__init__()
        self._shown_role: str | None = None
        self._cursor_to: int | None = None

    def compose_body(self) -> ComposeResult:
        yield RoleList(id="roles")
        yield Static(id="holders")
        yield RecordTable(["#", "Responsibility", "Held by"], id="responsibilities")
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
        self.set_focus(self.query_one(RecordTable))

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        rows = []
        for role in session.roles:
            held = len(session.holders_of(role.id))
            mark = "✓" if held else "✗"
            people = plural(held, "holder") if held else "nobody"
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
        overlaps = shared_responsibilities(session)
        table.show_rows(
            [
                (
                    str(index),
                    [f"{index + 1}.", text, self._held_by(session, role, index, overlaps)],
                )
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

    @staticmethod
    def _held_by(session: Session, role: Role, index: int, overlaps: dict[str, list[str]]) -> Text:
        """The people named for one responsibility, and the other roles that also own it.

        Blank while nobody is named: the line above the table says who holds the role, and
        they hold all of it.
        """
        cell = Text(", ".join(session.person_name(person) for person in role.holders_of(index)))
        shared = overlaps.get(_same(role.responsibilities[index]), [])
        others = [name for name in shared if name != role.name]
        if others:
            cell.append(f"{'  ' if cell else ''}⚠ also {', '.join(others)}")
        return cell

    def _draw_unheld(self, session: Session) -> None:
        unheld = [role.name for role in session.roles if not session.holders_of(role.id)]
        overlaps = shared_responsibilities(session)
        if not session.roles:
            line = Content("")
        elif unheld:
            line = Content.assemble(("✗ Unheld work: ", "bold"), ", ".join(unheld))
        else:
            line = Content("✓ Every role is held by someone.")
        if overlaps:
            line = Content.assemble(
                line,
                "\n",
                ("⚠ Owned by two roles: ", "bold"),
                f"{len(overlaps)} {'item' if len(overlaps) == 1 else 'items'}; agree one owner",
            )
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

    # -- actions ---------------------------------------------------------------------------------

    def action_next_role(self) -> None:
        """Move on to the next role."""
        self.query_one(RoleList).step(1)

    def action_previous_role(self) -> None:
        """Go back to the previous role."""
        self.query_one(RoleList).step(-1)

    def focus_item(self) -> tuple[str, Content] | None:
        current = self._current()
        if current is None:
            return None
        role, index = current
        session = self.session
        holders = ", ".join(
            f"{session.person_name(a.person)} {a.share}%" for a in session.holders_of(role.id)
        )
        content = Content.assemble(
            (f"{index + 1}. ", "bold"),
            role.responsibilities[index],
            "\n",
            ("Held by: ", "bold"),
            holders or "✗ nobody: this work is unheld",
        )
        return f"What {role.name} owns", content

    def _current(self) -> tuple[Role, int] | None:
        role = self.current_role
        key = self.query_one(RecordTable).current_key
        if role is None or key is None or not 0 <= int(key) < len(role.responsibilities):
            return None
        return role, int(key)

    def _save(
        self,
        role: Role,
        responsibilities: list[str],
        cursor: int | None = None,
        holders: list[list[str]] | None = None,
    ) -> bool:
        """Change the role's responsibilities, with their holders kept beside them."""
        self._cursor_to = cursor
        data: dict[str, Any] = {"id": role.id, "set": {"responsibilities": responsibilities}}
        if any(holders or []):
            data["set"]["holders"] = holders
        elif role.holders is not None:
            data["unset"] = ["holders"]
        done = self.change("role.updated", data)
        self._cursor_to = None
        return done

    @staticmethod
    def _all_holders(role: Role) -> list[list[str]]:
        """The holders of every responsibility, by position (an empty list: none named)."""
        return [role.holders_of(index) for index in range(len(role.responsibilities))]

    def action_holders(self) -> None:
        """Name the people who hold the highlighted responsibility."""
        found = self._current()
        if found is None:
            return
        role, index = found
        if not self.session.people:
            self.notify("Nobody is on the team yet: add people on stage 2 first.", markup=False)
            return
        in_role = {a.person for a in self.session.holders_of(role.id)}
        options = [
            (person.name + ("" if person.id in in_role else " (other role)"), person.id)
            for person in self.session.people
        ]

        def chosen(values: dict[str, Any] | None) -> None:
            current = self.session.role(role.id)
            if values is None or current is None or index >= len(current.responsibilities):
                return
            holders = self._all_holders(current)
            holders[index] = list(values["holders"] or [])
            self._save(current, list(current.responsibilities), cursor=index, holders=holders)

        self.app.push_screen(
            FormDialog(
                f"Who holds it: {one_line(role.responsibilities[index])}",
                [
                    Field(
                        "holders",
                        "Space ticks the people who hold it (none ticked: everyone in the "
                        "role); Enter saves",
                        kind="multi",
                        required=False,
                        options=options,
                        value=role.holders_of(index),
                    )
                ],
            ),
            chosen,
        )

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
                holders = [*self._all_holders(current), []]
                self._save(current, items, cursor=len(items) - 1, holders=holders)

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
            self._save(current, items, cursor=index, holders=self._all_holders(current))

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
            holders = self._all_holders(current)
            del holders[index]
            self._save(current, items, cursor=index, holders=holders)

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
        holders = self._all_holders(role)
        holders[index], holders[target] = holders[target], holders[index]
        self._save(role, items, cursor=target, holders=holders)
