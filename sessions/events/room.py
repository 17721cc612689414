"""Concerns revealed and votes cleared, and the room taking part: private input (silent cards,
dots, fist of five, heard marks), attributed to a person, revealed by the facilitator."""

from __future__ import annotations

from typing import Any, cast

from sessions.events.base import EventError, _build, _set
from sessions.events.items import _added, _find
from sessions.model import ACTIVITIES, Activity, Ballot, Concern, Confidence, Session


def _concerns_revealed(session: Session, data: dict[str, Any]) -> Session:
    role = data.get("role")
    concerns = [
        c.model_copy(update={"masked": None}) if c.masked and role in (None, c.role) else c
        for c in session.concerns
    ]
    return session.model_copy(update={"concerns": concerns})


def _votes_cleared(session: Session, data: dict[str, Any]) -> Session:
    role = data.get("role")
    concerns = [
        c.model_copy(update={"votes": 0}) if c.votes and role in (None, c.role) else c
        for c in session.concerns
    ]
    return session.model_copy(update={"concerns": concerns})


# -- the room taking part: private input, attributed, revealed by the facilitator ---------------


def _person_of(session: Session, data: dict[str, Any]) -> str:
    person = data.get("person")
    if not isinstance(person, str) or session.person(person) is None:
        raise EventError(f"person: no person with id {person!r}")
    return person


def _via(data: dict[str, Any]) -> dict[str, Any]:
    via = data.get("via")
    if via not in (None, "room"):
        raise EventError('`via` must be "room" or absent')
    return {"via": via} if via else {}


def _open_activity(session: Session, kind: str) -> Activity:
    activity = session.activity
    if activity is None or activity.kind != kind:
        names = {"writing": "Silent writing", "dots": "The dot vote", "fist": "Fist of five"}
        raise EventError(f"{names.get(kind, kind)} is not open")
    return activity


def _activity_opened(session: Session, data: dict[str, Any]) -> Session:
    """Open one activity for the room's private input (it replaces any other open one)."""
    kind = data.get("kind")
    if kind not in ACTIVITIES:
        raise EventError(f"kind must be one of {', '.join(ACTIVITIES)}")
    activity = _build(Activity, {"kind": kind, "roles": data.get("roles", [])})
    for role in activity.roles:
        if session.role(role) is None:
            raise EventError(f"roles: no role with id {role!r}")
    return session.model_copy(update={"activity": activity})


def _activity_closed(session: Session, data: dict[str, Any]) -> Session:
    """Close the open activity: nothing more is taken in, and nothing is revealed."""
    return session.model_copy(update={"activity": None})


def _activity_revealed(session: Session, data: dict[str, Any]) -> Session:
    """Show what the room gave privately for one activity, and close it if it is open.

    Silent writing unmasks the hidden cards (of the opened roles); the dot vote counts each
    person's dots into the concerns' votes (once: counted ballots are marked revealed); fist
    of five unmasks the scores.
    """
    kind = data.get("kind")
    if kind not in ACTIVITIES:
        raise EventError(f"kind must be one of {', '.join(ACTIVITIES)}")
    update: dict[str, Any] = {}
    if kind == "writing":
        roles = session.activity.roles if session.activity and session.activity.kind == kind else []
        update["concerns"] = [
            c.model_copy(update={"masked": None})
            if c.masked and (not roles or c.role in roles)
            else c
            for c in session.concerns
        ]
    elif kind == "dots":
        counted: dict[str, int] = {}
        for ballot in session.ballots:
            if not ballot.revealed:
                counted[ballot.concern] = counted.get(ballot.concern, 0) + ballot.dots
        update["concerns"] = [
            c.model_copy(update={"votes": c.votes + counted[c.id]}) if c.id in counted else c
            for c in session.concerns
        ]
        update["ballots"] = [
            b if b.revealed else b.model_copy(update={"revealed": True}) for b in session.ballots
        ]
    elif kind == "fist":
        update["confidence"] = [
            v.model_copy(update={"masked": None}) if v.masked else v for v in session.confidence
        ]
    if session.activity is not None and session.activity.kind == kind:
        update["activity"] = None
    return session.model_copy(update=update)


def _concern_written(session: Session, data: dict[str, Any]) -> Session:
    """A silent card: a concern by a person, masked until the writing is revealed."""
    activity = _open_activity(session, "writing")
    author = _person_of(session, data)
    role = data.get("role")
    if activity.roles and role not in activity.roles:
        raise EventError(f"role: cards for {role!r} are not open")
    fields = {
        "id": data.get("id"),
        "role": role,
        "text": data.get("text"),
        "origin": "team",
        "author": author,
        "masked": True,
        **_via(data),
    }
    return _added(session, "concern", {k: v for k, v in fields.items() if v is not None})


def _dots_given(session: Session, data: dict[str, Any]) -> Session:
    """A person's whole dot ballot, `dots = {concern id: n}`; it replaces their earlier one.

    The budget and the cap per concern are the session's settings, per person; a ballot
    can be changed until the vote is revealed or closed.
    """
    _open_activity(session, "dots")
    person = _person_of(session, data)
    dots = data.get("dots")
    if not isinstance(dots, dict):
        raise EventError("`dots` must be a table of concern id to a number of dots")
    settings = session.settings
    known = {c.id for c in session.concerns if not c.masked}
    placed: list[Ballot] = []
    for concern, count in dots.items():
        if concern not in known:
            raise EventError(f"dots: no concern with id {concern!r} to vote on")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise EventError("dots: each number of dots must be a whole number, 0 or more")
        if count > settings.vote_cap:
            raise EventError(f"at most {settings.vote_cap} dots on one concern")
        if count:
            placed.append(
                _build(Ballot, {"person": person, "concern": concern, "dots": count, **_via(data)})
            )
    total = sum(b.dots for b in placed)
    if total > settings.vote_budget:
        raise EventError(f"{total} dots is more than the budget of {settings.vote_budget}")
    kept = [b for b in session.ballots if b.revealed or b.person != person]
    return session.model_copy(update={"ballots": [*kept, *placed]})


def _fist_given(session: Session, data: dict[str, Any]) -> Session:
    """A person's fist-of-five score, hidden until revealed; it replaces their earlier one."""
    _open_activity(session, "fist")
    person = _person_of(session, data)
    vote = _build(
        Confidence, {"person": person, "score": data.get("score"), "masked": True, **_via(data)}
    )
    kept = [v for v in session.confidence if v.person != person]
    return session.model_copy(update={"confidence": [*kept, vote]})


def _concern_heard(session: Session, data: dict[str, Any]) -> Session:
    """A role says it heard another role's concern (from the room: the person's own role)."""
    items, index = _find(session, "concern", {"id": data.get("concern")})
    concern = cast(Concern, items[index])
    role = data.get("role")
    if not isinstance(role, str) or session.role(role) is None:
        raise EventError(f"role: no role with id {role!r}")
    if role == concern.role:
        raise EventError("a role hears other roles' concerns, not its own")
    if concern.masked:
        raise EventError("that concern is still hidden")
    if data.get("person") is not None:
        _person_of(session, data)
    if role in concern.heard_by:
        return session
    heard = concern.model_copy(update={"heard_by": [*concern.heard_by, role]})
    return _set(session, ("concerns",), [*items[:index], heard, *items[index + 1 :]])
