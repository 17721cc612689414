"""The room's private input as events: silent cards, dots, fist of five, heard marks, reveal."""

from __future__ import annotations

from typing import Any

import pytest

from sessions.events import EventError, fold, same_state
from sessions.model import integrity_problems
from sessions.store import parse_session, session_to_toml
from tests.sessions.test_events import build, rec

PEOPLE = [
    ("person.added", {"id": "p1", "name": "Ana"}),
    ("person.added", {"id": "p2", "name": "Bo"}),
    ("concern.added", {"id": "k1", "role": "data-scientist", "text": "Experiments"}),
    ("concern.added", {"id": "k2", "role": "data-engineer", "text": "Data quality"}),
    ("concern.added", {"id": "k3", "role": "data-scientist", "text": "Metrics"}),
]


def room(*events: tuple[str, dict[str, Any]]):
    return build(*PEOPLE, *events)


def test_silent_cards_are_attributed_masked_and_revealed_together() -> None:
    session = room(
        ("activity.opened", {"kind": "writing"}),
        (
            "concern.written",
            {"id": "w1", "role": "data-scientist", "text": "GPUs", "person": "p1", "via": "room"},
        ),
        (
            "concern.written",
            {"id": "w2", "role": "data-engineer", "text": "Late data", "person": "p2"},
        ),
    )
    cards = {c.id: c for c in session.concerns if c.id.startswith("w")}
    assert cards["w1"].author == "p1" and cards["w1"].masked and cards["w1"].via == "room"
    assert cards["w2"].author == "p2" and cards["w2"].masked and cards["w2"].via is None
    session = rec(session, "activity.revealed", {"kind": "writing"})
    assert session.activity is None
    assert not any(c.masked for c in session.concerns)


def test_cards_only_while_writing_is_open_and_for_the_opened_roles() -> None:
    card = {"id": "w1", "role": "data-scientist", "text": "GPUs", "person": "p1"}
    with pytest.raises(EventError, match="not open"):
        room(("concern.written", card))
    with pytest.raises(EventError, match="not open"):
        room(
            ("activity.opened", {"kind": "writing", "roles": ["data-engineer"]}),
            ("concern.written", card),
        )
    with pytest.raises(EventError, match="no person"):
        room(("activity.opened", {"kind": "writing"}), ("concern.written", {**card, "person": "x"}))


def test_dots_are_per_person_private_and_counted_once_at_reveal() -> None:
    session = room(
        ("settings.updated", {"set": {"vote_budget": 3, "vote_cap": 2}}),
        ("activity.opened", {"kind": "dots"}),
        ("dots.given", {"person": "p1", "dots": {"k1": 2, "k2": 1}, "via": "room"}),
        ("dots.given", {"person": "p2", "dots": {"k1": 1}}),
        # Ana moves a dot: her new ballot replaces the old one.
        ("dots.given", {"person": "p1", "dots": {"k1": 2, "k3": 1}, "via": "room"}),
    )
    assert all(c.votes == 0 for c in session.concerns if c.id.startswith("k")), "private"
    mine = {(b.person, b.concern): b.dots for b in session.ballots}
    assert mine == {("p1", "k1"): 2, ("p1", "k3"): 1, ("p2", "k1"): 1}
    session = rec(session, "activity.revealed", {"kind": "dots"})
    votes = {c.id: c.votes for c in session.concerns if c.id.startswith("k")}
    assert votes == {"k1": 3, "k2": 0, "k3": 1}
    assert session.activity is None and all(b.revealed for b in session.ballots)
    # A second reveal counts nothing twice.
    session = rec(session, "activity.revealed", {"kind": "dots"})
    assert {c.id: c.votes for c in session.concerns if c.id.startswith("k")} == votes
    with pytest.raises(EventError, match="not open"):
        rec(session, "dots.given", {"person": "p2", "dots": {"k2": 1}})


@pytest.mark.parametrize(
    ("dots", "reason"),
    [
        ({"k1": 3}, "at most 2"),
        ({"k1": 2, "k2": 2}, "budget of 3"),
        ({"k9": 1}, "no concern"),
        ({"k1": -1}, "whole number"),
        ({"k1": True}, "whole number"),
    ],
)
def test_each_person_s_budget_and_cap_are_enforced(dots: dict[str, Any], reason: str) -> None:
    with pytest.raises(EventError, match=reason):
        room(
            ("settings.updated", {"set": {"vote_budget": 3, "vote_cap": 2}}),
            ("activity.opened", {"kind": "dots"}),
            ("dots.given", {"person": "p1", "dots": dots}),
        )


def test_one_person_s_budget_is_not_shared_with_another() -> None:
    session = room(
        ("settings.updated", {"set": {"vote_budget": 3, "vote_cap": 3}}),
        ("activity.opened", {"kind": "dots"}),
        ("dots.given", {"person": "p1", "dots": {"k1": 3}}),
        ("dots.given", {"person": "p2", "dots": {"k1": 3}}),
    )
    assert sum(b.dots for b in session.ballots) == 6


def test_fist_of_five_is_hidden_until_revealed() -> None:
    session = room(
        ("activity.opened", {"kind": "fist"}),
        ("fist.given", {"person": "p1", "score": 4, "via": "room"}),
        ("fist.given", {"person": "p1", "score": 2, "via": "room"}),
    )
    assert [(v.person, v.score, v.masked) for v in session.confidence] == [("p1", 2, True)]
    session = rec(session, "activity.revealed", {"kind": "fist"})
    assert session.confidence[0].masked is None
    with pytest.raises(EventError):
        room(("activity.opened", {"kind": "fist"}), ("fist.given", {"person": "p1", "score": 6}))


def test_heard_marks_are_idempotent_and_never_for_the_own_role() -> None:
    session = room(
        ("concern.heard", {"concern": "k1", "role": "data-engineer", "person": "p2"}),
        ("concern.heard", {"concern": "k1", "role": "data-engineer", "person": "p2"}),
    )
    assert next(c for c in session.concerns if c.id == "k1").heard_by == ["data-engineer"]
    with pytest.raises(EventError, match="its own"):
        rec(session, "concern.heard", {"concern": "k1", "role": "data-scientist"})


def test_removing_a_person_or_concern_drops_their_ballots() -> None:
    session = room(
        ("activity.opened", {"kind": "dots"}),
        ("dots.given", {"person": "p1", "dots": {"k1": 1, "k2": 1}}),
        ("dots.given", {"person": "p2", "dots": {"k2": 1}}),
        ("concern.removed", {"id": "k1"}),
    )
    assert [(b.person, b.concern) for b in session.ballots] == [("p1", "k2"), ("p2", "k2")]
    session = rec(session, "person.removed", {"id": "p2"})
    assert [(b.person, b.concern) for b in session.ballots] == [("p1", "k2")]
    assert integrity_problems(session) == []


def test_the_room_s_input_round_trips_through_the_file_and_replays() -> None:
    session = room(
        ("activity.opened", {"kind": "writing", "roles": ["data-scientist"]}),
        (
            "concern.written",
            {
                "id": "w1",
                "role": "data-scientist",
                "text": "<b>x</b>\x1b[2J",
                "person": "p1",
                "via": "room",
            },
        ),
        ("activity.opened", {"kind": "dots"}),
        ("dots.given", {"person": "p1", "dots": {"k1": 1}, "via": "room"}),
    )
    again = parse_session(session_to_toml(session))
    assert again == session
    assert same_state(fold(session.timeline), session), "replay folds the same reducer"
    assert again.activity is not None and again.activity.kind == "dots"
    card = next(c for c in again.concerns if c.id == "w1")
    assert card.text == "<b>x</b>[2J", "control characters are cleaned at the model boundary"


def test_the_charter_shows_scores_only_once_revealed() -> None:
    from sessions.export import charter_markdown

    session = room(
        ("activity.opened", {"kind": "fist"}),
        ("fist.given", {"person": "p1", "score": 2, "via": "room"}),
    )
    assert "No confidence vote yet." in charter_markdown(session)
    session = rec(session, "activity.revealed", {"kind": "fist"})
    assert "Fist of five, from 1 person" in charter_markdown(session)


def test_diff_names_a_silent_card_only_once_revealed() -> None:
    from sessions.diff.sections import diff_sessions

    before = room(("activity.opened", {"kind": "writing"}))
    card = {"id": "w1", "role": "data-scientist", "text": "Secret worry", "person": "p1"}
    written = rec(before, "concern.written", card)
    assert not any("Secret worry" in c.text for c in diff_sessions(before, written).concerns)
    shown = rec(written, "activity.revealed", {"kind": "writing"})
    assert any("Secret worry" in c.text for c in diff_sessions(before, shown).concerns)
