"""What a round of concerns shows besides its table: the concerns on show ranked by dots, the
dots' symbol, the room's vote limits, and the line counting the cards written silently (hidden
until the reveal: only how many each person wrote shows, never what)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from sessions.model import Concern, Session
from sessions.text import plural, shorten

NAME_CELLS = 18
"""The most cells one person's name takes in the line of hidden cards (a long name is cut
there, so more people's counts fit on the line)."""


def dots(votes: int) -> str:
    """Return a concern's dots as a symbol and a number, such as `● 4`."""
    return f"● {votes}" if votes else "· 0"


def ranked(session: Session, role_id: str) -> list[Concern]:
    """Return a role's concerns on show, most dots first; ties keep the order they were raised
    in. Concerns written silently are not among them until revealed (see `Hidden`)."""
    return sorted(
        (c for c in session.concerns if c.role == role_id and not c.masked),
        key=lambda c: c.votes,
        reverse=True,
    )


def hidden_by_author(session: Session) -> Counter[str | None]:
    """How many concerns written silently each author has waiting for the reveal (`None`:
    typed on the facilitator's keyboard without a name)."""
    return Counter(c.author for c in session.concerns if c.masked)


@dataclass(frozen=True)
class Hidden:
    """The concerns written silently and not yet revealed, as the room may see them: counts
    per person, never what they say. They are not rows of the table until revealed: a row
    per card would change the table with every card the room sends (see docs/performance.md,
    "The room under a burst")."""

    total: int
    """Cards hidden, across every role."""
    by_person: tuple[tuple[str, int], ...]
    """`(name as typed, cards)` for each person on the roster with a hidden card, in the
    roster's order."""
    unattributed: int
    """Cards hidden that carry no name on the roster (typed without one)."""

    @classmethod
    def of(cls, session: Session) -> Hidden:
        """The hidden cards of `session`, counted."""
        counts = hidden_by_author(session)
        people = tuple((p.name, counts[p.id]) for p in session.people if counts[p.id])
        total = sum(counts.values())
        return cls(total, people, total - sum(n for _, n in people))

    def _entries(self, name_cells: int) -> list[str]:
        """`Name N` for each person, names cut to `name_cells`; those without a name last."""
        entries = [f"{shorten(name, name_cells)} {n}" for name, n in self.by_person]
        if self.unattributed and self.by_person:
            entries.append(f"{self.unattributed} without a name")
        return entries

    @staticmethod
    def _fit(entries: list[str], room: int) -> int:
        """How many of `entries` fit in `room` cells, with `+N more` for the rest."""
        for index in range(len(entries)):
            left = len(entries) - index - 1
            trial = " " + " · ".join(entries[: index + 1]) + (f" · +{left} more" if left else "")
            if cell_len(trial) > room:
                return index
        return len(entries)

    def line(self, width: int, *, hint: bool) -> Content:
        """One line of at most `width` cells: the total, then as many people's counts as fit
        (the rest as `+N more`), then how to reveal them when there is room (and `hint`).

        On a narrow screen the words around the counts get shorter, then the names, so that
        at least one person's count is shown."""
        cards = plural(self.total, "card")
        head = f"▒ {cards} hidden until revealed"
        entries: list[str] = []
        shown = 0
        if self.by_person:
            people = plural(len(self.by_person), "person", "people")
            tries = [
                (f"{head}, by {people}:", NAME_CELLS),
                (f"▒ {cards} hidden, {people}:", NAME_CELLS),
                (f"▒ {cards} hidden, {people}:", NAME_CELLS // 2),
            ]
            for try_head, name_cells in tries:  # the first that shows at least one name
                head, entries = try_head, self._entries(name_cells)
                shown = self._fit(entries, width - cell_len(head))
                if shown:
                    break
        body = " " + " · ".join(entries[:shown]) if shown else ""
        left = len(entries) - shown
        more = f"{' ·' if shown else ''} +{left} more" if left else ""
        tail = "  r reveals" if hint else ""
        if cell_len(head + body + more + tail) > width:
            tail = ""
        return Content.assemble((head, "bold"), body, (more, "dim"), (tail, "dim"))


class HiddenCards(Widget):
    """One line above the table counting the concerns written silently (`Hidden`).

    Drawn for its own width when Textual paints it, so a new count repaints one line and
    lays nothing out: during a burst of cards from the room this is all that changes.
    """

    DEFAULT_CSS = """
    HiddenCards { height: 1; width: 100%; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._hidden = Hidden(0, (), 0)
        self._hint = True
        self.display = False  # shown while something is hidden

    def show(self, hidden: Hidden, *, hint: bool) -> None:
        """Count `hidden`; `hint` says how to reveal them (not while nothing can change)."""
        if (hidden, hint) == (self._hidden, self._hint):
            return
        self._hidden, self._hint = hidden, hint
        self.display = hidden.total > 0
        self.refresh()

    def render(self) -> Content:
        return self._hidden.line(self.content_size.width, hint=self._hint)


class VoteLimits:
    """The dot budget and the cap per concern for the whole room."""

    def __init__(self, session: Session) -> None:
        settings = session.settings
        self.people = max(len(session.people), 1)
        """Everyone in the room (at least one, so a session without a roster can still vote)."""
        self.per_person = settings.vote_budget
        self.cap_per_person = settings.vote_cap
        self.budget = settings.vote_budget * self.people
        """Dots the whole room may place across every concern."""
        self.cap = settings.vote_cap * self.people
        """Dots one concern may take from the whole room."""
        self.used = sum(c.votes for c in session.concerns)
        """Dots placed so far, across every role's concerns."""
