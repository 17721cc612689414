"""Export from inside the app: every format the command line writes, or a picture of the screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.dialogs.pick import PickDialog

if TYPE_CHECKING:
    from tui.forming import Forming


SCREEN_PICTURE = ("This screen as a picture (.svg)", "svg")
"""The one export that is not a session format: a picture of what the room sees."""


def export_options() -> list[tuple[str, str]]:
    """Every written export the command line knows, then the picture of the screen."""
    from sessions.formats import EXPORT_FORMATS

    return [(fmt.label, fmt.key) for fmt in EXPORT_FORMATS.values()] + [SCREEN_PICTURE]


def export_dialog() -> PickDialog:
    """Return the dialog that asks what to write."""
    return PickDialog("Export", export_options())


def ask_for_export(app: Forming) -> None:
    """Ask what to write (the export key), then write it beside the session file."""
    if app.session is None:
        return

    def chosen(fmt: str | None) -> None:
        if fmt:
            export_choice(app, fmt)

    app.push_screen(export_dialog(), chosen)


def export_choice(app: Forming, choice: str) -> None:
    """Write what was chosen in the export dialog, beside the session file."""
    if choice == "svg":
        # Wait for the dialog to leave the screen, so the picture shows only the stage.
        app.call_after_refresh(save_screen_picture, app)
    else:
        write_export(app, choice)


def save_screen_picture(app: Forming) -> Path | None:
    """Save an SVG picture of the current screen beside the session file."""
    from sessions.store import GENERATED_MARK

    if app.session_path is None:
        return None
    stage = app.session.session.stage if app.session else "screen"
    target = app.session_path.with_name(f"{app.session_path.stem}.{stage}.svg")
    picture = app.export_screenshot(title="Forming")
    # Marked inside the root element, so a later export knows the file is Forming's own.
    end = picture.find(">") + 1
    picture = f"{picture[:end]}\n<!-- {GENERATED_MARK} -->{picture[end:]}"
    return write_file(app, target, picture, what="Picture of the screen")


def write_charter(app: Forming, fmt: str) -> Path | None:
    """Write the live session's charter (`md` or `html`) beside its file."""
    return write_export(app, fmt)


def write_export(app: Forming, key: str) -> Path | None:
    """Write one export of the live session beside its file and tell the room where it went."""
    from sessions.formats import export_format

    if app.session is None or app.session_path is None:
        return None
    fmt = export_format(key)
    target = app.session_path.with_name(app.session_path.stem + fmt.suffix)
    text = fmt.render(app.session)
    return write_file(app, target, text, what=fmt.what.capitalize(), mark=fmt.mark)


def write_file(
    app: Forming,
    target: Path,
    text: str,
    *,
    what: str,
    overwrite: bool = False,
    mark: str | None = None,
) -> Path | None:
    """Write `text` at `target` through the store's safe writer and tell the room the outcome.

    A file there that Forming did not write is replaced only once the facilitator says so; a
    link or a folder there is refused with a message (nothing is ever written through a link).
    """
    from sessions.errors import NotWrittenByForming, SessionFileError
    from sessions.store import GENERATED_MARK, write_generated
    from tui.dialogs.confirm import ConfirmDialog

    try:
        write_generated(target, text, overwrite=overwrite, mark=mark or GENERATED_MARK)
    except NotWrittenByForming:

        def answer(yes: bool | None) -> None:
            if yes:
                write_file(app, target, text, what=what, overwrite=True, mark=mark)

        app.push_screen(
            ConfirmDialog(
                f"There is already a file at {target}, and Forming did not write it. "
                "Replace it? Its content will be lost.",
                title=f"Replace {target.name}?",
                yes="Replace",
                no="Keep it",
            ),
            answer,
        )
        return None
    except SessionFileError as error:
        app.notify(
            f"{error}.", title=f"{what} not written", severity="error", markup=False, timeout=20
        )
        return None
    app.notify(f"{what} written to {target}", title="Exported", markup=False, timeout=8)
    return target
