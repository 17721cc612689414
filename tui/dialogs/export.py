"""Export from inside the app: every format the command line writes, or a picture of the screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.dialogs.pick import PickDialog

if TYPE_CHECKING:
    from tui.app import FormingApp


SCREEN_PICTURE = ("This screen as a picture (.svg)", "svg")
"""The one export that is not a session format: a picture of what the room sees."""


def export_options() -> list[tuple[str, str]]:
    """Every written export the command line knows, then the picture of the screen."""
    from sessions.formats import EXPORT_FORMATS

    return [(fmt.label, fmt.key) for fmt in EXPORT_FORMATS.values()] + [SCREEN_PICTURE]


def export_dialog() -> PickDialog:
    """Return the dialog that asks what to write."""
    return PickDialog("Export", export_options())


def export_choice(app: FormingApp, choice: str) -> None:
    """Write what was chosen in the export dialog, beside the session file."""
    if choice == "svg":
        # Wait for the dialog to leave the screen, so the picture shows only the stage.
        app.call_after_refresh(save_screen_picture, app)
    else:
        write_export(app, choice)


def save_screen_picture(app: FormingApp) -> Path | None:
    """Save an SVG picture of the current screen beside the session file."""
    if app.session_path is None:
        return None
    stage = app.session.session.stage if app.session else "screen"
    target = app.session_path.with_name(f"{app.session_path.stem}.{stage}.svg")
    try:
        target.write_text(app.export_screenshot(title="Forming"), encoding="utf-8")
    except OSError as error:
        app.notify(
            f"Could not write {target}: {error.strerror or error}.",
            title="Picture not saved",
            severity="error",
            markup=False,
        )
        return None
    app.notify(f"Picture of the screen saved to {target}", title="Exported", markup=False)
    return target


def write_charter(app: FormingApp, fmt: str) -> Path | None:
    """Write the live session's charter (`md` or `html`) beside its file."""
    return write_export(app, fmt)


def write_export(app: FormingApp, key: str) -> Path | None:
    """Write one export of the live session beside its file and tell the room where it went."""
    from sessions.formats import export_format

    if app.session is None or app.session_path is None:
        return None
    fmt = export_format(key)
    target = app.session_path.with_name(app.session_path.stem + fmt.suffix)
    try:
        # newline="" keeps the CSV's CRLF line ends as they are on every platform.
        target.write_text(fmt.render(app.session), encoding="utf-8", newline="")
    except OSError as error:
        app.notify(
            f"Could not write {target}: {error.strerror or error}.",
            title=f"{fmt.what.capitalize()} not written",
            severity="error",
            markup=False,
        )
        return None
    app.notify(
        f"{fmt.what.capitalize()} written to {target}", title="Exported", markup=False, timeout=8
    )
    return target
