"""What the home screen's first frame imports: no pydantic and no pack schema before it.

The home screen's first frame is budgeted at 1.2x a hello-world Textual app (docs/performance.md);
pydantic and the models cost about half a hello-world on their own, so they are imported where
they are first used, after that frame. A light module reached on the way (such as
`content.controls`, through the text helpers) once imported them all through a package's
`__init__`, and the first screen went from 1.23x to 1.86x.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

START_UP = ["tui.cli", "tui.launch", "tui.app", "tui.screens.home", "tui.widgets.chrome"]
"""What `forming` imports before the home screen's first frame."""


def test_the_home_screen_path_imports_no_pydantic() -> None:
    code = (
        f"import sys\nfor name in {START_UP!r}:\n    __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')"
        " or m in ('content.schema', 'content.loader', 'sessions.model')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stdout


HEAVY = (
    "sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')"
    " or m in ('content.schema', 'content.loader', 'sessions.model'))"
)
"""The modules the home screen must not import before a session is opened."""


def _home_listing(folder: Path, up_front_files: int) -> list[str]:
    """Run the app on the home screen over `folder` until its list is complete; return what
    it imported of `HEAVY` and the rows listed, as printed lines."""
    code = textwrap.dedent(
        f"""
        import asyncio, sys
        import tui.screens.home as home
        from tui.app import FormingApp

        home.UP_FRONT_FILES = {up_front_files}

        async def main():
            app = FormingApp(start="home", folder={str(folder)!r})
            async with app.run_test(size=(100, 30)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                screen = app.screen
                print(screen.query_one("#sessions").row_count, len(screen.paths))
                print({HEAVY})

        asyncio.run(main())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip().splitlines()


def test_the_home_list_is_complete_without_pydantic(tmp_path: Path) -> None:
    """The list is read without the session model, before or after the first frame, for the
    demo, a follow-up and text typed by hand that needs cleaning; a broken file too."""
    from content.loader import bundled_demo_text
    from tests.sessions.test_store import HAND_WRITTEN

    (tmp_path / "demo.toml").write_text(bundled_demo_text(), encoding="utf-8")
    hostile = HAND_WRITTEN.replace(
        'team = "Returns forecast"', 'team = "Returns\\u001b[31m\\u202e forecast"'
    ).replace('stage = "roles"', 'follows_id = "earlier-1"\nstage = "roles"')
    (tmp_path / "hostile.toml").write_text(hostile, encoding="utf-8")
    (tmp_path / "broken.toml").write_text('format = "forming.session"\nschema = [\n')
    for up_front in (12, 0):  # read before the first frame, then in the worker
        assert _home_listing(tmp_path, up_front) == ["3 3", "[]"]


def test_content_names_still_import_from_the_package() -> None:
    from content import BUNDLED_PACK_IDS, Pack, load_pack

    assert "mlops" in BUNDLED_PACK_IDS
    assert isinstance(load_pack("mlops"), Pack)


def test_forming_with_no_command_builds_no_commands_parser() -> None:
    """`forming` (the home screen) reads its options without building every command's parser,
    which imports the export formats' registry: a few milliseconds of the first frame."""
    code = textwrap.dedent(
        """
        import sys
        import tui.cli, tui.launch

        def launch(args, *, start, path=None):
            print(start, args.command, args.dir, args.theme)
            print("sessions.formats" in sys.modules)
            return 0

        tui.launch.launch = launch
        sys.exit(tui.cli.main(["--dir", "there", "--theme", "projector-dark"]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split("\n")[:2] == ["home None there projector-dark", "False"]


def test_the_home_screens_options_read_as_the_whole_parser_reads_them() -> None:
    from tui.cli import build_parser, home_arguments

    for argv in ([], ["--dir", "x"], ["--theme", "open", "--pack=p"], ["--dir=x", "--dir", "y"]):
        home = home_arguments(argv)
        assert home is not None and vars(home) == vars(build_parser().parse_args(argv)), argv
    # Anything more (a command, help, the version, an unknown or incomplete option) is the
    # whole parser's to read, and to refuse in its words.
    for argv in (["open", "x"], ["-h"], ["--version"], ["--di", "x"], ["--dir"], ["x"], ["--"]):
        assert home_arguments(argv) is None, argv


def test_the_home_screens_first_frame_parses_no_markup_in_its_headings(tmp_path: Path) -> None:
    """The sessions table's headings are text, not markup: parsing them loaded Rich's emoji
    table (about 1.5 ms) before the first frame, and a heading someone typed would be read as
    markup."""
    from content.loader import bundled_demo_text

    (tmp_path / "demo.toml").write_text(bundled_demo_text(), encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import asyncio, sys
        from tui.app import FormingApp

        async def main():
            app = FormingApp(start="home", folder={str(tmp_path)!r})
            async with app.run_test(size=(100, 30)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                print(app.screen.query_one("#sessions").row_count)
                print("rich._emoji_codes" in sys.modules)

        asyncio.run(main())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["1", "False"]
