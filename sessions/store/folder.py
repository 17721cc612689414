"""The sessions folder: its listing, new file names, the sidecar names and the trash.

No pydantic here: the home screen lists the sessions without the session model, which is
imported only when a session is opened (or a file's problem needs the model's words).
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sessions.errors import SessionFileError
from sessions.folder import session_files
from sessions.limits import FOLLOWS_ID, ID_PATTERN, NAME_MAX
from sessions.store.document import _check_header, _decode, _parse_toml, _read_bytes, _state_text
from sessions.text import clean_line, slugify

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


_OUTLINE_PARTS = frozenset({"format", "schema", "session", "stages", "people"})
"""The top-level keys and tables the home screen's summary is read from."""
_BLOCK_START = re.compile(r"""^[A-Za-z0-9_\-\["']""", re.MULTILINE)
"""A line that starts a key or a table header: it begins at column 0 with a name or `[`."""
_HEADER_START = re.compile(r"^\[", re.MULTILINE)
"""A line that starts a table header."""
_SIMPLE_KEY = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=")
_SIMPLE_HEADER = re.compile(r"\[\[?[ \t]*([A-Za-z0-9_-]+)[ \t]*(?:\.|\]\]?[ \t]*(?:#.*)?$)", re.M)
_ID = re.compile(ID_PATTERN)


def _outline_text(state: str) -> str | None:
    """Return only the parts of a state's text the summary needs, or `None` when unsure.

    The home screen shows four fields of each session, from its `format`, `schema`,
    `[session]`, `[[stages]]` and `people`; the rest of the state (hundreds of kilobytes of
    assignments, concerns and handoffs in a large session) is left unparsed. Each top-level
    key and table starts at column 0 in what Forming writes (values that span lines are
    indented, or close with `]`); anything else, such as a multi-line string, a dotted or
    quoted top-level key or an unusual header, returns `None` and the whole state is read.
    """
    if "'''" in state or '"""' in state:  # a multi-line string (or a quote of one)
        return None
    # Keys at the root come before the first table; after it, only the headers matter (a key
    # inside a table goes with its table), so only they are visited.
    first = _HEADER_START.search(state)
    root_end = len(state) if first is None else first.start()
    blocks = itertools.chain(
        _BLOCK_START.finditer(state, 0, root_end), _HEADER_START.finditer(state, root_end)
    )
    kept: list[str] = []
    keep, start = True, 0
    for block in blocks:
        at = block.start()
        if at >= root_end:
            header = _SIMPLE_HEADER.match(state, at)
            if header is None:
                return None
            wanted = header.group(1) in _OUTLINE_PARTS
        else:
            key = _SIMPLE_KEY.match(state, at)
            if key is None:
                return None
            wanted = key.group(1) in _OUTLINE_PARTS
        if wanted != keep:
            # Lines up to here (continuations, blanks, comments) go with the block before.
            if keep:
                kept.append(state[start:at])
            keep, start = wanted, at
    if keep:
        kept.append(state[start:])
    return "".join(kept)


class _Unsure(Exception):
    """A field the summary reads is not what the session model would accept as it is."""


def _name(value: object) -> str:
    """A name as the model keeps it (`sessions.model.Name`): cleaned, 1 to `NAME_MAX` long."""
    if not isinstance(value, str):
        raise _Unsure
    name = clean_line(value)
    if not 1 <= len(name) <= NAME_MAX:
        raise _Unsure
    return name


def _outline(path: Path, document: dict[str, Any]) -> SessionSummary:
    """The summary of a checked document, its four fields read as the session model reads them.

    Only what the list shows is read, each field checked for the type and cleaned by the very
    helpers the model uses (`clean_line`, the limits in `sessions.limits`); anything the model
    might read differently raises `_Unsure`. The rest of the file is checked when it is opened.
    """
    info = document.get("session")
    stages = document.get("stages", [])
    people = document.get("people", [])
    if not (isinstance(info, dict) and isinstance(stages, list) and isinstance(people, list)):
        raise _Unsure
    if not all(isinstance(item, dict) for item in (*stages, *people)):
        raise _Unsure
    stage_id, updated_at, session_id = info.get("stage"), info.get("updated_at"), info.get("id")
    if not (isinstance(stage_id, str) and _ID.match(stage_id)) or not isinstance(session_id, str):
        raise _Unsure
    if not isinstance(updated_at, datetime):
        raise _Unsure
    if updated_at.tzinfo is None:  # as the model reads a time written without an offset
        updated_at = updated_at.replace(tzinfo=UTC)
    stage = next((s for s in stages if s.get("id") == stage_id), None)
    if stage is None:  # refused when opened: the model's check words it
        raise _Unsure
    follows_id = info.get(FOLLOWS_ID)
    return SessionSummary(
        path=path,
        team=_name(info.get("team")),
        stage_title=_name(stage.get("title")),
        people=len(people),
        updated_at=updated_at,
        session_id=session_id,
        follows_id=follows_id if isinstance(follows_id, str) else None,
    )


def _summary(path: Path) -> SessionSummary:
    """Read the summary of the session file at `path` without the session model (pydantic).

    The file goes through the store's own checks (size, encoding, the scan before parsing,
    TOML, format and schema), then only the four fields the list shows are read. A file the
    short cut cannot read is read whole, so its problem is worded exactly as opening it would
    word it: a TOML or header problem without the model, a field the model refuses with it.
    """
    data = _read_bytes(path)
    text = _decode(data)
    try:
        state = _state_text(text)
        outline_text = _outline_text(state)
        document = _check_header(_parse_toml(state if outline_text is None else outline_text))
        return _outline(path, document)
    except _Unsure:
        pass  # a listed field the model may read otherwise: the model's own words, below
    except SessionFileError:
        # The short cut parsed a part of the file: the whole file names the line and column.
        try:
            return _outline(path, _check_header(_parse_toml(text)))
        except _Unsure:
            pass
        except SessionFileError as error:
            error.path = path
            raise
    from sessions.store.reading import parse_session

    session = parse_session(text, path)
    stage = session.stage(session.session.stage)
    previous = (session.session.model_extra or {}).get(FOLLOWS_ID)
    return SessionSummary(
        path=path,
        team=session.session.team,
        stage_title=stage.title if stage else session.session.stage,
        people=len(session.people),
        updated_at=session.session.updated_at,
        session_id=session.session.id,
        follows_id=previous if isinstance(previous, str) else None,
    )


def list_sessions(folder: Path | str, paths: list[Path] | None = None) -> list[SessionSummary]:
    """Return a summary of every session file in `folder`, newest first, unreadable ones last.

    `paths`, when given, are the files to read (from `session_files`, read once already).
    Backups, temp and lock files are left out. Never raises: a file that cannot be read is
    listed with `error` set to its first problem.
    """
    good: list[SessionSummary] = []
    bad: list[SessionSummary] = []
    for path in session_files(folder) if paths is None else paths:
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
