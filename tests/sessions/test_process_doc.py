"""The process document: its sections, the walkthrough, and a Mermaid flowchart that parses."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from sessions.live import LiveSession
from sessions.model import Session
from sessions.process_doc import (
    SECTION_HEADINGS,
    ordered_gates,
    process_html,
    process_markdown,
    route_diagram,
)
from tests.conftest import FIXED
from tests.strategies import PROPERTY, hostile_text, make_session

MERMAID_KEYWORDS = {
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "click",
    "style",
    "classdef",
    "class",
    "linkstyle",
    "direction",
    "call",
    "href",
}
"""Words Mermaid's flowchart grammar reads as commands when they stand as a node id."""

_ID = r"[A-Za-z][A-Za-z0-9_]*"
# Inside a quoted label: no quote, and `#` only as the start of one of Mermaid's `#...;` codes;
# `<` and `>` only in the line break the document itself puts there.
_LABEL = r'(?:[^"#<>`]|#[0-9a-z]+;|<br/>)*'
_NODE = re.compile(rf'    ({_ID})\["({_LABEL})"\]')
_GATE = re.compile(rf'    ({_ID})\{{"({_LABEL})"\}}')
_EDGE = re.compile(rf"    ({_ID}) --> ({_ID})")


def check_flowchart(lines: list[str]) -> None:
    """Fail unless `lines` use only the constructs the document draws, each well formed.

    The grammar: a `flowchart LR` header; nodes `id["label"]` and gates `id{"label"}`, each
    declared once before any edge uses it; edges `a --> b` between declared nodes. Ids are
    letters, digits and `_` and never a Mermaid keyword; labels are quoted and hold no quote,
    backtick, bare `#` or angle bracket (Mermaid's own parser accepts exactly these forms; it
    was run on the document by hand, see docs/session-format.md).
    """
    assert lines[0] == "flowchart LR"
    declared: set[str] = set()
    for line in lines[1:]:
        node = _NODE.fullmatch(line) or _GATE.fullmatch(line)
        if node:
            node_id = node.group(1)
            assert node_id.lower() not in MERMAID_KEYWORDS, line
            assert node_id not in declared, f"declared twice: {line}"
            declared.add(node_id)
            continue
        edge = _EDGE.fullmatch(line)
        assert edge, f"not a construct the document uses: {line!r}"
        assert edge.group(1) in declared and edge.group(2) in declared, line


def _diagram(markdown: str) -> list[str]:
    return markdown.split("```mermaid\n")[1].split("\n```")[0].splitlines()


def test_every_section_in_order_for_the_team(team_session: Session) -> None:
    text = process_markdown(team_session)
    positions = [text.index(heading + "\n") for heading in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert text.startswith("# Returns Forecast — how we take a model to production")
    # The pack's environments, gates in promotion order, and steps with their owning roles.
    assert "| Development |" in text and "| Production |" in text
    assert text.index("### Gate 1: Development → Staging") < text.index(
        "### Gate 2: Staging → Production"
    )
    assert "- [ ] " in text.split("## Definition of done")[1]
    check_flowchart(_diagram(text))


def test_walkthrough_is_named_in_the_document_and_the_charter(team_session: Session) -> None:
    from sessions.export import charter_markdown

    live = LiveSession(team_session)
    live.change(
        "rituals.updated",
        {"set": {"walkthrough": "2026-12-03 10:00", "walkthrough_lead": "p2"}},
        at=FIXED,
    )
    line = "2026-12-03 10:00, led by Jonas Berg"
    assert line in process_markdown(live.session)
    assert f"- **Process walkthrough:** {line}" in charter_markdown(live.session)
    assert "not booked yet" in process_markdown(team_session)
    # Removing the lead from the team leaves the date and clears the lead.
    live.change("person.removed", {"id": "p2"}, at=FIXED)
    assert live.session.rituals.walkthrough_lead is None
    assert "2026-12-03 10:00, nobody named" in process_markdown(live.session)


def test_learning_says_with_whom_and_when_as_the_charter_does(team_session: Session) -> None:
    """The room records a "when" for each learning commitment; the page the team walks
    through gives it, in the same words as the charter."""
    from sessions.export import charter_markdown

    live = LiveSession(team_session)
    data = {"id": "l9", "learner": "p2", "topic": "Packaging", "partner": "p3"}
    live.change("learning.added", {**data, "when": "Thursdays in March"}, at=FIXED)
    line = "- Jonas Berg learns Packaging with Priya Raman (Thursdays in March)"
    assert line in process_markdown(live.session).split("## Who learns what from whom")[1]
    assert line in charter_markdown(live.session)


def test_gates_come_in_promotion_order(team_session: Session) -> None:
    live = LiveSession(team_session)
    gates = team_session.process.gates
    last = gates[-1]
    live.change("gate.moved", {"from": last.from_, "to": last.to, "position": 0}, at=FIXED)
    assert [(g.from_, g.to) for g in ordered_gates(live.session)] == [
        (g.from_, g.to) for g in gates
    ]


def test_empty_process_says_so(fresh_session: Session) -> None:
    live = LiveSession(fresh_session)
    for env in fresh_session.process.environments:
        live.change("environment.removed", {"id": env.id}, at=FIXED)
    text = process_markdown(live.session)
    assert "No gates agreed yet" in text
    assert "```mermaid" not in text
    assert all(heading in text for heading in SECTION_HEADINGS)


NASTY = [
    'a"b]c[d',
    "x|y;z",
    "end",
    "graph TD; A-->B",
    "#quot; <b>hi</b> `code`",
    'click me href "javascript:alert(1)"',
    "%%{init: {}}%%",
    "((round)) ;; ||",
    "subgraph",
]


def _hostile_process(names: list[str]) -> Session:
    live = LiveSession(make_session())
    session = live.session
    for env in session.process.environments:
        live.change("environment.removed", {"id": env.id})
    role = session.roles[0].id
    for index, name in enumerate(names):
        live.change(
            "environment.added",
            {"id": f"e{index}", "name": name, "purpose": name, "deployers": [role]},
        )
        if index:
            live.change(
                "gate.added", {"from": f"e{index - 1}", "to": f"e{index}", "checks": [name]}
            )
    live.change("role.updated", {"id": role, "set": {"name": names[0]}})
    return live.session


def test_hostile_names_keep_the_flowchart_well_formed() -> None:
    session = _hostile_process(NASTY)
    lines = route_diagram(session)
    check_flowchart(lines)
    assert len([line for line in lines if "-->" in line]) == 2 * (len(NASTY) - 1)


@PROPERTY
@given(st.lists(hostile_text(), min_size=2, max_size=4))
def test_any_names_keep_the_flowchart_well_formed(raw: list[str]) -> None:
    names = [f"env {text}" for text in raw]  # cleaned text may be empty; a name may not
    check_flowchart(route_diagram(_hostile_process(names)))


def test_the_grammar_check_catches_what_would_break_mermaid() -> None:
    good = ["flowchart LR", '    env_a["A"]', '    env_b["B"]', "    env_a --> env_b"]
    check_flowchart(good)
    for bad in (
        '    env_c["say "hi""]',
        '    env_c["a #b"]',
        '    end["x"]',
        "    env_a --> nowhere",
        '    env_c["<script>"]',
        '    env_a -->|"x"| env_b',
    ):
        try:
            check_flowchart([*good, bad])
        except AssertionError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_html_is_printable_and_carries_no_script(team_session: Session) -> None:
    page = process_html(team_session)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<script" not in page.lower() and "mermaid" not in page
    assert "<h2>Gates and their checks</h2>" in page
