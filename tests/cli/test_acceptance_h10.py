"""Issue 10's acceptance, from the command line: ids in diff, decided risks in the charter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sessions.followup import follow_up
from sessions.ids import new_id
from sessions.live import LiveSession
from sessions.store import read_session, save_session
from tests.conftest import forming

LATER = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)


def test_two_leave_a_follow_up_and_one_joins(team_session, tmp_path: Path) -> None:
    first = tmp_path / "first.toml"
    save_session(team_session, first)
    live = LiveSession(follow_up(read_session(first), at=LATER))
    live.change("person.removed", {"id": "p4"})
    live.change("person.removed", {"id": "p5"})
    live.change("person.added", {"id": new_id(live.session, "p"), "name": "Eva Novak"})
    second = tmp_path / "second.toml"
    save_session(live.session, second)
    # Read back as the app would before adding the next person: still no reuse.
    assert new_id(read_session(second), "p") == "p7"
    result = forming("diff", str(first), str(second))
    assert result.returncode == 0, result.stderr
    people = result.stdout.split("\nPeople\n", 1)[1].split("\n\n", 1)[0].splitlines()
    labels = sorted(line.strip().split(":")[0] for line in people)
    assert labels == ["+ joined", "- left", "- left"]
    assert "renamed" not in result.stdout


def test_an_accepted_risk_is_a_decision_in_the_exported_charter(team_session, tmp_path) -> None:
    live = LiveSession(team_session)
    live.change(
        "decision.added",
        {
            "kind": "role.single_part_time",
            "subject": "platform-engineer",
            "outcome": "accepted",
            "reason": "Hiring in May",
        },
    )
    path = tmp_path / "team.toml"
    save_session(live.session, path)
    result = forming("export", str(path))
    assert result.returncode == 0, result.stderr
    risks = result.stdout.split("## Risks\n", 1)[1].split("\n## ", 1)[0]
    warnings, decisions = risks.split("### Decisions about risks")
    assert "Platform / ML engineer" not in warnings
    assert "Platform / ML engineer: rests on one part-time person" in decisions
    assert "Decided: accepted: Hiring in May." in decisions
