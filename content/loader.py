"""Loading content packs: the bundled ones by id, or a folder of TOML files, read and validated.

Every problem found is collected before failing, so one `PackError` names them all, each
located and worded by `content.problems`.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from content.consistency import consistency_issues
from content.files import PACK_FILE, PACK_FILES
from content.locations import key_line
from content.problems import PackError, PackProblem, os_reason, schema_problems, syntax_problem
from content.schema import (
    FILE_MODELS,
    ConcernsFileModel,
    HandoffsFileModel,
    Pack,
    PackFileModel,
    Process,
    Rituals,
    RolesFileModel,
)

BUNDLED_PACK_ID = "mlops"
"""The id of the pack that ships with Forming and is used when no pack is given."""

BUNDLED_PACK_IDS = (BUNDLED_PACK_ID, "data-platform")
"""Every pack that ships with Forming, by id: `--pack data-platform` picks the second one."""

MAX_FILE_BYTES = 1024 * 1024
"""Largest pack file accepted (1 MB): a real pack is a few kilobytes."""


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
        reason = f"Cannot open: {os_reason(error)}"
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
        raise PackError([PackProblem("", f"Cannot list: {os_reason(error)}", pack=label)]) from None

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
            problems += schema_problems(error, name, label, texts[name])
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
        problems.append(PackProblem(name, f"Cannot read: {os_reason(error)}", pack=label))
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
        problems.append(syntax_problem(error, text, name, label))
    except RecursionError:
        problems.append(PackProblem(name, "Values are nested too deeply", pack=label))
    except (UnicodeDecodeError, ValueError) as error:
        problems.append(PackProblem(name, f"Not valid TOML: {error}", pack=label))
    else:
        texts[name] = text
        return document
    return None
