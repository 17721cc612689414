"""Stage 7, the dev process: a screen with one pane per part (see `screen`)."""

from tui.screens.process.gates import NO_CHECKS, split_checks
from tui.screens.process.pipeline import NO_OWNER
from tui.screens.process.screen import ProcessScreen

__all__ = ["NO_CHECKS", "NO_OWNER", "ProcessScreen", "split_checks"]
