"""What changed between two sessions: matched by id and name, in words, escaped in Markdown."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from sessions.diff.chain import find_between, sessions_between
from sessions.diff.changes import NO_CHANGES
from sessions.diff.render import render_markdown, render_text
from sessions.diff.sections import diff_sessions
from sessions.followup import follow_up
from sessions.live import LiveSession
from sessions.markdown import md
from sessions.model import Session
from sessions.start import new_session
from sessions.store import read_session, save_session
from tests.conftest import FIXED, HOSTILE

LATER = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)


def lines(text: str) -> list[str]:
    """The change lines of a text diff, without their indent."""
    return [line.strip() for line in text.splitlines() if line.startswith("  ")]


def edited(session: Session, *changes: tuple[str, dict]) -> Session:
    """Return `session` after `changes`, each an event type and its data."""
    live = LiveSession(session)
    for type_, data in changes:
        live.change(type_, data, at=LATER)
    return live.session


@pytest.fixture
def follow(team_session: Session) -> Session:
    """A follow-up of the team session, not yet changed."""
    return follow_up(team_session, at=LATER)


def test_identical_sessions_say_no_changes_exactly(team_session: Session, tmp_path: Path) -> None:
    diff = diff_sessions(team_session, team_session)
    assert diff.empty
    assert render_text(diff) == NO_CHANGES + "\n"
    assert render_markdown(diff) == NO_CHANGES + "\n"
    assert NO_CHANGES == "No changes: the two sessions hold the same agreements."
    path = tmp_path / "copy.toml"
    save_session(team_session, path)
    assert diff_sessions(team_session, read_session(path)).empty


def test_fresh_follow_up_differs_only_by_its_new_round(team_session: Session) -> None:
    voted = edited(team_session, ("vote.added", {"person": "p1", "score": 4}))
    follow = follow_up(voted, at=LATER)
    diff = diff_sessions(voted, follow)
    assert not diff.people and not diff.roles and not diff.shares and not diff.risks
    assert [(c.mark, c.label) for c in diff.confidence] == [("~", "average")]
    assert "B is a follow-up of A." in render_text(diff)


def test_joined_and_left_people_are_named(team_session: Session, follow: Session) -> None:
    after = edited(
        follow,
        ("person.removed", {"id": "p5"}),
        ("person.removed", {"id": "p3"}),
        ("person.added", {"id": "p6", "name": "Ana Costa", "title": "Data engineer"}),
        ("assignment.added", {"person": "p6", "role": "data-engineer", "share": 100}),
    )
    out = render_text(diff_sessions(team_session, after))
    changes = lines(out)
    assert "+ joined: Ana Costa (Data engineer, 100% on the team; roles: Data engineer 100%)" in (
        changes
    )
    assert "- left: Lena Fischer (Product analyst, 30% on the team; no role)" in changes
    assert "- left: Priya Raman (Data scientist, 50% on the team; roles: Data scientist 100%)" in (
        changes
    )
    assert "People" in out.splitlines()


def test_share_changes_and_roles_taken_on_or_given_up(team_session, follow) -> None:
    after = edited(
        follow,
        ("assignment.updated", {"person": "p2", "role": "data-engineer", "set": {"share": 20}}),
        ("assignment.added", {"person": "p5", "role": "data-engineer", "share": 50}),
        ("assignment.removed", {"person": "p4", "role": "platform-engineer"}),
    )
    changes = lines(render_text(diff_sessions(team_session, after)))
    assert "~ share: Jonas Berg: Data engineer 40% → 20%" in changes
    assert "+ took on: Lena Fischer: Data engineer 50%" in changes
    assert "- gave up: Tomás Silva: Platform / ML engineer 30%" in changes


def test_new_and_resolved_risks(team_session: Session, follow: Session) -> None:
    after = edited(
        follow,
        ("assignment.removed", {"person": "p4", "role": "platform-engineer"}),
        ("assignment.added", {"person": "p1", "role": "data-engineer", "share": 20}),
    )
    diff = diff_sessions(team_session, after)
    risks = {(c.mark, c.label, c.text) for c in diff.risks}
    assert ("+", "new risk", "✗ Platform / ML engineer: nobody holds this role.") in risks
    assert (
        "-",
        "resolved",
        "⚠ Platform / ML engineer: rests on one part-time person, Tomás Silva (0.2 FTE).",
    ) in risks
    assert ("-", "resolved", "• Maya Okafor: holds no role yet.") in risks
    # A risk held in both sessions is neither new nor resolved.
    assert not any("Lena Fischer" in text for _, _, text in risks)


def test_handoff_changes(team_session: Session, follow: Session) -> None:
    need = {
        "provider": "data-scientist",
        "receiver": "platform-engineer",
        "artefact": "Model package",
        "format": "Notebook",
        "when": "Weekly",
    }
    before = edited(
        team_session,
        ("need.added", {"id": "n1", **need}),
        ("need.added", {"id": "n2", **need, "artefact": "Feature list"}),
    )
    after = edited(
        follow_up(before, at=LATER),
        ("need.updated", {"id": "n1", "set": {"format": "Wheel with an input schema"}}),
        ("need.removed", {"id": "n2"}),
        ("need.added", {"id": "n3", **need, "receiver": "software-engineer", "artefact": "API"}),
    )
    changes = lines(render_text(diff_sessions(before, after)))
    pair = "Data scientist → Platform / ML engineer"
    wheel = "format “Notebook” → “Wheel with an input schema”"
    assert f"~ changed: {pair}: Model package: {wheel}" in changes
    assert f"- removed: {pair}: Feature list" in changes
    assert "+ added: Data scientist → Software engineer: API" in changes


def test_gate_changes(team_session: Session, follow: Session) -> None:
    first = team_session.process.gates[0]
    after = edited(
        follow,
        (
            "gate.updated",
            {
                "from": "dev",
                "to": "staging",
                "set": {"checks": [*first.checks[1:], "Model card written"]},
            },
        ),
        ("gate.added", {"from": "dev", "to": "prod", "checks": []}),
    )
    changes = lines(render_text(diff_sessions(team_session, after)))
    assert "+ check added: Development → Staging: Model card written" in changes
    assert f"- check removed: Development → Staging: {first.checks[0]}" in changes
    assert "+ added: Development → Production (no checks)" in changes
    assert "+ new risk: ⚠ Gate Development → Production: no checks agreed." in changes


def test_process_rituals_and_actions(team_session: Session) -> None:
    before = edited(
        team_session,
        ("action.added", {"id": "a1", "text": "Book the walkthrough", "owner": "p4"}),
        ("action.added", {"id": "a2", "text": "Write the runbook", "owner": "p2"}),
        ("vote.added", {"person": "p1", "score": 3}),
    )
    after = edited(
        follow_up(before, at=LATER),
        ("action.updated", {"id": "a1", "set": {"done": True}}),
        ("action.added", {"id": "a3", "text": "Rehearse a rollback", "due": date(2027, 3, 1)}),
        ("process.updated", {"set": {"definition_of_done": ["Monitored for a week"]}}),
        ("step.updated", {"id": "monitor", "set": {"owner": "software-engineer"}}),
        ("rituals.updated", {"set": {"backlog": "One board in the tracker"}}),
        ("meeting.removed", {"name": "Daily stand-up"}),
        ("vote.added", {"person": "p1", "score": 5}),
    )
    diff = diff_sessions(before, after)
    changes = lines(render_text(diff))
    assert "~ completed: Book the walkthrough" in changes
    assert "= still open: Write the runbook (owner Jonas Berg, due no date)" in changes
    assert "+ added: Rehearse a rollback (owner nobody, due 2027-03-01)" in changes
    assert "+ item added: Monitored for a week" in changes
    assert "~ owner: Monitor the live model: Platform / ML engineer → Software engineer" in changes
    assert any(line.startswith("~ backlog: ") for line in changes)
    assert "- meeting removed: Daily stand-up" in changes
    assert "~ average: 3.0 of 5 from 1 vote → 5.0 of 5 from 1 vote" in changes


def test_unrelated_files_match_people_by_name_not_by_id(pack) -> None:
    a = new_session(pack, team="Returns", at=FIXED, session_id="a")
    b = new_session(pack, team="Returns", at=FIXED, session_id="b")
    a = edited(
        a,
        ("person.added", {"id": "p1", "name": "Maya Okafor"}),
        ("person.added", {"id": "p2", "name": "Jonas Berg", "availability": 100}),
    )
    b = edited(
        b,
        ("person.added", {"id": "p1", "name": "Ana Costa"}),
        ("person.added", {"id": "jonas", "name": "Jonas Berg", "availability": 80}),
    )
    changes = lines(render_text(diff_sessions(a, b)))
    assert any(line.startswith("+ joined: Ana Costa") for line in changes)
    assert any(line.startswith("- left: Maya Okafor") for line in changes)
    assert "~ changed: Jonas Berg: availability 100% → 80%" in changes
    assert not any("renamed" in line for line in changes)


def test_a_follow_up_keeps_ids_so_a_new_name_is_a_rename(team_session, follow) -> None:
    after = edited(follow, ("person.updated", {"id": "p2", "set": {"name": "Jonas Berg-Lund"}}))
    changes = lines(render_text(diff_sessions(team_session, after)))
    assert changes == ["~ renamed: Jonas Berg → Jonas Berg-Lund"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_literal_in_text_and_escaped_in_markdown(
    team_session: Session, name: str
) -> None:
    after = edited(team_session, ("person.added", {"id": "hx", "name": name[:80]}))
    person = after.person("hx")
    assert person is not None
    diff = diff_sessions(team_session, after)
    text = render_text(diff)
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    joined = next(c for c in diff.people if c.label == "joined")
    assert joined.text.startswith(person.name)
    assert person.name.split()[0] in text
    markdown = render_markdown(diff)
    assert md(joined.text) in markdown
    assert "\x1b" not in markdown


def test_markdown_escapes_people_text_and_keeps_marks_as_text(team_session, follow) -> None:
    after = edited(
        follow,
        ("person.added", {"id": "px", "name": "*Ana* [link](x) | <b>"}),
    )
    markdown = render_markdown(diff_sessions(team_session, after))
    assert "\\*Ana\\* \\[link\\](x) \\| \\<b\\>" in markdown
    assert "- \\+ joined: " in markdown
    assert markdown.startswith("# What changed from A to B\n")
    assert "## People" in markdown
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "*Ana* [link](x) | &lt;b&gt;" in rendered
    assert "<em>" not in rendered and "<a " not in rendered


def test_squads_are_named_when_people_join_and_when_they_move(team_session, follow) -> None:
    after = edited(
        follow,
        ("person.updated", {"id": "p2", "set": {"squad": "Payments"}}),
        ("person.added", {"id": "p6", "name": "Ana Costa", "squad": "Lending"}),
    )
    changes = lines(render_text(diff_sessions(team_session, after)))
    assert "+ joined: Ana Costa (squad Lending, 100% on the team; no role)" in changes
    assert "~ changed: Jonas Berg: squad none → “Payments”" in changes


# -- a chain of follow-ups: A -> B -> C ----------------------------------------------------------


def test_an_action_done_in_the_session_between_reads_as_completed(team_session) -> None:
    """A follow-up leaves done actions behind: what the middle session finished is missing
    from the last one without having been removed."""
    first = edited(
        team_session,
        ("action.added", {"id": "a1", "text": "Book the walkthrough", "owner": "p4"}),
        ("action.added", {"id": "a2", "text": "Write the runbook", "owner": "p2"}),
        ("action.added", {"id": "a3", "text": "Draw the architecture", "owner": "p1"}),
        ("parking.added", {"id": "k1", "text": "Cost of GPUs", "stage": "roles", "at": LATER}),
        ("parking.added", {"id": "k2", "text": "Hiring plan", "stage": "roles", "at": LATER}),
    )
    middle = edited(
        follow_up(first, at=LATER),
        ("action.updated", {"id": "a1", "set": {"done": True}}),
        ("action.removed", {"id": "a3"}),
        ("parking.updated", {"id": "k1", "set": {"outcome": "dropped"}}),
    )
    last = follow_up(middle, at=datetime(2027, 5, 26, 9, 0, tzinfo=UTC))
    text = render_text(diff_sessions(first, last))
    changes = lines(text)
    assert "B follows up a follow-up of A." in text
    assert "~ completed: Book the walkthrough (in the session between A and B)" in changes
    assert not any("removed: Book the walkthrough" in line for line in changes)
    # Removed in the middle is still removed; open all along is still open.
    assert "- removed: Draw the architecture (owner Maya Okafor, due no date)" in changes
    assert "= still open: Write the runbook (owner Jonas Berg, due no date)" in changes
    # A parked item resolved in the middle is resolved, not removed.
    assert (
        "~ resolved: Cost of GPUs (dropped on purpose, in the session between A and B)" in changes
    )
    assert not any("removed: Cost of GPUs" in line for line in changes)
    assert not any("Hiring plan" in line for line in changes)  # carried, unchanged


# -- a longer chain: A -> X -> Y -> B -------------------------------------------------------------

THREE_SESSIONS_ON = datetime(2027, 8, 26, 9, 0, tzinfo=UTC)


def long_chain(team_session: Session) -> tuple[Session, Session, Session, Session]:
    """A, two follow-ups X and Y, and B: X finishes and renames things Y and B never see."""
    first = edited(
        team_session,
        ("action.added", {"id": "a1", "text": "Book the walkthrough", "owner": "p4"}),
        ("action.added", {"id": "a2", "text": "Write the runbook", "owner": "p2"}),
        ("action.added", {"id": "a3", "text": "Draw the architecture", "owner": "p1"}),
        ("action.added", {"id": "a4", "text": "Price the GPUs", "owner": "p1"}),
        ("parking.added", {"id": "k1", "text": "Cost of GPUs", "stage": "roles", "at": LATER}),
    )
    x = edited(
        follow_up(first, at=LATER),
        ("action.updated", {"id": "a1", "set": {"done": True}}),
        ("action.removed", {"id": "a3"}),
        ("parking.updated", {"id": "k1", "set": {"outcome": "dropped"}}),
        ("person.updated", {"id": "p1", "set": {"name": "Maya Okafor-Lind"}}),
    )
    y = edited(
        follow_up(x, at=datetime(2027, 5, 26, 9, 0, tzinfo=UTC)),
        ("action.updated", {"id": "a4", "set": {"done": True}}),
    )
    return first, x, y, follow_up(y, at=THREE_SESSIONS_ON)


def test_what_an_earlier_session_of_a_long_chain_finished_reads_as_finished(
    team_session: Session,
) -> None:
    """B carries only Y: what X finished is missing from both Y and B, and reads as finished,
    with the session that finished it, once the chain is linked through X."""
    first, x, y, last = long_chain(team_session)
    between = sessions_between(first, last, [x])
    assert between is not None
    assert [s.session.id for s in between] == [x.session.id, y.session.id]
    text = render_text(diff_sessions(first, last, between))
    changes = lines(text)
    assert "B follows A through 2 sessions between them." in text
    in_x = f"in {team_session.session.team}, saved {x.session.updated_at:%Y-%m-%d %H:%M} UTC"
    assert f"~ completed: Book the walkthrough ({in_x})" in changes
    assert any(line.startswith("~ completed: Price the GPUs (in ") for line in changes)
    assert f"~ resolved: Cost of GPUs (dropped on purpose, {in_x})" in changes
    assert "- removed: Draw the architecture (owner Maya Okafor, due no date)" in changes
    assert "= still open: Write the runbook (owner Jonas Berg, due no date)" in changes
    assert "~ renamed: Maya Okafor → Maya Okafor-Lind" in changes
    assert not any("removed: Book the walkthrough" in line for line in changes)
    assert not any("left: Maya" in line for line in changes)


def test_a_long_chain_without_its_middle_is_not_linked(team_session: Session) -> None:
    first, _, _, last = long_chain(team_session)
    assert sessions_between(first, last) is None
    assert sessions_between(first, follow_up(first, at=LATER)) == []
    assert sessions_between(first, first) == []
    # Sessions at hand that do not lead back to A link nothing.
    _, x, y, _ = long_chain(team_session)
    assert sessions_between(follow_up(team_session, at=LATER), last, [x, y]) is None


def test_find_between_reads_the_middle_of_the_chain_from_the_folder(
    team_session: Session, tmp_path: Path
) -> None:
    first, x, y, last = long_chain(team_session)
    for name, session in (("a", first), ("x", x), ("y", y), ("b", last)):
        save_session(session, tmp_path / f"{name}.toml")
    (tmp_path / "broken.toml").write_text("not = [toml", encoding="utf-8")
    found = find_between(first, last, [tmp_path, tmp_path])
    assert found is not None
    assert [s.session.id for s in found] == [x.session.id, y.session.id]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert find_between(first, last, [elsewhere]) is None
