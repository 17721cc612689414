"""Reading session files: the session, or its state before its history, every problem named."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import tomli
from pydantic import BaseModel, TypeAdapter, ValidationError

from content.locations import format_loc
from sessions.errors import Problem, SessionFileError
from sessions.limits import TEXT_MAX
from sessions.model import Event, Session, integrity_problems
from sessions.store.document import (
    _OTHER_HEADER,
    _TIMELINE_START,
    _UTF8_BOM,
    _UTF16_BOMS,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_STRING,
    _capped,
    _check_header,
    _decode,
    _load_document,
    _parse_toml,
    _read_bytes,
    _reason,
    _state_text,
    _structure_problem,
)

MAX_UNKNOWN = 10 * TEXT_MAX
"""The most characters the unknown keys of one part of a session (the file's top level, a
section, an item or an event) may hold. They are kept on every save, so they are bounded."""


def _validation_problems(error: ValidationError) -> list[Problem]:
    return [Problem(format_loc(e["loc"]), _reason(e)) for e in error.errors()]


MAX_UNKNOWN_DEPTH = 16
"""How deep unknown keys may nest. Forming carries a state's unknown keys into the timeline
(a `session.imported` event holds the state), a few levels deeper than they were; bounded
well under `MAX_DEPTH`, they still read back after that."""


def _carried(value: Any, budget: int) -> tuple[int, int]:
    """Return about how many characters `value` holds (counting no further than `budget`), and
    how deep it nests."""
    total = 0
    deepest = 0
    stack = [(value, 1)]
    while stack and total <= budget:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += sum(len(key) for key in item if isinstance(key, str))
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list | tuple):
            total += 1
            stack.extend((child, depth + 1) for child in item)
        else:
            total += 8  # a number, date or flag, about as long as it is written
    return total, deepest


def _extra_problem(extra: dict[str, Any], where: str) -> Problem | None:
    """Return the problem with one part's unknown keys, if they hold more than `MAX_UNKNOWN`
    characters or nest deeper than `MAX_UNKNOWN_DEPTH`."""
    size, depth = _carried(extra, MAX_UNKNOWN)
    if size <= MAX_UNKNOWN and depth <= MAX_UNKNOWN_DEPTH:
        return None
    keys = ", ".join(sorted(extra)[:3]) + (", …" if len(extra) > 3 else "")
    if size > MAX_UNKNOWN:
        return Problem(
            where,
            f"unknown keys ({keys}) hold more than {MAX_UNKNOWN:,} characters, more "
            "than Forming keeps: remove them",
        )
    return Problem(
        where,
        f"unknown keys ({keys}) nest more than {MAX_UNKNOWN_DEPTH} levels deep, "
        "more than Forming keeps: remove them",
    )


def _unknown_problems(session: Session) -> list[Problem]:
    """Return a problem for each part whose unknown keys hold more than `MAX_UNKNOWN`
    characters or nest deeper than `MAX_UNKNOWN_DEPTH`.

    Unknown keys are kept on every save, so what they may carry is bounded. The timeline's
    events hold no nested parts, so a long history costs one look per event.
    """
    problems: list[Problem] = []
    # Paths are made only for parts that have unknown keys: a session has thousands of parts.
    stack: list[tuple[BaseModel, tuple[Any, ...]]] = [(session, ())]
    while stack:
        part, where = stack.pop()
        if part.model_extra:
            problem = _extra_problem(part.model_extra, format_loc(where) or "the file's top level")
            if problem is not None:
                problems.append(problem)
        for name, value in part.__dict__.items():
            if type(value) is list:
                if value and isinstance(value[0], BaseModel) and name != "timeline":
                    stack.extend((item, (*where, name, i)) for i, item in enumerate(value))
            elif isinstance(value, BaseModel):
                stack.append((value, (*where, name)))
    for index, event in enumerate(session.timeline):
        if event.model_extra:
            problem = _extra_problem(event.model_extra, f"timeline[{index}]")
            if problem is not None:
                problems.append(problem)
    return problems


def _session_problems(session: Session) -> list[Problem]:
    """Everything wrong with a session whose fields each validated: references and extras."""
    problems = [Problem(where, reason) for where, reason in integrity_problems(session)]
    return problems + _unknown_problems(session)


_NESTED_TOO_DEEPLY = "the file is nested too deeply to read"
_NOT_FORESEEN = "the file could not be read"
"""The wording of the nets under every check: a file that reaches them met a mistake the
reader does not name (the property tests fail on them)."""


def parse_session(data: bytes | str, path: Path | None = None) -> Session:
    """Return the session in a file's content, or raise `SessionFileError` naming every problem.

    Nothing else escapes: oversized, binary, badly encoded, deeply nested, malformed, newer or
    inconsistent content is refused with the line and column or the field path of the problem.
    """
    try:
        document = _load_document(data)
        try:
            session = Session.model_validate(document)
        except ValidationError as error:
            raise SessionFileError(_capped(_validation_problems(error))) from None
        problems = _session_problems(session)
        if problems:
            raise SessionFileError(_capped(problems))
        return session
    except SessionFileError as error:
        error.path = error.path or (Path(path) if path is not None else None)
        raise
    except RecursionError:
        raise SessionFileError(_NESTED_TOO_DEEPLY, path) from None
    except Exception as error:  # the promise is a message, never a traceback
        raise SessionFileError(f"{_NOT_FORESEEN} ({error})", path) from None


def parse_state(data: bytes, path: Path | None = None) -> Session:
    """Return the current state in a file's content, its timeline left unread (empty).

    Forming writes the timeline last, so the state can be shown before the history, which
    grows to thousands of events, has been parsed. The state is checked exactly as by
    `parse_session`; the timeline is not checked at all, so the whole file must still be read
    with `parse_session` or `open_for_editing` before anything is saved. When the timeline is
    not last, or the short cut meets anything unusual, the whole file is read instead, so the
    result or the error is the one `parse_session` gives.
    """
    try:
        text = _decode(data)
        state = _state_text(text)
        if state is not text:
            session = Session.model_validate(_check_header(_parse_toml(state)))
            if not _session_problems(session):
                return session
    except Exception:  # the short cut met something unusual: the whole file tells what
        pass
    return parse_session(data, path)


EVENTS_PER_SLICE = 500
"""Timeline events parsed at a time by `parse_history`, so their TOML tables stay few."""

_TIMELINE_KEY = re.compile(rb"""^[ \t]*["']?timeline["']?[ \t]*[.=]""", re.MULTILINE)
# The document's patterns, for the file's bytes: the history is decoded a slice at a time.
_TIMELINE_START_BYTES = re.compile(_TIMELINE_START.pattern.encode(), re.MULTILINE)
_OTHER_HEADER_BYTES = re.compile(_OTHER_HEADER.pattern.encode())


def parse_history(data: bytes, state: Session, path: Path | None = None) -> Session:
    """Return the whole session in `data`, whose state `parse_state` already read as `state`.

    Only the timeline is parsed and checked here, a slice of events at a time, so a long
    history is never held twice (as TOML tables and as events) and the state is neither read
    nor checked again (`state` must be what `parse_state` gave for `data`). Whatever the short
    cut cannot take (a timeline that is not last, a problem anywhere) is read by
    `parse_session` instead, which gives the result or the message.
    """
    try:
        # The bytes, not the text: a decoded copy of the whole file would be megabytes more
        # while the history is read (`_decode` checks the whole file when anything fails).
        body = _readable_bytes(data)
        start = _TIMELINE_START_BYTES.search(body)
        if start is None or _OTHER_HEADER_BYTES.search(body, start.start()):
            raise ValueError("the timeline is not last")
        body[: start.start()].decode("utf-8")
        if not state.timeline and not _TIMELINE_KEY.search(body, 0, start.start()):
            events: list[Event] = []
            for piece in _timeline_slices(body, start.start()):
                events += _slice_events(piece)
            if _history_passes(events):
                return state.model_copy(update={"timeline": events})
    except Exception:  # the short cut met something unusual: the whole file tells what
        pass
    return parse_session(data, path)


def _slice_events(piece: str) -> list[Event]:
    """Return the events in one slice of the timeline's text; raise on anything unusual.

    A slice that `_plainly_bounded` cannot vouch for goes through the same scan as a whole
    file (`_parse_toml`) before the TOML parser sees it. None goes through the walk of every
    table and list for depth: that is left to `_history_passes`, on the events' data alone.
    """
    if not _plainly_bounded(piece) and _structure_problem(piece) is not None:
        raise ValueError("the scan refused the slice")
    document = tomli.loads(piece)
    if list(document) != ["timeline"]:
        raise ValueError("not a timeline")
    return _events_adapter().validate_python(document["timeline"])


def _tomli_bounds_nesting() -> bool:
    """Whether the installed tomli refuses inline arrays and tables nested past 400 levels,
    with a `RecursionError`, before its compiled parser overflows a worker thread's stack.

    tomli 2.5.0 is the first release whose every later release does (2.3.2 did, 2.4.0 and
    2.4.1 did not, allowing 1,000: see docs/reliability.md); pyproject.toml requires it, and
    this makes sure of it where an older tomli was installed regardless.
    """
    try:
        major, minor = (int(part) for part in tomli.__version__.split(".")[:2])
    except (AttributeError, ValueError):
        return False
    return (major, minor) >= (2, 5)


_TOMLI_BOUNDS_NESTING = _tomli_bounds_nesting()

_LINE_MAX = MAX_STRING // 2
"""The longest line of a slice that skips the scan: a string on it, written again by
Forming (which at most doubles its length by escaping), holds at most `MAX_STRING`
characters, and no key or value on it runs on past `MAX_STRING`."""


def _plainly_bounded(piece: str) -> bool:
    """Whether a slice of the timeline is safe for tomli without `_structure_problem`'s scan.

    The scan costs a step in Python for each string, bracket and dot: a quarter of reading
    the history. What it guards against can be ruled out by looking at lines alone, in C:
    over-long strings, keys and values (no line is longer than `_LINE_MAX`, and no string
    spans lines: no multi-line strings, which Forming never writes), and dotted keys and
    table headers of many parts, on which tomli takes quadratic time (no line holds
    `MAX_DEPTH` dots). Brackets and braces nested deeply are left to tomli, which refuses
    them past 400 levels (`_TOMLI_BOUNDS_NESTING`), and to `_history_passes`, which refuses
    them past `MAX_DEPTH`. A slice this look does not clear is scanned as before.
    """
    if not _TOMLI_BOUNDS_NESTING or '"""' in piece or "'''" in piece:
        return False
    for line in piece.split("\n"):
        if len(line) > _LINE_MAX or line.count(".") >= MAX_DEPTH:
            return False
    return True


_DATA_DEPTH = MAX_DEPTH - 3
"""How deep an event's `data` may nest in a file `_parse_toml` reads: above it are the
document, the timeline's list and the event's table."""


def _history_passes(events: list[Event]) -> bool:
    """Whether a timeline read by slices passes every check `parse_session` makes of it.

    The state's checks passed in `parse_state`; of `_session_problems`, only the timeline's
    own run here (the events in order, each event's unknown keys). Then the depth that
    `_parse_toml` checks of a whole document: an event's `seq`, `at` and `type` validated
    as plain values, and its unknown keys, bounded by `MAX_UNKNOWN_DEPTH`, nest far less, so
    only its `data` can go deeper than `MAX_DEPTH`. Its containers are walked a level at a
    time, without a path or a depth kept for each.
    """
    from sessions.integrity import timeline_problems

    if timeline_problems(events):
        return False
    for event in events:
        extra = event.model_extra
        if extra and _extra_problem(extra, "") is not None:
            return False
    level: list[Any] = [event.data for event in events]
    for _ in range(_DATA_DEPTH):
        level = [
            child
            for value in level
            for child in (value.values() if type(value) is dict else value)
            if type(child) is dict or type(child) is list
        ]
        if not level:
            return True
    return False  # containers below the deepest level a document may reach


@cache
def _events_adapter() -> TypeAdapter[list[Event]]:
    """Checks a slice's events in one call: about a fifth less than one call an event."""
    return TypeAdapter(list[Event])


def _readable_bytes(data: bytes) -> bytes:
    """`data` without a UTF-8 byte-order mark; `ValueError` where `_decode` would refuse it."""
    if len(data) > MAX_BYTES or data.startswith(_UTF16_BOMS) or b"\x00" in data:
        raise ValueError("not a file to read in slices")
    return data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data


def _timeline_slices(data: bytes, start: int) -> Iterator[str]:
    """Cut `data` from `start` into the text of `EVENTS_PER_SLICE` `[[timeline]]` tables each.

    One piece at a time: a copy of the whole timeline's text would be megabytes more.
    """
    starts = [match.start() for match in _TIMELINE_START_BYTES.finditer(data, start)]
    if not starts or starts[0] != start:
        raise ValueError("the timeline does not start with its first event")
    cuts = [*starts[::EVENTS_PER_SLICE], len(data)]
    for a, b in itertools.pairwise(cuts):
        yield data[a:b].decode("utf-8")


def read_session(path: Path | str) -> Session:
    """Return the session in the file at `path`, read-only; raise `SessionFileError` if it is bad.

    Never writes anything: `validate`, `export`, `replay`, `notes` and `diff` read through it.
    """
    path = Path(path)
    return parse_session(_read_bytes(path), path)


def read_state(path: Path | str) -> tuple[Session, bytes]:
    """Return the current state of the file at `path` (timeline unread) and the bytes read.

    For showing a session at once: pass the same bytes to `open_for_editing` afterwards, so
    the history checked is the history of the state shown. See `parse_state`.
    """
    path = Path(path)
    data = _read_bytes(path)
    return parse_state(data, path), data
