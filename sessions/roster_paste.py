"""Reading a roster pasted from a spreadsheet: one person a line, checked line by line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sessions.model import NAME_MAX
from sessions.text import clean_line

_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d+)?)\s*%?$")


@dataclass
class RosterLine:
    """One pasted line: the person it describes, or what is wrong with it."""

    number: int
    """The line's number in the pasted text, from 1."""
    text: str
    """The line as pasted (one line, cleaned)."""
    person: dict[str, Any] = field(default_factory=dict)
    """`name`, and `title`, `availability` and `squad` when given: a `person.added` event's data
    without its id. Empty when the line has a problem."""
    problem: str = ""
    """What is wrong with the line, in words the facilitator can act on; empty when fine."""


def _fields(line: str) -> list[str]:
    """Split a line on tabs (as a spreadsheet copies), else on commas, else semicolons."""
    for separator in ("\t", ",", ";"):
        if separator in line:
            return [clean_line(part) for part in line.split(separator)]
    return [clean_line(line)]


def _percent(value: str) -> int | None:
    """Read `50`, `50%` or `0.5` (a spreadsheet's percent cell) as a whole percentage."""
    found = _PERCENT.match(value.replace(" ", ""))
    if not found:
        return None
    number = float(found.group(1).replace(",", "."))
    if number <= 1 and "." in found.group(1).replace(",", ".") and "%" not in value:
        number *= 100
    return round(number)


def _is_heading(fields: list[str]) -> bool:
    """Whether a first line is a spreadsheet's column headings (`Name, Title, Time`)."""
    return bool(fields) and fields[0].casefold() in {"name", "person", "who", "full name"}


def parse_roster(
    text: str, *, on_team: Iterable[str] = (), name_max: int = NAME_MAX
) -> list[RosterLine]:
    """Read pasted lines of `name, job title, time (percent), squad`; blank lines are skipped.

    Only the name is needed. Each line is returned with the person it adds or its problem,
    so a preview can show both before anything changes. A name already `on_team`, or twice in
    the paste, is a problem: the room would not know which is which.
    """
    lines: list[RosterLine] = []
    seen: dict[str, int] = {}
    team = {name.casefold() for name in on_team}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        fields = _fields(raw)
        entry = RosterLine(number, clean_line(raw))
        if not lines and _is_heading(fields):
            continue
        name, title, time, squad = [*fields, "", "", "", ""][:4]
        if len(fields) > 4 and any(fields[4:]):
            entry.problem = "more than four columns: name, job title, time, squad"
        elif not name:
            entry.problem = "no name in the first column"
        elif too_long := [
            what
            for what, value in (("name", name), ("job title", title), ("squad", squad))
            if len(value) > name_max
        ]:
            entry.problem = f"the {too_long[0]} is longer than {name_max} characters"
        elif name.casefold() in team:
            entry.problem = f"{name} is already on the team"
        elif name.casefold() in seen:
            entry.problem = f"the same name as line {seen[name.casefold()]}"
        else:
            person: dict[str, Any] = {"name": name}
            if title:
                person["title"] = title
            if time:
                share = _percent(time)
                if share is None or not 1 <= share <= 100:
                    entry.problem = f"time “{time}” is not a percentage from 1 to 100"
                else:
                    person["availability"] = share
            if squad:
                person["squad"] = squad
            if not entry.problem:
                entry.person = person
                seen[name.casefold()] = number
        lines.append(entry)
    return lines
