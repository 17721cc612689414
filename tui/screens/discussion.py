"""A stage a custom content pack adds, with no screen of its own: its goal and prompts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from sessions.model import Session
from tui.screens.stage import TalkStageScreen


class DiscussionScreen(TalkStageScreen):
    """An open discussion stage: the goal and questions for the room; what the room agrees
    becomes an action (`a`) or a parked item (ctrl+o)."""

    CSS_PATH = "discussion.tcss"

    HELP_TEXT = "The room talks the questions through · a  agree an action · ctrl+o  park an item"

    def __init__(self, stage_id: str) -> None:
        super().__init__()
        self.stage_id = stage_id

    def compose_body(self) -> ComposeResult:
        yield Static(id="discussion")

    def show_session(self, session: Session) -> None:
        stage = session.stage(self.stage_id)
        if stage is None:
            return
        parts: list = [("Questions for the room", "bold")]
        for prompt in stage.prompts:
            parts += ["\n\n• ", prompt]
        if not stage.prompts:
            parts += ["\n\nThis stage has no prompts: talk it through, and park what can wait."]
        self.query_one("#discussion", Static).update(Content.assemble(*parts))
