"""Generate seeded session files for the benchmarks: a typical workshop and a very large one.

Run `python bench/generate.py [--out DIR] [--quick]` (default folder: `bench` in Forming's
user cache folder). Every change goes through `LiveSession.change`, the same reducer the app uses,
so each file's timeline folds exactly to its state and opens without an import. The same seed
always gives the same bytes.

- typical: 12 people, the pack's 4 roles, about 1,000 events (a full day's workshop);
- large: 200 people, 12 roles, 10,000 events (far beyond any real room: a stress case);
- journey2: 40 people in six squads over six roles (journey 2, a programme kick-off);
- realistic: 60 people over six roles, about 1,000 events (the largest room the role matrix
  is sized for, issue #14);
- limit: the large session's team over 32,000 events whose typed texts are eight times as
  long, some of them in other scripts: about 15 MiB, just under the 16 MiB a session file may
  reach (docs/reliability.md, section 7), for the per-change budgets at the size limit.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import random
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from content.loader import load_pack
from sessions.ids import with_ids_mark
from sessions.live import LiveSession
from sessions.model import Session
from sessions.start import new_session
from sessions.store import save_session

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
"""Every generated session starts at this moment, so files are reproducible."""

TEAM = {
    "typical": "Bench Typical Team",
    "large": "Bench Large Team",
    "journey2": "Programme Kick-off",
    "realistic": "Bench Realistic Team",
    "limit": "Bench Limit Team",
}
"""The team name of each size; the start-up benchmark looks for it on screen."""

FIRST_NAMES = [
    "Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken",
    "Frances", "Edsger", "Radia", "Tim", "Hedy", "Guido", "Sophie", "Yukihiro", "Anita",
    "Bjarne", "Jean", "Niklaus", "Shafi", "Donald", "Leslie", "Tomás", "Priya", "Jonas",
    "Maya", "Lena", "Oluwaseun",
]  # fmt: skip
LAST_NAMES = [
    "Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov",
    "Thompson", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "van Rossum", "Wilson",
    "Matsumoto", "Borg", "Stroustrup", "Bartik", "Wirth", "Goldwasser", "Knuth", "Lamport",
    "Silva", "Raman", "Berg", "Okafor", "Fischer", "Adeyemi",
]  # fmt: skip
TITLES = [
    "Data scientist",
    "ML engineer",
    "Data engineer",
    "Backend developer",
    "Product analyst",
    "Platform engineer",
    "ML product owner",
    "Analytics engineer",
]
CUSTOM_ROLES = [
    "Model risk analyst",
    "Data steward",
    "Site reliability engineer",
    "Labelling lead",
    "Privacy officer",
    "Domain expert",
]
SQUADS = ["Payments", "Lending", "Fraud", "Savings", "Cards", "Mortgages", "Insurance"]
"""Squad names for the sizes that have squads (journey 2: a bank's programme)."""
WORDS = [
    "model",
    "data",
    "pipeline",
    "feature",
    "drift",
    "retrain",
    "deploy",
    "staging",
    "review",
    "schema",
    "latency",
    "batch",
    "forecast",
    "metric",
    "baseline",
    "notebook",
    "package",
    "contract",
    "rollback",
    "alert",
    "monitor",
    "owner",
    "backlog",
    "experiment",
    "holdout",
    "quality",
    "label",
    "warehouse",
    "release",
    "incident",
    "threshold",
    "calibration",
]
WORLD_WORDS = [
    "données", "modèle", "Qualität", "Überwachung", "entrepôt", "déploiement", "métrica",
    "señal", "Prüfung", "São Paulo", "Kraków", "データ", "モデル", "数据", "데이터", "😀",
]  # fmt: skip
"""Words a multilingual room types too (accents, CJK, an emoji): the limit shape mixes them in,
so its bytes are not all one byte per character."""


@dataclass(frozen=True)
class Size:
    """The shape of a generated session."""

    name: str
    """`typical` or `large`."""
    people: int
    """People on the team."""
    extra_roles: int
    """Roles added beyond the pack's four default roles."""
    events: int
    """Events in the timeline, the creation event included."""
    squads: int = 0
    """Squads the people are spread over (none: nobody has a squad)."""
    wordiness: int = 1
    """How many times longer than a terse room's each typed text is (1: a few words)."""


SIZES = {
    "typical": Size("typical", people=12, extra_roles=0, events=1_000),
    "large": Size("large", people=200, extra_roles=8, events=10_000),
    "journey2": Size("journey2", people=40, extra_roles=2, events=400, squads=6),
    "realistic": Size("realistic", people=60, extra_roles=2, events=1_000),
    "limit": Size("limit", people=200, extra_roles=8, events=32_000, wordiness=8),
}
"""The sizes the benchmarks use."""


class _Workshop:
    """Drives a `LiveSession` through a plausible workshop with a seeded random source."""

    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.clock = START
        pack = load_pack()
        self.pack = pack
        session = new_session(
            pack,
            team=TEAM[size.name],
            purpose="Forecast next week's returns per warehouse so staffing can be planned.",
            facilitator="Bench Facilitator",
            org_size="large" if size.people > 20 else "small",
            at=START,
            session_id=f"bench-{size.name}-{seed}",
        )
        self.live = LiveSession(session)
        self.counter = 0

    @property
    def session(self) -> Session:
        return self.live.session

    def at(self) -> datetime:
        self.clock += timedelta(seconds=self.rng.randint(2, 40))
        return self.clock

    def do(self, type_: str, data: dict[str, Any]) -> None:
        self.live.change(type_, data, at=self.at())

    def sentence(self, words: int = 10) -> str:
        vocabulary = WORDS if self.size.wordiness == 1 else WORDS + WORLD_WORDS
        picked = [self.rng.choice(vocabulary) for _ in range(words * self.size.wordiness)]
        return (" ".join(picked)).capitalize() + "."

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        # A prefix of its own, so generated ids never meet the pack's (`c1`, `c2`, ...).
        return f"g{prefix}{self.counter}"

    # -- phases --------------------------------------------------------------------------------

    def setup(self) -> None:
        """Add the roles and people, and give everyone at least one role."""
        for role in self.pack.optional_roles()[: self.size.extra_roles]:
            self.do(
                "role.added",
                {"id": role.id, "name": role.name, "summary": role.summary},
            )
        custom = max(0, self.size.extra_roles - len(self.pack.optional_roles()))
        for index, name in enumerate(CUSTOM_ROLES[:custom]):
            self.do(
                "role.added",
                {
                    "id": f"custom-{index + 1}",
                    "name": name,
                    "summary": self.sentence(),
                    "custom": True,
                },
            )
        self.do("stage.entered", {"stage": "roster", "done": {"welcome": True}})
        for n in range(self.size.people):
            first = FIRST_NAMES[n % len(FIRST_NAMES)]
            last = LAST_NAMES[(n * 7 + n // len(FIRST_NAMES)) % len(LAST_NAMES)]
            self.do(
                "person.added",
                {
                    "id": f"p{n + 1}",
                    "name": f"{first} {last}" + (f" {n // 30 + 1}" if n >= 30 else ""),
                    "title": self.rng.choice(TITLES),
                    "availability": self.rng.choice([20, 30, 40, 50, 60, 80, 100]),
                    **({"squad": SQUADS[n % self.size.squads]} if self.size.squads else {}),
                },
            )
        self.do("stage.entered", {"stage": "roles", "done": {"roster": True}})
        roles = [r.id for r in self.session.roles]
        for person in self.session.people:
            role_id = self.rng.choice(roles)
            self.do(
                "assignment.added",
                {"person": person.id, "role": role_id, "share": self.rng.choice([50, 60, 100])},
            )

    def step(self) -> None:
        """Make one more change, chosen like a busy room would."""
        rng = self.rng
        session = self.session
        people = [p.id for p in session.people]
        roles = [r.id for r in session.roles]
        stages = [s.id for s in session.stages]
        roll = rng.random()
        if roll < 0.30:
            # Role mapping: shares raised, lowered, given and taken away.
            person, role = rng.choice(people), rng.choice(roles)
            held = next(
                (a for a in session.assignments if a.person == person and a.role == role), None
            )
            if held is None:
                self.do("assignment.added", {"person": person, "role": role, "share": 10})
            elif rng.random() < 0.15:
                self.do("assignment.removed", {"person": person, "role": role})
            else:
                share = max(10, min(100, held.share + rng.choice([-10, 10])))
                if share == held.share:
                    share = 50
                self.do(
                    "assignment.updated",
                    {"person": person, "role": role, "set": {"share": share}},
                )
        elif roll < 0.45:
            concerns = session.concerns
            if len(concerns) < 40 + len(people) // 4 or rng.random() < 0.2:
                self.do(
                    "concern.added",
                    {
                        "id": self.next_id("c"),
                        "role": rng.choice(roles),
                        "text": self.sentence(12),
                        "origin": "team",
                    },
                )
            else:
                concern = rng.choice(concerns)
                if rng.random() < 0.6:
                    self.do(
                        "concern.updated",
                        {"id": concern.id, "set": {"votes": min(concern.votes + 1, 40)}},
                    )
                else:
                    heard = sorted({*concern.heard_by, rng.choice(roles)} - {concern.role})
                    self.do("concern.updated", {"id": concern.id, "set": {"heard_by": heard}})
        elif roll < 0.55:
            if len(session.needs) < 30 or rng.random() < 0.3:
                provider, receiver = rng.sample(roles, 2)
                self.do(
                    "need.added",
                    {
                        "id": self.next_id("n"),
                        "provider": provider,
                        "receiver": receiver,
                        "artefact": self.sentence(4),
                        "format": self.sentence(6),
                        "when": self.sentence(5),
                    },
                )
            else:
                need = rng.choice(session.needs)
                self.do("need.updated", {"id": need.id, "set": {"quality": self.sentence(8)}})
        elif roll < 0.62:
            person = rng.choice(people)
            self.do(
                "person.updated",
                {"id": person, "set": {"availability": rng.choice([20, 40, 50, 60, 80, 100])}},
            )
        elif roll < 0.70:
            current = session.session.stage
            target = rng.choice([s for s in stages if s != current])
            self.do(
                "stage.entered",
                {"stage": target, "spent_s": {current: rng.randint(60, 3000)}},
            )
        elif roll < 0.76:
            self.do(
                "action.added",
                {
                    "id": self.next_id("a"),
                    "text": self.sentence(9),
                    "owner": rng.choice(people),
                    "due": date(2026, 12, 1) + timedelta(days=rng.randint(0, 60)),
                },
            )
        elif roll < 0.80:
            self.do(
                "parking.added",
                {
                    "id": self.next_id("k"),
                    "text": self.sentence(10),
                    "stage": session.session.stage,
                    "at": self.clock,
                },
            )
        elif roll < 0.86:
            if len(session.learning) < 20 or rng.random() < 0.3:
                learner, partner = rng.sample(people, 2)
                self.do(
                    "learning.added",
                    {
                        "id": self.next_id("l"),
                        "learner": learner,
                        "topic": self.sentence(6),
                        "partner": partner,
                    },
                )
            else:
                item = rng.choice(session.learning)
                self.do("learning.updated", {"id": item.id, "set": {"topic": self.sentence(6)}})
        elif roll < 0.90:
            step = rng.choice(session.process.pipeline)
            self.do("step.updated", {"id": step.id, "set": {"owner": rng.choice(roles)}})
        elif roll < 0.94:
            stage = rng.choice(stages)
            self.do("stage.timed", {"spent_s": {stage: rng.randint(60, 3000)}})
        else:
            person = rng.choice(people)
            score = rng.randint(1, 5)
            if any(vote.person == person for vote in session.confidence):
                self.do("vote.updated", {"person": person, "set": {"score": score}})
            else:
                self.do("vote.added", {"person": person, "score": score})

    def finish(self) -> Session:
        """Fill the timeline to the size's event count and end on the role-mapping stage."""
        while len(self.session.timeline) < self.size.events - 1:
            self.step()
        if self.session.session.stage == "roles":
            self.do("stage.timed", {"spent_s": {"roles": 1800}})
        else:
            self.do("stage.entered", {"stage": "roles"})
        return self.session


DEFAULT_FOLDER = user_cache_path("forming") / "bench"
"""Where generated sessions go unless a folder is given: the user's own cache folder, kept
between runs (generating the large session takes a while), not a fixed name in the shared temp
folder that anyone could have created first."""

QUICK_EVENTS = 1_500
"""The large and limit sessions' length in quick mode: their people and roles, fewer events."""
QUICK_SIZES = ("large", "limit")
"""The sizes quick mode makes shorter."""


def build(size: str, seed: int = 7, *, events: int | None = None) -> Session:
    """Return the generated session of `size` (a key of `SIZES`) for `seed`.

    `events` overrides the size's event count (quick mode uses a shorter large session).
    """
    shape = SIZES[size]
    if events is not None:
        shape = dataclasses.replace(shape, events=events)
    workshop = _Workshop(shape, seed)
    workshop.setup()
    return workshop.finish()


_VERSION = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:8]
"""Part of every file name, so a changed generator never reuses files an older one wrote."""


def session_path(size: str, folder: Path, seed: int = 7, *, quick: bool = False) -> Path:
    """Where the session of `size` is written in `folder`."""
    variant = "-quick" if quick and size in QUICK_SIZES else ""
    return folder / f"bench-{size}{variant}-{seed}-{_VERSION}.toml"


def write(size: str, folder: Path, seed: int = 7, *, quick: bool = False) -> Path:
    """Generate the session of `size` and save it in `folder`; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = session_path(size, folder, seed, quick=quick)
    events = QUICK_EVENTS if quick and size in QUICK_SIZES else None
    # Saved as the app saves: with the ids' high-water mark in its state (`with_ids_mark`).
    save_session(with_ids_mark(build(size, seed, events=events)), path)
    return path


def ensure(size: str, folder: Path, *, quick: bool = False) -> Path:
    """Return the session file of `size` in `folder`, generating it if it is not there yet."""
    path = session_path(size, folder, quick=quick)
    return path if path.exists() else write(size, folder, quick=quick)


def main(argv: list[str] | None = None) -> int:
    """Write the sessions `--sizes` names into `--out` (default: `DEFAULT_FOLDER`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--quick", action="store_true", help=f"large and limit sessions of {QUICK_EVENTS:,} events"
    )
    parser.add_argument(
        "--sizes",
        default="typical,large",
        help=f"which sessions, comma-separated, of: {', '.join(SIZES)} (default: typical,large)",
    )
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        path = write(size, args.out, args.seed, quick=args.quick)
        print(f"{size}: {path} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
