"""The words of a diff's lines: how an item of either session is named in one.

Text people typed is kept as typed here (unescaped); `sessions.diff.render` makes it safe for
where it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sessions.model import Need, Session
from sessions.text import plural


def quoted(text: str | None) -> str:
    """Quote a text someone typed, or say there is none."""
    return f"“{text}”" if text else "none"


def was(what: str, old: Any, new: Any, show: Callable[[Any], str] = quoted) -> str | None:
    """`what “old” → “new”`, or `None` when the value did not change."""
    return None if old == new else f"{what} {show(old)} → {show(new)}"


def unless(same: bool, change: str) -> str | None:
    """Return `change` unless the two sides are the same (compared by id, told by name)."""
    return None if same else change


def joined(parts: Iterable[str | None]) -> str:
    """The parts that say something, joined by semicolons."""
    return "; ".join(part for part in parts if part)


def role_names(session: Session, role_ids: Iterable[str]) -> str:
    """The roles' names, or `nobody`."""
    return ", ".join(session.role_name(r) for r in role_ids) or "nobody"


def percent(value: int) -> str:
    """`50%`."""
    return f"{value}%"


def minutes(value: int) -> str:
    """`15 min`."""
    return f"{value} min"


def due(value: Any) -> str:
    """A due date, or `no date`."""
    return value.isoformat() if value is not None else "no date"


def who(session: Session, person_id: str | None) -> str:
    """A person's name, or `nobody`."""
    return session.person_name(person_id) if person_id else "nobody"


def owner(session: Session, role_id: str | None) -> str:
    """The owning role's name, or `no owner`."""
    return session.role_name(role_id) if role_id else "no owner"


def pair(session: Session, need: Need) -> str:
    """`Data scientist → ML engineer`: the roles a handoff goes between."""
    return f"{session.role_name(need.provider)} → {session.role_name(need.receiver)}"


def handoff(session: Session, need: Need) -> str:
    """The roles a handoff goes between and what is handed over."""
    return f"{pair(session, need)}: {need.artefact}"


def gate(session: Session, item: Any) -> str:
    """`Staging → Production`: the environments a gate stands between."""
    return f"{session.environment_name(item.from_)} → {session.environment_name(item.to)}"


def learning(session: Session, item: Any) -> str:
    """Who learns what, with whom."""
    with_whom = f" with {session.person_name(item.partner)}" if item.partner else ""
    return f"{session.person_name(item.learner)} learns {quoted(item.topic)}{with_whom}"


def person(session: Session, item: Any) -> str:
    """Return who someone is and the roles they hold, for a line about joining or leaving."""
    about = [item.title] if item.title else []
    if item.squad:
        about.append(f"squad {item.squad}")
    about.append(f"{item.availability}% on the team")
    holds = [f"{session.role_name(x.role)} {x.share}%" for x in session.assignments_of(item.id)]
    roles = f"; roles: {', '.join(holds)}" if holds else "; no role"
    return f"{item.name} ({', '.join(about)}{roles})"


def meeting(item: Any) -> str:
    """A meeting with when it happens and how long it lasts."""
    details = ", ".join(part for part in (item.cadence, f"{item.minutes} min") if part)
    return f"{item.name} ({details})"


def action(session: Session, item: Any) -> str:
    """An action with its owner and due date."""
    details = [f"owner {who(session, item.owner)}", f"due {due(item.due)}"]
    return f"{item.text} ({', '.join(details)})"


def parked(session: Session, item: Any) -> str:
    """A parked item and the stage it was parked from."""
    stage = session.stage(item.stage)
    return f"{item.text} (from {stage.title if stage else item.stage})"


def confidence(session: Session) -> str:
    """The confidence vote's average, or that there is none yet."""
    scores = session.revealed_scores()
    if not scores:
        return "no votes yet"
    return f"{sum(scores) / len(scores):.1f} of 5 from {plural(len(scores), 'vote')}"


def describe(session: Session) -> str:
    """Which session this is: its team and when it was saved."""
    saved = session.session.updated_at.strftime("%Y-%m-%d %H:%M UTC")
    return f"{session.session.team}, saved {saved}"
