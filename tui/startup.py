"""What every start of a Forming terminal app shares: the terminal's size, the remembered
theme, and the example session's copy (no app here: `tui.launch` builds the app)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEMO_NAME = "demo.toml"


def use_the_real_terminal_size() -> None:
    """Let the terminal itself say its size, now and after every resize.

    Textual asks `shutil.get_terminal_size`, which prefers `COLUMNS` and `LINES` when they are
    set. A shell that exported them passes the size the terminal had when the shell started,
    and the app would then draw for that size however the window is resized. When the output
    is a terminal, its own answer is the truth, so the two variables go.
    """
    try:
        # No standard output at all (pythonw, a closed descriptor): not a terminal.
        stdout = sys.__stdout__
        is_terminal = stdout is not None and os.isatty(stdout.fileno())
    except (AttributeError, OSError, ValueError):
        is_terminal = False
    if is_terminal:
        os.environ.pop("COLUMNS", None)
        os.environ.pop("LINES", None)


class DemoError(Exception):
    """The example session could not be copied into the sessions folder."""


def prepare_demo(folder: Path) -> Path:
    """Copy the bundled example session into `folder` afresh and return the copy's path."""
    from content.loader import bundled_demo_text
    from sessions.errors import SessionFileError
    from sessions.store import write_generated

    target = folder / DEMO_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # `demo.toml` is always Forming's own copy, so it is replaced; a link there is not
        # written through.
        write_generated(target, bundled_demo_text(), overwrite=True)
    except OSError as error:
        raise DemoError(
            f"Could not copy the example session into {folder}: {error.strerror or error}. "
            "Choose another folder with --dir."
        ) from None
    except SessionFileError as error:
        raise DemoError(
            f"Could not copy the example session: {error}. Choose another folder with --dir."
        ) from None
    return target


def remembered_theme(known: set[str]) -> str | None:
    """Return the theme last chosen in the app, if it is still one Forming knows."""
    from sessions.preferences import read_preferences

    theme = read_preferences()[0].theme
    return theme if theme in known else None
