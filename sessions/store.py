"""Reading, checking, saving and locking session files: no work lost, bad files named."""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import itertools
import operator
import os
import re
import secrets
import shutil
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli
import tomli_w
from pydantic import BaseModel, ConfigDict, ValidationError

from sessions.errors import (
    FileChanged,
    FolderInTheWay,
    NotWrittenByForming,
    Problem,
    SaveError,
    SessionFileError,
    SessionInUse,
    SessionTooLarge,
    WriteRefused,
)
from sessions.events import (
    STATE_FIELDS,
    make_event,
    record,
    same_state,
    state_event_data,
)
from sessions.folder import sessions_folder as sessions_folder
from sessions.folding import fold
from sessions.model import (
    FORMAT,
    SCHEMA,
    TEXT_MAX,
    Event,
    Person,
    Session,
    SessionInfo,
    Stage,
    dump_session,
    integrity_problems,
)
from sessions.text import shorten, slugify

MAX_BYTES = 16 * 1024 * 1024
"""The largest session file Forming reads or writes (16 MB); see docs/reliability.md.

A full day of 1,000 changes each carrying a 2,000-character text is 3 MB (10 MB if every
character were an emoji), and the benchmark's 10,000-event stress session 2.2 MB. Saves
refuse to write past it, so Forming never writes a file it would then refuse to open.
"""

MAX_STRING = 10 * TEXT_MAX
"""The longest string a session file may hold, in characters as written (quotes and escapes
included): ten times the longest text a field takes, so every text Forming writes fits. A
longer one is refused before it is parsed: a megabyte string costs the parser hundreds of MB."""

MAX_UNKNOWN = 10 * TEXT_MAX
"""The most characters the unknown keys of one part of a session (the file's top level, a
section, an item or an event) may hold. They are kept on every save, so they are bounded."""

MAX_DEPTH = 64
"""The deepest nesting of tables, arrays and dotted keys accepted; real files stay under 12."""

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Upgrades of older files: `MIGRATIONS[n]` turns a schema-`n` document into schema `n + 1`.

Schema 1 is the first schema, so the chain is empty today. When schema 2 arrives, add
`MIGRATIONS[1] = _schema_1_to_2`, a function taking and returning the plain TOML document (it
need not set `schema`; the loader does). Files are read through the whole chain, oldest first,
and always written in the current schema.
"""

REPLACE_RETRY_S = 2.0
"""How long a save keeps retrying a replace that a virus scanner or sync client blocks."""

STRAY_AGE_S = 60.0
"""Temp files younger than this may belong to a save in progress in another window."""

_MAX_PROBLEMS = 30
_TEMP_RANDOM = 16
_STRAY_TEMP = re.compile(rf"^\..+\.tmp-[0-9a-f]{{{_TEMP_RANDOM}}}$")
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
}
_RETRY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EBUSY}
_RETRY_WINERRORS = {5, 32, 33}  # access denied, sharing violation, lock violation


# -- locating problems -----------------------------------------------------------------------


def _line_column(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    return f"line {line}, column {column}"


def _byte_line_column(data: bytes, pos: int) -> str:
    line = data.count(b"\n", 0, pos) + 1
    start = data.rfind(b"\n", 0, pos) + 1
    # Count characters, not bytes, so the column matches what an editor shows.
    column = len(data[start:pos].decode("utf-8", errors="replace")) + 1
    return f"line {line}, column {column}"


def _field_path(loc: Iterable[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _reason(error: dict[str, Any]) -> str:
    """Return pydantic's message, reworded where it would show Python words to a facilitator."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "missing"
    if kind == "string_pattern_mismatch":
        if error["loc"] and error["loc"][-1] == "type":
            return 'not a valid event type (such as "person.added")'
        return (
            "not a valid id (letters, digits, '_', '.' and '-', starting with a letter or "
            "digit, at most 64 characters)"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "should be a table"
    if kind in ("list_type", "tuple_type"):
        return "should be a list"
    if kind in ("too_short", "string_too_short") and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind in ("too_long", "string_too_long") and "max_length" in ctx:
        return f"is too long (at most {ctx['max_length']})"
    return str(error["msg"])


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= _MAX_PROBLEMS:
        return problems
    more = len(problems) - _MAX_PROBLEMS
    return [*problems[:_MAX_PROBLEMS], Problem("", f"and {more} more problems")]


# -- from bytes to a TOML document -----------------------------------------------------------

# What matters for nesting, found with one search each: whole strings (skipped, and measured),
# the opening quotes of unterminated ones (skipped alone, as the parser stops there anyway),
# comments, brackets, braces and the dots of dotted keys. The characters that end a dotted key
# (newline, `=` and `,`) are looked for only between a dot and the next match, so the many
# lines of a session cost one search each. Strings are matched a run of plain characters at a
# time, and without going back: a pattern repeating once per character keeps state for every
# character, which made a 4 MB string cost 560 MB here. "Without going back" is a lookahead
# (atomic in Python's `re`) whose match is then taken by a backreference, not a possessive
# quantifier: CPython 3.11 before 3.11.4 or so (Debian 12's 3.11.2 among them) gets possessive
# repeats of alternatives wrong, and skipped no string at all.
_ML_BASIC = r'"""(?=(?P<mlb>(?:[^"\\]+|\\[\s\S]|"(?!""))*))(?P=mlb)""""{0,2}'
_ML_LITERAL = r"'''[\s\S]*?'''(?:'{0,2})"
_BASIC = r'"(?=(?P<bas>(?:[^"\\\n]+|\\.)*))(?P=bas)"'
_LITERAL = r"'(?=(?P<lit>[^'\n]*))(?P=lit)'"
_SCAN = re.compile(f"{_ML_BASIC}|{_ML_LITERAL}|\"\"\"|'''|{_BASIC}|{_LITERAL}|[\"'#\\[\\]{{}}.]")
_KEY_END = re.compile(r"[\n=,]")
# Only where a run of non-blank characters starts, so each character is looked at once or twice.
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{MAX_STRING + 1}}}")


def _written_length(token: str) -> int:
    """Return how long the string `token` is, or would be once Forming writes it again.

    Forming writes every string as a basic string, escaping backslashes, quotes, tabs and
    line breaks, so a literal or multi-line string can come out up to twice as long. Measuring
    that here keeps the promise both ways: whatever is read can be written and read again.
    """
    if len(token) > MAX_STRING:
        return len(token)
    try:
        value = tomli.loads(f"v = {token}")["v"]
    except (tomli.TOMLDecodeError, KeyError, ValueError):
        return len(token)  # not a whole string: the parser names the mistake
    return max(len(token), len(tomli_w.dumps({"v": value})) - len("v = \n"))


def _structure_problem(text: str) -> Problem | None:
    """Return where nesting first goes deeper than `MAX_DEPTH`, or a string is over-long.

    The TOML parser recurses once per `[` or `{` and takes quadratic time on long dotted
    keys, so a few KB of crafted text could exhaust the stack or the CPU; a string longer than
    `MAX_STRING` is refused before any structure is built from it. This scan is linear.
    """
    depth = 0
    dots = 0
    pos = 0
    search = _SCAN.search
    while True:
        match = search(text, pos)
        start = len(text) if match is None else match.start()
        if start - pos > MAX_STRING:
            # Bare keys, numbers and dates lie between the matches; the parser's own pattern
            # for numbers keeps state per digit, so a long run is refused here as well.
            word = _LONG_WORD.search(text, pos, start)
            if word is not None:
                return Problem(
                    _line_column(text, word.start()),
                    f"a key or value runs on for more than {MAX_STRING:,} characters, which "
                    "no session file holds, so this is not a file Forming wrote",
                )
        if match is None:
            return None
        if dots and _KEY_END.search(text, pos, start):
            dots = 0  # the dotted key ended between the last dot and this match
        pos = match.end()
        token = text[start]
        if token in "\"'":
            length = pos - start
            if length > MAX_STRING // 2:
                length = _written_length(text[start:pos])
            if length > MAX_STRING:
                return Problem(
                    _line_column(text, start),
                    f"a text is {length:,} characters long as written; a session file "
                    f"holds texts of at most {MAX_STRING:,}, so this is not a file Forming wrote",
                )
            continue  # a string, or the quotes that open one that never ends
        if token == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
            continue
        if token == ".":
            dots += 1
            if dots >= MAX_DEPTH:
                return Problem(
                    _line_column(text, start), f"a dotted key has more than {MAX_DEPTH} parts"
                )
            continue
        dots = 0
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    _line_column(text, start),
                    f"tables or lists are nested more than {MAX_DEPTH} levels deep",
                )
        else:
            depth = max(depth - 1, 0)


def _too_deep(document: dict[str, Any]) -> bool:
    """Return whether the parsed document nests deeper than `MAX_DEPTH`, without recursing."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _decode(data: bytes) -> str:
    """Return the file's text, refusing what is not UTF-8 TOML with a reason a person can act on."""
    if len(data) > MAX_BYTES:
        raise SessionFileError(_too_large(len(data)))
    if data.startswith(_UTF16_BOMS):
        raise SessionFileError(
            "the file is saved as UTF-16 text; session files are UTF-8 (save it again as UTF-8)"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SessionFileError(
            Problem(
                _byte_line_column(data, nul),
                "the file holds NUL bytes, so it is not a text file: it may be damaged, "
                "saved as UTF-16, or not a session file at all",
            )
        )
    if data.startswith(_UTF8_BOM):
        # Windows Notepad adds a byte-order mark; TOML does not allow one, but it is harmless.
        data = data[len(_UTF8_BOM) :]
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        if error.end == len(data) and error.reason == "unexpected end of data":
            # The first bytes of a character, then nothing: the file was cut, not mis-encoded.
            raise SessionFileError(
                Problem(
                    _byte_line_column(data, error.start),
                    "the file ends too early, in the middle of a character: it was cut off "
                    "(a copy or a save that did not finish); its .bak may be whole",
                )
            ) from None
        bad = data[error.start : error.start + 1].hex()
        raise SessionFileError(
            Problem(
                _byte_line_column(data, error.start),
                f"the file is not UTF-8 text (byte 0x{bad} cannot be read); it may be damaged, "
                "or saved in another encoding: save it again as UTF-8",
            )
        ) from None


def _too_large(size: int) -> str:
    return (
        f"the file is too large ({size:,} bytes; the limit is {MAX_BYTES // 1024 // 1024} MB), "
        "so it is not a session file Forming wrote (Forming never saves one that large)"
    )


def _parse_toml(text: str) -> dict[str, Any]:
    """Return the TOML document in `text`, or raise with the line and column of the mistake."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise SessionFileError("the file is empty")
    problem = _structure_problem(text)
    if problem is not None:
        raise SessionFileError(problem)
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = str(error)
        at = _AT_LINE.search(message)
        if at:
            where = f"line {at[1]}, column {at[2]}"
            reason = message[: at.start()]
        elif _AT_END.search(message):
            where = _line_column(text, len(text))
            reason = _AT_END.sub("", message) + " (the file ends too early)"
        else:
            where, reason = "", message
        raise SessionFileError(Problem(where, reason or "not valid TOML")) from None
    except RecursionError:
        raise SessionFileError(
            f"tables or lists are nested too deeply (over {MAX_DEPTH})"
        ) from None
    except (UnicodeDecodeError, ValueError, TypeError) as error:
        raise SessionFileError(f"not valid TOML: {error}") from None
    if _too_deep(document):
        raise SessionFileError(f"tables or lists are nested more than {MAX_DEPTH} levels deep")
    if not document:
        raise SessionFileError("the file holds no session: only comments or blank lines")
    return document


def _shown(value: Any) -> str:
    """Return a value as TOML writes it (`true`, `"1"`), shortened, for a message."""
    try:
        shown = tomli_w.dumps({"v": value})[4:].strip()
    except (TypeError, ValueError):
        shown = repr(value)
    return shorten(shown, 40)


def _check_header(document: dict[str, Any]) -> dict[str, Any]:
    """Check `format` and `schema`, and bring an older file up to the current schema."""
    if "format" not in document:
        raise SessionFileError(
            Problem(
                "format",
                "missing, so this is not a Forming session file "
                f'(it would say format = "{FORMAT}")',
            )
        )
    if document["format"] != FORMAT:
        raise SessionFileError(
            Problem(
                "format",
                f"this is not a Forming session file (format is {_shown(document['format'])}, "
                f'not "{FORMAT}")',
            )
        )
    if "schema" not in document:
        raise SessionFileError(
            Problem(
                "schema",
                f"missing (a session file says which schema it follows, such as schema = {SCHEMA})",
            )
        )
    schema = document["schema"]
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise SessionFileError(
            Problem("schema", f"must be a whole number such as {SCHEMA}, found {_shown(schema)}")
        )
    if schema > SCHEMA:
        raise SessionFileError(
            Problem(
                "schema",
                f"written by a newer Forming (schema {schema}); this version reads "
                f"schema {SCHEMA}: update Forming to open it",
            )
        )
    if schema < SCHEMA and schema not in MIGRATIONS:
        raise SessionFileError(
            Problem(
                "schema", f"{schema} is not a schema Forming knows; this version reads {SCHEMA}"
            )
        )
    while schema < SCHEMA:
        try:
            document = MIGRATIONS[schema](document)
        except Exception as error:  # a migration meets files written by hand; name its failure
            raise SessionFileError(
                Problem("schema", f"could not upgrade it from schema {schema}: {error}")
            ) from None
        schema += 1
        document["schema"] = schema
    return document


def _load_document(data: bytes | str) -> dict[str, Any]:
    """Return the checked, current-schema TOML document of a session file's content."""
    if isinstance(data, str):
        # A character is at least one byte, so a long text is too large without encoding it.
        if len(data) > MAX_BYTES:
            raise SessionFileError(_too_large(len(data)))
        try:
            data = data.encode("utf-8", errors="strict")
        except UnicodeEncodeError as error:
            raise SessionFileError(
                Problem(
                    _line_column(error.object, error.start),
                    "the text holds characters that are not valid Unicode",
                )
            ) from None
    return _check_header(_parse_toml(_decode(data)))


def _validation_problems(error: ValidationError) -> list[Problem]:
    return [Problem(_field_path(e["loc"]), _reason(e)) for e in error.errors()]


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


def _unknown_problems(session: Session) -> list[Problem]:
    """Return a problem for each part whose unknown keys hold more than `MAX_UNKNOWN`
    characters or nest deeper than `MAX_UNKNOWN_DEPTH`.

    Unknown keys are kept on every save, so what they may carry is bounded. The timeline's
    events hold no nested parts, so a long history costs one look per event.
    """
    problems: list[Problem] = []

    def check(extra: dict[str, Any] | None, where: str) -> None:
        if not extra:
            return
        size, depth = _carried(extra, MAX_UNKNOWN)
        keys = ", ".join(sorted(extra)[:3]) + (", …" if len(extra) > 3 else "")
        if size > MAX_UNKNOWN:
            problems.append(
                Problem(
                    where,
                    f"unknown keys ({keys}) hold more than {MAX_UNKNOWN:,} characters, more "
                    "than Forming keeps: remove them",
                )
            )
        elif depth > MAX_UNKNOWN_DEPTH:
            problems.append(
                Problem(
                    where,
                    f"unknown keys ({keys}) nest more than {MAX_UNKNOWN_DEPTH} levels deep, "
                    "more than Forming keeps: remove them",
                )
            )

    # Paths are made only for parts that have unknown keys: a session has thousands of parts.
    stack: list[tuple[BaseModel, tuple[Any, ...]]] = [(session, ())]
    while stack:
        part, where = stack.pop()
        if part.__pydantic_extra__:
            check(part.__pydantic_extra__, _field_path(where) or "the file's top level")
        for name, value in part.__dict__.items():
            if type(value) is list:
                if value and isinstance(value[0], BaseModel) and name != "timeline":
                    stack.extend((item, (*where, name, i)) for i, item in enumerate(value))
            elif isinstance(value, BaseModel):
                stack.append((value, (*where, name)))
    for index, event in enumerate(session.timeline):
        if event.__pydantic_extra__:
            check(event.__pydantic_extra__, f"timeline[{index}]")
    return problems


def _session_problems(session: Session) -> list[Problem]:
    """Everything wrong with a session whose fields each validated: references and extras."""
    problems = [Problem(where, reason) for where, reason in integrity_problems(session)]
    return problems + _unknown_problems(session)


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
        raise SessionFileError("the file is nested too deeply to read", path) from None
    except Exception as error:  # the promise is a message, never a traceback
        raise SessionFileError(f"the file could not be read ({error})", path) from None


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

_TIMELINE_KEY = re.compile(r"""^[ \t]*["']?timeline["']?[ \t]*[.=]""", re.MULTILINE)


def parse_history(data: bytes, state: Session, path: Path | None = None) -> Session:
    """Return the whole session in `data`, whose state `parse_state` already read as `state`.

    Only the timeline is parsed and checked here, a slice of events at a time, so a long
    history is never held twice (as TOML tables and as events) and the state is not read
    again. Whatever the short cut cannot take (a timeline that is not last, a problem
    anywhere) is read by `parse_session` instead, which gives the result or the message.
    """
    try:
        text = _decode(data)
        head = _state_text(text)
        if head is not text and not state.timeline and not _TIMELINE_KEY.search(head):
            events: list[Event] = []
            for piece in _timeline_slices(text, len(head)):
                document = _parse_toml(piece)
                if list(document) != ["timeline"]:
                    raise ValueError("not a timeline")
                events += _shared_bookkeeping(
                    [Event.model_validate(item) for item in document["timeline"]]
                )
                del document
            session = state.model_copy(update={"timeline": events})
            if not _session_problems(session):
                return session
    except Exception:  # the short cut met something unusual: the whole file tells what
        pass
    return parse_session(data, path)


_NO_EXTRA: dict[str, Any] = {}


def _shared_bookkeeping(events: list[Event]) -> list[Event]:
    """Let events share pydantic's record of which fields were given, and their empty extras.

    Each record keeps a set of the fields it was given and a dict of unknown keys: 10,000
    events hold 10,000 equal sets and empty dicts (2.6 MiB). Records are frozen, and pydantic
    copies both before changing them (`model_copy`, `copy`), so equal ones can be one object.
    """
    sets: dict[frozenset[str], set[str]] = {}
    for event in events:
        given = event.__pydantic_fields_set__
        shared = sets.setdefault(frozenset(given), given)
        if shared is not given:
            object.__setattr__(event, "__pydantic_fields_set__", shared)
        if event.__pydantic_extra__ == {}:
            object.__setattr__(event, "__pydantic_extra__", _NO_EXTRA)
    return events


def _timeline_slices(text: str, start: int) -> Iterator[str]:
    """Cut `text` from `start` into pieces of `EVENTS_PER_SLICE` `[[timeline]]` tables.

    One piece at a time: a copy of the whole timeline's text would be megabytes more.
    """
    starts = [match.start() for match in _TIMELINE_START.finditer(text, start)]
    if not starts or starts[0] != start:
        raise ValueError("the timeline does not start with its first event")
    cuts = [*starts[::EVENTS_PER_SLICE], len(text)]
    for a, b in itertools.pairwise(cuts):
        yield text[a:b]


# -- reading files ---------------------------------------------------------------------------


def _open_reason(error: OSError, path: Path) -> str:
    folder = path.parent
    if isinstance(error, FileNotFoundError):
        if not folder.is_dir():
            return f"the folder {folder} does not exist"
        return f"there is no such file in {folder}"
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a session file"
    if isinstance(error, PermissionError):
        if path.is_dir():
            return "this is a folder, not a session file"
        return "no permission to read this file"
    if error.errno == errno.ELOOP:
        return "the file is a link that loops back on itself"
    return f"the file could not be opened: {error.strerror or error}"


def _read_bytes(path: Path) -> bytes:
    """Return up to `MAX_BYTES + 1` bytes of a regular file, refusing folders, pipes and devices."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        # O_NONBLOCK so that opening a FIFO returns at once instead of waiting for a writer.
        fd = os.open(path, flags)
    except OSError as error:
        raise SessionFileError(_open_reason(error, path), path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SessionFileError("this is a folder, not a session file", path)
        if not stat.S_ISREG(info.st_mode):
            raise SessionFileError(
                "this is not a regular file (it is a device, pipe or socket), so it is not read",
                path,
            )
        if info.st_size > MAX_BYTES:
            raise SessionFileError(_too_large(info.st_size), path)
        chunks: list[bytes] = []
        left = MAX_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise SessionFileError(
            f"the file could not be read: {error.strerror or error}", path
        ) from None
    finally:
        os.close(fd)


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


# -- saving files ----------------------------------------------------------------------------

_NEVER_INLINE = {"x": "x" * 120}
"""A table too long for one line: an array holding it is written as `[[...]]` tables."""
_NEVER_INLINE_TAIL = "\n" + tomli_w.dumps({"timeline": [_NEVER_INLINE]})
_EVENT_HEADER = "[[timeline]]\n"
_LISTED_ITEMS = 8
"""Lists of at least this many items are formatted an item at a time, reusing unchanged ones."""


class _ItemText:
    """The text of one record of a long list: its inline line, and its table once needed."""

    __slots__ = ("item", "line", "table")

    def __init__(self, item: Any, line: str | None) -> None:
        self.item = item
        """The record (kept, so its identity cannot be taken by another)."""
        self.line = line
        """The record as one line of an inline list, or `None` when it does not fit."""
        self.table: str | None = None
        """The record as a `[[key]]` table, formatted when the list is written as tables."""


@functools.cache
def _table_tail(key: str) -> str:
    """The text a `[[key]]` list ends with when a table that is never inline comes last."""
    return "\n" + tomli_w.dumps({key: [_NEVER_INLINE]})


def _dumped(item: BaseModel) -> dict[str, Any]:
    return item.model_dump(mode="python", by_alias=True, exclude_none=True)


class _SavedText:
    """The TOML text of the parts of the session saved last, reused while they are unchanged.

    Sessions are immutable and a change copies only the branch it touches, so a top-level part
    or an event that is the very same object as at the last save has the same text. A save
    after one change then formats the parts that changed and the new events, not every event
    again. The result is exactly `tomli_w.dumps(dump_session(session))`, which tomli-w builds
    the same way: top-level values first, then tables in order, separated by blank lines.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parts: dict[str, tuple[Any, str]] = {}
        self._items: dict[str, dict[int, _ItemText]] = {}
        """For each long list of records, the text of each item, by the item's identity."""
        self._events: list[Any] = []
        self._chunks: list[str] = []
        self._first: tuple[Any, bool] | None = None
        """The first event seen, and whether a timeline holding it is written as tables."""

    def dumps(self, session: Session) -> str:
        """Return the session file's text, formatting only what changed since the last call."""
        return "".join(self.pieces(session))

    def pieces(self, session: Session) -> Iterator[str]:
        """Return the session file's text in pieces, formatting only what changed.

        The pieces are the text of the parts and events kept from earlier saves, so a save
        can write them without first joining a copy of the whole file.
        """
        if session.model_extra or not session.timeline:
            return iter([tomli_w.dumps(dump_session(session))])
        with self._lock:
            parts = [self._part(session, name) for name in STATE_FIELDS]
            chunks = self._timeline(session.timeline)
        if chunks is None:
            return iter([tomli_w.dumps(dump_session(session))])
        values = "".join(part for part in parts if part and not part.startswith("["))
        tables = [part for part in parts if part.startswith("[")]
        return self._joined(values + ("\n" if values else ""), [*tables, *chunks])

    @staticmethod
    def _joined(head: str, texts: list[str]) -> Iterator[str]:
        """`head + "\\n".join(texts)`, a piece at a time."""
        yield head
        for index, text in enumerate(texts):
            if index:
                yield "\n"
            yield text

    def _part(self, session: Session, name: str) -> str:
        value = getattr(session, name)
        known = self._parts.get(name)
        if known is not None and known[0] is value:
            return known[1]
        text = None
        if isinstance(value, list) and len(value) >= _LISTED_ITEMS:
            text = self._inline_list(name, value)
        if text is None:
            data = session.model_dump(
                mode="python", by_alias=True, exclude_none=True, include={name}
            )
            text = tomli_w.dumps(data) if data else ""
        self._parts[name] = (value, text)
        return text

    def _inline_list(self, name: str, items: list[Any]) -> str | None:
        """Return a long list of records as tomli-w writes it, formatting only new items.

        tomli-w writes the list inline (`key = [ {...}, ]`, an item a line) when every item
        fits on a line, and as `[[key]]` tables as soon as one does not. Each item's line, and
        its table once needed, is kept by the item's identity, so a change to one record of a
        thousand formats that record only, in either form. `None` when unsure.
        """
        key = Session.model_fields[name].alias or name
        start, end = f"{key} = [\n    ", ",\n]\n"
        known = self._items.get(name, {})
        kept: dict[int, _ItemText] = {}
        inline = True
        for item in items:
            text = known.get(id(item))
            if text is None or text.item is not item:
                if not isinstance(item, BaseModel):
                    return None
                alone = tomli_w.dumps({key: [_dumped(item)]})
                line = None
                if alone.startswith(start) and alone.endswith(end):
                    line = alone[len(start) : -len(end)]
                text = _ItemText(item, line)
            kept[id(item)] = text
            inline = inline and text.line is not None
        self._items[name] = kept
        if inline:
            body = "".join(f"    {kept[id(item)].line},\n" for item in items)
            return f"{key} = [\n{body}]\n"
        # As tables: each item's `[[key]]` table, written beside one that is never inline
        # (so tomli-w writes tables even for an item that alone would fit on a line).
        header, tail = f"[[{key}]]\n", _table_tail(key)
        tables = []
        for item in items:
            text = kept[id(item)]
            if text.table is None:
                both = tomli_w.dumps({key: [_dumped(item), _NEVER_INLINE]})
                if not both.endswith(tail) or not both.startswith(header):
                    return None
                text.table = both[: -len(tail)]
                if f"\n{header}" in text.table:
                    return None
            tables.append(text.table)
        return "\n".join(tables)

    def _timeline(self, events: list[Any]) -> list[str] | None:
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
        fresh: list[str] = []
        for start in range(0, len(new), EVENTS_PER_SLICE):  # a slice at a time: less memory
            batch = new[start : start + EVENTS_PER_SLICE]
            dumped = [e.model_dump(mode="python", by_alias=True, exclude_none=True) for e in batch]
            text = tomli_w.dumps({"timeline": [*dumped, _NEVER_INLINE]})
            if not text.endswith(_NEVER_INLINE_TAIL) or not text.startswith(_EVENT_HEADER):
                return None
            pieces = text[: -len(_NEVER_INLINE_TAIL)].split("\n" + _EVENT_HEADER)
            if len(pieces) != len(batch):
                return None
            fresh += pieces[:1] + [_EVENT_HEADER + piece for piece in pieces[1:]]
        self._events = [*self._events[:keep], *new]
        self._chunks = [*self._chunks[:keep], *fresh]
        return self._chunks

    @staticmethod
    def _alone_is_table(event: Any) -> bool:
        """Whether a timeline of this one event is written as a table (not one inline line)."""
        data = event.model_dump(mode="python", by_alias=True, exclude_none=True)
        return tomli_w.dumps({"timeline": [data]}).startswith(_EVENT_HEADER)


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


def _session_pieces(session: Session) -> Iterator[str]:
    """`session_to_toml` in pieces, whose text joined is the same."""
    try:
        return _SAVED_TEXT.pieces(session)
    except (TypeError, ValueError, RecursionError) as error:
        raise SaveError(f"could not save: a value cannot be written as TOML ({error})") from None


WRITE_BATCH = 256 * 1024
"""Characters encoded and written at a time by a save."""


def _encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """The UTF-8 bytes of the joined `pieces`, about `WRITE_BATCH` characters at a time."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= WRITE_BATCH:
            yield "".join(batch).encode("utf-8", errors="strict")
            batch, size = [], 0
    if batch:
        yield "".join(batch).encode("utf-8", errors="strict")


def prepare_to_save(session: Session) -> None:
    """Format `session` once ahead of its first save, so that save formats only what changed.

    Meant for a worker thread right after a long session is opened; never raises.
    """
    with contextlib.suppress(Exception):
        _SAVED_TEXT.dumps(session)


def _os_trouble(error: OSError, folder: Path) -> str:
    """Return what went wrong writing in `folder`, in a facilitator's words."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if code == errno.EROFS:
        return f"the folder {folder} is on a read-only disk"
    if code in (errno.EACCES, errno.EPERM) or isinstance(error, PermissionError):
        return f"no permission to write in {folder}"
    if code == errno.ENOENT:
        if folder.is_dir():
            return f"a file being saved in {folder} was removed by another program"
        return f"the folder {folder} no longer exists"
    if code == errno.EISDIR:
        return "a folder has the session file's name"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.EIO:
        return "the disk reported an input/output error"
    return error.strerror or str(error)


def _save_reason(error: OSError, folder: Path) -> str:
    return (
        f"could not save: {_os_trouble(error, folder)}. The last saved version is unchanged; "
        "save your work to another folder or disk"
    )


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{secrets.token_hex(_TEMP_RANDOM // 2)}")


def _digest() -> Any:
    return hashlib.blake2b(digest_size=16)


def _write_new(
    path: Path, data: Iterable[bytes], mode: int | None, *, limit: int | None = None
) -> tuple[os.stat_result, str]:
    """Write the `data` chunks to a new file at `path`, force it to disk; return its stat and hash.

    With `limit`, stops with `SessionTooLarge` as soon as more than `limit` bytes would be
    written (the caller removes the partial file).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)
    digest = _digest()
    written = 0
    try:
        if mode is not None:
            # Keep the permissions the person gave the file they are replacing.
            with contextlib.suppress(OSError):
                os.chmod(fd if os.chmod in os.supports_fd else path, mode)
        for chunk in data:
            written += len(chunk)
            if limit is not None and written > limit:
                raise SessionTooLarge(
                    f"not saved: the session has grown past {limit // 1024 // 1024} MB, the "
                    "largest session file Forming writes (or reads), so it was not written; "
                    "the last saved version is unchanged and still opens"
                )
            digest.update(chunk)
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
        return os.fstat(fd), digest.hexdigest()
    finally:
        os.close(fd)


def _file_digest(path: Path) -> str | None:
    """Return the hash of the file's content, or `None` when it cannot be read."""
    digest = _digest()
    try:
        with open(path, "rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _place_new(temp: Path, target: Path) -> None:
    """Give the finished `temp` the name `target`, refusing if anything has that name now.

    A hard link cannot replace anything, so no file, folder or link that appeared at `target`
    is ever overwritten or written through; where links are not supported, the name is
    checked just before an ordinary rename.
    """
    try:
        os.link(temp, target)
    except FileExistsError:
        raise WriteRefused(
            "something with this name appeared while it was being written, so it was "
            "left as it is: choose another name",
            target,
        ) from None
    except OSError:
        if os.path.lexists(target):
            raise WriteRefused(
                "something with this name appeared while it was being written, so it was "
                "left as it is: choose another name",
                target,
            ) from None
        _replace(temp, target)
        return
    _remove_quietly(temp)


def _replace(source: Path, target: Path) -> None:
    """`os.replace`, retried for up to `REPLACE_RETRY_S` while another program holds the file."""
    deadline = time.monotonic() + REPLACE_RETRY_S
    delay = 0.01
    while True:
        try:
            os.replace(source, target)
            return
        except OSError as error:
            transient = (
                isinstance(error, PermissionError)
                or error.errno in _RETRY_ERRNOS
                or getattr(error, "winerror", None) in _RETRY_WINERRORS
            )
            if not transient or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _back_up(path: Path) -> str:
    """Make `NAME.toml.bak` a complete copy of the current file, atomically.

    Returns `""`, or why the backup could not be kept. The save goes on either way: it is
    atomic without the backup, and refusing it would leave the room's work unsaved.
    """
    backup = path.with_name(path.name + ".bak")
    temp = _temp_name(backup)
    try:
        _copy_to_backup(path, temp, backup)
    except OSError as error:
        if os.path.isdir(backup):
            reason = "a folder has that name"
        else:
            reason = _os_trouble(error, path.parent)
        return (
            f"the session was saved, but its previous version could not be kept as "
            f"{backup.name} ({reason})"
        )
    finally:
        # Renaming a link onto a name of the same file does nothing and leaves the temp behind.
        _remove_quietly(temp)
    return ""


def _copy_to_backup(path: Path, temp: Path, backup: Path) -> None:
    try:
        # A hard link is instant and shares the old file's bytes, which are never written
        # again: the save replaces the name `path`, not the file's content.
        os.link(path, temp)
    except OSError:
        with open(path, "rb") as source, open(temp, "xb") as copy:
            shutil.copyfileobj(source, copy)
            copy.flush()
            os.fsync(copy.fileno())
    _replace(temp, backup)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on every platform."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FileStamp:
    """How a session file looked on disk when Forming last read or saved it."""

    device: int
    """The device the file is on."""
    inode: int
    """The file's inode: a save by rename, ours or another program's, makes a new one."""
    size: int
    """The file's size in bytes."""
    modified_ns: int
    """When the file's content last changed, in nanoseconds."""
    digest: str | None = field(default=None, compare=False)
    """A hash of the content Forming wrote, when this stamp comes from a save.

    Another program can edit the file in place and set its size and time back; the hash
    still tells, so a save compares it before replacing the file."""
    note: str = field(default="", compare=False)
    """What the facilitator should know about the save that made this stamp, or `""` (such
    as a backup that could not be kept while the session itself was saved)."""


def _stamp(info: os.stat_result, digest: str | None = None, note: str = "") -> FileStamp:
    return FileStamp(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, digest, note)


def file_stamp(path: Path | str) -> FileStamp | None:
    """Return how the file at `path` looks now, or `None` when it cannot be seen."""
    try:
        return _stamp(os.stat(path))
    except (OSError, ValueError):
        return None


def save_session(
    session: Session,
    path: Path | str,
    *,
    expected: FileStamp | None = None,
    new: bool = False,
) -> FileStamp:
    """Save `session` to `path` atomically, keeping the previous version as `NAME.toml.bak`.

    The whole file is written to a temp file beside it and forced to disk, then renamed over
    the old one, so a crash at any moment leaves either the old or the new file, complete.
    Raises `SaveError` with the reason; the previous file is then left exactly as it was.
    A session that would be larger than `MAX_BYTES` is not written (`SessionTooLarge`), so
    every file Forming writes, it reads. A folder at `path` is never replaced
    (`FolderInTheWay`). With `expected` (the stamp the last save returned), a file that another
    program has replaced or edited since is not overwritten: `FileChanged` is raised instead,
    also when its size and time were set back (the content's hash tells). A file that was
    deleted is simply written again. With `new`, the file must not exist yet: anything at
    `path` (a file, a link) is left alone and `WriteRefused` raised. Returns the stamp of the
    file written, whose `note` says when the backup could not be kept.
    """
    path = Path(path)
    try:
        if path.is_symlink() and not new:
            # Save through a link to the file it points at, rather than replacing the link.
            path = path.resolve()
    except (OSError, RuntimeError) as error:
        raise SaveError(f"could not save: {error}", path) from None
    folder = path.parent
    try:
        # Written a batch at a time: the whole text and its bytes would be two copies of the
        # file in memory at once (megabytes for a long session) on every autosave.
        data = _encoded(_session_pieces(session))
    except SaveError as error:
        error.path = path
        raise
    temp = _temp_name(path)
    note = ""
    try:
        try:
            current = os.lstat(path) if new else os.stat(path)
        except FileNotFoundError:
            current = None
        if new and current is not None:
            raise WriteRefused("there is already a file with this name, so it was left as it is")
        if current is not None and stat.S_ISDIR(current.st_mode):
            raise FolderInTheWay(
                "could not save: there is now a folder with the session file's name, and a "
                "save never replaces a folder (ctrl+s cannot either); the session was not "
                "written there"
            )
        if expected is not None and current is not None:
            changed = _stamp(current) != expected
            if not changed and expected.digest is not None:
                changed = _file_digest(path) not in (None, expected.digest)
            if changed:
                raise FileChanged(path)
        replacing = current is not None and stat.S_ISREG(current.st_mode)
        mode = stat.S_IMODE(current.st_mode) if replacing and current is not None else None
        written, digest = _write_new(temp, data, mode, limit=MAX_BYTES)
        if replacing:
            note = _back_up(path)
        if new:
            _place_new(temp, path)
        else:
            _replace(temp, path)
    except SessionFileError as error:
        _remove_quietly(temp)
        error.path = error.path or path
        raise
    except OSError as error:
        _remove_quietly(temp)
        raise SaveError(_save_reason(error, folder), path) from None
    except UnicodeEncodeError:
        _remove_quietly(temp)
        raise SaveError(
            "could not save: some text holds characters that cannot be stored", path
        ) from None
    except BaseException:
        _remove_quietly(temp)
        raise
    _fsync_folder(folder)
    return _stamp(written, digest, note)


GENERATED_MARK = "Written by Forming"
"""Words every file Forming generates holds (the charter's footer, a comment in a picture):
an existing file holding them is Forming's own, and may be written again without asking."""


def _written_by_forming(path: Path, mark: str = GENERATED_MARK) -> bool:
    """Return whether the regular file at `path` holds `mark`; never follows a link."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        with os.fdopen(os.dup(fd), "rb") as file:
            return mark.encode() in file.read(MAX_BYTES)
    except OSError:
        return False
    finally:
        os.close(fd)


def write_generated(
    path: Path | str, text: str, *, overwrite: bool = False, mark: str = GENERATED_MARK
) -> Path:
    """Write a file Forming generates (a charter, a picture) at `path`, safely; return the path.

    The text goes to a temp file beside the target, is forced to disk and renamed into place,
    so a reader never sees half a file. Nothing is ever written through a link: a link at
    `path` is refused (`WriteRefused`), and one planted while writing is replaced, its target
    untouched. A folder or device there is refused too. An existing file that does not hold
    `mark` (`GENERATED_MARK`, or what a format that cannot carry those words always holds)
    belongs to someone else: it is replaced only with `overwrite`, else `NotWrittenByForming`
    is raised so the caller can ask. Other failures raise `SaveError`.
    """
    path = Path(path)
    folder = path.parent
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise SaveError(f"could not write it: {_os_trouble(error, folder)}", path) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise WriteRefused(
                "is a link to another file, and Forming never writes through a link, so "
                "nothing was written: remove the link, or write somewhere else",
                path,
            )
        if stat.S_ISDIR(info.st_mode):
            raise WriteRefused("is a folder, so nothing was written: choose a file name", path)
        if not stat.S_ISREG(info.st_mode):
            raise WriteRefused(
                "is not a regular file (a device, pipe or socket), so nothing was written",
                path,
            )
        if not overwrite and not _written_by_forming(path, mark):
            raise NotWrittenByForming(
                "already exists and Forming did not write it, so it was left as it is", path
            )
    temp = _temp_name(path)
    try:
        mode = stat.S_IMODE(info.st_mode) if info is not None else None
        _write_new(temp, [text.encode("utf-8", errors="strict")], mode)
        if info is None:
            _place_new(temp, path)
        else:
            # A rename replaces whatever has the name now, a link included, never its target.
            _replace(temp, path)
    except SessionFileError:
        _remove_quietly(temp)
        raise
    except OSError as error:
        _remove_quietly(temp)
        raise SaveError(f"could not write it: {_os_trouble(error, folder)}", path) from None
    except UnicodeEncodeError:
        _remove_quietly(temp)
        raise SaveError("could not write it: some text cannot be stored", path) from None
    except BaseException:
        _remove_quietly(temp)
        raise
    _fsync_folder(folder)
    return path


def clean_stray_temps(folder: Path | str, *, older_than: float = STRAY_AGE_S) -> int:
    """Remove temp files that killed saves left in `folder` and return how many were removed.

    Only files named like Forming's own temps (`.NAME.tmp-<16 hex digits>`) are touched, and
    only once they are `older_than` seconds old, so a save running in another window is safe.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _STRAY_TEMP.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            if now - info.st_mtime < older_than:
                continue
            if info.st_nlink > 1:
                # A backup in progress: a hard link to the live file, carrying its old mtime.
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    return removed


# -- opening for editing ---------------------------------------------------------------------


def _replays_to_state(session: Session) -> bool:
    """Return whether folding the timeline gives exactly the file's current state."""
    if not session.timeline:
        return False
    try:
        replayed = fold(session.timeline)
    except Exception:  # the history comes from a file: if it does not replay, the state wins
        return False
    return same_state(replayed, session)


def open_for_editing(
    path: Path | str, data: bytes | None = None, state: Session | None = None
) -> tuple[Session, bool]:
    """Return the session at `path` ready to edit, and whether its state had to be imported.

    A file whose state is not what its timeline replays to (edited by hand, or without a
    timeline) keeps its state, and a `session.imported` event carrying that state is appended
    so replay stays true. Nothing is written; the caller saves. Stray temp files are cleaned.
    `data` is the file's content when the caller has read it already, and `state` what
    `read_state` gave for it (then only the timeline is parsed: see `parse_history`).
    """
    path = Path(path)
    if data is None:
        session = read_session(path)
    elif state is None:
        session = parse_session(data, path)
    else:
        session = parse_history(data, state, path)
    clean_stray_temps(path.parent)
    if _replays_to_state(session):
        return session, False
    try:
        event = make_event(session, "session.imported", state_event_data(session))
        return record(session, event), True
    except Exception as error:  # the state validated on read, so this is not expected
        raise SessionFileError(f"its state could not be taken in ({error})", path) from None


# -- locking ---------------------------------------------------------------------------------


class SessionLock:
    """An exclusive lock on a session file, held while one window edits it.

    The lock is the operating system's lock on the sidecar `NAME.toml.lock`, so it is released
    the moment the holder exits or is killed, and a lock left on disk never blocks anyone.
    """

    def __init__(self, path: Path | str) -> None:
        from filelock import FileLock  # imported here: reading files should not pay for it

        self.path = Path(path)
        """The session file the lock guards, as it was named."""
        try:
            # The file itself, not the name it was reached by: a second window opening it
            # through a link (or `..`) must meet the same lock, and saves go to the target.
            resolved = self.path.resolve()
        except (OSError, RuntimeError):
            resolved = self.path
        self.lock_path = Path(str(resolved) + ".lock")
        """The sidecar file the lock lives on, beside the file the path leads to."""
        # Soft (marker-file) locks can go stale and admit two holders: native locks only.
        self._lock = FileLock(
            str(self.lock_path), timeout=0, thread_local=False, fallback_to_soft=False
        )

    @property
    def held(self) -> bool:
        """Whether this lock is held."""
        return self._lock.is_locked

    def acquire(self) -> SessionLock:
        """Take the lock without waiting; raise `SessionInUse` if another editor holds it."""
        from filelock import Timeout

        if self._lock.is_locked:
            return self
        if os.path.isdir(self.lock_path) or os.path.islink(self.lock_path):
            # The operating system cannot lock a folder, and a link could lead anywhere:
            # either would otherwise read as "open in another window", which it is not.
            what = "a folder" if os.path.isdir(self.lock_path) else "a link"
            raise SessionFileError(
                f"could not lock it for editing: {self.lock_path.name} beside it is {what}, "
                "not Forming's lock file; remove it to edit this session (it can still be "
                "opened read-only)",
                self.path,
            )
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise SessionInUse(self.path) from None
        except (OSError, NotImplementedError) as error:
            # No lock means no safe editing (a read-only folder, a file system without locks).
            reason = (
                _os_trouble(error, self.path.parent) if isinstance(error, OSError) else str(error)
            )
            raise SessionFileError(
                f"could not lock it for editing ({reason}); it can still be opened read-only",
                self.path,
            ) from None
        return self

    def release(self) -> None:
        """Let go of the lock, if held."""
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> SessionLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


# -- the sessions folder ---------------------------------------------------------------------


@dataclass
class SessionSummary:
    """What the home screen shows about one session file, or why it cannot be opened."""

    path: Path
    """The session file."""
    team: str
    """The team's name (the file's name when the file cannot be read)."""
    stage_title: str
    """The title of the stage the room is on."""
    people: int
    """How many people are on the team."""
    updated_at: datetime | None
    """When the session last changed, or `None` when the file cannot be read."""
    error: str | None = None
    """The first problem with the file, when it cannot be opened."""
    session_id: str = ""
    """The session's own id."""
    follows_id: str | None = None
    """The id of the session this one follows up, when it is a follow-up."""


class _Outline(BaseModel):
    """The parts of a session the home screen needs, checked without the rest."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    session: SessionInfo
    stages: list[Stage] = []
    people: list[Person] = []


_TIMELINE_START = re.compile(r"^\[\[timeline\]\][ \t]*\r?$", re.MULTILINE)
# A table header on a later line that is not the timeline's: `[x`, `[[x`, `["x"`, `['x'`.
_OTHER_HEADER = re.compile(
    r"""\n[ \t]*\[\[?[ \t]*"""
    r"""(?!(?:timeline|"timeline"|'timeline')(?![A-Za-z0-9_-]))"""
    r"""(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)"""
)


def _state_text(text: str) -> str:
    """Return the text before the timeline when the timeline is written last, else all of it.

    Forming writes the timeline last so the current state can be read without the history.
    """
    start = _TIMELINE_START.search(text)
    if start is None or _OTHER_HEADER.search(text, start.start()):
        return text
    return text[: start.start()]


_OUTLINE_PARTS = frozenset({"format", "schema", *_Outline.model_fields})
"""The top-level keys and tables the home screen's outline is read from."""
_BLOCK_START = re.compile(r"""^[A-Za-z0-9_\-\["']""", re.MULTILINE)
"""A line that starts a key or a table header: it begins at column 0 with a name or `[`."""
_SIMPLE_KEY = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=")
_SIMPLE_HEADER = re.compile(r"\[\[?[ \t]*([A-Za-z0-9_-]+)[ \t]*(?:\.|\]\]?[ \t]*(?:#.*)?$)", re.M)
_MULTILINE_STRING = re.compile("'''|\"\"\"")


def _outline_text(state: str) -> str | None:
    """Return only the parts of a state's text the outline needs, or `None` when unsure.

    The home screen shows four fields of each session, from its `format`, `schema`,
    `[session]`, `[[stages]]` and `people`; the rest of the state (hundreds of kilobytes of
    assignments, concerns and handoffs in a large session) is left unparsed. Each top-level
    key and table starts at column 0 in what Forming writes (values that span lines are
    indented, or close with `]`); anything else, such as a multi-line string, a dotted or
    quoted top-level key or an unusual header, returns `None` and the whole state is read.
    """
    if _MULTILINE_STRING.search(state):
        return None
    kept: list[str] = []
    keep, start = True, 0
    table: str | None = None  # the top-level table the lines belong to, once past the root
    for block in _BLOCK_START.finditer(state):
        at = block.start()
        if state[at] == "[":
            header = _SIMPLE_HEADER.match(state, at)
            if header is None:
                return None
            table = header.group(1)
            wanted = table in _OUTLINE_PARTS
        elif table is None:
            key = _SIMPLE_KEY.match(state, at)
            if key is None:
                return None
            wanted = key.group(1) in _OUTLINE_PARTS
        else:
            continue  # a key inside a table goes with its table
        if wanted != keep:
            # Lines up to here (continuations, blanks, comments) go with the block before.
            if keep:
                kept.append(state[start:at])
            keep, start = wanted, at
    if keep:
        kept.append(state[start:])
    return "".join(kept)


def _summary(path: Path) -> SessionSummary:
    data = _read_bytes(path)
    if len(data) > MAX_BYTES:
        raise SessionFileError(_too_large(len(data)), path)
    text = _decode(data)
    try:
        state = _state_text(text)
        outline_text = _outline_text(state)
        document = _parse_toml(state if outline_text is None else outline_text)
        outline = _Outline.model_validate(_check_header(document))
    except (SessionFileError, ValidationError):
        # The short cut met something unusual: check the whole file for its exact problem.
        session = parse_session(text, path)
        outline = _Outline(session=session.session, stages=session.stages, people=session.people)
    stage = next((s for s in outline.stages if s.id == outline.session.stage), None)
    return SessionSummary(
        path=path,
        team=outline.session.team,
        stage_title=stage.title if stage else outline.session.stage,
        people=len(outline.people),
        updated_at=outline.session.updated_at,
        session_id=outline.session.id,
        follows_id=_follows_id(outline.session),
    )


def _follows_id(info: SessionInfo) -> str | None:
    """The id of the session `info`'s session follows up, if it is a follow-up."""
    from sessions.followup import FOLLOWS_ID

    previous = (info.model_extra or {}).get(FOLLOWS_ID)
    return previous if isinstance(previous, str) else None


def list_sessions(folder: Path | str) -> list[SessionSummary]:
    """Return a summary of every session file in `folder`, newest first, unreadable ones last.

    Backups, temp and lock files are left out. Never raises: a file that cannot be read is
    listed with `error` set to its first problem.
    """
    folder = Path(folder)
    try:
        paths = sorted(
            p for p in folder.glob("*.toml") if not p.name.startswith(".") and p.is_file()
        )
    except OSError:
        return []
    good: list[SessionSummary] = []
    bad: list[SessionSummary] = []
    for path in paths:
        try:
            good.append(_summary(path))
        except Exception as error:  # one bad file must not hide the others
            if isinstance(error, SessionFileError):
                error.path = error.path or path
                first = error.lines()[0]
            else:
                first = f"{path.name}: the file could not be read ({error})"
            bad.append(SessionSummary(path, path.stem, "", 0, None, first))
    good.sort(key=lambda s: s.updated_at.timestamp() if s.updated_at else 0.0, reverse=True)
    return good + bad


def session_filename(team: str, folder: Path | str) -> Path:
    """Return a new, readable file name for a team's session in `folder`.

    `Returns forecast` gives `returns-forecast.toml`, then `returns-forecast-2.toml` when that
    is taken. The name is made of lowercase letters, digits and hyphens only, so it can never
    leave the folder.
    """
    folder = Path(folder)
    stem = slugify(team, fallback="session")
    if stem in _WINDOWS_RESERVED:
        stem = f"{stem}-session"
    for number in itertools.count(1):
        name = f"{stem}.toml" if number == 1 else f"{stem}-{number}.toml"
        candidate = folder / name
        taken = (candidate, candidate.with_name(name + ".bak"), candidate.with_name(name + ".lock"))
        if not any(os.path.lexists(p) for p in taken):
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover
