"""The descriptors of the kinds of items, and what is built from them."""

from __future__ import annotations

from dataclasses import replace

from sessions import export, narration
from sessions.diff.sections import diff_sessions
from sessions.events import COLLECTIONS, make_event, record
from sessions.integrity import integrity_problems
from sessions.kinds import KINDS, PARTS, noun
from sessions.live import LiveSession
from sessions.model import Session, dump_session
from sessions.replay import DECISION_KINDS
from tests.conftest import FIXED


def test_every_kind_is_described_whole(team_session):
    prefixes = [kind.prefix for kind in KINDS.values() if kind.prefix]
    assert len(prefixes) == len(set(prefixes)), "two kinds share an id prefix"
    for kind in KINDS.values():
        assert kind.noun and kind.key_words, kind.name
        fields = {info.alias or name for name, info in kind.model.model_fields.items()}
        assert set(kind.key) <= fields, kind.name
        assert kind.title is None or kind.title in fields, kind.name
        assert {target for _, target in kind.refs} <= set(KINDS), kind.name
        assert {field for field, _ in kind.refs} <= fields, kind.name
        assert isinstance(kind.items(team_session), list), kind.name
    for part in PARTS.values():
        assert {target for _, target in part.refs} <= set(KINDS), part.name


def test_the_reducer_and_the_replay_read_the_descriptors():
    assert COLLECTIONS is KINDS
    assert {name for name, kind in KINDS.items() if kind.agreement} == DECISION_KINDS
    assert noun("need") == "handoff"
    assert noun("concerns") == "concerns"


def test_integrity_follows_every_reference_a_kind_describes(team_session):
    """Checks built from the descriptors: a role's holders and a meeting's name are checked
    like every other reference and key (the hand-written checks had left them out)."""
    data = dump_session(team_session, timeline=False)
    role = data["roles"][0]
    role["holders"] = [["p1", "ghost"]]
    data["rituals"]["meetings"] = [{"name": "Stand-up"}, {"name": "Stand-up"}]
    problems = dict(integrity_problems(Session.model_validate(data)))
    assert problems == {
        "rituals.meetings[1]": "meeting name 'Stand-up' appears twice",
        "roles[0].holders[0][1]": "no person with id 'ghost'",
    }


def test_a_kind_without_sentences_of_its_own_is_told_by_its_descriptor(team_session, monkeypatch):
    monkeypatch.delitem(narration.items.COLLECTION_WORDS, "meeting")
    event = make_event(team_session, "meeting.added", {"name": "Stand-up"}, FIXED)
    after = record(team_session, event)
    assert narration.describe_event(event, team_session, after) == (
        "The meeting “Stand-up” was added."
    )


def test_undo_and_redo_words_fall_back_to_the_replays_words(team_session):
    event = make_event(team_session, "activity.opened", {"kind": "fist"}, FIXED)
    after = record(team_session, event)
    assert narration.change_words(event, team_session, after) == (
        "A change was recorded (activity opened)."
    )
    event = make_event(team_session, "person.added", {"id": "p9", "name": "Eva"}, FIXED)
    after = record(team_session, event)
    assert (
        narration.change_words(event, team_session, after)
        == "Eva joined the team (100% available)."
    )


def test_a_kind_the_charter_has_no_section_for_is_listed_by_its_descriptor(team_session):
    """Every kind is in the charter: in its own section, or in a plain one built from its
    descriptor (today every kind has its own, so the charter is as it was)."""
    assert export.LISTED == ()
    assert all(kind.told_apart for kind in KINDS.values())
    step = KINDS["step"]
    assert export._listed(team_session, step)[-1] == export.NONE_YET  # suggestions left out
    event = make_event(team_session, "step.added", {"id": "s9", "name": "Train *fast*"}, FIXED)
    after = record(team_session, event)
    assert export._listed(after, step) == ["## Pipeline", "", "- Train \\*fast\\*"]


def test_a_kind_the_diff_has_no_section_for_is_compared_by_its_descriptor(
    team_session, monkeypatch
):
    monkeypatch.setitem(KINDS, "step", replace(KINDS["step"], told_apart=False))
    live = LiveSession(team_session)
    first = live.session.process.pipeline[0]
    live.change("step.added", {"id": "s9", "name": "Train"}, at=FIXED)
    live.change("step.updated", {"id": first.id, "set": {"owner": "data-scientist"}}, at=FIXED)
    live.change("step.removed", {"id": live.session.process.pipeline[1].id}, at=FIXED)
    diff = diff_sessions(team_session, live.session)
    removed = team_session.process.pipeline[1].name
    assert [(c.mark, c.label, c.text) for c in diff.listed["Pipeline"]] == [
        ("+", "added", "Train"),
        ("-", "removed", removed),
        ("~", "changed", first.name),
    ]
    assert ("Pipeline", diff.listed["Pipeline"]) in diff.sections()


def test_a_reference_cleared_on_removal_can_be_empty():
    """The reducer clears a reference to a removed item unless the item goes with it
    (`goes_with`): such a field must accept nothing (`None`, or a list without the id)."""
    for described in (*KINDS.values(), *PARTS.values()):
        fields = {info.alias or name: info for name, info in described.model.model_fields.items()}
        for field, _target in described.refs:
            if field in getattr(described, "goes_with", frozenset()):
                continue
            info = fields[field]
            assert not info.is_required() and (
                info.default is None or isinstance(info.default, list)
            ), f"{described.name}.{field}"


def test_what_goes_with_a_removed_item_takes_its_own_with_it(team_session):
    """A role removed during the dot vote takes its concerns, and they their ballots: the
    ballots were left behind, naming concerns that no longer existed, and the file then
    failed its integrity check."""
    live = LiveSession(team_session)
    concern = live.session.concerns[0]
    live.change("activity.opened", {"kind": "dots"}, at=FIXED)
    live.change("dots.given", {"person": "p1", "dots": {concern.id: 1}}, at=FIXED)
    assert live.session.ballots
    live.change("role.removed", {"id": concern.role}, at=FIXED)
    assert live.session.ballots == []
    assert integrity_problems(live.session) == []
