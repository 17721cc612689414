"""Start the app from the command line: resolve the folder, the pack and the session first."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from tui.startup import DemoError, prepare_demo, remembered_theme, use_the_real_terminal_size


def launch(args: argparse.Namespace, *, start: str, path: Path | None = None) -> int:
    """Check what the app needs, then run it; return the exit code.

    The garbage collector is paused until the app's first frame (the app starts it again):
    importing Textual and pydantic and reading a session make hundreds of thousands of
    objects that live as long as the app, and walking them again and again on the way to the
    first screen only delays it.
    """
    gc.disable()
    try:
        return _launch(args, start=start, path=path)
    finally:
        gc.enable()


def follow_up_pack(previous_pack: str, pack_source: str | None) -> tuple[str | None, str | None]:
    """Return the pack a follow-up runs with, or a problem saying what to give instead.

    A follow-up runs the check-in agenda of the pack the session was run with. Given no
    `--pack`, that is the session's own pack when it ships with Forming; a pack of the
    facilitator's own is not found by its id, so its folder must be named (the bundled mlops
    check-in would otherwise run in its place, silently).
    """
    from content.loader import BUNDLED_PACK_ID, BUNDLED_PACK_IDS

    if pack_source or previous_pack in ("", BUNDLED_PACK_ID):
        return pack_source, None  # the pack in use: the one named, or the default
    if previous_pack in BUNDLED_PACK_IDS:
        return previous_pack, None
    return None, (
        f"this session was run with the content pack {previous_pack!r}, which does not ship "
        "with Forming. Name its folder with --pack DIR to run its check-in agenda, or "
        "--pack mlops for the bundled one."
    )


def _launch(args: argparse.Namespace, *, start: str, path: Path | None) -> int:
    from sessions.errors import SessionFileError
    from sessions.folder import sessions_folder

    pack_source = getattr(args, "pack", None)
    if pack_source:
        from content.loader import PackError, load_pack

        try:
            load_pack(str(pack_source))
        except PackError as error:
            print(error, file=sys.stderr)
            return 1
    try:
        folder = sessions_folder(getattr(args, "dir", None))
    except OSError as error:
        print(
            f"Cannot use the sessions folder: {error.strerror or error}. "
            "Choose another with --dir or FORMING_HOME.",
            file=sys.stderr,
        )
        return 1
    if getattr(args, "dir", None):
        from sessions.preferences import remember

        # The folder given with --dir becomes the one used when none is given; a folder that
        # could not be remembered still works today, so the problem is only said.
        problem = remember(folder=str(folder.resolve()))
        if problem:
            print(problem, file=sys.stderr)
    if start == "demo":
        try:
            path = prepare_demo(folder)
        except DemoError as error:
            print(error, file=sys.stderr)
            return 1
    opened = None
    if path is not None:
        from sessions.store import read_session, read_state

        # Refuse a broken file before the screen changes, so the message stays readable. To
        # open or replay a session only its state is read here (a long history is read by the
        # app once the state is on screen, and a broken history ends the app with its message
        # too).
        try:
            if start in ("open", "demo", "replay"):
                opened = read_state(path)
            else:
                read_session(path)
        except SessionFileError as error:
            print(error, file=sys.stderr)
            return 1
    follow_from = getattr(args, "from_path", None) if start == "new" else None
    if follow_from is not None:
        from sessions.store import read_session

        # `new --from`: the earlier session must read cleanly; it is only read, never written.
        try:
            previous = read_session(follow_from)
        except SessionFileError as error:
            print(error, file=sys.stderr)
            return 1
        pack_source, problem = follow_up_pack(previous.session.pack, pack_source)
        if problem:
            print(f"{follow_from}: {problem}", file=sys.stderr)
            return 1

    theme = getattr(args, "theme", None)
    from tui.app import FormingApp
    from tui.themes import THEMES

    known = {t.name for t in THEMES}
    if not theme:
        theme = remembered_theme(known)
    app = FormingApp(
        start=start,
        path=path,
        folder=folder,
        pack_source=str(pack_source) if pack_source else None,
        theme=theme,
        read_only=getattr(args, "read_only", False),
        team=getattr(args, "team", None),
        follow_from=follow_from,
        opened=opened,
    )
    opened = None  # the app lets go of the file's bytes once it is open: so does this frame
    if theme and theme not in known and theme not in app.available_themes:
        names = ", ".join(sorted(known | set(app.available_themes)))
        print(f"Unknown theme {theme!r}. Choose one of: {names}", file=sys.stderr)
        return 2
    use_the_real_terminal_size()
    result = app.run()
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else 0
