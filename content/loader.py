"""Loading content packs from TOML, with errors that name the file, the key and the reason."""

from __future__ import annotations

import difflib
import functools
import re
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import tomli
from pydantic import BaseModel, ValidationError

from content.controls import FORBIDDEN_OR_SURROGATE
from content.schema import (
    FILE_MODELS,
    PACK_FILE,
    PACK_FILES,
    SLUG_PATTERN,
    VERSION_PATTERN,
    ConcernsFileModel,
    HandoffsFileModel,
    Pack,
    PackFileModel,
    Process,
    Rituals,
    RolesFileModel,
    consistency_issues,
    format_loc,
)

BUNDLED_PACK_ID = "mlops"
"""The id of the pack that ships with Forming and is used when no pack is given."""

BUNDLED_PACK_IDS = (BUNDLED_PACK_ID, "data-platform")
"""Every pack that ships with Forming, by id: `--pack data-platform` picks the second one."""

MAX_FILE_BYTES = 1024 * 1024
"""Largest pack file accepted (1 MB): a real pack is a few kilobytes."""


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


def load_pack(source: str | Path | None = None) -> Pack:
    """Load a content pack: the bundled `mlops` pack for None, a bundled pack by id, else a folder.

    A bundled id given as a string names the bundled pack (as `--pack data-platform` does)
    unless a folder of that name exists, which then wins: it is the facilitator's own pack.
    A `Path`, or any other string, is a folder.
    Raises PackError, naming file, key (or line and column) and reason, for anything wrong.
    """
    if source is None:
        return _load_bundled(BUNDLED_PACK_ID)
    if isinstance(source, str) and source in BUNDLED_PACK_IDS and not Path(source).is_dir():
        return _load_bundled(source)
    directory = Path(source)
    label = str(source)
    try:
        if not directory.exists():
            reason = "No such directory"
        elif not directory.is_dir():
            reason = "Not a directory; a content pack is a folder of TOML files"
        else:
            reason = ""
    except OSError as error:
        reason = f"Cannot open: {_os_reason(error)}"
    if reason:
        raise PackError([PackProblem("", reason, pack=label)])
    return _load_directory(directory, label)


@functools.cache
def _load_bundled(pack_id: str) -> Pack:
    """Load a pack that ships inside the `content` package (cached: it never changes)."""
    return _load_directory(files("content") / "packs" / pack_id, pack_id)


@contextmanager
def bundled_pack_dir() -> Iterator[Path]:
    """Give a real directory path of the bundled pack, e.g. to copy it as a starting point.

    Inside a zipped install the files are copied to a temporary folder for the duration.
    """
    source = files("content") / "packs" / BUNDLED_PACK_ID
    if isinstance(source, Path):
        yield source
        return
    # Python 3.11's as_file() only handles single files, so copy the folder file by file.
    with tempfile.TemporaryDirectory(prefix="forming-pack-") as temporary:
        target = Path(temporary) / BUNDLED_PACK_ID
        target.mkdir()
        for entry in source.iterdir():
            if entry.is_file():
                (target / entry.name).write_bytes(entry.read_bytes())
        yield target


def bundled_demo_path() -> AbstractContextManager[Path]:
    """Return a context manager giving a real file path of the bundled demo session."""
    return as_file(files("content") / "demo" / "demo-session.toml")


def bundled_demo_text() -> str:
    """Return the text of the bundled demo session file."""
    return (files("content") / "demo" / "demo-session.toml").read_text(encoding="utf-8")


def _load_directory(directory: Traversable, label: str) -> Pack:
    """Read, parse and validate every pack file in a directory; collect all problems first."""
    problems: list[PackProblem] = []
    documents: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] = {}
    try:
        present = {entry.name for entry in directory.iterdir()}
    except OSError as error:
        raise PackError(
            [PackProblem("", f"Cannot list: {_os_reason(error)}", pack=label)]
        ) from None

    if PACK_FILE not in present:
        problems.append(
            PackProblem(PACK_FILE, "Missing: every content pack needs a pack.toml", pack=label)
        )
    for name in sorted(present):
        if name.endswith(".toml") and name not in PACK_FILES:
            expected = ", ".join(PACK_FILES)
            problems.append(
                PackProblem(name, f"Unknown pack file; expected one of {expected}", pack=label)
            )
    for name in PACK_FILES:
        if name in present:
            document = _read_document(directory / name, name, label, problems, texts)
            if document is not None:
                documents[name] = document

    models: dict[str, Any] = {}
    for name, document in documents.items():
        try:
            models[name] = FILE_MODELS[name].model_validate(document)
        except ValidationError as error:
            problems += _schema_problems(error, name, label, texts[name])
        except RecursionError:
            problems.append(PackProblem(name, "Values are nested too deeply", pack=label))
    if problems:
        raise PackError(problems)

    pack_file: PackFileModel = models[PACK_FILE]
    roles: RolesFileModel = models.get("roles.toml", RolesFileModel())
    concerns: ConcernsFileModel = models.get("concerns.toml", ConcernsFileModel())
    handoffs: HandoffsFileModel = models.get("handoffs.toml", HandoffsFileModel())
    process: Process = models.get("process.toml", Process())
    rituals: Rituals = models.get("rituals.toml", Rituals())

    issues = consistency_issues(
        pack_file.stages,
        roles.roles,
        concerns.concerns,
        handoffs.handoffs,
        process,
        pack_file.checkin,
    )
    if issues:
        raise PackError(
            [
                PackProblem(
                    issue.file,
                    issue.reason,
                    pack=label,
                    key=issue.key(),
                    line=key_line(texts.get(issue.file, ""), issue.loc),
                )
                for issue in issues
            ]
        )
    return Pack(
        meta=pack_file.pack,
        stages=pack_file.stages,
        checkin=pack_file.checkin,
        roles=roles.roles,
        concerns=concerns.concerns,
        handoffs=handoffs.handoffs,
        process=process,
        rituals=rituals,
    )


def _read_document(
    path: Traversable,
    name: str,
    label: str,
    problems: list[PackProblem],
    texts: dict[str, str],
) -> dict[str, Any] | None:
    """Read and parse one TOML file, or record why it could not be, and return None.

    The text of a file that parsed is kept in `texts`, to find the line of a later problem.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        problems.append(PackProblem(name, f"Cannot read: {_os_reason(error)}", pack=label))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            PackProblem(name, "File is larger than 1 MB; a pack file is a few KB", pack=label)
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            PackProblem(
                name,
                f"Not UTF-8 text (bad byte at offset {error.start}); save the file as UTF-8",
                pack=label,
            )
        )
        return None
    text = text.removeprefix("\ufeff")
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        problems.append(_syntax_problem(error, text, name, label))
    except RecursionError:
        problems.append(PackProblem(name, "Values are nested too deeply", pack=label))
    except (UnicodeDecodeError, ValueError) as error:
        problems.append(PackProblem(name, f"Not valid TOML: {error}", pack=label))
    else:
        texts[name] = text
        return document
    return None


def _syntax_problem(error: tomli.TOMLDecodeError, text: str, name: str, label: str) -> PackProblem:
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


def _schema_problems(
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


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


def key_line(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Find the line (1-based) where the entry at `loc` is written, or None.

    Pack files are plain: tables and lists of tables (`[pack]`, `[[roles]]`) holding
    `key = value` lines. `("roles", 2, "name")` is the `name =` line under the third
    `[[roles]]`; a missing key points at its table's header. Anything else gives None, and
    the problem is still named by its key.
    """
    if not text or not loc:
        return None
    lines = text.split("\n")
    parts = [part for part in loc if isinstance(part, str)]
    index = next((part for part in loc[1:2] if isinstance(part, int)), None)
    table = str(loc[0])
    start = 0
    header_line = None
    if len(parts) > 1 or index is not None:
        seen = -1
        for number, line in enumerate(lines):
            header = _HEADER.match(line)
            if header and header.group(1) == table:
                seen += 1
                if index is None or seen == index:
                    header_line = number
                    start = number + 1
                    break
        if header_line is None:
            return _key_in(lines, 0, table)
        wanted = parts[1] if len(parts) > 1 else None
        if wanted is None:
            return header_line + 1
        found = _key_in(lines, start, wanted)
        return found if found is not None else header_line + 1
    return _key_in(lines, 0, table)


def _key_in(lines: list[str], start: int, key: str) -> int | None:
    """Return the line of `key = ...` in the table starting at `start`, or None."""
    for number in range(start, len(lines)):
        if _HEADER.match(lines[number]):
            return None
        match = _KEY.match(lines[number])
        if match and key in match.groups():
            return number + 1
    return None


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


def _os_reason(error: OSError) -> str:
    """Return the operating system's words for an error, without the path repeated."""
    return error.strerror or type(error).__name__
