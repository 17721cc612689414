"""Stage 2, who is here: the people on the team, their job titles and their time on the team."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable

from sessions.ids import id_prefix, new_ids, new_item_id
from sessions.model import Person, Session
from sessions.text import plural
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog
from tui.screens.stage import StageScreen, changes, present
from tui.widgets.chrome import EmptyState, say_none_yet
from tui.widgets.tables import RecordTable

COLUMNS = ["Name", "Job title", "Time here", "Roles"]
SQUAD_COLUMNS = ["Name", "Job title", "Squad", "Time here", "Roles"]
"""The roster's columns once someone on the team has a squad."""


def person_fields(person: Person | None = None) -> list[Field]:
    """The form for adding or editing a person."""
    return [
        Field("name", "Name, as they want it shown", value=person.name if person else None),
        Field("title", "Job title", required=False, value=person.title if person else None),
        Field(
            "availability",
            "Share of their working time on this team (percent)",
            kind="int",
            minimum=1,
            maximum=100,
            value=person.availability if person else 100,
        ),
        Field(
            "squad",
            "Squad or group (large teams)",
            required=False,
            value=person.squad if person else None,
        ),
        Field(
            "absent",
            "Not in the room today (they will work with the team)",
            kind="bool",
            required=False,
            value=bool(person and person.absent),
        ),
    ]


def person_values(values: dict[str, Any]) -> dict[str, Any]:
    """Turn the person form's values into event data: `absent` is stored only when set."""
    return {**values, "absent": True if values.get("absent") else None}


class RosterScreen(StageScreen):
    """Add, edit and remove the people on the team."""

    STAGE_ID = "roster"
    HELP_TEXT = (
        "a  add a person\ne or Enter  edit the highlighted person\nd  remove them\n"
        "i  paste a roster from a spreadsheet (name, title, time, squad a line); one undo"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add person", tooltip="Add someone to the team", id="roster-add"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted person", id="roster-edit"),
        Binding(
            "i",
            "paste",
            "Paste roster",
            tooltip="Add many people at once: paste lines from a spreadsheet",
            id="roster-paste",
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the highlighted person",
            id="roster-remove",
        ),
    ]

    CSS_PATH = "roster.tcss"

    def compose_body(self) -> ComposeResult:
        yield RecordTable(COLUMNS, id="people")
        yield EmptyState(
            "Nobody is on the team yet. Press a to add the first person.",
            frozen="Nobody is on the team yet.",
        )

    def focus_body(self) -> None:
        self.set_focus(self.query_one(RecordTable))

    def show_session(self, session: Session) -> None:
        rows = []
        for person in session.people:
            roles = ", ".join(
                f"{session.role_name(a.role)} {a.share}%" for a in session.assignments_of(person.id)
            )
            rows.append(
                (
                    person.id,
                    [
                        f"{person.name} (absent)" if person.absent else person.name,
                        person.title,
                        f"{person.availability}%",
                        roles or "—",
                    ],
                )
            )
        table = self.query_one(RecordTable)
        # The squad column shows only once someone has a squad: small teams have none.
        if any(person.squad for person in session.people):
            table.use_columns(SQUAD_COLUMNS)
            for (_key, cells), person in zip(rows, session.people, strict=True):
                cells.insert(2, person.squad or "—")
        else:
            table.use_columns(COLUMNS)
        table.show_rows(rows)
        self.set_class(not rows, "-empty")

    def focus_item(self) -> tuple[str, Content] | None:
        person = self._current()
        if person is None:
            return None
        session = self.session
        parts: list[Any] = [(person.name, "bold")]
        if person.title:
            parts += ["\n", person.title]
        parts += ["\n", ("Time on this team: ", "bold"), f"{person.availability}%"]
        if person.squad:
            parts += ["\n", ("Squad: ", "bold"), person.squad]
        held = session.assignments_of(person.id)
        parts += ["\n", ("Roles: ", "bold")]
        if held:
            parts.append(", ".join(f"{session.role_name(a.role)} {a.share}%" for a in held))
        else:
            parts.append("none yet")
        return "Person", Content.assemble(*parts)

    def _current(self) -> Person | None:
        key = self.query_one(RecordTable).current_key
        return self.session.person(key) if key else None

    def action_add(self) -> None:
        """Add a person."""

        def added(values: dict[str, Any] | None) -> None:
            if values:
                person_id = new_item_id(self.session, "person")
                self.change("person.added", {"id": person_id, **present(person_values(values))})

        self.app.push_screen(FormDialog("Add a person", person_fields()), added)

    def action_edit(self) -> None:
        """Edit the highlighted person."""
        person = self._current()
        if person is None:
            say_none_yet(self, "person")
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("person.updated", {"id": person.id, **changes(person_values(values))})

        self.app.push_screen(FormDialog(f"Edit {person.name}", person_fields(person)), edited)

    def action_paste(self) -> None:
        """Add many people at once from lines pasted from a spreadsheet, as one change."""
        from tui.dialogs.roster_paste import RosterPasteDialog  # TextArea: loaded when used

        def pasted(people: list[dict[str, Any]] | None) -> None:
            if not people:
                return
            ids = new_ids(self.session, id_prefix("person"), len(people))
            changes = [
                ("person.added", {"id": person_id, **person})
                for person_id, person in zip(ids, people, strict=True)
            ]
            if self.forming.change_many(changes):
                self.notify(
                    f"Added {len(people)} people (ctrl+z takes them all back).", markup=False
                )

        on_team = [p.name for p in self.session.people]
        self.app.push_screen(RosterPasteDialog(on_team), pasted)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_remove(self) -> None:
        """Remove the highlighted person, after asking."""
        person = self._current()
        if person is None:
            say_none_yet(self, "person")
            return
        held = len(self.session.assignments_of(person.id))
        detail = f" They hold {plural(held, 'role')}; those assignments go too." if held else ""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("person.removed", {"id": person.id})

        self.app.push_screen(
            ConfirmDialog(
                f"Remove {person.name} from the team?{detail} (ctrl+z undoes it.)",
                title="Remove person",
                yes="Remove",
                no="Keep",
            ),
            confirmed,
        )
