"""Reading, checking, saving and locking session files: no work lost, bad files named.

The store is a package by job, each module usable alone:

- `document`: from a file's bytes to its checked TOML document, and the wording of problems;
- `reading`: the session in a file (`read_session`, `parse_session`), or its state first
  and its history after (`read_state`, `parse_state`, `parse_history`);
- `toml_text`: a session's TOML text (`session_to_toml`);
- `writing`: atomic saves with a backup and a stamp (`save_session`, `FileStamp`),
  generated files (`write_generated`) and the temps killed saves leave (`clean_stray_temps`);
- `editing`: the lock one window holds (`SessionLock`), `open_for_editing` and
  `create_session_file`;
- `folder`: the sessions folder, its listing (`list_sessions`), new names
  (`session_filename`), the names of the files beside a session and the trash.

Import from `sessions.store`; names starting with `_` are private to the package.

The names below are imported on first use, not with the package: the home screen lists the
sessions through `folder`, which imports no pydantic, and importing `sessions.store.folder`
runs this file first. A name is looked up in the light modules first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sessions.folder import sessions_folder
    from sessions.store.document import MAX_BYTES, MAX_DEPTH, MAX_STRING, MIGRATIONS
    from sessions.store.editing import SessionLock, create_session_file, open_for_editing
    from sessions.store.folder import (
        SessionSummary,
        backup_path,
        list_sessions,
        lock_path,
        move_to_trash,
        session_filename,
    )
    from sessions.store.reading import (
        EVENTS_PER_SLICE,
        MAX_UNKNOWN,
        MAX_UNKNOWN_DEPTH,
        parse_history,
        parse_session,
        parse_state,
        read_session,
        read_state,
    )
    from sessions.store.toml_text import prepare_to_save, session_to_toml
    from sessions.store.writing import (
        GENERATED_MARK,
        REPLACE_RETRY_S,
        STRAY_AGE_S,
        WRITE_BATCH,
        FileStamp,
        clean_stray_temps,
        file_stamp,
        save_session,
        write_generated,
    )

__all__ = [
    "EVENTS_PER_SLICE",
    "GENERATED_MARK",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_STRING",
    "MAX_UNKNOWN",
    "MAX_UNKNOWN_DEPTH",
    "MIGRATIONS",
    "REPLACE_RETRY_S",
    "STRAY_AGE_S",
    "WRITE_BATCH",
    "FileStamp",
    "SessionLock",
    "SessionSummary",
    "backup_path",
    "clean_stray_temps",
    "create_session_file",
    "file_stamp",
    "list_sessions",
    "lock_path",
    "move_to_trash",
    "open_for_editing",
    "parse_history",
    "parse_session",
    "parse_state",
    "prepare_to_save",
    "read_session",
    "read_state",
    "save_session",
    "session_filename",
    "session_to_toml",
    "sessions_folder",
    "write_generated",
]


_MODULES = (
    "sessions.folder",
    "sessions.store.document",
    "sessions.store.folder",
    "sessions.store.reading",
    "sessions.store.editing",
    "sessions.store.toml_text",
    "sessions.store.writing",
)
"""Where the names above live, lightest first (the first three import no pydantic)."""


def __getattr__(name: str) -> Any:
    # The modules' own names, imported on first use (see the docstring).
    if name in __all__:
        for home in _MODULES:
            module = importlib.import_module(home)
            if name in vars(module):
                value = vars(module)[name]
                globals()[name] = value  # looked up once
                return value
    raise AttributeError(f"module 'sessions.store' has no attribute {name!r}")
