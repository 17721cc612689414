"""How a pack's problems are told: each located in its file, in a pack author's words.

The TOML parser's and pydantic's messages are written for programmers; these say what is wrong
and how to write it instead (`Must be a whole number, without quotes`), and where.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import tomli
from pydantic import BaseModel, ValidationError

from content.controls import FORBIDDEN_OR_SURROGATE
from content.fields import SLUG_PATTERN, VERSION_PATTERN
from content.locations import format_loc, key_line
from content.schema import FILE_MODELS


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a content pack, located as precisely as the error allows."""

    file: str
    """The pack file's name, e.g. `roles.toml`; empty when the problem is the pack itself."""

    reason: str
    """What is wrong, in plain words."""

    pack: str = ""
    """The pack as it was given (a directory path, or the bundled pack's id)."""

    line: int | None = None
    """The line of a TOML syntax error (1-based)."""

    column: int | None = None
    """The column of a TOML syntax error (1-based)."""

    key: str | None = None
    """The dotted key of a schema error, e.g. `roles[2].responsibilities`."""

    @property
    def location(self) -> str:
        """Return where the problem is: the pack, then the file, then line and column."""
        where = "/".join(part for part in (self.pack.rstrip("/\\"), self.file) if part)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where or "content pack"

    def __str__(self) -> str:
        parts = [self.location]
        if self.key:
            parts.append(self.key)
        parts.append(self.reason)
        return ": ".join(parts)


class PackError(Exception):
    """A content pack could not be loaded; `problems` says every place that needs fixing."""

    def __init__(self, problems: list[PackProblem]) -> None:
        self.problems = problems
        super().__init__(problems)

    def __str__(self) -> str:
        count = len(self.problems)
        heading = f"The content pack has {count} problem{'s' if count != 1 else ''}:"
        return "\n".join([heading, *(f"  {problem}" for problem in self.problems)])


def syntax_problem(error: tomli.TOMLDecodeError, text: str, name: str, label: str) -> PackProblem:
    """Turn the parser's error into a located problem, said in a pack author's words."""
    line = getattr(error, "lineno", None)
    column = getattr(error, "colno", None)
    message = getattr(error, "msg", str(error))
    lines = text.split("\n")
    source_line = lines[line - 1] if line and line <= len(lines) else ""
    position = getattr(error, "pos", None)
    # A key given twice is reported at the end of its value, which on the last line is the
    # end of the file too: that is a finished value, not one the file cut short.
    finished = _FINISHED_VALUE.search(message)
    if position is not None and position >= len(text.rstrip()) and not finished:
        # The parser ran off the end of the file: name that, not the last character.
        reason = (
            "The file ends before a value is finished: a list, a table in braces or a quoted "
            "text is not closed"
        )
        return PackProblem(name, reason, pack=label, line=line, column=column)
    return PackProblem(
        name, plain_toml_reason(message, source_line), pack=label, line=line, column=column
    )


_FINISHED_VALUE = re.compile(r"^(Cannot (overwrite|declare|mutate|redefine)|Duplicate)")
"""Parser errors about a key or table given twice: reported where a complete value ends."""

_PLAIN_TOML: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (
            r"^Illegal character '\\n'",
            'A quote is not closed before the end of the line: end the text with " on the same '
            'line, or use three quotes (""") for text over several lines',
        ),
        (
            r"^Illegal character",
            "A control character is inside the text; remove it (write a line break as \\n)",
        ),
        (
            r"^Unterminated string",
            "A quote is not closed: the text runs on to the end of the file; add the closing quote",
        ),
        (r"^Expected '=' after a key", "An '=' is missing after the key: write key = value"),
        (
            r"^Expected newline or end of document",
            "Unexpected text after the value: write one key = value per line, and put comments "
            "after #",
        ),
        (
            r"^Invalid statement",
            "This line is neither key = value nor a [table] header",
        ),
        (
            r"^Invalid value",
            'The value is not valid: text needs quotes (name = "Data scientist"), lists need '
            "square brackets, numbers and true/false need none",
        ),
        (r"^Unclosed array", "A list is not closed: add ] after its last item"),
        (r"^Unclosed inline table", "A table in braces is not closed: add } at its end"),
        (
            r"^Cannot declare .* twice",
            "This [table] header appears twice; use [[double brackets]] for a list of entries",
        ),
        (r"^Cannot overwrite a value", "This key already has a value in the same table"),
        (r"^Cannot (mutate|redefine)", "This key was already given a value earlier in the file"),
        (
            r"^Unescaped '\\' in a string",
            "A backslash in double quotes must be doubled (\\\\), "
            "or the text put in 'single quotes'",
        ),
        (
            r"^Invalid initial character for a key",
            "A key must start with a letter, a digit, - or _, or be put in quotes",
        ),
        (r"^Duplicate inline table key", "A key appears twice inside the same braces"),
        (r"^Invalid date", "Not a valid date or time: write dates as 2026-03-31"),
        (r"^Invalid hex value", "A \\u or \\U escape needs 4 or 8 hexadecimal digits"),
    )
)


def plain_toml_reason(message: str, source_line: str = "") -> str:
    """Say what a TOML syntax error means to someone who is not reading the parser's code."""
    for pattern, words in _PLAIN_TOML:
        if pattern.search(message):
            shown = FORBIDDEN_OR_SURROGATE.sub("\ufffd", source_line.strip())
            if shown:
                return f"{words}. The line reads: {shown}"
            return words
    return message


def schema_problems(
    error: ValidationError, name: str, label: str, text: str
) -> Iterator[PackProblem]:
    """Turn pydantic's errors for one file into problems keyed and located in the file."""
    details = error.errors(include_url=False)
    failed_items = {detail["loc"][:-1] for detail in details if len(detail["loc"]) > 1}
    for detail in details:
        if detail["type"] == "too_short" and any(
            loc[: len(detail["loc"])] == detail["loc"] for loc in failed_items
        ):
            continue  # pydantic also calls a list too short when its items failed: say it once
        key = format_loc(detail["loc"]) or None
        yield PackProblem(
            name,
            _plain_schema_reason(detail),
            pack=label,
            key=key,
            line=key_line(text, detail["loc"]),
        )


def _plain_schema_reason(detail: Any) -> str:
    """Say what a schema error means in a pack author's words."""
    kind = detail["type"]
    context = detail.get("ctx", {})
    loc = detail["loc"]
    if kind == "extra_forbidden":
        unknown = str(loc[-1]) if loc else ""
        guess = difflib.get_close_matches(unknown, _known_keys(), n=1, cutoff=0.7)
        hint = (
            f"; did you mean {guess[0]!r}?"
            if guess
            else "; check its spelling against the pack format"
        )
        return f"Unknown key{hint}"
    if kind == "missing":
        return "Required key is missing"
    if kind == "string_pattern_mismatch":
        return _pattern_reason(detail)
    if kind in ("string_type",):
        return 'Must be text in quotes, such as "Data scientist"'
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "Must be a whole number, without quotes"
    if kind in ("bool_type", "bool_parsing"):
        return "Must be true or false, without quotes"
    if kind in ("tuple_type", "list_type"):
        return 'Must be a list in square brackets, such as ["one", "two"]'
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "Must be a table of keys and values"
    if kind == "string_too_long":
        return f"Too long: at most {context.get('max_length')} characters"
    if kind == "string_too_short":
        return "Must not be empty"
    has = context.get("actual_length")
    if kind == "too_short":
        return f"Needs at least {context.get('min_length')} entries; it has {has}"
    if kind == "too_long":
        return f"Takes at most {context.get('max_length')} entries; it has {has}"
    if kind == "greater_than_equal":
        return f"Must be at least {context.get('ge')}"
    if kind == "less_than_equal":
        return f"Must be at most {context.get('le')}"
    return str(detail["msg"]).removeprefix("Value error, ")


@functools.cache
def _known_keys() -> tuple[str, ...]:
    """Every key any pack file may use, to suggest the one a typo was meant to be."""
    keys: set[str] = set()
    pending: list[type[BaseModel]] = list(FILE_MODELS.values())
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for field_name, field in model.model_fields.items():
            keys.add(field.alias or field_name)
            for argument in _nested_models(field.annotation):
                pending.append(argument)
    return tuple(sorted(keys))


def _nested_models(annotation: Any) -> Iterator[type[BaseModel]]:
    """Yield the pydantic models inside a field's type (`tuple[Role, ...]` gives Role)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in getattr(annotation, "__args__", ()):
        yield from _nested_models(argument)


def _pattern_reason(detail: Any) -> str:
    """Say in words what shape an id or a version should have."""
    pattern = detail.get("ctx", {}).get("pattern")
    if pattern == SLUG_PATTERN:
        return (
            "Not a valid id: use lowercase letters, digits and hyphens, "
            "starting with a letter or digit, at most 40 characters"
        )
    if pattern == VERSION_PATTERN:
        return "Not a valid version: use numbers such as 1.0.0"
    return str(detail["msg"])


def os_reason(error: OSError) -> str:
    """Return the operating system's words for an error, without the path repeated."""
    return error.strerror or type(error).__name__
