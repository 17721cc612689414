"""Stage 8, one team, one backlog: the shared backlog, who orders it, and the team's meetings."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Label, Static

from sessions.model import Meeting, Session
from sessions.suggestions import MARK
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog
from tui.dialogs.suggested import adopt, adopt_binding, pull
from tui.screens.stage import StageScreen, changes, present
from tui.widgets.chrome import EmptyState, say_none_yet
from tui.widgets.tables import RecordTable

ONE_TEAM = (
    "One team, one backlog: the backlog and the stand-ups are owned by and include the whole team."
)
"""What the stage says plainly to the room."""

_WHOLE_TEAM = re.compile(r"\b(whole|everyone|everybody|all)\b", re.IGNORECASE)
_WALKTHROUGH = re.compile(r"walk[\s-]?through", re.IGNORECASE)


def whole_team_standup(meetings: list[Meeting]) -> bool:
    """Whether a stand-up is agreed with the whole team attending."""
    return any("stand" in m.name.casefold() and _WHOLE_TEAM.search(m.attendees) for m in meetings)


def walkthrough_planned(meetings: list[Meeting]) -> bool:
    """Whether a walkthrough of the process document is among the meetings."""
    return any(_WALKTHROUGH.search(m.name) or _WALKTHROUGH.search(m.cadence) for m in meetings)


def meeting_fields(meeting: Meeting | None = None) -> list[Field]:
    """The form for adding or editing a meeting."""
    return [
        Field("name", "Meeting, e.g. Daily stand-up", value=meeting.name if meeting else None),
        Field(
            "cadence",
            "When and how often",
            kind="text",
            required=False,
            value=meeting.cadence if meeting else None,
        ),
        Field(
            "attendees",
            "Who comes (e.g. Whole team)",
            kind="text",
            required=False,
            value=meeting.attendees if meeting else "Whole team",
        ),
        Field(
            "minutes",
            "How long (minutes)",
            kind="int",
            minimum=1,
            maximum=480,
            value=meeting.minutes if meeting else 15,
        ),
    ]


class RitualsScreen(StageScreen):
    """The one shared backlog, who orders it, the whole-team stand-up and the other meetings."""

    STAGE_ID = "rituals"
    HELP_TEXT = (
        "b  where the backlog lives and who orders it\n"
        "w  when the process walkthrough happens and who leads it\n"
        "a  add a meeting\n"
        "e or Enter  edit the highlighted meeting\n"
        "d  remove it\n"
        "y  adopt the highlighted meeting the content pack suggested (◇); editing adopts it too\n"
        "t  pull in one of the content pack's suggested meetings"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "b",
            "backlog",
            "Backlog",
            tooltip="Where the shared backlog lives and who orders it",
            id="rituals-backlog",
        ),
        Binding(
            "w",
            "walkthrough",
            "Walkthrough",
            tooltip="When the team walks through the process document, and who leads it",
            id="rituals-walkthrough",
        ),
        Binding("a", "add", "Add meeting", tooltip="Add a meeting", id="rituals-add"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted meeting", id="rituals-edit"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the highlighted meeting",
            id="rituals-remove",
        ),
        adopt_binding("rituals"),
        Binding(
            "t",
            "suggest",
            "Suggest",
            show=False,
            tooltip="Pull in one of the content pack's suggested meetings",
            id="rituals-suggest",
        ),
    ]

    CSS_PATH = "rituals.tcss"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="rituals-info"):
            yield Label(ONE_TEAM, id="one-team", markup=False)
            yield Static(id="checks")
            yield Static(id="backlog")
        yield Label("Meetings", classes="section-title", markup=False)
        yield RecordTable(["Meeting", "Min", "Who", "When"], id="meetings")
        yield EmptyState(
            "No meetings yet. Press a to add the stand-up first.", frozen="No meetings yet."
        )

    def focus_body(self) -> None:
        self.set_focus(self.query_one(RecordTable))

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        rituals = session.rituals
        owner = session.person(rituals.backlog_owner) if rituals.backlog_owner else None
        parts: list[Any] = [("Backlog ordered by: ", "bold")]
        parts += [owner.name if owner else "⚠ nobody named yet", "  (b changes)\n"]
        if rituals.backlog and rituals.backlog_suggested:
            adopt_words = "" if self.frozen else " (b to adopt or change it)"
            parts += [(f"{MARK}, not agreed yet{adopt_words}: ", "bold"), rituals.backlog]
        elif rituals.backlog:
            parts += [rituals.backlog]
        else:
            parts += ["⚠ not agreed yet: where will the one backlog live?"]
        self.query_one("#backlog", Static).update(Content.assemble(*parts))

        meetings = rituals.meetings
        agreed = [m for m in meetings if not m.suggested]
        adopt_words = "" if self.frozen else " (y adopts it)"
        checks: list[Any] = []
        if whole_team_standup(agreed):
            checks += ["✓ whole-team stand-up agreed"]
        elif whole_team_standup(meetings):
            checks += [f"{MARK}: a whole-team stand-up, not agreed yet{adopt_words}"]
        else:
            checks += ["⚠ no whole-team stand-up yet"]
        lead = session.person(rituals.walkthrough_lead) if rituals.walkthrough_lead else None
        if rituals.walkthrough or lead:
            checks += ["\n✓ process walkthrough: ", rituals.walkthrough or "⚠ no date yet"]
            checks += [", led by ", lead.name if lead else "⚠ nobody named yet", "  (w changes)"]
        elif walkthrough_planned(agreed):
            checks += ["\n✓ walkthrough of the process document planned (w: date and lead)"]
        elif walkthrough_planned(meetings):
            checks += [
                f"\n{MARK}: a walkthrough of the process document, not planned yet{adopt_words}"
            ]
        else:
            checks += ["\n⚠ no walkthrough of the process document planned yet (w plans it)"]
        self.query_one("#checks", Static).update(Content.assemble(*checks))

        rows = [
            (
                m.name,
                [
                    f"◇ {m.name}" if m.suggested else m.name,
                    str(m.minutes),
                    m.attendees or "—",
                    m.cadence or "—",
                ],
            )
            for m in meetings
        ]
        self.query_one(RecordTable).show_rows(rows)
        self.set_class(not rows, "-empty")

    # -- the backlog -----------------------------------------------------------------------------

    def action_backlog(self) -> None:
        """Agree where the shared backlog lives and who orders it."""
        session = self.session
        rituals = session.rituals
        fields = [
            Field(
                "backlog",
                "Where the one shared backlog lives, and how the team uses it",
                kind="text",
                required=False,
                value=rituals.backlog or None,
            ),
            Field(
                "backlog_owner",
                "Who orders it (the whole team owns it)",
                kind="select",
                required=False,
                options=[(p.name, p.id) for p in session.people],
                value=rituals.backlog_owner,
            ),
        ]

        def chosen(values: dict[str, Any] | None) -> None:
            if not values:
                return
            current = self.session.rituals
            if (
                values.get("backlog") == (current.backlog or None)
                and values.get("backlog_owner") == current.backlog_owner
            ):
                # Saved as it stands: a suggested backlog is now the team's.
                if current.backlog_suggested:
                    adopt(self, "backlog", "backlog")
                return
            self.change("rituals.updated", changes(values))

        self.app.push_screen(FormDialog("The shared backlog", fields), chosen)

    def action_walkthrough(self) -> None:
        """Agree when the team walks through the process document, and who leads it."""
        session = self.session
        rituals = session.rituals
        fields = [
            Field(
                "walkthrough",
                "When the team walks through the process document (e.g. 2026-03-04 10:00)",
                required=False,
                value=rituals.walkthrough or None,
            ),
            Field(
                "walkthrough_lead",
                "Who leads it",
                kind="select",
                required=False,
                options=[(p.name, p.id) for p in session.people],
                value=rituals.walkthrough_lead,
            ),
        ]

        def chosen(values: dict[str, Any] | None) -> None:
            if not values:
                return
            current = self.session.rituals
            if (
                values.get("walkthrough") == (current.walkthrough or None)
                and values.get("walkthrough_lead") == current.walkthrough_lead
            ):
                return
            self.change("rituals.updated", changes(values))

        self.app.push_screen(FormDialog("The process walkthrough", fields), chosen)

    # -- meetings --------------------------------------------------------------------------------

    def focus_item(self) -> tuple[str, Content] | None:
        meeting = self._current()
        if meeting is None:
            return None
        parts: list[Any] = [
            (meeting.name, "bold"),
            "\n",
            ("Minutes: ", "bold"),
            str(meeting.minutes),
        ]
        parts += ["\n", ("Who: ", "bold"), meeting.attendees or "—"]
        parts += ["\n", ("When: ", "bold"), meeting.cadence or "—"]
        return "Meeting", Content.assemble(*parts)

    def _current(self) -> Meeting | None:
        key = self.query_one(RecordTable).current_key
        if key is None:
            return None
        return next((m for m in self.session.rituals.meetings if m.name == key), None)

    def action_add(self) -> None:
        """Add a meeting."""

        def added(values: dict[str, Any] | None) -> None:
            if values:
                self.change("meeting.added", present(values))

        self.app.push_screen(FormDialog("Add a meeting", meeting_fields()), added)

    def action_edit(self) -> None:
        """Edit the highlighted meeting."""
        meeting = self._current()
        if meeting is None:
            say_none_yet(self, "meeting")
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("meeting.updated", {"name": meeting.name, **changes(values)})

        self.app.push_screen(FormDialog(f"Edit {meeting.name}", meeting_fields(meeting)), edited)

    def action_suggest(self) -> None:
        """Offer the content pack's meetings that are not here yet."""
        pull(self, self.forming.pack, "meeting", "Add a suggested meeting")

    def action_adopt(self) -> None:
        """Adopt the highlighted meeting the content pack suggested."""
        meeting = self._current()
        adopt(self, "meeting", meeting.name if meeting else None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_remove(self) -> None:
        """Remove the highlighted meeting, after asking."""
        meeting = self._current()
        if meeting is None:
            say_none_yet(self, "meeting")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("meeting.removed", {"name": meeting.name})

        self.app.push_screen(
            ConfirmDialog(
                f"Remove the meeting {meeting.name}? (ctrl+z undoes it.)",
                title="Remove meeting",
                yes="Remove",
                no="Keep",
            ),
            confirmed,
        )
