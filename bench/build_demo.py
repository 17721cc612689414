"""Build the bundled demo session: a small company's team part-way through the workshop.

Run `python bench/build_demo.py` after changing the default pack or the events; it rewrites
`content/demo/demo-session.toml` through the same reducer the app uses, so the demo's timeline
folds to its state exactly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import tomli_w

from content.loader import load_pack
from sessions.live import LiveSession
from sessions.model import dump_session
from sessions.start import new_session

TARGET = Path(__file__).resolve().parent.parent / "content" / "demo" / "demo-session.toml"
START = datetime(2026, 11, 12, 9, 30, tzinfo=UTC)


def build() -> LiveSession:
    """Return the demo session, built event by event with a steady clock."""
    clock = {"t": START}

    def at(seconds: int = 40) -> datetime:
        clock["t"] += timedelta(seconds=seconds)
        return clock["t"]

    pack = load_pack()
    session = new_session(
        pack,
        team="Returns Forecast",
        purpose="Forecast next week's product returns per warehouse so staffing can be planned.",
        facilitator="Maya Okafor",
        at=START,
        session_id="6f1c2a7e-3b7d-4c52-9a55-0d3e6f2b9c41",
    )
    live = LiveSession(session)

    def do(type_: str, data: dict, seconds: int = 40) -> None:
        live.change(type_, data, at=at(seconds))

    do(
        "session.updated",
        {
            "set": {
                "product": "Weekly returns forecast",
                "goals": [
                    "Agree who does what between notebook and production",
                    "Leave with a definition of done for a model change",
                ],
            }
        },
    )
    do("stage.entered", {"stage": "roster", "spent_s": {"welcome": 540}, "done": {"welcome": True}})
    people = [
        ("p1", "Maya Okafor", "ML product owner", 40),
        ("p2", "Jonas Berg", "Data scientist", 100),
        ("p3", "Priya Raman", "Data scientist", 50),
        ("p4", "Tomás Silva", "Backend developer", 60),
        ("p5", "Lena Fischer", "Product analyst", 30),
    ]
    for person_id, name, title, availability in people:
        do(
            "person.added",
            {"id": person_id, "name": name, "title": title, "availability": availability},
            seconds=70,
        )
    do("stage.entered", {"stage": "roles", "spent_s": {"roster": 610}, "done": {"roster": True}})
    for person, role, share in [
        ("p2", "data-scientist", 60),
        ("p2", "data-engineer", 40),
        ("p3", "data-scientist", 100),
        ("p4", "software-engineer", 70),
        ("p4", "platform-engineer", 30),
        ("p5", "data-engineer", 20),
    ]:
        do("assignment.added", {"person": person, "role": role, "share": share}, seconds=55)
    do(
        "action.added",
        {
            "id": "a1",
            "text": "Find a second person who can look after the serving platform",
            "owner": "p1",
            "due": date(2026, 12, 11),
        },
    )
    do(
        "stage.entered",
        {"stage": "responsibilities", "spent_s": {"roles": 1260}, "done": {"roles": True}},
    )
    role = next(r for r in live.session.roles if r.id == "data-scientist")
    do(
        "role.updated",
        {
            "id": "data-scientist",
            "set": {
                "responsibilities": [
                    *role.responsibilities,
                    "Explain each forecast's error bands to the warehouse leads",
                ]
            },
        },
        seconds=120,
    )
    do(
        "stage.entered",
        {
            "stage": "concerns",
            "spent_s": {"responsibilities": 840},
            "done": {"responsibilities": True},
        },
    )
    data_science = [c for c in live.session.concerns if c.role == "data-scientist"]
    do("concern.updated", {"id": data_science[0].id, "set": {"votes": 4}}, seconds=30)
    do("concern.updated", {"id": data_science[1].id, "set": {"votes": 2}}, seconds=30)
    do(
        "concern.updated",
        {"id": data_science[0].id, "set": {"heard_by": ["software-engineer", "platform-engineer"]}},
    )
    do(
        "concern.added",
        {
            "id": "c900",
            "role": "software-engineer",
            "text": "Nobody is paged when the forecast job fails overnight",
            "origin": "team",
            "votes": 3,
        },
        seconds=90,
    )
    do(
        "parking.added",
        {
            "id": "k1",
            "text": "Do we need a feature store, or is the warehouse table enough?",
            "stage": "concerns",
            "at": clock["t"],
        },
        seconds=20,
    )
    do(
        "stage.entered",
        {"stage": "needs", "spent_s": {"concerns": 1500}, "done": {"concerns": True}},
    )
    do(
        "need.added",
        {
            "id": "n1",
            "provider": "data-scientist",
            "receiver": "software-engineer",
            "artefact": "Trained forecast model",
            "format": "Versioned Python package with an input schema, not a notebook",
            "when": "When a model change passes evaluation",
            "quality": "Beats last week's model on the holdout set",
        },
        seconds=150,
    )
    do(
        "need.added",
        {
            "id": "n2",
            "provider": "data-engineer",
            "receiver": "data-scientist",
            "artefact": "Daily returns table",
            "format": "Warehouse table with a documented schema",
            "when": "By 06:00 each day",
        },
        seconds=120,
    )
    return live


def main() -> None:
    """Write the demo session file."""
    live = build()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(tomli_w.dumps(dump_session(live.session)), encoding="utf-8")
    print(f"wrote {TARGET} ({len(live.session.timeline)} events)")


if __name__ == "__main__":
    main()
