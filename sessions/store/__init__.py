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
"""

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
