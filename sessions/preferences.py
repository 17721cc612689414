"""The facilitator's remembered preferences: the theme chosen in the app and the sessions folder.

A small TOML file in the user's config folder (platformdirs), or where `FORMING_CONFIG` points.
The command line always wins over it. Reading never fails: a missing, unreadable or broken
file gives no preferences (and a sentence saying why, for the caller to show); writing is
atomic and replaces a link at the file's place rather than writing through it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

CONFIG_ENV = "FORMING_CONFIG"
"""The environment variable naming the preferences file (tests point it at a temporary one)."""

MAX_BYTES = 64 * 1024
"""The largest preferences file read: it holds two short lines."""

MAX_VALUE = 4096
"""The longest value kept (a path or a theme name)."""


@dataclass(frozen=True)
class Preferences:
    """What Forming remembers between runs; `None` where nothing is remembered."""

    theme: str | None = None
    """The theme last chosen in the app."""

    folder: str | None = None
    """The sessions folder last given with `--dir`."""


def config_path() -> Path:
    """Return where the preferences file lives."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("forming", appauthor=False) / "config.toml"


def read_preferences(path: Path | None = None) -> tuple[Preferences, str | None]:
    """Return the remembered preferences and, if the file could not be used, why not."""
    path = path or config_path()
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Preferences(), None
    except OSError as error:
        return Preferences(), f"{path}: could not read preferences ({error.strerror or error})"
    import tomli  # only when there is a file to read

    if len(raw) > MAX_BYTES:
        return Preferences(), f"{path}: preferences file is too large; it was ignored"
    try:
        document = tomli.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError, ValueError) as error:
        return Preferences(), f"{path}: preferences are not valid TOML ({error}); ignored"
    values = {}
    for key in ("theme", "folder"):
        value = document.get(key)
        if isinstance(value, str) and value.strip() and len(value) <= MAX_VALUE:
            values[key] = value
    return Preferences(**values), None


def remember(path: Path | None = None, **changes: str) -> str | None:
    """Store `changes` (theme=..., folder=...) with what is remembered already.

    Returns None when stored, or a sentence saying why it could not be (never raises).
    """
    path = path or config_path()
    current, problem = read_preferences(path)
    if problem is not None and path.is_file() and not path.is_symlink():
        # The file is there but could not be used: writing over it would lose what it held
        # (a hand edit with a typo, say). It is left for the person to mend or delete. (A
        # link is replaced, never written through: what it points at is kept either way.)
        return f"{problem}; not changed. Mend or delete it to have choices remembered again."
    wanted = replace(current, **changes)
    if wanted == current and path.exists():
        return None
    import tomli_w

    document = {key: value for key, value in vars(wanted).items() if value is not None}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(b"# Forming remembers these; the command line wins over them.\n")
                file.write(tomli_w.dumps(document).encode("utf-8"))
                file.flush()
                os.fsync(file.fileno())
            # os.replace puts the new file at the name itself: a link there is replaced, the
            # file it pointed at is left alone.
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        return f"{path}: could not remember preferences ({error.strerror or error})"
    return None
