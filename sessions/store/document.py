"""From a file to its checked TOML document, and the wording of what is wrong.

No pydantic here: the home list reads its summaries through these checks before the model
is imported (`sessions.store.folder`).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import tomli
import tomli_w

from sessions.errors import Problem, SessionFileError
from sessions.limits import FORMAT, SCHEMA, TEXT_MAX
from sessions.text import shorten

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

_MAX_PROBLEMS = 30
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


def _reason(error: Mapping[str, Any]) -> str:
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
# Only where a run of non-blank characters starts, so each character is looked at once or twice;
# a run right after a match (`1.` of a float, `[` of a list) starts where the search starts.
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{MAX_STRING + 1}}}")
_LONG_RUN = re.compile(rf"\S{{{MAX_STRING + 1}}}")


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
            word = _LONG_RUN.match(text, pos, start) or _LONG_WORD.search(text, pos, start)
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


# -- the state's text and reading files -----------------------------------------------------

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
