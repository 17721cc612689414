"""Which screen shows each stage: the map from stage ids to screens, each imported only when
the room first reaches its stage.

Kept out of the base stage screen (`stage`), which every stage screen imports: the fallback
for a stage a custom pack adds is the discussion screen, a stage screen itself, so the base
knowing it made an import circle.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.screens.stage import StageScreen

STAGE_SCREENS: dict[str, str] = {
    "welcome": "tui.screens.welcome:WelcomeScreen",
    "roster": "tui.screens.roster:RosterScreen",
    "roles": "tui.screens.roles:RolesScreen",
    "responsibilities": "tui.screens.responsibilities:ResponsibilitiesScreen",
    "concerns": "tui.screens.concerns:ConcernsScreen",
    "needs": "tui.screens.needs:NeedsScreen",
    "process": "tui.screens.process:ProcessScreen",
    "rituals": "tui.screens.rituals:RitualsScreen",
    "wrapup": "tui.screens.wrapup:WrapupScreen",
    "changes": "tui.screens.checkin:ChangesScreen",
    "review": "tui.screens.review:ReviewScreen",
    "risks": "tui.screens.checkin:RisksScreen",
    "newcomers": "tui.screens.checkin:NewcomersScreen",
}
"""Each stage id's screen, imported only when the room reaches it."""


def _screen_class(stage_id: str) -> type[StageScreen]:
    """The screen class for `stage_id`; a stage a custom pack adds gets the discussion screen."""
    target = STAGE_SCREENS.get(stage_id)
    if target is not None:
        module_name, _, class_name = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            pass
        else:
            screen_class: type[StageScreen] = getattr(module, class_name)
            return screen_class
    from tui.screens.discussion import DiscussionScreen

    return DiscussionScreen


def screen_for_stage(stage_id: str) -> StageScreen:
    """Return a new screen for `stage_id`; a stage a custom pack adds gets a discussion screen."""
    from tui.screens.discussion import DiscussionScreen

    screen_class = _screen_class(stage_id)
    if screen_class is DiscussionScreen:
        return DiscussionScreen(stage_id)
    return screen_class()


def stage_stylesheets(stage_id: str) -> list[Path]:
    """The stylesheet files of the screen that shows `stage_id`, as Textual resolves them.

    The app reads them with its own when it starts on that stage: Textual reads a screen's
    files when it is first shown and, for a file the app has not read, parses every source
    again and restyles the app (docs/performance.md, Start-up).
    """
    screen_class = _screen_class(stage_id)
    paths = screen_class.CSS_PATH or []
    listed = [paths] if isinstance(paths, str | PurePath) else list(paths)
    beside = Path(inspect.getfile(screen_class)).parent
    return [(beside / path).resolve() for path in listed]
