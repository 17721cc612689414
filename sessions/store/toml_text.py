"""A session's TOML text, reusing the text of whatever did not change since the last save."""

from __future__ import annotations

import contextlib
import operator
import threading
from typing import Any

import tomli_w

from sessions.errors import SaveError
from sessions.events import STATE_FIELDS
from sessions.model import Session, dump_session
from sessions.store.reading import EVENTS_PER_SLICE

_NEVER_INLINE = {"x": "x" * 120}
"""A table too long for one line: an array holding it is written as `[[...]]` tables."""
_NEVER_INLINE_TAIL = "\n" + tomli_w.dumps({"timeline": [_NEVER_INLINE]})
_EVENT_HEADER = "[[timeline]]\n"


class _SavedText:
    """The TOML text of the parts of the session saved last, reused while they are unchanged.

    Sessions are immutable and a change copies only the branch it touches, so a top-level part
    or an event that is the very same object as at the last save has the same text. A save
    after one change then formats the parts that changed and the new events, not every event
    again. The result is exactly `tomli_w.dumps(dump_session(session))`, which tomli-w builds
    the same way: top-level values first, then tables in order, separated by blank lines.

    The text is kept as UTF-8 bytes, encoded once when it is formatted: a save writes the
    pieces as they are, and compares the file it replaces with the pieces it wrote last,
    rather than encoding and hashing the whole file each time.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parts: dict[str, tuple[Any, bytes]] = {}
        self._events: list[Any] = []
        self._chunks: list[bytes] = []
        self._first: tuple[Any, bool] | None = None
        """The first event seen, and whether a timeline holding it is written as tables."""

    def dumps(self, session: Session) -> str:
        """Return the session file's text, formatting only what changed since the last call."""
        try:
            return b"".join(self.pieces(session)).decode("utf-8")
        except UnicodeEncodeError:
            # Text no file can hold (a lone surrogate) is refused by a save, not here.
            return tomli_w.dumps(dump_session(session))

    def pieces(self, session: Session) -> tuple[bytes, ...]:
        """Return the session file's UTF-8 bytes in pieces, formatting only what changed.

        The pieces are the bytes of the parts and events kept from earlier saves, so a save
        writes them without joining or encoding a copy of the whole file. Raises
        `UnicodeEncodeError` for text that UTF-8 cannot hold.
        """
        if session.model_extra or not session.timeline:
            return (_utf8(tomli_w.dumps(dump_session(session))),)
        with self._lock:
            parts = [self._part(session, name) for name in STATE_FIELDS]
            chunks = self._timeline(session.timeline)
        if chunks is None:
            return (_utf8(tomli_w.dumps(dump_session(session))),)
        values = b"".join(part for part in parts if part and not part.startswith(b"["))
        tables = [part for part in parts if part.startswith(b"[")]
        # `values + "\\n" + "\\n".join(tables + events)`, where each event's bytes begin with
        # the blank line that parts it from what comes before (see `_timeline`).
        head = [values + (b"\n" if values else b"")]
        head += [tables[0], *(b"\n" + table for table in tables[1:])] if tables else []
        if not tables and chunks:
            return (*head, chunks[0][1:], *chunks[1:])
        return (*head, *chunks)

    def _part(self, session: Session, name: str) -> bytes:
        value = getattr(session, name)
        known = self._parts.get(name)
        if known is not None and known[0] is value:
            return known[1]
        data = session.model_dump(mode="python", by_alias=True, exclude_none=True, include={name})
        text = _utf8(tomli_w.dumps(data)) if data else b""
        self._parts[name] = (value, text)
        return text

    def _timeline(self, events: list[Any]) -> list[bytes] | None:
        """Return each event's `[[timeline]]` table, or `None` if they are not written as tables."""
        # tomli-w writes the timeline as one inline array only when every event fits on a
        # line; the first event of any timeline Forming makes holds a whole state, so never.
        if self._first is None or self._first[0] is not events[0]:
            self._first = (events[0], self._alone_is_table(events[0]))
        if not self._first[1]:
            return None
        same = list(map(operator.is_, self._events, events))
        keep = same.index(False) if False in same else len(same)
        new = events[keep:]
        fresh: list[bytes] = []
        for start in range(0, len(new), EVENTS_PER_SLICE):  # a slice at a time: less memory
            batch = new[start : start + EVENTS_PER_SLICE]
            dumped = [e.model_dump(mode="python", by_alias=True, exclude_none=True) for e in batch]
            text = tomli_w.dumps({"timeline": [*dumped, _NEVER_INLINE]})
            if not text.endswith(_NEVER_INLINE_TAIL) or not text.startswith(_EVENT_HEADER):
                return None
            pieces = text[len(_EVENT_HEADER) : -len(_NEVER_INLINE_TAIL)].split("\n" + _EVENT_HEADER)
            if len(pieces) != len(batch):
                return None
            fresh += [_utf8(f"\n{_EVENT_HEADER}{piece}") for piece in pieces]
        self._events = [*self._events[:keep], *new]
        self._chunks = [*self._chunks[:keep], *fresh]
        return self._chunks

    @staticmethod
    def _alone_is_table(event: Any) -> bool:
        """Whether a timeline of this one event is written as a table (not one inline line)."""
        data = event.model_dump(mode="python", by_alias=True, exclude_none=True)
        return tomli_w.dumps({"timeline": [data]}).startswith(_EVENT_HEADER)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", errors="strict")


_SAVED_TEXT = _SavedText()


def session_to_toml(session: Session) -> str:
    """Return the session file's text: the current state first and the timeline last.

    Formatting reuses the text of whatever did not change since the last session formatted,
    so autosaving a long session costs about as much as its latest change, not its history.
    """
    try:
        return _SAVED_TEXT.dumps(session)
    except (TypeError, ValueError, RecursionError) as error:
        raise SaveError(f"could not save: a value cannot be written as TOML ({error})") from None


def _session_pieces(session: Session) -> tuple[bytes, ...]:
    """`session_to_toml` in pieces of UTF-8 bytes, whose text joined is the same."""
    try:
        return _SAVED_TEXT.pieces(session)
    except UnicodeEncodeError:
        raise SaveError(
            "could not save: some text holds characters that cannot be stored"
        ) from None
    except (TypeError, ValueError, RecursionError) as error:
        raise SaveError(f"could not save: a value cannot be written as TOML ({error})") from None


def prepare_to_save(session: Session) -> None:
    """Format `session` once ahead of its first save, so that save formats only what changed.

    Meant for a worker thread right after a long session is opened; never raises.
    """
    with contextlib.suppress(Exception):
        # Its pieces, not the text: the whole file joined (and decoded) would be megabytes for
        # a moment, the highest the process's memory went when opening a long session.
        _SAVED_TEXT.pieces(session)
