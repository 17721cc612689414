"""The participant's pages: join with the code, then take part in the open activity only.

Starlette serves them (a small, well-kept ASGI toolkit with no hidden global state), Jinja2
renders them with autoescaping on, so whatever people typed reaches the page as text. Every
request but the join page needs the participant's token (an HttpOnly, SameSite=Strict cookie)
and every form its CSRF token; bodies are size-limited and each participant rate-limited.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from sessions.ids import new_id
from sessions.model import TEXT_MAX, Session
from tui.room.host import Change, RoomHost
from tui.room.keys import Participant, RoomKeys

COOKIE = "forming_room"
"""The cookie holding a participant's token."""
PRE_COOKIE = "forming_join"
"""The cookie pairing the join form with the browser that asked for it (double submit)."""
BODY_MAX = 64 * 1024
"""The largest request body taken in: a 2,000-character card, percent-encoded, fits easily."""
FIELDS_MAX = 200
"""The most form fields one request may carry (one per concern on the dot vote)."""

ACTIVITY_WORDS = {
    "writing": "Silent writing",
    "dots": "Dot voting",
    "fist": "Fist of five",
    "heard": "Heard",
}


class Refused(Exception):
    """A request the room does not take, with the status and what to tell the participant."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _csp(nonce: str) -> str:
    # Nothing from elsewhere, no inline code but the page's own (by nonce), no framing.
    return (
        "default-src 'none'; "
        f"style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        "connect-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )


def _secure(response: Response, nonce: str | None = None) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = _csp(nonce or secrets.token_urlsafe(16))
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Cache-Control"] = "no-store"
    return response


async def read_form(request: Request) -> dict[str, str]:
    """Return the request's url-encoded form, refusing large or malformed bodies."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise Refused(415, "Send the form as the page does.")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > BODY_MAX):
        raise Refused(413, "That is too much text to send at once.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > BODY_MAX:
            raise Refused(413, "That is too much text to send at once.")
    try:
        parsed = parse_qs(
            body.decode("utf-8", errors="replace"),
            keep_blank_values=True,
            max_num_fields=FIELDS_MAX,
        )
    except ValueError:
        raise Refused(400, "That form has too many fields.") from None
    return {name: values[-1] for name, values in parsed.items()}


class RoomSite:
    """The room's pages over a host (the app, or a session file in tests) and its keys."""

    def __init__(self, host: RoomHost, keys: RoomKeys, *, team: str = "") -> None:
        self.host = host
        self.keys = keys
        self.templates = _environment()
        self.progress: Callable[[], None] = lambda: None
        """Called after every change a participant makes, so the projector can count it."""
        self.app = Starlette(
            routes=[
                Route("/", self.home, methods=["GET"]),
                Route("/join", self.join, methods=["POST"]),
                Route("/leave", self.leave, methods=["POST"]),
                Route("/card", self.card, methods=["POST"]),
                Route("/dots", self.dots, methods=["POST"]),
                Route("/fist", self.fist, methods=["POST"]),
                Route("/heard", self.heard, methods=["POST"]),
                Route("/state", self.state, methods=["GET"]),
            ],
            exception_handlers={Refused: self._refused, 404: self._missing, 405: self._missing},
        )

    # -- rendering -------------------------------------------------------------------------------

    def _page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        html = self.templates.get_template(template).render(nonce=nonce, **context)
        return _secure(HTMLResponse(html, status_code=status), nonce)  # type: ignore[return-value]

    async def _refused(self, request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)
        if request.url.path == "/state":
            return _secure(JSONResponse({"error": error.message}, status_code=error.status))
        return self._page("message.html", error.status, message=error.message)

    async def _missing(self, request: Request, error: Exception) -> Response:
        return self._page("message.html", 404, message="There is no such page in this room.")

    # -- who is asking ---------------------------------------------------------------------------

    def _who(self, request: Request) -> Participant | None:
        participant = self.keys.participant(request.cookies.get(COOKIE))
        if participant is not None and not self.keys.allow(participant):
            raise Refused(429, "Too many requests: wait a few seconds and try again.")
        return participant

    def _needed(self, request: Request) -> Participant:
        participant = self._who(request)
        if participant is None:
            raise Refused(403, "Join the room first: open its address and type the code.")
        return participant

    async def _form(self, request: Request, participant: Participant) -> dict[str, str]:
        form = await read_form(request)
        if not secrets.compare_digest(form.get("csrf", "").encode(), participant.csrf.encode()):
            raise Refused(403, "That form is out of date: reload the page and try again.")
        return form

    def _session(self) -> Session:
        session = self.host.current()
        if session is None:
            raise Refused(503, "The facilitator has no session open.")
        return session

    # -- pages -------------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        participant = self._who(request)
        if participant is None:
            return self._join_page(request)
        session = self._session()
        if session.person(participant.person) is None:
            self.keys.release(participant.person)
            return self._join_page(request)
        return self._page("room.html", **self._room_context(session, participant, request))

    def _join_page(
        self, request: Request, *, status: int = 200, code: str = "", problem: str = ""
    ) -> Response:
        session = self._session()
        pre = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(24)
        people = []
        if code:  # the roster shows only to someone who has typed the right code
            joined = set(self.keys.joined)
            people = [(p.id, p.name, p.id in joined) for p in session.people]
        response = self._page(
            "join.html",
            status,
            team=session.session.team,
            pre=pre,
            code=code,
            people=people,
            problem=problem,
        )
        response.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="strict", path="/")
        return response

    async def join(self, request: Request) -> Response:
        address = request.client.host if request.client else "?"
        form = await read_form(request)
        pre = request.cookies.get(PRE_COOKIE, "")
        if not pre or not secrets.compare_digest(form.get("pre", "").encode(), pre.encode()):
            raise Refused(403, "That form is out of date: reload the page and try again.")
        if self.keys.blocked(address):
            raise Refused(429, "Too many wrong codes from this device: wait a few minutes.")
        code = form.get("code", "")
        if not self.keys.check_code(address, code):
            if self.keys.blocked(address):
                raise Refused(429, "Too many wrong codes from this device: wait a few minutes.")
            return self._join_page(request, status=403, problem="That is not the room's code.")
        session = self._session()
        person = form.get("person", "")
        if not person:
            return self._join_page(request, code=code)
        if session.person(person) is None:
            return self._join_page(request, status=400, code=code, problem="Pick your name.")
        participant = self.keys.claim(person)
        if participant is None:
            return self._join_page(
                request,
                status=409,
                code=code,
                problem=(
                    f"{session.person_name(person)} has already joined on another device. "
                    "If that was not you, or your device changed, ask the facilitator to "
                    "release your name."
                ),
            )
        self.progress()
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, participant.token, httponly=True, samesite="strict", path="/")
        response.delete_cookie(PRE_COOKIE, path="/")
        return _secure(response)

    async def leave(self, request: Request) -> Response:
        participant = self._needed(request)
        await self._form(request, participant)
        self.keys.release(participant.person)
        self.progress()
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return _secure(response)

    async def state(self, request: Request) -> Response:
        participant = self._needed(request)
        session = self._session()
        return _secure(JSONResponse({"key": page_key(session, participant.person)}))

    # -- taking part -----------------------------------------------------------------------------

    async def _submit(
        self,
        request: Request,
        participant: Participant,
        form: dict[str, str],
        kind: str,
        build: Callable[[Session], Change],
    ) -> Response:
        session = self._session()
        if session.activity is None or session.activity.kind != kind:
            raise Refused(409, f"{ACTIVITY_WORDS[kind]} is not open now.")
        submission = form.get("sub", "")
        if submission and submission in participant.seen:
            return self._after(request, "Already received.")
        problem = await self.host.submit(build)
        if problem is not None:
            raise Refused(422, f"Not taken: {problem}.")
        if submission:
            participant.seen.append(submission)
        self.progress()
        return self._after(request, "Received.")

    def _after(self, request: Request, note: str) -> Response:
        if request.headers.get("x-forming") == "fetch":
            return _secure(JSONResponse({"ok": note}))
        response = RedirectResponse(f"/?note={'saved' if note else ''}", status_code=303)
        return _secure(response)

    async def card(self, request: Request) -> Response:
        participant = self._needed(request)
        form = await self._form(request, participant)
        text = form.get("text", "").strip()
        role = form.get("role", "")
        if not text:
            raise Refused(422, "Write something on the card first.")
        if len(text) > TEXT_MAX:
            raise Refused(422, f"A card holds at most {TEXT_MAX} characters.")

        def build(session: Session) -> Change:
            # Ids of their own ("r1", "r2", ...): in the file, a card from the room is told
            # apart from one the facilitator typed at a glance.
            card_id = new_id(session, "r")
            data = {"id": card_id, "role": role, "text": text, "person": participant.person}
            return "concern.written", {**data, "via": "room"}

        return await self._submit(request, participant, form, "writing", build)

    async def dots(self, request: Request) -> Response:
        participant = self._needed(request)
        form = await self._form(request, participant)
        ballot: dict[str, int] = {}
        for name, value in form.items():
            if not name.startswith("dots-"):
                continue
            value = value.strip() or "0"
            if not value.isdigit() or len(value) > 3:
                raise Refused(422, "Each number of dots must be a whole number, 0 or more.")
            if int(value):
                ballot[name[len("dots-") :]] = int(value)

        def build(session: Session) -> Change:
            return "dots.given", {"person": participant.person, "dots": ballot, "via": "room"}

        return await self._submit(request, participant, form, "dots", build)

    async def fist(self, request: Request) -> Response:
        participant = self._needed(request)
        form = await self._form(request, participant)
        score = form.get("score", "")
        if score not in {"1", "2", "3", "4", "5"}:
            raise Refused(422, "Choose a score from 1 to 5.")

        def build(session: Session) -> Change:
            data = {"person": participant.person, "score": int(score), "via": "room"}
            return "fist.given", data

        return await self._submit(request, participant, form, "fist", build)

    async def heard(self, request: Request) -> Response:
        participant = self._needed(request)
        form = await self._form(request, participant)
        concern = form.get("concern", "")
        role = own_role(self._session(), participant.person)
        if role is None:
            raise Refused(409, "You hold no role yet: ask the facilitator to add you to one.")

        def build(session: Session) -> Change:
            data = {"concern": concern, "role": role, "person": participant.person}
            return "concern.heard", {**data, "via": "room"}

        return await self._submit(request, participant, form, "heard", build)

    # -- what a participant sees -------------------------------------------------------------------

    def _room_context(
        self, session: Session, participant: Participant, request: Request
    ) -> dict[str, Any]:
        person = participant.person
        activity = session.activity
        kind = activity.kind if activity else None
        settings = session.settings
        visible = [c for c in session.concerns if not c.masked]
        context: dict[str, Any] = {
            "team": session.session.team,
            "name": session.person_name(person),
            "csrf": participant.csrf,
            "sub": secrets.token_urlsafe(12),
            "kind": kind,
            "activity": ACTIVITY_WORDS.get(kind or "", ""),
            "key": page_key(session, person),
            "saved": request.query_params.get("note") == "saved",
            "results": results(session),
        }
        if kind == "writing":
            open_roles = activity.roles if activity and activity.roles else []
            roles = [r for r in session.roles if not open_roles or r.id in open_roles]
            my_role = own_role(session, person)
            context["roles"] = [(r.id, r.name, r.id == my_role) for r in roles]
            context["my_cards"] = [
                (session.role_name(c.role), c.text)
                for c in session.concerns
                if c.author == person and c.masked
            ]
        elif kind == "dots":
            placed = {
                b.concern: b.dots for b in session.ballots if b.person == person and not b.revealed
            }
            context["budget"] = settings.vote_budget
            context["cap"] = settings.vote_cap
            context["left"] = settings.vote_budget - sum(placed.values())
            context["groups"] = [
                (
                    role.name,
                    [(c.id, c.text, placed.get(c.id, 0)) for c in visible if c.role == role.id],
                )
                for role in session.roles
                if any(c.role == role.id for c in visible)
            ]
        elif kind == "fist":
            my_vote = next((v for v in session.confidence if v.person == person), None)
            context["score"] = my_vote.score if my_vote else None
        elif kind == "heard":
            role = own_role(session, person)
            context["role"] = session.role_name(role) if role else ""
            context["heard_groups"] = (
                [
                    (
                        r.name,
                        [(c.id, c.text, role in c.heard_by) for c in visible if c.role == r.id],
                    )
                    for r in session.roles
                    if r.id != role and any(c.role == r.id for c in visible)
                ]
                if role
                else []
            )
        return context


def own_role(session: Session, person: str) -> str | None:
    """The role a person speaks for in the room: the one they give most of their time to."""
    held = sorted(session.assignments_of(person), key=lambda a: -a.share)
    return held[0].role if held else None


def page_key(session: Session, person: str) -> str:
    """What a participant's page shows, in brief: when it changes, the page reloads itself.

    It changes with the open activity and with reveals, never with other people's private
    input (a page that reloaded on every card would give away when others write).
    """
    activity = session.activity
    revealed = sum(1 for c in session.concerns if not c.masked)
    counted = sum(1 for b in session.ballots if b.revealed)
    scores = sum(1 for v in session.confidence if not v.masked)
    opened = f"{activity.kind}:{','.join(activity.roles)}" if activity else "-"
    return f"{opened}|{revealed}|{counted}|{scores}"


def results(session: Session) -> dict[str, Any]:
    """What the room has revealed from its own input: cards, dot totals, scores."""
    cards = [
        (session.role_name(c.role), c.text, session.person_name(c.author))
        for c in session.concerns
        if c.via == "room" and not c.masked
    ]
    counted = {b.concern for b in session.ballots if b.revealed}
    totals = sorted(
        ((c.votes, c.text) for c in session.concerns if c.id in counted and c.votes),
        reverse=True,
    )
    scores = [v.score for v in session.confidence if not v.masked and v.via == "room"]
    return {
        "cards": cards,
        "totals": totals[:12],
        "scores": [(n, scores.count(n)) for n in range(5, 0, -1)] if scores else [],
    }
