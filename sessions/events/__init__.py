"""Events and the one pure reducer that turns a session and an event into the next session.

The reducer is a package by job; every rule stays pure (a session and an event in, the next
session out):

- `base`: the refusal (`EventError`), the kinds of item events change (`COLLECTIONS`,
  `SINGLETONS`), how items are found (`Lookup`), built and checked;
- `reducer`: which rule each event type goes to (`apply`), and `record`, `preview`, `fold`,
  `make_event`;
- `items`: adding, changing and moving an item of a collection;
- `removal`: removing one, and the cascade of what goes with it;
- `parts`: changing a part that exists once (`<part>.updated`);
- `stages`: moving between stages and logging time (`entering` builds the move);
- `room`: concerns revealed, votes cleared, and the room's private input (cards, dots, fist of
  five, heard marks);
- `state`: the events that carry a whole state, and comparing states (`same_state`).

The events themselves (`Event`) are part of the session model (`sessions.model`). Import from
`sessions.events`; names starting with `_` are private to the package (the few re-exported
below serve `sessions.folding`, which folds with the same rules, and the tests).
"""

from __future__ import annotations

from sessions.events.base import _REPLACING as _REPLACING
from sessions.events.base import (
    COLLECTIONS,
    NOT_UNDOABLE,
    SCAN,
    SINGLETONS,
    Collection,
    EventError,
    Lookup,
    now,
)
from sessions.events.base import _data_key as _data_key
from sessions.events.base import _get as _get
from sessions.events.base import _key_getter as _key_getter
from sessions.events.items import ADOPTED_BY_EDITING
from sessions.events.reducer import _SPECIAL as _SPECIAL
from sessions.events.reducer import _VERBS as _VERBS
from sessions.events.reducer import _changed as _changed
from sessions.events.reducer import _stamped as _stamped
from sessions.events.reducer import apply, fold, make_event, preview, record
from sessions.events.stages import entering
from sessions.events.state import _EMPTY as _EMPTY
from sessions.events.state import STATE_FIELDS, same_state, state_event_data

__all__ = [
    "ADOPTED_BY_EDITING",
    "COLLECTIONS",
    "NOT_UNDOABLE",
    "SCAN",
    "SINGLETONS",
    "STATE_FIELDS",
    "Collection",
    "EventError",
    "Lookup",
    "apply",
    "entering",
    "fold",
    "make_event",
    "now",
    "preview",
    "record",
    "same_state",
    "state_event_data",
]
