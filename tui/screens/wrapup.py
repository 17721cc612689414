"""Stage 9, actions and close: actions, the parking-lot review, the confidence vote, export."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import DataTable, Label, Static, TabbedContent, TabPane

from sessions.checkin import last_votes
from sessions.ids import new_id
from sessions.model import Action, ParkingItem, Session
from sessions.text import one_line, plural
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.export import write_charter
from tui.dialogs.form import Field, FormDialog
from tui.dialogs.pick import PickDialog
from tui.screens.stage import StageScreen, ViewBinding, changes, present
from tui.widgets.chrome import EmptyState, HintLabel
from tui.widgets.tables import RecordTable

PARTS = ("actions", "parking", "vote")
"""The wrap-up's three parts, in the order of their tabs and keys 1, 2 and 3.

The digits switch parts in every part, the confidence vote included: a score is set through
a picker (s or Enter), so a key the tab strip names never records a score by accident."""

PART_OF_ACTION = {
    "add_action": "actions",
    "edit_action": "actions",
    "toggle_done": "actions",
    "remove_action": "actions",
    "convert": "parking",
    "drop": "parking",
    "reopen": "parking",
    "pick_score": "vote",
    "clear_score": "vote",
}
"""Which part each part-specific key works in; the others work everywhere."""

SCORE_WORDS = {
    5: "full confidence",
    4: "confident",
    3: "some doubts",
    2: "serious doubts",
    1: "no confidence",
}
"""What each fist-of-five score means, for the room."""

OUTCOMES = {
    None: "? not reviewed yet",
    "action": "✓ became an action",
    "dropped": "✗ dropped on purpose",
}
"""How each parking-lot outcome is shown, by symbol and words."""

BAR_MAX = 20
"""The widest bar in the confidence distribution, in characters."""


def score_mark(score: int) -> str:
    """Return a score as filled and empty dots plus its number, e.g. `●●●○○ 3`."""
    return "●" * score + "○" * (5 - score) + f" {score}"


def distribution(scores: list[int], team_size: int) -> str:
    """Return the fist-of-five distribution as a text bar chart with counts and the average.

    Each vote is two blocks wide, so small rooms can count them; a large room's bars are scaled
    to fit, keeping at least one block for every score somebody gave.
    """
    counts = {score: scores.count(score) for score in range(1, 6)}
    most = max(counts.values())

    def bar(count: int) -> str:
        if most * 2 <= BAR_MAX:
            return "█" * (count * 2)
        return "█" * (max(1, round(count * BAR_MAX / most)) if count else 0)

    width = len(bar(most))
    if scores:
        average = sum(scores) / len(scores)
        head = f"{len(scores)} of {team_size} voted · average {average:.1f} of 5"
    else:
        head = f"0 of {team_size} voted yet"
    lines = [head]
    for score in range(5, 0, -1):
        lines.append(f"{score} {bar(counts[score]):<{width}} {counts[score]}  {SCORE_WORDS[score]}")
    return "\n".join(lines)


def last_time_line(scores: list[int]) -> str:
    """Return last time's vote on one line, to read beside today's distribution."""
    if not scores:
        return "Last time: nobody voted."
    average = sum(scores) / len(scores)
    counts = " ".join(f"{score}:{scores.count(score)}" for score in range(5, 0, -1))
    return f"Last time: {len(scores)} voted · average {average:.1f} of 5 · {counts}"


def action_fields(action: Action | None, people: list[tuple[str, str]], text: str = "") -> list:
    """The form for adding, editing or converting into an action."""
    fields = [
        Field("text", "What will be done", kind="text", value=action.text if action else text),
        Field(
            "owner",
            "Who owns it",
            kind="select",
            required=False,
            options=people,
            value=action.owner if action else None,
        ),
        Field(
            "due",
            "Due date (YYYY-MM-DD)",
            kind="date",
            required=False,
            value=action.due if action else None,
        ),
    ]
    if action is not None:
        fields.append(Field("done", "Done", kind="bool", value=action.done))
    return fields


def _nothing() -> None:
    """Do nothing (a palette command that only shows a part)."""


class WrapupScreen(StageScreen):
    """Actions with owners and dates, the parking-lot review, the fist of five, and export."""

    STAGE_ID = "wrapup"
    HELP_TEXT = (
        "1 / 2 / 3  actions / parking lot / confidence vote;  [ and ] move between them\n"
        "Actions:  a add · e or Enter edit · space or x done / not done · d remove\n"
        "Parking lot:  c turn into an action · x drop on purpose · u reopen\n"
        "Confidence:  s or Enter, then 1 to 5, sets the highlighted person's score · "
        "Backspace clears\n"
        "w  write the charter as Markdown and HTML beside the session;  ctrl+e  choose one"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        ViewBinding(
            "1", "part('actions')", "Actions", tooltip="Show the actions", id="wrapup-part-1"
        ),
        ViewBinding(
            "2", "part('parking')", "Parking", tooltip="Review the parking lot", id="wrapup-part-2"
        ),
        ViewBinding(
            "3", "part('vote')", "Confidence", tooltip="The confidence vote", id="wrapup-part-3"
        ),
        ViewBinding(
            "left_square_bracket",
            "cycle(-1)",
            "Previous part",
            show=False,
            tooltip="Show the previous part of the wrap-up",
            id="wrapup-previous-part",
        ),
        ViewBinding(
            "right_square_bracket",
            "cycle(1)",
            "Next part",
            show=False,
            tooltip="Show the next part of the wrap-up",
            id="wrapup-next-part",
        ),
        Binding("a", "add_action", "Add", tooltip="Add an action", id="wrapup-add"),
        Binding(
            "e", "edit_action", "Edit", tooltip="Edit the highlighted action", id="wrapup-edit"
        ),
        Binding(
            "space,x",
            "toggle_done",
            "Done",
            tooltip="Mark the highlighted action done or not done",
            id="wrapup-done",
        ),
        Binding(
            "d,delete",
            "remove_action",
            "Remove",
            tooltip="Remove the highlighted action",
            id="wrapup-remove",
        ),
        Binding(
            "c",
            "convert",
            "To action",
            tooltip="Turn the highlighted parked item into an action",
            id="wrapup-convert",
        ),
        Binding(
            "x", "drop", "Drop", tooltip="Drop the highlighted item on purpose", id="wrapup-drop"
        ),
        Binding(
            "u", "reopen", "Reopen", tooltip="Mark the item not reviewed again", id="wrapup-reopen"
        ),
        Binding(
            "s",
            "pick_score",
            "Set score",
            tooltip="Set the highlighted person's confidence: then 1 to 5, or 0 to clear",
            id="wrapup-score",
        ),
        Binding(
            "backspace,delete",
            "clear_score",
            "Clear vote",
            tooltip="Clear the highlighted person's vote",
            id="wrapup-clear-score",
        ),
        ViewBinding(
            "w",
            "write_charter",
            "Write charter",
            tooltip="Write the charter as Markdown and HTML beside the session file",
            id="wrapup-write",
        ),
    ]

    DEFAULT_CSS = """
    WrapupScreen #parts { height: 1fr; }
    WrapupScreen #parts > ContentSwitcher { height: 1fr; }
    WrapupScreen TabPane { height: 1fr; padding: 0; }
    WrapupScreen .summary { width: 100%; height: auto; }
    WrapupScreen .detail { width: 100%; height: auto; max-height: 5; overflow-y: auto; }
    WrapupScreen RecordTable { height: 1fr; min-height: 3; }
    WrapupScreen #distribution { width: 100%; height: auto; padding: 1 0 0 0; }
    WrapupScreen #goals-recall { width: 100%; height: auto; max-height: 6; overflow-y: auto; }
    WrapupScreen #export-line { width: 100%; color: $text-muted; }
    WrapupScreen EmptyState { display: none; }
    WrapupScreen .-empty EmptyState { display: block; }
    WrapupScreen .-empty RecordTable { display: none; }
    WrapupScreen .-empty #distribution { display: none; }
    """

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="parts"):
            with TabPane("1 Actions", id="actions"):
                yield Static(id="actions-summary", classes="summary")
                yield RecordTable(["✓", "Action", "Owner", "Due"], id="actions-table")
                yield Static(id="actions-detail", classes="detail")
                yield EmptyState(
                    "No actions yet. Press a to add one, or turn a parked item (2).",
                    frozen="No actions yet.",
                )
            with TabPane("2 Parking lot", id="parking"):
                yield Static(id="parking-summary", classes="summary")
                yield RecordTable(["Outcome", "Item", "Parked at"], id="parking-table")
                yield Static(id="parking-detail", classes="detail")
                yield EmptyState(
                    "Nothing was parked. ctrl+o parks an item from any stage.",
                    frozen="Nothing was parked.",
                )
            with TabPane("3 Confidence", id="vote"):
                yield Static(id="goals-recall", classes="summary")
                yield HintLabel(
                    "Highlight a person, press s or Enter, then 1 to 5 (0 clears).",
                    frozen="Each person's confidence, from 1 to 5.",
                    classes="summary hint",
                )
                yield RecordTable(["Person", "Confidence"], id="vote-table")
                yield Static(id="distribution")
                yield EmptyState(
                    "Nobody is on the team yet, so nobody can vote. Add people on stage 2.",
                    frozen="Nobody is on the team yet, so nobody voted.",
                )
        yield Label(
            "Export the charter: ctrl+e · w: .md and .html",
            id="export-line",
            markup=False,
        )

    # -- parts -----------------------------------------------------------------------------------

    @property
    def part(self) -> str:
        """The part on show: `actions`, `parking` or `vote`."""
        try:
            return self.query_one("#parts", TabbedContent).active or PARTS[0]
        except NoMatches:
            return PARTS[0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        part = PART_OF_ACTION.get(action)
        if part is not None:
            return part == self.part
        return True

    def action_part(self, part: str) -> None:
        """Show one part of the wrap-up."""
        self.query_one("#parts", TabbedContent).active = part

    def action_cycle(self, step: int) -> None:
        """Show the next or previous part."""
        index = (PARTS.index(self.part) + step) % len(PARTS)
        self.action_part(PARTS[index])

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self.refresh_bindings()
        self.focus_body()

    def focus_body(self) -> None:
        table = self.query_one(f"#{self.part}-table", RecordTable)
        if table.display and not self.query_one(f"#{self.part}", TabPane).has_class("-empty"):
            table.focus()

    def _table(self, part: str) -> RecordTable:
        return self.query_one(f"#{part}-table", RecordTable)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The stage's own actions, for the command palette; each shows its part first."""

        def in_part(part: str, action: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                self.action_part(part)
                self.call_after_refresh(action)

            return run

        yield SystemCommand(
            "Wrap-up: actions (1)", "Show the actions", in_part("actions", _nothing)
        )
        yield SystemCommand(
            "Wrap-up: parking lot (2)", "Review the parking lot", in_part("parking", _nothing)
        )
        yield SystemCommand(
            "Wrap-up: confidence vote (3)", "Fist of five", in_part("vote", _nothing)
        )
        yield SystemCommand(
            "Add an action (a)",
            "With an owner and a due date",
            in_part("actions", self.action_add_action),
        )
        yield SystemCommand(
            "Turn the highlighted parked item into an action (c)",
            "Then it is marked as an action",
            in_part("parking", self.action_convert),
        )
        yield SystemCommand(
            "Drop the highlighted parked item (x)",
            "On purpose, after asking",
            in_part("parking", self.action_drop),
        )
        if not self.frozen:
            yield SystemCommand(
                "Set the highlighted person's confidence (s)",
                "Fist of five: then 1 to 5, or 0 to clear",
                in_part("vote", self.action_pick_score),
            )
        yield SystemCommand(
            "Write the charter as Markdown and HTML (w)",
            "Beside the session file",
            self.action_write_charter,
        )

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        self._draw_actions(session)
        self._draw_parking(session)
        self._draw_vote(session)
        self._draw_goals(session)
        self._draw_details()

    def _draw_goals(self, session: Session) -> None:
        """Put the goals set at the start beside the vote: did we meet them?"""
        goals = session.session.goals
        if not goals:
            parts: list[Any] = [("No goals were set at the start.", "dim")]
        else:
            parts = [("The goals we set at the start: did we meet them?", "bold")]
            for number, goal in enumerate(goals, start=1):
                parts += [f"\n{number}. ", goal]
        self.query_one("#goals-recall", Static).update(Content.assemble(*parts))

    def _draw_actions(self, session: Session) -> None:
        rows = []
        unclear = 0
        for action in session.actions:
            if action.done:
                owner = session.person_name(action.owner) if action.owner else "—"
                due = action.due.isoformat() if action.due else "—"
            else:
                owner = session.person_name(action.owner) if action.owner else "⚠ no owner"
                due = action.due.isoformat() if action.due else "⚠ no date"
                unclear += not (action.owner and action.due)
            rows.append((action.id, ["✓" if action.done else "☐", action.text, owner, due]))
        self._table("actions").show_rows(rows)
        self.query_one("#actions", TabPane).set_class(not rows, "-empty")
        open_count = sum(not a.done for a in session.actions)
        parts: list[Any] = [f"☐ {open_count} open · ✓ {len(rows) - open_count} done"]
        if unclear:
            parts += [f"\n⚠ {unclear} open without an owner or a due date"]
        elif open_count:
            parts += ["\n✓ every open action has an owner and a due date"]
        self.query_one("#actions-summary", Static).update(Content.assemble(*parts))

    def _draw_parking(self, session: Session) -> None:
        rows = []
        for item in session.parking_lot:
            stage = session.stage(item.stage)
            rows.append(
                (
                    item.id,
                    [OUTCOMES[item.outcome], item.text, stage.title if stage else item.stage],
                )
            )
        self._table("parking").show_rows(rows)
        self.query_one("#parking", TabPane).set_class(not rows, "-empty")
        waiting = sum(item.outcome is None for item in session.parking_lot)
        if not rows:
            summary = "✓ the parking lot is empty"
        elif waiting:
            summary = f"? {waiting} of {plural(len(rows), 'item')} not reviewed yet"
        else:
            summary = "✓ every parked item is reviewed"
        self.query_one("#parking-summary", Static).update(Content(summary))

    def _draw_details(self) -> None:
        """Show the highlighted action and parked item in full below their tables."""
        self.query_one("#actions-detail", Static).update(self._action_content())
        self.query_one("#parking-detail", Static).update(self._parked_content())

    def focus_item(self) -> tuple[str, Content] | None:
        if self.part == "actions" and self._current_action() is not None:
            return "Action", self._action_content()
        if self.part == "parking" and self._current_item() is not None:
            return "Parked item", self._parked_content()
        if self.part == "vote":
            session = self.session
            chart = distribution([v.score for v in session.confidence], len(session.people))
            return "Confidence vote", Content(chart)
        return None

    def _action_content(self) -> Content:
        session = self.session
        action = self._current_action()
        parts: list[Any] = []
        if action is not None:
            parts = [("✓ done: " if action.done else "☐ open: ", "bold"), action.text, "\n"]
            no_owner, no_date = ("—", "—") if action.done else ("⚠ nobody yet", "⚠ no date yet")
            parts += ["Owner: ", session.person_name(action.owner) if action.owner else no_owner]
            parts += [" · Due: ", action.due.isoformat() if action.due else no_date]
        return Content.assemble(*parts)

    def _parked_content(self) -> Content:
        session = self.session
        item = self._current_item()
        parts: list[Any] = []
        if item is not None:
            stage = session.stage(item.stage)
            parts = [(OUTCOMES[item.outcome], "bold"), ": ", item.text, "\n"]
            parts += ["Parked at: ", stage.title if stage else item.stage]
        return Content.assemble(*parts)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.forming.session is not None:
            self._draw_details()

    def _draw_vote(self, session: Session) -> None:
        # A score given privately (the room taking part) shows only once it is revealed.
        shown = [vote for vote in session.confidence if not vote.masked]
        hidden = {vote.person for vote in session.confidence if vote.masked}
        scores = {vote.person: vote.score for vote in shown}
        # In a check-in, each person's vote last time is shown beside today's.
        earlier = [vote for vote in last_votes(session) if not vote.masked]
        before = {vote.person: vote.score for vote in earlier}
        rows = []
        for person in session.people:
            score = scores.get(person.id)
            if person.id in hidden:
                cell = "▒ given, hidden until revealed"
            else:
                cell = score_mark(score) if score else "· no vote yet"
            if person.id in before:
                cell += f" · last time {before[person.id]}"
            rows.append((person.id, [person.name, cell]))
        self._table("vote").show_rows(rows)
        self.query_one("#vote", TabPane).set_class(not rows, "-empty")
        chart = distribution([v.score for v in shown], len(session.people))
        if session.last_time is not None:
            chart += "\n" + last_time_line([vote.score for vote in earlier])
        self.query_one("#distribution", Static).update(Content(chart))

    # -- actions ---------------------------------------------------------------------------------

    def _people(self) -> list[tuple[str, str]]:
        return [(person.name, person.id) for person in self.session.people]

    def _current_action(self) -> Action | None:
        key = self._table("actions").current_key
        return next((a for a in self.session.actions if a.id == key), None) if key else None

    def add_action(self, values: dict[str, Any]) -> bool:
        """Record a new action from a form's values; return whether it was made."""
        action_id = new_id(self.session, "a")
        return self.change("action.added", {"id": action_id, **present(values)})

    def action_add_action(self) -> None:
        """Add an action."""

        def added(values: dict[str, Any] | None) -> None:
            if values:
                self.add_action(values)

        self.app.push_screen(
            FormDialog("Add an action", action_fields(None, self._people())), added
        )

    def action_edit_action(self) -> None:
        """Edit the highlighted action."""
        action = self._current_action()
        if action is None:
            return

        def edited(values: dict[str, Any] | None) -> None:
            if values:
                self.change("action.updated", {"id": action.id, **changes(values)})

        self.app.push_screen(
            FormDialog("Edit the action", action_fields(action, self._people())), edited
        )

    def action_toggle_done(self) -> None:
        """Mark the highlighted action done, or not done."""
        action = self._current_action()
        if action is not None:
            self.change("action.updated", {"id": action.id, "set": {"done": not action.done}})

    def action_remove_action(self) -> None:
        """Remove the highlighted action, after asking."""
        action = self._current_action()
        if action is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("action.removed", {"id": action.id})

        self.app.push_screen(
            ConfirmDialog(
                f"Remove the action “{one_line(action.text)}”? (ctrl+z undoes it.)",
                title="Remove action",
                yes="Remove",
                no="Keep",
            ),
            confirmed,
        )

    # -- parking lot -----------------------------------------------------------------------------

    def _current_item(self) -> ParkingItem | None:
        key = self._table("parking").current_key
        return next((p for p in self.session.parking_lot if p.id == key), None) if key else None

    def action_convert(self) -> None:
        """Turn the highlighted parked item into an action with an owner and a due date."""
        item = self._current_item()
        if item is None:
            return
        if item.outcome == "action":
            self.notify("That item already became an action.", markup=False)
            return

        def converted(values: dict[str, Any] | None) -> None:
            if values and self.add_action(values):
                self.change("parking.updated", {"id": item.id, "set": {"outcome": "action"}})

        self.app.push_screen(
            FormDialog(
                "Turn the parked item into an action",
                action_fields(None, self._people(), text=item.text),
            ),
            converted,
        )

    def action_drop(self) -> None:
        """Drop the highlighted parked item on purpose, after asking."""
        item = self._current_item()
        if item is None:
            return
        if item.outcome == "dropped":
            self.notify("That item is already dropped; u reopens it.", markup=False)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("parking.updated", {"id": item.id, "set": {"outcome": "dropped"}})

        self.app.push_screen(
            ConfirmDialog(
                f"Drop “{one_line(item.text)}” on purpose? It stays in the list, marked dropped.",
                title="Drop parked item",
                yes="Drop",
                no="Keep",
            ),
            confirmed,
        )

    def action_reopen(self) -> None:
        """Mark the highlighted parked item as not reviewed again."""
        item = self._current_item()
        if item is None or item.outcome is None:
            return
        reopened = self.change("parking.updated", {"id": item.id, "unset": ["outcome"]})
        if reopened and item.outcome == "action":
            self.notify("Reopened. The action it became is still in the list.", markup=False)

    # -- confidence vote -------------------------------------------------------------------------

    def set_score(self, person_id: str, score: int) -> None:
        """Set a person's confidence from 1 to 5; 0 clears their vote."""
        current = next((v.score for v in self.session.confidence if v.person == person_id), None)
        if score == 0:
            if current is not None:
                self.change("vote.removed", {"person": person_id})
        elif current is None:
            self.change("vote.added", {"person": person_id, "score": score})
        elif current != score:
            self.change("vote.updated", {"person": person_id, "set": {"score": score}})

    def action_clear_score(self) -> None:
        """Clear the highlighted person's vote."""
        person_id = self._table("vote").current_key
        if person_id is not None:
            self.set_score(person_id, 0)

    def action_pick_score(self) -> None:
        """Ask for the highlighted person's confidence: a digit from 1 to 5 picks it at once."""
        person_id = self._table("vote").current_key
        if person_id is None:
            return
        options = [(f"{n}  {score_mark(n)}  {SCORE_WORDS[n]}", str(n)) for n in range(5, 0, -1)]
        options.append(("0  Clear the vote", "0"))
        current = next((v.score for v in self.session.confidence if v.person == person_id), None)

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.set_score(person_id, int(choice))

        name = self.session.person_name(person_id)
        self.app.push_screen(
            PickDialog(
                f"Confidence of {name}: press 1 to 5, or 0 to clear",
                options,
                keys={value: value for _label, value in options},
                initial=str(current) if current else None,
            ),
            picked,
        )

    # -- rows chosen with Enter or a click -------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        table_id = event.data_table.id
        if table_id == "actions-table":
            self.action_edit_action()
        elif table_id == "parking-table":
            self.action_convert()
        elif table_id == "vote-table":
            self.action_pick_score()

    # -- export ----------------------------------------------------------------------------------

    def action_write_charter(self) -> None:
        """Write the charter as Markdown and as HTML beside the session file."""
        for fmt in ("md", "html"):
            if write_charter(self.forming, fmt) is None:
                return
