"""Where session files live: the one place that decides the sessions folder.

Kept apart from the store so that finding the folder costs no pydantic import: the home screen
shows the folder on its first frame and reads the sessions in it afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from sessions.errors import SessionFileError


def sessions_folder(override: str | Path | None = None) -> Path:
    """Return the sessions folder, creating it if needed.

    It is `override` (from `--dir`) when given, else `FORMING_HOME`, else the folder last
    given with `--dir` (remembered in the preferences), else the user's data folder for
    Forming (platformdirs) with `sessions` inside.
    """
    from sessions.preferences import read_preferences

    if override is not None and str(override) != "":
        folder = Path(override).expanduser()
    elif os.environ.get("FORMING_HOME"):
        folder = Path(os.environ["FORMING_HOME"]).expanduser()
    elif (remembered := read_preferences()[0].folder) is not None:
        folder = Path(remembered).expanduser()
    else:
        folder = platformdirs.user_data_path("forming", appauthor=False) / "sessions"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise SessionFileError("this is a file, not a folder for sessions", folder) from None
    except OSError as error:
        raise SessionFileError(
            f"could not create the sessions folder {folder}: {error.strerror or error}", folder
        ) from None
    return folder


def session_files(folder: Path | str) -> list[Path]:
    """Return the session files in `folder`, by name: backups, temp and lock files left out.

    An unreadable or missing folder has none. Here rather than with the listing in the store,
    so that the home screen can count and size the files before its first frame at no cost.
    """
    try:
        return sorted(
            p for p in Path(folder).glob("*.toml") if not p.name.startswith(".") and p.is_file()
        )
    except OSError:
        return []
