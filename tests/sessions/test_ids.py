"""New ids never take one the session, its earlier session or its original ever used."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sessions.diff.render import render_text
from sessions.diff.sections import diff_sessions
from sessions.followup import follow_up
from sessions.ids import ids_used, new_id, new_item_id, new_slug_id
from sessions.live import LiveSession
from sessions.model import Session, next_id
from sessions.replay import Replay, branch_session
from sessions.store import read_session, save_session

LATER = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)


def edited(session: Session, *changes: tuple[str, dict]) -> Session:
    live = LiveSession(session)
    for type_, data in changes:
        live.change(type_, data, at=LATER)
    return live.session


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.startswith("  ")]


def test_next_id_never_fills_a_gap() -> None:
    assert next_id("p", []) == "p1"
    assert next_id("p", ["p1", "p2"]) == "p3"
    assert next_id("p", ["p3"]) == "p4"
    assert next_id("p", ["p1", "park9", "x7"]) == "p2"


def test_a_leaver_id_is_not_given_to_a_joiner(team_session: Session) -> None:
    after = edited(team_session, ("person.removed", {"id": "p5"}))
    assert new_id(after, "p") == "p6"
    after = edited(after, ("person.removed", {"id": "p4"}))
    assert new_id(after, "p") == "p6"


def test_every_numbered_collection_counts_its_history(team_session: Session) -> None:
    session = edited(
        team_session,
        ("action.added", {"id": "a1", "text": "Book the room"}),
        ("action.removed", {"id": "a1"}),
        ("parking.added", {"id": "k1", "text": "Budget", "stage": "roster", "at": LATER}),
        ("parking.removed", {"id": "k1"}),
    )
    assert new_id(session, "a") == "a2"
    assert new_id(session, "k") == "k2"
    # Pack concerns are numbered c1..cN at creation: the creation event counts.
    top = max(int(c.id[1:]) for c in team_session.concerns)
    last = f"c{top}"
    session = edited(session, ("concern.removed", {"id": last}))
    assert new_id(session, "c") == f"c{top + 1}"


def test_a_card_written_in_the_room_keeps_its_id_after_it_is_removed(team_session) -> None:
    """Room cards take ids of their own (`r1`, ...), written by `concern.written`, not
    `concern.added`: a removed card's id still counts, so the next card does not take it."""
    role = team_session.roles[0].id
    session = edited(
        team_session,
        ("activity.opened", {"kind": "writing"}),
        ("concern.written", {"id": "r1", "role": role, "text": "From a phone", "person": "p1"}),
        ("concern.removed", {"id": "r1"}),
    )
    assert new_id(session, "r") == "r2"


def test_a_new_item_id_takes_its_kind_s_prefix(team_session: Session) -> None:
    session = edited(team_session, ("action.added", {"id": "a4", "text": "Book the room"}))
    assert new_item_id(session, "action") == "a5"
    assert new_item_id(session, "person") == new_id(session, "p")
    with pytest.raises(ValueError, match="environment items have no numbered ids"):
        new_item_id(session, "environment")


def test_a_slug_id_is_not_reused_after_a_removal(team_session: Session) -> None:
    env = team_session.process.environments[-1]
    session = edited(team_session, ("environment.removed", {"id": env.id}))
    assert new_slug_id(session, "environment", env.id) == f"{env.id}-2"
    assert new_slug_id(session, "environment", "gpu") == "gpu"


def test_a_follow_up_carries_the_ids_its_earlier_session_used(
    team_session: Session, tmp_path: Path
) -> None:
    before = edited(team_session, ("person.removed", {"id": "p5"}))
    follow = follow_up(before, at=LATER)
    assert follow.session.ids_used is not None and follow.session.ids_used["p"] == 5
    path = tmp_path / "follow.toml"
    save_session(follow, path)
    follow = read_session(path)
    assert new_id(follow, "p") == "p6"


def test_two_leave_and_one_joins_a_follow_up(team_session: Session) -> None:
    follow = follow_up(team_session, at=LATER)
    after = edited(
        follow,
        ("person.removed", {"id": "p5"}),
        ("person.removed", {"id": "p4"}),
    )
    joiner = new_id(after, "p")
    after = edited(after, ("person.added", {"id": joiner, "name": "Eva Novak"}))
    changes = lines(render_text(diff_sessions(team_session, after)))
    people = [line for line in changes if line.split(":")[0] in ("+ joined", "- left", "~ renamed")]
    assert sorted(line.split(":")[0] for line in people) == ["+ joined", "- left", "- left"]
    assert any(line.startswith("+ joined: Eva Novak") for line in people)


def test_a_branch_never_takes_an_id_the_original_used_later(team_session: Session) -> None:
    session = edited(team_session, ("person.added", {"id": "p6", "name": "Eva Novak"}))
    replay = Replay(session)
    branch = branch_session(replay.state_at(replay.replayed - 1), at=LATER, original=session)
    assert branch.person("p6") is None
    assert new_id(branch, "p") == "p7"


def test_an_old_follow_up_that_reused_an_id_still_diffs_as_left_and_joined(
    team_session: Session,
) -> None:
    # Written before the fix: the follow-up carries no `ids_used` and the joiner took p5.
    follow = follow_up(team_session, at=LATER)
    info = follow.session.model_copy(update={"ids_used": None})
    follow = follow.model_copy(update={"session": info})
    after = edited(
        follow,
        ("person.removed", {"id": "p5"}),
        ("person.removed", {"id": "p4"}),
        ("person.added", {"id": "p4", "name": "Eva Novak"}),
    )
    changes = lines(render_text(diff_sessions(team_session, after)))
    assert not any(line.startswith("~ renamed") for line in changes)
    assert any(line.startswith("+ joined: Eva Novak") for line in changes)
    assert any(line.startswith("- left: Tomás Silva") for line in changes)


def test_ids_used_is_omitted_when_the_session_continues_nothing(team_session: Session) -> None:
    assert team_session.session.ids_used is None
    assert "ids_used" not in team_session.state_dump()["session"]
    assert ids_used(team_session)["p"] == 5
