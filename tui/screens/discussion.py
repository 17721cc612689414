"""A stage a custom content pack adds, with no screen of its own: its goal and prompts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from sessions.model import Session
from tui.screens.stage import StageScreen


class DiscussionScreen(StageScreen):
    """An open discussion stage: the goal and questions for the room, nothing to fill in."""

    CSS_PATH = "discussion.tcss"

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
