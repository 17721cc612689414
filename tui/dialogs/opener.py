"""What a helper that asks something for a stage needs of it: the session, a way to change it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App

    from sessions.model import Session


class Opener(Protocol):
    """A stage screen, or a pane of one, that opens a dialog and records what it answers.

    Typed by what it does rather than by the screen class, so dialogs never import screens.
    """

    @property
    def app(self) -> App[Any]:
        """The app that shows the dialog."""
        ...

    @property
    def session(self) -> Session:
        """The live session."""
        ...

    def change(self, type_: str, data: dict[str, Any]) -> bool:
        """Record a change to the session; return whether it was made."""
        ...

    def notify(self, message: str, *, markup: bool = True) -> None:
        """Tell the room something briefly."""
        ...
