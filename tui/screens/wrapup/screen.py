"""Stage 9, actions and close: actions, the parking-lot review, the confidence vote, export."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Label, TabbedContent

from sessions.model import Session
from tui.dialogs.export import write_charter
from tui.screens.pane import StagePane
from tui.screens.stage import StageScreen, ViewBinding
from tui.screens.wrapup.actions import ActionsPane
from tui.screens.wrapup.parking import ParkingPane
from tui.screens.wrapup.vote import VotePane

PANES: tuple[type[StagePane], ...] = (ActionsPane, ParkingPane, VotePane)
PARTS = tuple(pane.KEY for pane in PANES)
"""The wrap-up's three parts, in the order of their tabs and keys 1, 2 and 3.

The digits switch parts in every part, the confidence vote included: a score is set through
a picker (s or Enter), so a key the tab strip names never records a score by accident."""

PART_OF_ACTION = {action: pane.KEY for pane in PANES for action in pane.ACTIONS}
"""Which part each part-specific key works in; the others work everywhere."""


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

    MAIN_KEYS: ClassVar[tuple[str, ...]] = (
        "toggle_done",
        "add_action",
        "convert",
        "drop",
        "pick_score",
    )
    """Marking an action done is the wrap-up's main job: at 80 columns it stays in the footer
    (Edit gives way first: Enter edits too)."""

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

    CSS_PATH = "screen.tcss"

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="parts"):
            for pane in PANES:
                yield pane()
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
        pane = self.query_one(f"#{self.part}", StagePane)
        if pane.table.display and not pane.has_class("-empty"):
            self.set_focus(pane.table)

    # -- the parts' panes ------------------------------------------------------------------------

    @property
    def actions(self) -> ActionsPane:
        """The actions' pane."""
        return self.query_one(ActionsPane)

    @property
    def parking(self) -> ParkingPane:
        """The parking lot's pane."""
        return self.query_one(ParkingPane)

    @property
    def vote(self) -> VotePane:
        """The confidence vote's pane."""
        return self.query_one(VotePane)

    def show_session(self, session: Session) -> None:
        self.actions.show_session(session)
        self.parking.show_session(session)
        self.vote.show_session(session)
        self.actions.draw_detail()
        self.parking.draw_detail()

    def focus_item(self) -> tuple[str, Content] | None:
        return self.query_one(f"#{self.part}", StagePane).focus_item()

    # -- the keys, each run by the pane of its part ----------------------------------------------

    def action_add_action(self) -> None:
        """Add an action."""
        self.actions.add()

    def action_edit_action(self) -> None:
        """Edit the highlighted action."""
        self.actions.edit()

    def action_toggle_done(self) -> None:
        """Mark the highlighted action done, or not done."""
        self.actions.toggle_done()

    def action_remove_action(self) -> None:
        """Remove the highlighted action, after asking."""
        self.actions.remove_action()

    def action_convert(self) -> None:
        """Turn the highlighted parked item into an action with an owner and a due date."""
        self.parking.convert()

    def action_drop(self) -> None:
        """Drop the highlighted parked item on purpose, after asking."""
        self.parking.drop()

    def action_reopen(self) -> None:
        """Mark the highlighted parked item as not reviewed again."""
        self.parking.reopen()

    def set_score(self, person_id: str, score: int) -> None:
        """Set a person's confidence from 1 to 5; 0 clears their vote."""
        self.vote.set_score(person_id, score)

    def action_clear_score(self) -> None:
        """Clear the highlighted person's vote."""
        self.vote.clear_score()

    def action_pick_score(self) -> None:
        """Ask for the highlighted person's confidence: a digit from 1 to 5 picks it at once."""
        self.vote.pick_score()

    # -- export ----------------------------------------------------------------------------------

    def action_write_charter(self) -> None:
        """Write the charter as Markdown and as HTML beside the session file."""
        for fmt in ("md", "html"):
            if write_charter(self.forming, fmt) is None:
                return
