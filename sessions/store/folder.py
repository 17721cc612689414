"""The sessions folder: its listing, new file names, the sidecar names and the trash."""

from __future__ import annotations

import itertools
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from sessions.errors import SessionFileError
from sessions.model import Person, SessionInfo, Stage
from sessions.store.document import MAX_BYTES, _check_header, _decode, _parse_toml, _too_large
from sessions.store.reading import _read_bytes, _state_text, parse_session
from sessions.text import slugify

_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
}


BACKUP_SUFFIX = ".bak"
"""Added to a session file's name for the copy of its previous version (`NAME.toml.bak`)."""

LOCK_SUFFIX = ".lock"
"""Added to a session file's name for the sidecar its editing lock lives on."""

TRASH = "trash"
"""The folder inside the sessions folder that deleted sessions are moved to."""


def backup_path(path: Path) -> Path:
    """Return where the previous version of the session file at `path` is kept."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def lock_path(path: Path) -> Path:
    """Return the sidecar file the editing lock of the session file at `path` lives on."""
    return path.with_name(path.name + LOCK_SUFFIX)


def sidecars(path: Path) -> tuple[Path, Path]:
    """Return the files Forming keeps beside the session file at `path`: backup and lock."""
    return backup_path(path), lock_path(path)


# -- listing -----------------------------------------------------------------------------------


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
        if not any(os.path.lexists(p) for p in (candidate, *sidecars(candidate))):
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def move_to_trash(path: Path) -> Path:
    """Move the session file at `path` into the sessions folder's trash; return where it went.

    A file of the same name already in the trash is kept: this one gets a number. The backup
    and lock beside the file are removed, so the name can be used again. Raises `OSError`.
    """
    trash = path.parent / TRASH
    trash.mkdir(exist_ok=True)
    target = trash / path.name
    counter = 2
    while target.exists():
        target = trash / f"{path.stem}-{counter}{path.suffix}"
        counter += 1
    shutil.move(str(path), str(target))
    for sidecar in sidecars(path):
        sidecar.unlink(missing_ok=True)
    return target
