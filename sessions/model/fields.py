"""What every part of the session is made of: the cleaned field types (`Id`, `Name`, `Text`,
...), the base model (`Record`), and numbered ids."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from sessions.limits import ID_PATTERN, NAME_MAX, TEXT_MAX
from sessions.text import clean_line, clean_text


def _line(value: Any) -> Any:
    return clean_line(value) if isinstance(value, str) else value


def _text(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def _utc(value: Any) -> Any:
    # A datetime written by hand without an offset is read as UTC rather than refused.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""An identifier: letters, digits, `_`, `.` and `-`, at most 64 characters."""

Name = Annotated[str, BeforeValidator(_line), StringConstraints(min_length=1, max_length=NAME_MAX)]
"""A short single-line name, cleaned, 1 to 80 characters."""

Label = Annotated[str, BeforeValidator(_line), StringConstraints(max_length=NAME_MAX)]
"""A short single-line label that may be empty."""

Text = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=TEXT_MAX)]
"""A text of 1 to 2,000 characters; line breaks kept."""

Blurb = Annotated[str, BeforeValidator(_text), StringConstraints(max_length=TEXT_MAX)]
"""A text that may be empty, up to 2,000 characters."""

Percent = Annotated[int, Field(ge=1, le=100)]
"""A whole percentage from 1 to 100."""

Moment = Annotated[datetime, BeforeValidator(_utc)]
"""A UTC date and time; one written without an offset is taken as UTC."""


class Record(BaseModel):
    """Base of every part of a session: immutable, strict, and keeping unknown keys."""

    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        strict=True,
        populate_by_name=True,
    )


_NUMBERED_ID = re.compile(r"^(?P<prefix>.*?)(?P<number>[0-9]+)$")


def numbered_id(item_id: str) -> tuple[str, int] | None:
    """Return the prefix and number of an id such as `p12` (`("p", 12)`), else `None`."""
    match = _NUMBERED_ID.match(item_id)
    return None if match is None else (match["prefix"], int(match["number"]))


def next_id(prefix: str, taken: Iterable[str]) -> str:
    """Return `prefix<n>` numbered after the highest `prefix<m>` in `taken`.

    Gaps are never filled, so an id freed by a removal is not handed to a newcomer. In a
    session, use `sessions.ids.new_id`, which also counts every id the timeline ever named.
    """
    highest = 0
    for item_id in taken:
        parts = numbered_id(item_id)
        if parts is not None and parts[0] == prefix and parts[1] > highest:
            highest = parts[1]
    return f"{prefix}{highest + 1}"
