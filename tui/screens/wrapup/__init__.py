"""Stage 9, actions and close: a screen with one pane per part (see `screen`)."""

from tui.screens.wrapup.screen import WrapupScreen
from tui.screens.wrapup.vote import distribution

__all__ = ["WrapupScreen", "distribution"]
