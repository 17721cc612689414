"""A session file written by someone hostile: every HOSTILE string in every kind of text.

The file is made the way another program would write it, raw, so the strings reach Forming
exactly as listed (escape sequences, C0/C1 controls, bidi overrides) and the model has to clean
them on load. Only the lone surrogate is left out: TOML cannot hold it at all.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from sessions.events import now
from sessions.live import LiveSession
from sessions.model import Session, dump_session
from tests.conftest import HOSTILE

STORABLE = [text for text in HOSTILE if not any("\ud800" <= c <= "\udfff" for c in text)]
"""The hostile strings a TOML file can carry (no lone surrogates)."""

TEAM = "[bold]Team[/] \x1b]52;c;SGVsbG8=\x07 [@click=app.quit]q[/]"
"""A hostile team name, shown in the status bar on every stage."""


def _placeholder(kind: str, index: int) -> str:
    return f"HOSTILE-{kind}-{index:02d}"


def hostile_session(session: Session, *, stage: str = "welcome") -> tuple[Session, dict[str, str]]:
    """Return `session` with one item per hostile string in each kind of text, and the map.

    The texts are placeholders (`HOSTILE-person-03`); `hostile_document` swaps in the strings.
    """
    live = LiveSession(session)
    roles = [role.id for role in session.roles]
    swap: dict[str, str] = {TEAM_PLACEHOLDER: TEAM}
    for index, text in enumerate(STORABLE):
        name = text[:80]
        for kind in ("person", "title", "role", "summary", "concern", "park", "need", "goal"):
            swap[_placeholder(kind, index)] = name if kind in ("person", "role") else text
        live.change(
            "person.added",
            {
                "id": f"h{index}",
                "name": _placeholder("person", index),
                "title": _placeholder("title", index),
                "availability": 50,
            },
        )
        live.change(
            "role.added",
            {
                "id": f"hostile-{index}",
                "name": _placeholder("role", index),
                "summary": _placeholder("summary", index),
                "responsibilities": [_placeholder("summary", index)],
                "custom": True,
            },
        )
        live.change(
            "assignment.added", {"person": f"h{index}", "role": f"hostile-{index}", "share": 40}
        )
        live.change(
            "concern.added",
            {
                "id": f"hc{index}",
                "role": roles[index % len(roles)],
                "text": _placeholder("concern", index),
            },
        )
        live.change(
            "parking.added",
            {
                "id": f"hk{index}",
                "text": _placeholder("park", index),
                "stage": "welcome",
                "at": now(),
            },
        )
        live.change(
            "need.added",
            {
                "id": f"hn{index}",
                "provider": roles[index % len(roles)],
                "receiver": roles[(index + 1) % len(roles)],
                "artefact": _placeholder("need", index),
                "format": _placeholder("need", index),
                "when": _placeholder("need", index),
            },
        )
    for index, stage_record in enumerate(live.session.stages):
        live.change(
            "stage.updated", {"id": stage_record.id, "set": {"goal": _placeholder("goal", index)}}
        )
    live.change("session.updated", {"set": {"team": TEAM_PLACEHOLDER}})
    if stage != live.session.session.stage:
        live.change("stage.entered", {"stage": stage})
    return live.session, swap


TEAM_PLACEHOLDER = "HOSTILE-team"


def _swapped(value: Any, swap: dict[str, str]) -> Any:
    if isinstance(value, str):
        return swap.get(value, value)
    if isinstance(value, dict):
        return {key: _swapped(item, swap) for key, item in value.items()}
    if isinstance(value, list):
        return [_swapped(item, swap) for item in value]
    return value


def hostile_document(session: Session, *, stage: str = "welcome") -> str:
    """Return the TOML text of a session file holding every storable hostile string, raw."""
    placeheld, swap = hostile_session(session, stage=stage)
    return tomli_w.dumps(_swapped(dump_session(placeheld), swap))
