"""The `forming` command line: parses arguments, then runs a command or the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

PROG = "forming"

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors say what to do next and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nTry '{self.prog} --help'.\n")


_OPTIONS = {
    "pack": (
        "DIR",
        "content pack folder, or a bundled pack: mlops (default), data-platform",
    ),
    "dir": ("DIR", "sessions folder (default: $FORMING_HOME or your data folder)"),
    "theme": ("NAME", "theme: forming-dark, forming-light, projector-dark, projector-light, ..."),
}
"""The options a user may type before or after the command: `forming --dir X demo` and
`forming demo --dir X` mean the same."""


def _common(
    parser: argparse.ArgumentParser,
    names: tuple[str, ...] = tuple(_OPTIONS),
    *,
    on_command: bool = True,
    **helps: str,
) -> None:
    """Declare the shared options `names` on `parser` (a command's, or the main parser's).

    On a command's parser they default to `argparse.SUPPRESS`: argparse copies a command's
    values over the main parser's, so a plain `None` default there would erase an option typed
    before the command.
    """
    for name in names:
        metavar, text = _OPTIONS[name]
        parser.add_argument(
            f"--{name}",
            metavar=metavar,
            help=helps.get(name, text),
            default=argparse.SUPPRESS if on_command else None,
        )


class _Version(argparse.Action):
    """`--version`: print the installed package's version (looked up only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version(PROG)
        except PackageNotFoundError:
            number = "(version unknown: not installed as a package)"
        sys.stdout.write(f"{PROG} {number}\n")
        parser.exit(EXIT_OK)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every `forming` command."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Forming: walk a new cross-functional MLOps team through forming, in the terminal. "
            "Run with no command for the home screen."
        ),
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    _common(parser, on_command=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = commands.add_parser("new", help="start a new session")
    new.add_argument("--team", metavar="NAME", help="the team's name")
    new.add_argument(
        "--from",
        dest="from_path",
        metavar="PATH",
        type=Path,
        help="start a follow-up check-in from an earlier session (that file is left as it is)",
    )
    _common(new)

    open_ = commands.add_parser("open", help="resume a session")
    open_.add_argument("path", metavar="PATH", type=Path, help="the session file")
    open_.add_argument("--read-only", action="store_true", help="open without changing the file")
    _common(open_)

    replay = commands.add_parser(
        "replay",
        help="replay a session read-only, step by step (the file is never written)",
        description=(
            "Replay a session read-only: step, play and pause, change speed, jump stage by "
            "stage or to the next agreement, and branch a new session from any step. "
            "Keys: space play/pause, , and . step, Home/End, + and - speed, s/S stage, "
            "d/D agreement, b branch."
        ),
    )
    replay.add_argument("path", metavar="PATH", type=Path, help="the session file")
    _common(
        replay,
        ("dir", "theme"),
        dir="sessions folder for branches (default: $FORMING_HOME or your data folder)",
    )

    demo = commands.add_parser("demo", help="open a copy of the bundled example session")
    _common(demo)

    from sessions.formats import EXPORT_FORMATS

    # Every format named here comes from the one registry the app's export dialog reads too.
    default = "md"
    others = [key for key in EXPORT_FORMATS if key != default]
    kinds: dict[str, list[str]] = {}
    for fmt in EXPORT_FORMATS.values():
        kinds.setdefault(fmt.what, []).append(fmt.key)
    written = [f"the {what} ({', '.join(keys)})" for what, keys in kinds.items()]
    export = commands.add_parser(
        "export",
        help="write the team's charter, process document or actions",
        description=(
            f"Write a session out: {', '.join(written[:-1])} or {written[-1]}. "
            "The session file is only read."
        ),
    )
    export.add_argument("path", metavar="PATH", type=Path, help="the session file")
    export.add_argument(
        "--format",
        choices=list(EXPORT_FORMATS),
        default=default,
        help=f"{default} (default), {', '.join(others[:-1])} or {others[-1]}",
    )
    export.add_argument(
        "-o", "--output", metavar="OUT", type=Path, help="write here instead of to stdout"
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace OUT even when Forming did not write it (a link is never written through)",
    )

    validate = commands.add_parser(
        "validate",
        help="check a session file, or a content pack with --pack DIR",
        description=(
            "Check a session file (exit 0, or 1 with each problem located). With --pack DIR, "
            "check a content pack instead (the same as `forming pack check DIR`)."
        ),
    )
    validate.add_argument("path", metavar="PATH", type=Path, nargs="?", help="the session file")
    validate.add_argument(
        "--pack", dest="check_pack", metavar="DIR", help="check this content pack folder"
    )

    pack = commands.add_parser(
        "pack",
        help="work with content packs: `forming pack check DIR`",
        description="Content packs: the workshop as TOML files. See docs/content-packs.md.",
    )
    pack_commands = pack.add_subparsers(
        dest="pack_command", metavar="PACK_COMMAND", parser_class=_Parser, required=True
    )
    check = pack_commands.add_parser(
        "check",
        help="check a content pack and report every problem with file, line and key",
    )
    check.add_argument("check_pack", metavar="DIR", help="the pack folder (or a bundled id)")

    diff = commands.add_parser("diff", help="show what changed between two sessions")
    diff.add_argument("before", metavar="A", type=Path, help="the earlier session file")
    diff.add_argument("after", metavar="B", type=Path, help="the later session file")
    diff.add_argument(
        "--format", choices=["text", "md"], default="text", help="text (default) or md"
    )

    notes = commands.add_parser(
        "notes", help="follow a live session's prompts and time in a second terminal"
    )
    notes.add_argument("path", metavar="PATH", type=Path, help="the session file to follow")
    _common(notes, ("theme",), theme="theme, as for the app")
    return parser


def _fail(message: str, code: int = EXIT_PROBLEM) -> int:
    print(message, file=sys.stderr)
    return code


def cmd_check_pack(source: str) -> int:
    """Check a content pack: exit 0 with a summary, or 1 with every problem on stderr."""
    from content.loader import PackError, load_pack

    try:
        pack = load_pack(source)
    except PackError as error:
        return _fail(str(error))
    roles = ", ".join(role.name for role in pack.roles) or "no roles"
    print(
        f"{source}: valid content pack {pack.meta.id!r} {pack.meta.version} "
        f"({pack.meta.name}): {len(pack.stages)} stages, {pack.total_minutes()} minutes; "
        f"roles: {roles}; {len(pack.concerns)} concerns, {len(pack.handoffs)} handoffs; "
        + (
            f"check-in: {len(pack.checkin)} stages, {sum(s.timebox_min for s in pack.checkin)} "
            "minutes."
            if pack.checkin
            else "no check-in agenda (a follow-up runs the whole agenda again)."
        )
    )
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a session file: exit 0 when it is sound, 1 with each problem on stderr."""
    from sessions.errors import SessionFileError

    if args.check_pack is not None:
        if args.path is not None:
            return _fail("Check a session file or a pack (--pack), not both at once.", EXIT_USAGE)
        return cmd_check_pack(args.check_pack)
    if args.path is None:
        return _fail(
            "Name the session file to check (forming validate PATH), "
            "or a pack folder (forming validate --pack DIR).",
            EXIT_USAGE,
        )
    from sessions.store import read_session

    try:
        session = read_session(args.path)
    except SessionFileError as error:
        return _fail(str(error))
    print(
        f"{args.path}: valid session for {session.session.team!r}: "
        f"{len(session.people)} people, {len(session.roles)} roles, "
        f"{len(session.timeline)} events."
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the charter, the process document or the actions of a session."""
    from sessions.errors import SessionFileError
    from sessions.formats import export_format
    from sessions.store import read_session

    try:
        session = read_session(args.path)
    except SessionFileError as error:
        return _fail(str(error))
    fmt = export_format(args.format)
    text = fmt.render(session)
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return EXIT_OK
    if args.output.resolve() == args.path.resolve():
        return _fail(f"{args.output}: refusing to overwrite the session file with its {fmt.what}.")
    from sessions.errors import NotWrittenByForming
    from sessions.store import write_generated

    try:
        write_generated(args.output, text, overwrite=args.force, mark=fmt.mark)
    except NotWrittenByForming as error:
        return _fail(f"{error}. To replace it, add --force; or choose another place with -o.")
    except SessionFileError as error:
        return _fail(f"{error}. Choose another place with -o.")
    print(f"{fmt.what.capitalize()} written to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """Print what changed from session A to session B; read both, write neither."""
    from sessions.diff.chain import find_between
    from sessions.diff.render import render_markdown, render_text
    from sessions.diff.sections import diff_sessions
    from sessions.errors import SessionFileError
    from sessions.store import read_session

    try:
        before = read_session(args.before)
        after = read_session(args.after)
    except SessionFileError as error:
        return _fail(str(error))
    # A longer chain of follow-ups (A → X → Y → B) is linked from the files beside A and B.
    between = find_between(before, after, [args.before.parent, args.after.parent])
    changes = diff_sessions(before, after, between)
    render = render_markdown if args.format == "md" else render_text
    sys.stdout.write(render(changes))
    sys.stdout.flush()
    return EXIT_OK


def _run_app(args: argparse.Namespace, *, start: str, path: Path | None = None) -> int:
    from tui.launch import launch

    return launch(args, start=start, path=path)


class _NotHome(Exception):
    """The arguments are more than the home screen's options: the whole parser reads them."""


class _HomeParser(argparse.ArgumentParser):
    """The main parser's own options alone, for `forming` with no command."""

    def error(self, message: str) -> NoReturn:
        raise _NotHome(message)


def home_arguments(argv: list[str] | None) -> argparse.Namespace | None:
    """The arguments of `forming` with no command (the home screen), without building the
    commands' parsers; `None` when there is more, or anything wrong, for the whole parser.

    Building every command's parser imports the export formats' registry and costs a few
    milliseconds of the home screen's start (docs/performance.md, "Start-up").
    """
    parser = _HomeParser(prog=PROG, add_help=False, allow_abbrev=False)
    _common(parser, on_command=False)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotHome:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    """Run `forming` with `argv` (default: the process arguments) and return the exit code."""
    args = home_arguments(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "pack":
            return cmd_check_pack(args.check_pack)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "diff":
            return cmd_diff(args)
        if args.command == "notes":
            from tui.notes import run_notes

            return run_notes(args.path, theme=args.theme)
        if args.command == "demo":
            return _run_app(args, start="demo")
        if args.command == "open":
            return _run_app(args, start="open", path=args.path)
        if args.command == "replay":
            return _run_app(args, start="replay", path=args.path)
        if args.command == "new":
            return _run_app(args, start="new")
        return _run_app(args, start="home")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into a command that stopped reading, such as `head`.
        sys.stderr.close()
        return EXIT_OK


def run() -> None:
    """Entry point for the console script and `python -m tui`."""
    sys.exit(main())
