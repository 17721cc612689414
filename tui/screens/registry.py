"""Which screen shows each stage: the map from stage ids to screens, each imported only when
the room first reaches its stage.

Kept out of the base stage screen (`stage`), which every stage screen imports: the fallback
for a stage a custom pack adds is the discussion screen, a stage screen itself, so the base
knowing it made an import circle.
"""

from __future__ import annotations

import importlib
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


def screen_for_stage(stage_id: str) -> StageScreen:
    """Return a new screen for `stage_id`; a stage a custom pack adds gets a discussion screen."""
    target = STAGE_SCREENS.get(stage_id)
    if target is None:
        from tui.screens.discussion import DiscussionScreen

        return DiscussionScreen(stage_id)
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        from tui.screens.discussion import DiscussionScreen

        return DiscussionScreen(stage_id)
    return getattr(module, class_name)()
