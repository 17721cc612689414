"""A session's TOML text, reusing the text of whatever did not change since the last save."""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
import operator
import threading
from array import array
from collections.abc import Iterable
from typing import Any, NamedTuple

import tomli_w
from pydantic import BaseModel

from sessions.errors import SaveError
from sessions.events import STATE_FIELDS
from sessions.model import Session, dump_session
from sessions.store.reading import EVENTS_PER_SLICE

_NEVER_INLINE = {"x": "x" * 120}
"""A table too long for one line: an array holding it is written as `[[...]]` tables."""
_NEVER_INLINE_TAIL = "\n" + tomli_w.dumps({"timeline": [_NEVER_INLINE]})
_EVENT_HEADER = "[[timeline]]\n"


_LISTED_ITEMS = 8
"""Lists of at least this many records are formatted a record at a time, reusing the others."""

_FEW_CHANGED = 8
"""At most this many records of a long list changed in place are formatted again alone; more
(a list reordered) are looked up by identity among all the records kept."""

SEGMENT_BYTES = 64 * 1024
"""About how many bytes of the timeline's text are kept joined in one piece (a segment).

A save writes and compares the segments as they are: a few hundred for a file at the size
limit rather than one piece per event, and none of them joined again. A change rebuilds only
the segment holding the first event it changed (the last one, as a timeline mostly grows at
its end), so a save copies at most this many bytes of text it already had. Below the size
from which the C allocator maps memory of its own (128 KiB), so segments come from the heap
like any small object and a save's passing copy leaves no mapping behind."""


class _ListText(NamedTuple):
    """The text of each record of a long list, as last saved."""

    items: list[Any]
    """The records (kept, so that no other object takes the identity of one of them)."""
    inline: bool
    """Whether the list is written inline (a record a line) or as `[[key]]` tables."""
    texts: tuple[bytes, ...]
    """Each record's line or table, in order."""
    wide: frozenset[int]
    """The identities of records known to be too long for a line (none when inline)."""
    unsure: bool
    """Whether other records may be too long for a line too (after a whole list was cut)."""


@functools.cache
def _table_tail(key: str) -> str:
    """The text a `[[key]]` list ends with when a table that is never inline comes last."""
    return "\n" + tomli_w.dumps({key: [_NEVER_INLINE]})


def _tables(tables: Iterable[bytes]) -> tuple[bytes, ...]:
    """The `[[key]]` tables of a list, a blank line between each two."""
    pieces: list[bytes] = []
    for table in tables:
        pieces += (b"\n", table)
    return tuple(pieces[1:])


def _dumped(item: BaseModel) -> dict[str, Any]:
    return item.model_dump(mode="python", by_alias=True, exclude_none=True)


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
        self._parts: dict[str, tuple[Any, tuple[bytes, ...]]] = {}
        self._lists: dict[str, _ListText] = {}
        """For each long list of records, the text of each record (see `_long_list`)."""
        self._events: list[Any] = []
        """The events whose text is kept, in order (the timeline saved last)."""
        self._ends = array("q")
        """Where each kept event's text ends, counted from the start of the first event's."""
        self._segments: list[bytes] = []
        """The kept events' text, joined a few tens of kilobytes at a time (`SEGMENT_BYTES`);
        each event's text begins with the blank line that parts it from what comes before."""
        self._segment_first: list[int] = []
        """The index of the first event of each segment."""
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
            if chunks is not None:
                # Under the lock: the kept list changes in place with the next session.
                return self._whole(parts, chunks)
        return (_utf8(tomli_w.dumps(dump_session(session))),)

    @staticmethod
    def _whole(parts: list[tuple[bytes, ...]], segments: list[bytes]) -> tuple[bytes, ...]:
        """`values + "\\n" + "\\n".join(tables + events)`, in pieces, where the events' text
        begins with the blank line that parts it from what comes before (`_timeline`)."""
        head = [piece for part in parts if part and not part[0].startswith(b"[") for piece in part]
        if head:
            head.append(b"\n")
        tables = [part for part in parts if part and part[0].startswith(b"[")]
        for index, part in enumerate(tables):
            if index:
                head.append(b"\n")
            head += part
        if not tables and segments:
            return (*head, segments[0][1:], *segments[1:])
        return (*head, *segments)

    def _part(self, session: Session, name: str) -> tuple[bytes, ...]:
        value = getattr(session, name)
        known = self._parts.get(name)
        if known is not None and known[0] is value:
            return known[1]
        pieces = None
        if isinstance(value, list) and len(value) >= _LISTED_ITEMS:
            pieces = self._long_list(name, value)
            if pieces is not None:
                # One piece: a save then handles a part at a time, not thousands of records
                # (the records' own texts stay in `_lists`, for the next change to reuse).
                pieces = (b"".join(pieces),)
        if pieces is None:
            self._lists.pop(name, None)
            data = session.model_dump(
                mode="python", by_alias=True, exclude_none=True, include={name}
            )
            pieces = (_utf8(tomli_w.dumps(data)),) if data else ()
        self._parts[name] = (value, pieces)
        return pieces

    def _long_list(self, name: str, items: list[Any]) -> tuple[bytes, ...] | None:
        """Return a long list of records as tomli-w writes it, formatting only new records.

        tomli-w writes the list inline (`key = [`, a record a line, `]`) when every record
        fits on a line, and as `[[key]]` tables as soon as one does not. Each record's text is
        kept by the record's identity, so a change to one record of a thousand formats that
        record only (a change to one person's share of a role in a large team used to format
        all 1,600 assignments). `None` when unsure.
        """
        key = Session.model_fields[name].alias or name
        kept = self._lists.get(name)
        if kept is not None and kept.inline and len(items) == len(kept.items):
            # The records kept are records; the few others are looked at there.
            in_place = self._changed_lines(key, kept, items)
            if in_place is not None:
                self._lists[name] = _ListText(items, True, in_place, frozenset(), False)
                return (f"{key} = [\n".encode(), *in_place, b"]\n")
        if not all(isinstance(item, BaseModel) for item in items):
            return None
        if kept is None:
            return self._whole_list(name, key, items)
        known = dict(zip(map(id, kept.items), kept.texts, strict=True))
        wide = set(kept.wide) & set(map(id, items))
        lines: dict[int, bytes] = {}
        for item in items:
            if id(item) in known or id(item) in lines:
                continue
            line = self._line(key, item)
            if line is None:
                wide.add(id(item))
            else:
                lines[id(item)] = line
        unsure = kept.unsure
        if not wide and unsure:
            # Formatted whole as tables the first time: which records were too long for a
            # line is not known. Look for one, and stop at the first.
            for item in items:
                if id(item) not in lines and self._line(key, item) is None:
                    wide.add(id(item))
                    break
            unsure = bool(wide)
        if kept.inline == bool(wide):
            # Every record changes form (rare: a record grew too long, or the only one that
            # was went): format them all again.
            del self._lists[name]
            return self._whole_list(name, key, items)
        if not wide:
            texts = [known.get(id(item)) or lines[id(item)] for item in items]
            self._lists[name] = _ListText(items, True, tuple(texts), frozenset(), False)
            return (f"{key} = [\n".encode(), *texts, b"]\n")
        # As tables: each record's `[[key]]` table, formatted beside one that is never inline
        # (so tomli-w writes a table even for a record that alone would fit on a line).
        header, tail = f"[[{key}]]\n", _table_tail(key)
        texts = []
        for item in items:
            table = known.get(id(item))
            if table is None:
                both = tomli_w.dumps({key: [_dumped(item), _NEVER_INLINE]})
                if not both.endswith(tail) or not both.startswith(header):
                    return None
                if f"\n{header}" in both[: -len(tail)]:
                    return None
                table = _utf8(both[: -len(tail)])
            texts.append(table)
        self._lists[name] = _ListText(items, False, tuple(texts), frozenset(wide), unsure)
        return _tables(texts)

    def _changed_lines(
        self, key: str, kept: _ListText, items: list[Any]
    ) -> tuple[bytes, ...] | None:
        """The lines of an inline list as long as the one kept, formatting only the records
        that are not the very ones in the same place (a change to one share: one record), or
        `None` when one no longer fits on a line or too many changed to look them up this way.

        Found in C, without a dictionary of the thousands of records kept."""
        changed = list(
            itertools.islice(
                itertools.compress(itertools.count(), map(operator.is_not, kept.items, items)),
                _FEW_CHANGED + 1,
            )
        )
        if len(changed) > _FEW_CHANGED:
            return None
        if not changed:
            return kept.texts
        lines = list(kept.texts)
        for index in changed:
            if not isinstance(items[index], BaseModel):
                return None
            line = self._line(key, items[index])
            if line is None:
                return None
            lines[index] = line
        return tuple(lines)

    def _whole_list(self, name: str, key: str, items: list[Any]) -> tuple[bytes, ...] | None:
        """Format a long list in one call (a third of the time of one call a record) and cut
        it into its records' lines or tables."""
        whole = tomli_w.dumps({key: [_dumped(item) for item in items]})
        head, header = f"{key} = [\n", f"[[{key}]]\n"
        if whole.startswith(head) and whole.endswith(",\n]\n"):
            rows = whole[len(head) : -len("]\n")].split("\n")[:-1]
            if len(rows) != len(items):
                return None
            lines = tuple(_utf8(f"{row}\n") for row in rows)
            self._lists[name] = _ListText(items, True, lines, frozenset(), False)
            return (_utf8(head), *lines, b"]\n")
        if not whole.startswith(header):
            return None
        bodies = whole[len(header) :].split(f"\n{header}")
        if len(bodies) != len(items):
            return None
        tables = tuple(_utf8(header + body) for body in bodies)
        self._lists[name] = _ListText(items, False, tables, frozenset(), True)
        return _tables(tables)

    @staticmethod
    def _line(key: str, item: BaseModel) -> bytes | None:
        """The record as a line of an inline list, or `None` when it is too long for one."""
        start, end = f"{key} = [\n    ", ",\n]\n"
        alone = tomli_w.dumps({key: [_dumped(item)]})
        if alone.startswith(start) and alone.endswith(end):
            return _utf8(f"    {alone[len(start) : -len(end)]},\n")
        return None

    def _timeline(self, events: list[Any]) -> list[bytes] | None:
        """Return the timeline's `[[timeline]]` tables as segments of text (`SEGMENT_BYTES`),
        or `None` if they are not written as tables."""
        # tomli-w writes the timeline as one inline array only when every event fits on a
        # line; the first event of any timeline Forming makes holds a whole state, so never.
        if self._first is None or self._first[0] is not events[0]:
            self._first = (events[0], self._alone_is_table(events[0]))
        if not self._first[1]:
            return None
        # The first event that is not the one saved there, found without a list of 10,000
        # flags; the kept text is then cut there and extended, a segment copied at most.
        differ = itertools.compress(itertools.count(), map(operator.is_not, self._events, events))
        keep = next(differ, min(len(self._events), len(events)))
        pending = self._cut(keep)
        first = self._segment_first.pop() if pending else keep
        if pending:
            del self._segments[-1]
        size = sum(map(len, pending))
        end = self._ends[-1] if self._ends else 0
        new = events[keep:]
        try:
            for start in range(0, len(new), EVENTS_PER_SLICE):  # a slice at a time: less memory
                batch = new[start : start + EVENTS_PER_SLICE]
                fresh = self._tables(batch)
                if fresh is None:
                    return None
                for event, text in zip(batch, fresh, strict=True):
                    self._events.append(event)
                    end += len(text)
                    self._ends.append(end)
                    pending.append(text)
                    size += len(text)
                    if size >= SEGMENT_BYTES:
                        self._close(pending, first)
                        pending, size, first = [], 0, len(self._events)
        finally:
            # Also when an event cannot be written: the text kept stays that of the events kept.
            if pending:
                self._close(pending, first)
        return self._segments

    def _cut(self, keep: int) -> list[bytes]:
        """Keep the text of the first `keep` events only; return the kept text of the last
        segment, which the next events are added to (empty when that segment is full).

        That segment stays the last one in `_segments` (replaced by `_close`)."""
        del self._events[keep:], self._ends[keep:]
        if not keep:
            self._segments.clear()
            self._segment_first.clear()
            return []
        last = bisect.bisect_right(self._segment_first, keep - 1) - 1
        del self._segments[last + 1 :], self._segment_first[last + 1 :]
        segment = self._segments[last]
        first = self._segment_first[last]
        start = self._ends[first - 1] if first else 0
        length = self._ends[keep - 1] - start
        if length == len(segment) and length >= SEGMENT_BYTES:
            return []
        return [segment[:length]]

    def _close(self, pending: list[bytes], first: int) -> None:
        self._segments.append(b"".join(pending))
        self._segment_first.append(first)

    @staticmethod
    def _tables(batch: list[Any]) -> list[bytes] | None:
        """Each event's `[[timeline]]` table, after the blank line that parts it from what
        comes before, or `None` when tomli-w does not write them as tables."""
        dumped = [e.model_dump(mode="python", by_alias=True, exclude_none=True) for e in batch]
        text = tomli_w.dumps({"timeline": [*dumped, _NEVER_INLINE]})
        if not text.endswith(_NEVER_INLINE_TAIL) or not text.startswith(_EVENT_HEADER):
            return None
        pieces = text[len(_EVENT_HEADER) : -len(_NEVER_INLINE_TAIL)].split("\n" + _EVENT_HEADER)
        if len(pieces) != len(batch):
            return None
        return [_utf8(f"\n{_EVENT_HEADER}{piece}") for piece in pieces]

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
