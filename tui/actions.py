"""The one table of actions: where each key's action may run, and the sets built from it.

Every action bound anywhere in the app (the app's keys, the replay's and the room's, each
stage screen's own keys) and every action the command palette runs is listed here once,
tagged with what it does to the session. `check_action` on the app and on the stage screens,
and which commands the palette offers, are decided from this table; a test fails when a key
or a command runs an action the table does not know, so a new key is placed on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


def action_name(action: str) -> str:
    """Return an action string's name without its arguments: `show_part('gates')` -> `show_part`."""
    return action.partition("(")[0]


class Kind(Enum):
    """What an action does to the session, which decides where it may run."""

    EDITS = "edits"
    """Changes the session: off while it is opened read-only or replayed."""
    VIEW = "view"
    """Changes only what is shown (or writes the charter beside the file): works everywhere."""
    REPLAY = "replay"
    """Steps through a replay: only while replaying, and never while typing in a field."""
    COPY = "copy"
    """Saves the session as another file: read-only too, never in replay (which branches)."""


@dataclass(frozen=True)
class Rule:
    """Where one action may run."""

    kind: Kind
    needs_session: bool = False
    """Hidden and refused while no session is open (on the home screen)."""


_APP_EDITS = Rule(Kind.EDITS, needs_session=True)
_APP_VIEW = Rule(Kind.VIEW, needs_session=True)
_REPLAY = Rule(Kind.REPLAY)
_STAGE_EDITS = Rule(Kind.EDITS)
"""A stage screen's own key: a stage screen only exists while a session is open."""
_STAGE_VIEW = Rule(Kind.VIEW)

APP_ACTIONS: dict[str, Rule] = {
    # Anywhere, session or not.
    "help": Rule(Kind.VIEW),
    "quit": Rule(Kind.VIEW),
    "hold_palette_paging": Rule(Kind.VIEW),
    # Moving around and looking: read-only and in replay too.
    "next_stage": _APP_VIEW,
    "previous_stage": _APP_VIEW,
    "jump_stage": _APP_VIEW,
    "toggle_agenda": _APP_VIEW,
    "toggle_prompts": _APP_VIEW,
    "big_timer": _APP_VIEW,
    "focus_view": _APP_VIEW,
    "export": _APP_VIEW,
    # Changing the session.
    "park": _APP_EDITS,
    "undo": _APP_EDITS,
    "redo": _APP_EDITS,
    "timer_toggle": _APP_EDITS,
    "timer_plus": _APP_EDITS,
    "timer_minus": _APP_EDITS,
    "timer_reset": _APP_EDITS,
    "save": _APP_EDITS,
    "room": _APP_EDITS,
    "add_action": _APP_EDITS,
    "save_copy": Rule(Kind.COPY, needs_session=True),
    # The replay's keys.
    "replay_play": _REPLAY,
    "replay_step": _REPLAY,
    "replay_start": _REPLAY,
    "replay_end": _REPLAY,
    "replay_speed": _REPLAY,
    "replay_stage": _REPLAY,
    "replay_decision": _REPLAY,
    "replay_branch": _REPLAY,
}
"""The app's actions: its keys, the replay's, the room's and the palette's own commands."""

STAGE_ACTIONS: dict[str, Rule] = {
    # Looking: a part, a role, a filter, the charter beside the file.
    "cycle": _STAGE_VIEW,
    "filter": _STAGE_VIEW,
    "next_role": _STAGE_VIEW,
    "part": _STAGE_VIEW,
    "previous_role": _STAGE_VIEW,
    "show_part": _STAGE_VIEW,
    "toggle_coverage": _STAGE_VIEW,
    "toggle_view": _STAGE_VIEW,
    "write_charter": _STAGE_VIEW,
    # Changing the session.
    "add": _STAGE_EDITS,
    "add_action": _STAGE_EDITS,
    "add_check": _STAGE_EDITS,
    "add_goal": _STAGE_EDITS,
    "add_role": _STAGE_EDITS,
    "adopt": _STAGE_EDITS,
    "backlog": _STAGE_EDITS,
    "bump": _STAGE_EDITS,
    "clear_score": _STAGE_EDITS,
    "clear_votes": _STAGE_EDITS,
    "convert": _STAGE_EDITS,
    "decide_gap": _STAGE_EDITS,
    "decide_risk": _STAGE_EDITS,
    "drop": _STAGE_EDITS,
    "edit": _STAGE_EDITS,
    "edit_action": _STAGE_EDITS,
    "edit_details": _STAGE_EDITS,
    "edit_goal": _STAGE_EDITS,
    "heard": _STAGE_EDITS,
    "holders": _STAGE_EDITS,
    "move": _STAGE_EDITS,
    "paste": _STAGE_EDITS,
    "pick_score": _STAGE_EDITS,
    "remove": _STAGE_EDITS,
    "remove_action": _STAGE_EDITS,
    "remove_check": _STAGE_EDITS,
    "remove_goal": _STAGE_EDITS,
    "remove_role": _STAGE_EDITS,
    "reopen": _STAGE_EDITS,
    "reveal": _STAGE_EDITS,
    "review": _STAGE_EDITS,
    "set_share": _STAGE_EDITS,
    "silent": _STAGE_EDITS,
    "suggest": _STAGE_EDITS,
    "toggle_done": _STAGE_EDITS,
    "typical": _STAGE_EDITS,
    "unassign": _STAGE_EDITS,
    "vote": _STAGE_EDITS,
    "vote_settings": _STAGE_EDITS,
    "walkthrough": _STAGE_EDITS,
}
"""The stage screens' own actions (one name means one thing on every stage)."""


def _named(table: dict[str, Rule], *kinds: Kind) -> frozenset[str]:
    return frozenset(name for name, rule in table.items() if rule.kind in kinds)


SESSION_ACTIONS = frozenset(name for name, rule in APP_ACTIONS.items() if rule.needs_session)
"""App actions hidden and refused while no session is open."""
EDITING_ACTIONS = _named(APP_ACTIONS, Kind.EDITS)
"""App actions that would change the session: switched off while replaying or read-only."""
VIEWING_ACTIONS = _named(APP_ACTIONS, Kind.VIEW)
"""App actions that change only what is shown (or write the charter): they work everywhere."""
REPLAY_ACTIONS = _named(APP_ACTIONS, Kind.REPLAY)
"""App actions that only make sense while replaying."""
COPY_ACTIONS = _named(APP_ACTIONS, Kind.COPY)
"""App actions that save the session elsewhere: read-only too, never in replay."""
STAGE_EDITING_ACTIONS = _named(STAGE_ACTIONS, Kind.EDITS)
"""Stage screens' actions that change the session: hidden while it cannot be changed."""


def allowed(rule: Rule | None, *, session_open: bool, read_only: bool, replaying: bool) -> bool:
    """Whether an action with `rule` may run in this state (an unknown action: yes).

    Replay keys also need the stage on top and no field being typed in: the replay decides
    that itself (`ReplayKeys.work`).
    """
    if rule is None:
        return True
    if rule.needs_session and not session_open:
        return False
    if rule.kind is Kind.REPLAY:
        return replaying
    if rule.kind is Kind.COPY:
        return not replaying
    if rule.kind is Kind.EDITS:
        return not (read_only or replaying)
    return True
