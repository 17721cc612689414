"""Stage 9, actions and close: a screen with one pane per part (see `screen`)."""

from tui.screens.wrapup.actions import action_fields
from tui.screens.wrapup.screen import WrapupScreen
from tui.screens.wrapup.vote import distribution

__all__ = ["WrapupScreen", "action_fields", "distribution"]
