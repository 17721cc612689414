"""What a diff of two sessions is made of: lines of change, each marked and worded, by section.

`sessions.diff.sections` fills a `SessionDiff`; `sessions.diff.render` writes it out as text or
Markdown, and the check-in screen shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sessions.kinds import KINDS

NO_CHANGES = "No changes: the two sessions hold the same agreements."
"""What the diff of two sessions holding the same agreements says, and all it says."""

MARKS = {
    "+": "added or new",
    "-": "removed or resolved",
    "~": "changed",
    "=": "still open",
}
"""Every mark a change line starts with, always followed by a word saying what it means."""


@dataclass(frozen=True)
class Change:
    """One line of a diff: a mark, the word for it, and what changed."""

    mark: str
    """`+` (added, new), `-` (removed, resolved), `~` (changed) or `=` (unchanged, shown)."""
    label: str
    """The word for the change, such as `joined` or `share`; never left to the mark alone."""
    text: str
    """What changed, in a plain sentence; it holds text people typed, unescaped."""

    @property
    def counts(self) -> bool:
        """Whether this line is a change (a `=` line only reminds of something unchanged)."""
        return self.mark != "="


@dataclass
class SessionDiff:
    """The differences between session A (before) and session B (after), by section."""

    before: str
    """Which session A is: its team and when it was saved."""
    after: str
    """Which session B is."""
    link: str = ""
    """How the two are related, when one is a follow-up of the other."""
    team: list[Change] = field(default_factory=list)
    """The team's name, purpose, product, organisation size, facilitator and goals."""
    people: list[Change] = field(default_factory=list)
    """People who joined or left, and changes of name, title or availability."""
    roles: list[Change] = field(default_factory=list)
    """Roles added, removed or renamed, and their responsibilities."""
    shares: list[Change] = field(default_factory=list)
    """Who holds which role: roles taken on or given up, and changed shares."""
    risks: list[Change] = field(default_factory=list)
    """Coverage risks new in B and those resolved since A."""
    concerns: list[Change] = field(default_factory=list)
    """Concerns raised or removed (votes are not compared: each session is its own round)."""
    handoffs: list[Change] = field(default_factory=list)
    """Handoffs between roles added, removed or changed."""
    environments: list[Change] = field(default_factory=list)
    """Environments added, removed or changed."""
    gates: list[Change] = field(default_factory=list)
    """Promotion gates added or removed, and the checks they apply."""
    pipeline: list[Change] = field(default_factory=list)
    """Pipeline steps added, removed, renamed, re-owned or reordered."""
    definition_of_done: list[Change] = field(default_factory=list)
    """Items of the definition of done added or removed."""
    learning: list[Change] = field(default_factory=list)
    """Learning commitments added or removed."""
    rituals: list[Change] = field(default_factory=list)
    """The backlog, who orders it, and the meetings."""
    actions: list[Change] = field(default_factory=list)
    """Actions added, completed, changed, and those still open."""
    parking_lot: list[Change] = field(default_factory=list)
    """Items parked, resolved or removed."""
    confidence: list[Change] = field(default_factory=list)
    """The average of the confidence vote, A to B."""
    listed: dict[str, list[Change]] = field(default_factory=dict)
    """Items of the kinds with no section written for them, added, removed or changed, by
    their section's heading (see `Kind.told_apart`)."""

    def sections(self) -> list[tuple[str, list[Change]]]:
        """Return each section that has lines, with its heading, in reading order."""
        written = [
            (SECTION_TITLES[f.name], getattr(self, f.name))
            for f in fields(self)
            if f.name in SECTION_TITLES and getattr(self, f.name)
        ]
        return written + [(title, changes) for title, changes in self.listed.items() if changes]

    @property
    def empty(self) -> bool:
        """Whether the two sessions hold the same agreements (reminders aside)."""
        return not any(change.counts for _, changes in self.sections() for change in changes)


SECTION_TITLES = {
    "team": "Team",
    "people": KINDS["person"].section,
    "roles": KINDS["role"].section,
    "shares": KINDS["assignment"].section,
    "risks": "Coverage risks",
    "concerns": KINDS["concern"].section,
    "handoffs": KINDS["need"].section,
    "environments": KINDS["environment"].section,
    "gates": KINDS["gate"].section,
    "pipeline": KINDS["step"].section,
    "definition_of_done": "Definition of done",
    "learning": KINDS["learning"].section,
    "rituals": "Rituals",
    "actions": KINDS["action"].section,
    "parking_lot": KINDS["parking"].section,
    "confidence": KINDS["vote"].section,
}
"""The heading of each section of a diff."""
