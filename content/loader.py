"""Loading content packs from TOML, with errors that name the file, the key and the reason."""

from __future__ import annotations

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
from pydantic import ValidationError

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

MAX_FILE_BYTES = 1024 * 1024
"""Largest pack file accepted (1 MB): a real pack is a few kilobytes."""

_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")

# Friendlier words for the pydantic errors a pack author meets most often.
_REASONS = {
    "extra_forbidden": "Unknown key; check its spelling against the pack format",
    "missing": "Required key is missing",
}


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
    """Load a content pack: the bundled `mlops` pack for None or "mlops", else a directory.

    Raises PackError, naming file, key (or line and column) and reason, for anything wrong.
    """
    if source is None or (isinstance(source, str) and source == BUNDLED_PACK_ID):
        return _load_bundled()
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
def _load_bundled() -> Pack:
    """Load the pack that ships inside the `content` package (cached: it never changes)."""
    return _load_directory(files("content") / "packs" / BUNDLED_PACK_ID, BUNDLED_PACK_ID)


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
            document = _read_document(directory / name, name, label, problems)
            if document is not None:
                documents[name] = document

    models: dict[str, Any] = {}
    for name, document in documents.items():
        try:
            models[name] = FILE_MODELS[name].model_validate(document)
        except ValidationError as error:
            problems += _schema_problems(error, name, label)
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
            [PackProblem(issue.file, issue.reason, pack=label, key=issue.key()) for issue in issues]
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
    path: Traversable, name: str, label: str, problems: list[PackProblem]
) -> dict[str, Any] | None:
    """Read and parse one TOML file, or record why it could not be, and return None."""
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
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        problems.append(_syntax_problem(str(error), name, label))
    except RecursionError:
        problems.append(PackProblem(name, "Values are nested too deeply", pack=label))
    except (UnicodeDecodeError, ValueError) as error:
        problems.append(PackProblem(name, f"Not valid TOML: {error}", pack=label))
    return None


def _syntax_problem(message: str, name: str, label: str) -> PackProblem:
    """Turn tomllib's message into a problem with its line and column split out."""
    at_line = _AT_LINE.search(message)
    if at_line:
        return PackProblem(
            name,
            message[: at_line.start()] or "Invalid TOML",
            pack=label,
            line=int(at_line.group(1)),
            column=int(at_line.group(2)),
        )
    at_end = _AT_END.search(message)
    if at_end:
        return PackProblem(name, f"{message[: at_end.start()]} at the end of the file", pack=label)
    return PackProblem(name, message, pack=label)


def _schema_problems(error: ValidationError, name: str, label: str) -> Iterator[PackProblem]:
    """Turn pydantic's errors for one file into problems keyed by their dotted location."""
    details = error.errors(include_url=False)
    failed_items = {detail["loc"][:-1] for detail in details if len(detail["loc"]) > 1}
    for detail in details:
        if detail["type"] == "too_short" and any(
            loc[: len(detail["loc"])] == detail["loc"] for loc in failed_items
        ):
            continue  # pydantic also calls a list too short when its items failed: say it once
        reason = _REASONS.get(detail["type"], detail["msg"])
        if detail["type"] == "string_pattern_mismatch":
            reason = _pattern_reason(detail)
        reason = reason.removeprefix("Value error, ")
        key = format_loc(detail["loc"]) or None
        yield PackProblem(name, reason, pack=label, key=key)


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
