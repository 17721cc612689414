"""Stage 1, purpose and setup: the team, its product and purpose, the facilitator and goals."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.widgets import DataTable, Label, Static

from sessions.model import Session
from sessions.text import one_line, plural
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.fields import ORG_SIZES, detail_fields
from tui.dialogs.form import Field, FormDialog
from tui.screens.stage import StageScreen
from tui.widgets.chrome import EmptyState, HangingText, hanging, show_content
from tui.widgets.tables import RecordTable


def vote_fields(session: Session) -> list[Field]:
    """The form for the dot-voting settings."""
    return [
        Field(
            "vote_budget",
            "Dots each person may place in a vote",
            kind="int",
            minimum=1,
            maximum=50,
            value=session.settings.vote_budget,
        ),
        Field(
            "vote_cap",
            "Dots one person may put on a single concern",
            kind="int",
            minimum=1,
            maximum=50,
            value=session.settings.vote_cap,
        ),
    ]


class WelcomeScreen(StageScreen):
    """What the team is for and what the room wants from today, plus the vote settings."""

    STAGE_ID = "welcome"
    HELP_TEXT = (
        "e  edit the team's details: name, product, purpose, organisation size, facilitator\n"
        "g  add a goal for the workshop\n"
        "Enter  edit the highlighted goal;  d  remove it\n"
        "v  change the dot-voting settings used on the concerns stage"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e",
            "edit_details",
            "Edit details",
            tooltip="Edit the team name, product, purpose, size and facilitator",
            id="welcome-edit",
        ),
        Binding(
            "g", "add_goal", "Add goal", tooltip="Add a goal for the workshop", id="welcome-goal"
        ),
        Binding(
            "enter",
            "edit_goal",
            "Edit goal",
            tooltip="Edit the highlighted goal",
            id="welcome-edit-goal",
        ),
        Binding(
            "d,delete",
            "remove_goal",
            "Remove goal",
            tooltip="Remove the highlighted goal",
            id="welcome-remove-goal",
        ),
        Binding(
            "v",
            "vote_settings",
            "Voting",
            tooltip="Dots per person and the most one person may put on one concern",
            id="welcome-votes",
        ),
    ]

    CSS_PATH = "welcome.tcss"

    def compose_body(self) -> ComposeResult:
        yield HangingText(id="details")
        yield Label("Goals for this workshop", classes="section-title")
        yield RecordTable(["#", "Goal"], id="goals")
        yield EmptyState(
            "No goals yet. Press g to add what the team wants from today.",
            frozen="No goals yet.",
            id="no-goals",
        )
        yield Static(id="votes")

    def focus_body(self) -> None:
        self.set_focus(self.query_one(RecordTable))

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        info = session.session
        self._details = [
            ("Team", info.team),
            ("Product", info.product),
            ("Purpose", info.purpose),
            ("Organisation", ORG_SIZES.get(info.org_size, info.org_size)),
            ("Facilitator", info.facilitator),
        ]
        self._draw_details()
        self._draw_goals(session)
        settings = session.settings
        votes: list[Any] = [
            ("● Dot voting: ", "bold"),
            f"{plural(settings.vote_budget, 'dot')} each, at most {settings.vote_cap} "
            "from one person on one concern ",
            ("(v changes)", "dim"),
        ]
        if session.last_time is not None:
            # A check-in sets goals of its own; last time's are there to look back on.
            votes += ["\n", ("Last time's goals: ", "bold")]
            earlier = session.last_time.session.goals
            votes += [" · ".join(earlier) if earlier else "none were recorded"]
        self.query_one("#votes", Static).update(Content.assemble(*votes))

    _details: list[tuple[str, str | None]] | None = None
    """The team's details as last drawn: label and value."""

    def _draw_details(self, again: bool = True) -> None:
        """Draw the details, a value that wraps indented under itself (not under the labels)."""
        if self._details is None or not self.is_attached:
            return
        # A drawing asked for a frame later may find the screen closing, its widgets already
        # removed: then there is nothing left to draw.
        details = next(iter(self.query("#details").results(Static)), None)
        if details is None:
            return
        width = details.content_region.width
        parts: list[Any] = []
        missing = False
        for label, value in self._details:
            if parts:
                parts.append("\n")
            missing = missing or not value
            shown = Content(value) if value else Content.styled("· not set yet", "dim")
            parts.append(hanging(Content.styled(f"{label:<13}", "bold"), shown, width))
        if missing and not self.frozen:
            parts += ["\n", ("Press e to fill in what is missing.", "dim")]
        show_content(details, Content.assemble(*parts))
        if not width and again:  # not laid out yet: once more when it has its width
            self.call_after_refresh(self._draw_details, False)

    def on_resize(self, event: Resize) -> None:
        self._draw_details()

    def on_hanging_text_widened(self, event: HangingText.Widened) -> None:
        # The details' width changed with the terminal's the same (the agenda hidden).
        event.stop()
        self._draw_details()

    def _draw_goals(self, session: Session) -> None:
        table = self.query_one(RecordTable)
        goals = session.session.goals
        table.show_rows([(str(index), [f"{index + 1}.", goal]) for index, goal in enumerate(goals)])
        self.set_class(not goals, "-no-goals")

    # -- details ---------------------------------------------------------------------------------

    def action_edit_details(self) -> None:
        """Edit the team's name, product, purpose, organisation size and facilitator."""
        info = self.session.session

        def edited(values: dict[str, Any] | None) -> None:
            if not values:
                return
            current = self.session.session
            changed = {
                key: value
                for key, value in values.items()
                if (value or "") != (getattr(current, key) or "")
            }
            data: dict[str, Any] = {}
            values_set = {key: value for key, value in changed.items() if value is not None}
            unset = [key for key, value in changed.items() if value is None]
            if values_set:
                data["set"] = values_set
            if unset:
                data["unset"] = unset
            if data:
                self.change("session.updated", data)

        self.app.push_screen(FormDialog("The team and its purpose", detail_fields(info)), edited)

    # -- goals -----------------------------------------------------------------------------------

    def _save_goals(self, goals: list[str]) -> bool:
        if goals:
            return self.change("session.updated", {"set": {"goals": goals}})
        return self.change("session.updated", {"unset": ["goals"]})

    def focus_item(self) -> tuple[str, Content] | None:
        index = self._current_goal()
        if index is None:
            return None
        goal = self.session.session.goals[index]
        return "Goal of the workshop", Content.assemble((f"{index + 1}. ", "bold"), goal)

    def _current_goal(self) -> int | None:
        key = self.query_one(RecordTable).current_key
        if key is None or not 0 <= int(key) < len(self.session.session.goals):
            return None
        return int(key)

    def action_add_goal(self) -> None:
        """Add a goal for the workshop."""

        def added(values: dict[str, Any] | None) -> None:
            if values and self._save_goals([*self.session.session.goals, values["text"]]):
                table = self.query_one(RecordTable)
                table.move_cursor(row=table.row_count - 1)

        self.app.push_screen(
            FormDialog(
                "Add a goal",
                [Field("text", "What should the team leave this workshop with?", kind="text")],
            ),
            added,
        )

    def action_edit_goal(self) -> None:
        """Edit the highlighted goal."""
        index = self._current_goal()
        if index is None:
            return
        goal = self.session.session.goals[index]

        def edited(values: dict[str, Any] | None) -> None:
            goals = list(self.session.session.goals)
            if values and index < len(goals) and values["text"] != goals[index]:
                goals[index] = values["text"]
                self._save_goals(goals)

        self.app.push_screen(
            FormDialog(
                "Edit a goal",
                [
                    Field(
                        "text",
                        "What should the team leave this workshop with?",
                        kind="text",
                        value=goal,
                    )
                ],
            ),
            edited,
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_goal()

    def action_remove_goal(self) -> None:
        """Remove the highlighted goal, after asking."""
        index = self._current_goal()
        if index is None:
            return
        goal = self.session.session.goals[index]

        def confirmed(yes: bool | None) -> None:
            goals = list(self.session.session.goals)
            if yes and index < len(goals):
                self._save_goals([*goals[:index], *goals[index + 1 :]])

        self.app.push_screen(
            ConfirmDialog(
                f"Remove the goal “{one_line(goal)}”? (ctrl+z undoes it.)",
                title="Remove goal",
                yes="Remove",
                no="Keep",
            ),
            confirmed,
        )

    # -- voting ----------------------------------------------------------------------------------

    def action_vote_settings(self) -> None:
        """Change the dots per person and the most one person may put on one concern."""

        def edited(values: dict[str, Any] | None) -> None:
            if not values:
                return
            settings = self.session.settings
            changed = {k: v for k, v in values.items() if getattr(settings, k) != v}
            if changed:
                self.change("settings.updated", {"set": changed})

        self.app.push_screen(FormDialog("Dot voting", vote_fields(self.session)), edited)
