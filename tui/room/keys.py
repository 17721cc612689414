"""The room's keys: the join code, participants' tokens, claims on names, and the limits."""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

CODE_DIGITS = 6
"""Digits in the join code: short to read off a projector, and guarded by the lockout below."""
WRONG_CODES_ALLOWED = 5
"""Wrong codes one address may send within `WRONG_CODE_WINDOW_S` before it is refused."""
WRONG_CODE_WINDOW_S = 300.0
LOCKOUT_S = 300.0
"""How long an address that sent too many wrong codes is refused."""
BURST = 30
"""Requests a participant may send at once before the rate limit applies."""
PER_SECOND = 2.0
"""Requests per second a participant may keep sending (a page polls every few seconds)."""
SEEN_SUBMISSIONS = 200
"""Submission ids remembered per participant, so a form sent twice is taken in once."""


@dataclass
class Participant:
    """One device that joined the room as one person."""

    person: str
    """The person's id in the session."""
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """The secret in the participant's cookie."""
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    """The secret every form of theirs carries back."""
    allowance: float = float(BURST)
    last: float = 0.0
    seen: deque[str] = field(default_factory=lambda: deque(maxlen=SEEN_SUBMISSIONS))
    """Ids of the submissions already taken in."""


class RoomKeys:
    """Who may come in: the join code, tokens, one device per name, and the limits.

    Everything lives in memory for as long as the room is open; `close` forgets every token,
    so a cookie from a closed room opens nothing, even when the room is opened again.
    """

    def __init__(self, *, code: str | None = None, clock: Callable[[], float] = time.monotonic):
        self.code = code or "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
        self.clock = clock
        self.closed = False
        self._by_token: dict[str, Participant] = {}
        self._claims: dict[str, Participant] = {}
        self._wrong: dict[str, deque[float]] = {}
        self._blocked_until: dict[str, float] = {}

    # -- the join code ---------------------------------------------------------------------------

    def blocked(self, address: str) -> bool:
        """Return whether `address` sent too many wrong codes lately."""
        until = self._blocked_until.get(address)
        if until is None:
            return False
        if self.clock() >= until:
            del self._blocked_until[address]
            return False
        return True

    def check_code(self, address: str, code: str) -> bool:
        """Return whether `code` is the join code; count a wrong one against `address`."""
        if self.closed or self.blocked(address):
            return False
        if secrets.compare_digest(code.strip().encode(), self.code.encode()):
            return True
        now = self.clock()
        wrong = self._wrong.setdefault(address, deque())
        wrong.append(now)
        while wrong and now - wrong[0] > WRONG_CODE_WINDOW_S:
            wrong.popleft()
        if len(wrong) >= WRONG_CODES_ALLOWED:
            self._blocked_until[address] = now + LOCKOUT_S
            wrong.clear()
        return False

    # -- participants ----------------------------------------------------------------------------

    def claim(self, person: str) -> Participant | None:
        """Give `person` a new token, or `None` when another device holds their name."""
        if self.closed or person in self._claims:
            return None
        participant = Participant(person, last=self.clock())
        self._claims[person] = participant
        self._by_token[participant.token] = participant
        return participant

    def participant(self, token: str | None) -> Participant | None:
        """Return the participant holding `token`, if the room is open and knows it."""
        if self.closed or not token:
            return None
        return self._by_token.get(token)

    def release(self, person: str) -> bool:
        """End the token of the device that holds `person`'s name (the facilitator's call)."""
        participant = self._claims.pop(person, None)
        if participant is None:
            return False
        self._by_token.pop(participant.token, None)
        return True

    def close(self) -> None:
        """Forget every token and claim: nothing issued by this room opens anything again."""
        self.closed = True
        self._by_token.clear()
        self._claims.clear()

    @property
    def joined(self) -> list[str]:
        """The ids of the people who have joined, in the order they joined."""
        return list(self._claims)

    def allow(self, participant: Participant) -> bool:
        """Take one request from the participant's allowance; `False` when it is used up."""
        now = self.clock()
        participant.allowance = min(
            float(BURST), participant.allowance + (now - participant.last) * PER_SECOND
        )
        participant.last = now
        if participant.allowance < 1:
            return False
        participant.allowance -= 1
        return True
