"""A tab of a stage with several parts: it reaches the session through the stage it is on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import TabPane

from tui.screens.stage import StageScreen

if TYPE_CHECKING:
    from textual.content import Content

    from sessions.model import Session
    from tui.app import FormingApp


class StagePane(TabPane):
    """One part of a stage, in its own tab (the process stage's five, the wrap-up's three).

    A pane draws its part and runs its part's keys; the screen owns the keys and sends each to
    the pane on show. Changes go through the screen's `change`, like any stage's.
    """

    @property
    def stage(self) -> StageScreen:
        """The stage screen the pane is on."""
        screen = self.screen
        assert isinstance(screen, StageScreen)
        return screen

    @property
    def forming(self) -> FormingApp:
        """The app, typed."""
        return self.stage.forming

    @property
    def session(self) -> Session:
        """The live session."""
        return self.stage.session

    @property
    def frozen(self) -> bool:
        """Whether the session on screen cannot be changed here (read-only or replayed)."""
        return self.stage.frozen

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        """Record a change to the session through the screen."""
        return self.stage.change(type_, data)

    def focus_item(self) -> tuple[str, Content] | None:
        """The highlighted item whole, for the room's focus view (see `StageScreen.focus_item`)."""
        return None
