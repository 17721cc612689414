"""The room panel, for the projector: how to join, the open activity, and progress only.

Before the facilitator reveals, nothing here shows what anyone wrote or voted, or whose it is:
counts of cards per person, how many have voted or scored, never the content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from sessions.model import Session
from tui.screens.stage import FormingScreen, TooSmall
from tui.widgets.chrome import KeysFooter
from tui.widgets.concern_round import hidden_by_author

if TYPE_CHECKING:
    from tui.room.server import RoomServer

ACTIVITY_NAMES = {
    "writing": "Silent writing",
    "dots": "Dot voting",
    "fist": "Fist of five",
    "heard": "Heard",
}


def progress_lines(session: Session, joined: list[str] | None) -> list[str]:
    """What the projector may show of the room's progress: counts, never content or votes."""
    people = session.people
    total = len(people)
    lines: list[str] = []
    if joined is not None:
        names = ", ".join(session.person_name(p) for p in joined) or "nobody yet"
        lines.append(f"{len(joined)} of {total} have joined: {names}")
    activity = session.activity
    if activity is None:
        return lines
    if activity.kind == "writing":
        counts = hidden_by_author(session)
        written = sum(counts[p.id] for p in people)
        lines.append(f"{written} card{'s' if written != 1 else ''} written, hidden until revealed")
        lines.append(" · ".join(f"{p.name} {counts[p.id]}" for p in people))
    elif activity.kind == "dots":
        voted = {b.person for b in session.ballots if not b.revealed}
        lines.append(f"{len(voted)} of {total} have voted")
        settings = session.settings
        lines.append(
            f"{settings.vote_budget} dots each, at most {settings.vote_cap} on one concern; "
            "dots can move until you reveal"
        )
    elif activity.kind == "fist":
        scored = sum(1 for v in session.confidence if v.masked)
        lines.append(f"{scored} of {total} have given their score")
    elif activity.kind == "heard":
        marks = sum(len(c.heard_by) for c in session.concerns)
        lines.append(f"{marks} heard mark{'s' if marks != 1 else ''} so far")
    return lines


def revealed_lines(session: Session) -> list[str]:
    """What the room's revealed input adds up to: dot totals and the fist-of-five spread."""
    lines: list[str] = []
    counted = {b.concern for b in session.ballots if b.revealed}
    totals = sorted(
        ((c.votes, c.text) for c in session.concerns if c.id in counted and c.votes),
        key=lambda pair: -pair[0],
    )
    if totals:
        lines.append("The vote, revealed:")
        lines += [f"  ● {votes:>2}  {text.splitlines()[0]}" for votes, text in totals[:8]]
    scores = [v.score for v in session.confidence if not v.masked]
    if scores:
        spread = "  ".join(f"{n}: {scores.count(n)}" for n in range(5, 0, -1))
        lines.append(f"Fist of five, revealed: {spread}")
    cards = sum(1 for c in session.concerns if c.via == "room" and not c.masked)
    if cards:
        lines.append(f"{cards} cards from the room revealed: they are on the concerns stage")
    return lines


class Room(Protocol):
    """The room as its panel sees it (the app's `RoomControl`, handed down)."""

    server: RoomServer | None
    """The room while it is open."""

    def flush_redraw(self) -> None:
        """Let the stages show the room's latest changes now."""


class RoomScreen(FormingScreen):
    """The room panel: join address, code and QR code; the open activity; progress."""

    CSS_PATH = "screen.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the stage", id="room-back"),
        Binding(
            "w", "open('writing')", "Writing", tooltip="Open silent writing", id="room-writing"
        ),
        Binding("d", "open('dots')", "Dots", tooltip="Open dot voting", id="room-dots"),
        Binding("f", "open('fist')", "Fist", tooltip="Open fist of five", id="room-fist"),
        Binding("h", "open('heard')", "Heard", tooltip="Open heard marks", id="room-heard"),
        Binding("r", "reveal", "Reveal", tooltip="Show what the room gave", id="room-reveal"),
        Binding("x", "close_activity", "Close", tooltip="Close the activity", id="room-close"),
        Binding(
            "b", "ballot", "Ballot", tooltip="Type one person's private ballot", id="room-ballot"
        ),
        Binding("l", "release", "Release", tooltip="Free a name for another device", id="room-l"),
    ]

    def __init__(self, room: Room) -> None:
        super().__init__()
        self.room = room

    def compose(self) -> ComposeResult:
        yield TooSmall()
        with Vertical(id="room"):
            yield Static("", id="room-head")
            with Horizontal(id="room-body"):
                yield Static("", id="room-qr")
                with VerticalScroll(id="room-info"):
                    yield Static("", id="room-activity")
                    yield Static("", id="room-progress")
                    yield Static("", id="room-results")
        yield KeysFooter()

    _qr_for = ""
    """The address the QR code on screen is for."""
    _drawn = False
    """Whether the panel's widgets are mounted (the room may change before they are)."""

    def on_mount(self) -> None:
        super().on_mount()
        self._drawn = True
        self.watch(self.app, "session", lambda _session: self.redraw(), init=False)
        self.redraw()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.redraw()

    @property
    def _server(self) -> RoomServer | None:
        return self.room.server

    def redraw(self) -> None:
        """Draw the panel from the session and the room as they are now."""
        session = self.forming.session
        if session is None or not self._drawn or not self.is_attached:
            return
        server = self._server
        head = self.query_one("#room-head", Static)
        qr = self.query_one("#room-qr", Static)
        if server is None:
            head.update(
                Text.assemble(
                    ("○ The room is closed: nothing listens. ", "bold"),
                    "F9 opens it to people's phones and laptops. Without a network, open an "
                    "activity and type each person's ballot in turn with b.",
                )
            )
            qr.display = False
        else:
            code = server.keys.code
            head.update(
                Text.assemble(
                    ("● The room is open", "bold"),
                    "   join at ",
                    (server.address.url, "bold underline"),
                    "   code ",
                    (f"{code[:3]} {code[3:]}", "bold reverse"),
                )
            )
            from tui.room.qr import qr_lines

            if self._qr_for != server.address.url:  # drawn once per opening, not per ballot
                self._qr_for = server.address.url
                qr.update(Text("\n".join(qr_lines(server.address.url)), style="black on white"))
            qr.display = True
        activity = session.activity
        if activity is None:
            what = Text("No activity is open. w writing · d dots · f fist of five · h heard")
        else:
            name = ACTIVITY_NAMES[activity.kind]
            roles = ""
            if activity.kind == "writing":
                roles = ", ".join(session.role_name(r) for r in activity.roles) or "every role"
                roles = f" (cards for {roles})"
            what = Text.assemble(("▶ ", "bold"), (f"{name} is open", "bold"), roles)
        self.query_one("#room-activity", Static).update(what)
        joined = server.keys.joined if server is not None else None
        self.query_one("#room-progress", Static).update(
            Text("\n".join(progress_lines(session, joined)))
        )
        self.query_one("#room-results", Static).update(Text("\n".join(revealed_lines(session))))

    # -- actions ---------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the stage (the room stays open), showing everything the room sent."""
        self.room.flush_redraw()
        self.dismiss()

    def action_open(self, kind: str) -> None:
        """Open an activity; silent writing asks for which roles."""
        if kind != "writing":
            self.forming.change("activity.opened", {"kind": kind})
            return
        from tui.dialogs.pick import PickDialog

        session = self.forming.session
        assert session is not None
        options = [("Every role", "*")] + [(role.name, role.id) for role in session.roles]

        def picked(choice: str | None) -> None:
            if choice is not None:
                roles = [] if choice == "*" else [choice]
                self.forming.change("activity.opened", {"kind": "writing", "roles": roles})

        self.app.push_screen(PickDialog("Silent writing: cards for which role?", options), picked)

    def action_close_activity(self) -> None:
        """Close the open activity without revealing anything."""
        if self.forming.session is None or self.forming.session.activity is None:
            self.notify("No activity is open.", markup=False)
            return
        self.forming.change("activity.closed", {})

    def action_reveal(self) -> None:
        """Reveal the open activity, or pick a closed one that still hides something."""
        session = self.forming.session
        if session is None:
            return
        if session.activity is not None:
            self.forming.change("activity.revealed", {"kind": session.activity.kind})
            return
        hidden = []
        if any(c.masked for c in session.concerns):
            hidden.append(("Silent writing: the hidden cards", "writing"))
        if any(not b.revealed for b in session.ballots):
            hidden.append(("Dot voting: the dots placed", "dots"))
        if any(v.masked for v in session.confidence):
            hidden.append(("Fist of five: the scores", "fist"))
        if not hidden:
            self.notify("Nothing is hidden: there is nothing to reveal.", markup=False)
            return
        from tui.dialogs.pick import PickDialog

        def picked(kind: str | None) -> None:
            if kind is not None:
                self.forming.change("activity.revealed", {"kind": kind})

        self.app.push_screen(PickDialog("Reveal what?", hidden), picked)

    def action_ballot(self) -> None:
        """Type one person's private ballot: their dots or their score, hidden as typed."""
        session = self.forming.session
        if session is None:
            return
        activity = session.activity
        if activity is None or activity.kind not in ("dots", "fist"):
            self.notify(
                "Open dot voting (d) or fist of five (f) first, then type each ballot.",
                markup=False,
            )
            return
        from tui.dialogs.pick import PickDialog

        if activity.kind == "dots":
            done = {b.person for b in session.ballots if not b.revealed}
        else:
            done = {v.person for v in session.confidence if v.masked}
        options = [
            (f"{person.name}{'  ✓ has voted' if person.id in done else ''}", person.id)
            for person in session.people
        ]
        if not options:
            self.notify("Add people on the roster stage first.", markup=False)
            return

        def picked(person: str | None) -> None:
            if person is not None:
                self._ask_ballot(activity.kind, person)

        self.app.push_screen(PickDialog("Whose ballot?", options), picked)

    def _ask_ballot(self, kind: str, person: str) -> None:
        from tui.dialogs.form import Field, FormDialog

        session = self.forming.session
        assert session is not None
        name = session.person_name(person)
        if kind == "fist":
            fields = [
                Field(
                    "score",
                    "Score, 1 (none) to 5 (full)",
                    "int",
                    None,
                    True,
                    minimum=1,
                    maximum=5,
                    secret=True,
                )
            ]
            title = f"{name}'s fist of five (hidden as typed)"
        else:
            settings = session.settings
            fields = [
                Field(
                    concern.id,
                    f"{session.role_name(concern.role)}: {concern.text}",
                    "int",
                    None,
                    False,
                    minimum=0,
                    maximum=settings.vote_cap,
                    secret=True,
                )
                for concern in session.concerns
                if not concern.masked
            ]
            if not fields:
                self.notify("There are no concerns to vote on yet.", markup=False)
                return
            title = (
                f"{name}'s dots: {settings.vote_budget} in all, at most {settings.vote_cap} "
                "on one (hidden as typed)"
            )

        def typed(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            if kind == "fist":
                self.forming.change("fist.given", {"person": person, "score": values["score"]})
            else:
                dots = {key: value for key, value in values.items() if value}
                self.forming.change("dots.given", {"person": person, "dots": dots})

        self.app.push_screen(FormDialog(title, fields, submit="Save ballot"), typed)

    def action_release(self) -> None:
        """Free a name so the person can join from another device."""
        server = self._server
        session = self.forming.session
        if server is None or session is None or not server.keys.joined:
            self.notify("Nobody has joined the room.", markup=False)
            return
        from tui.dialogs.pick import PickDialog

        options = [(session.person_name(p), p) for p in server.keys.joined]

        def picked(person: str | None) -> None:
            if person is not None and server.keys.release(person):
                self.notify(
                    f"{session.person_name(person)} can join again from any device.",
                    markup=False,
                )
                self.redraw()

        self.app.push_screen(PickDialog("Release whose name?", options), picked)
