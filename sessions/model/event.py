"""One change in the session's history (`Event`), its data cleaned as it is read."""

from __future__ import annotations

import sys
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from sessions.model.fields import Moment, Record
from sessions.text import clean_text

SHARED_MAX = 40
"""Strings in event data up to this length are shared between events (see `_clean_data`)."""


def _clean_data(value: Any) -> Any:
    """Clean every string inside an event's data, so nothing unsafe is stored in the timeline.

    Keys and short strings (ids, role names, choices) are interned: a long timeline repeats
    the same few hundred of them tens of thousands of times, each read as a string of its
    own (about 2 MiB for 10,000 events).
    """
    if isinstance(value, str):
        text = clean_text(value)
        return sys.intern(text) if len(text) <= SHARED_MAX else text
    if isinstance(value, dict):
        # TOML has no null: a value given as None is simply absent.
        return {
            sys.intern(key) if type(key) is str else key: _clean_data(item)
            for key, item in value.items()
            if item is not None
        }
    if isinstance(value, list):
        return [_clean_data(item) for item in value if item is not None]
    return value


class Event(Record):
    """One change in the session's history."""

    seq: Annotated[int, Field(ge=1)]
    """The event's position in the timeline, from 1."""
    at: Moment
    """When it happened (UTC)."""
    type: Annotated[
        str, AfterValidator(sys.intern), StringConstraints(pattern=r"^[a-z_]+\.[a-z_]+$")
    ]
    """What kind of change it was, such as `person.added`."""
    data: Annotated[dict[str, Any], BeforeValidator(_clean_data)] = {}
    """The change's details; text in it is cleaned like any other text."""
