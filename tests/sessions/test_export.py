"""Tests for the team charter export: sections, names, escaping of what people typed, HTML."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from content.loader import load_pack
from sessions.export import (
    NONE_YET,
    SECTION_HEADINGS,
    charter_html,
    charter_markdown,
    export_charter,
)
from sessions.live import LiveSession
from sessions.markdown import md
from sessions.mermaid import mermaid_ids, mermaid_label
from sessions.model import Session
from sessions.start import new_session
from tests.strategies import PROPERTY

START = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
HOSTILE = (
    "[bold]x[/] <script>alert(1)</script> | pipe | *star* `tick` "
    "[link](http://evil) # heading 🚀 数据 \x1b[31mred"
)
HOSTILE_PARTS = [
    "[bold]x[/]",
    "<script>alert(1)</script>",
    "| pipe |",
    "*star*",
    "`tick`",
    "[link](http://evil)",
    "# heading",
    "🚀",
    "数据",
    "[31mred",
]


class Room:
    """A live session whose events get fixed, increasing timestamps."""

    def __init__(self, team: str = "Returns Forecast") -> None:
        self.live = LiveSession(new_session(load_pack(), team=team, at=START))
        self.minutes = 0

    def change(self, type_: str, data: dict) -> Session:
        self.minutes += 1
        return self.live.change(type_, data, at=START + timedelta(minutes=self.minutes))

    @property
    def session(self) -> Session:
        return self.live.session


def workshop(person_name: str = "Ana Ruiz", concern: str = "", artefact: str = "") -> Session:
    """Return a session that went through every stage of the workshop."""
    room = Room()
    room.change(
        "session.updated",
        {
            "set": {
                "purpose": "Forecast returns so the warehouse can staff ahead.",
                "product": "Returns forecast v1",
                "facilitator": "Kim Facil",
                "goals": ["Know who does what", "Agree one route to production"],
            }
        },
    )
    people = [
        ("ana", person_name, "Data scientist", 100),
        ("ben", "Ben Okafor", "Data engineer", 50),
        ("cho", "Cho Lin", "Software engineer", 100),
    ]
    for pid, name, title, availability in people:
        room.change(
            "person.added",
            {"id": pid, "name": name, "title": title, "availability": availability},
        )
    room.change("assignment.added", {"person": "ana", "role": "data-scientist", "share": 60})
    room.change("assignment.added", {"person": "ana", "role": "data-engineer", "share": 40})
    room.change("assignment.added", {"person": "ben", "role": "data-engineer", "share": 100})
    room.change("assignment.added", {"person": "cho", "role": "software-engineer", "share": 100})
    ds_concerns = [c for c in room.session.concerns if c.role == "data-scientist"]
    room.change("concern.updated", {"id": ds_concerns[1].id, "set": {"votes": 4}})
    room.change("concern.updated", {"id": ds_concerns[2].id, "set": {"votes": 2}})
    room.change(
        "concern.updated",
        {"id": ds_concerns[1].id, "set": {"heard_by": ["software-engineer", "data-engineer"]}},
    )
    if concern:
        room.change(
            "concern.added",
            {"id": "hostile", "role": "data-scientist", "text": concern, "votes": 3},
        )
    room.change(
        "need.added",
        {
            "id": "n1",
            "provider": "data-scientist",
            "receiver": "software-engineer",
            "artefact": artefact or "Model package with a declared schema",
            "format": "Versioned wheel",
            "when": "On every merged model change",
            "quality": "Passes the offline evaluation",
        },
    )
    room.change(
        "need.added",
        {
            "id": "n2",
            "provider": "data-engineer",
            "receiver": "data-scientist",
            "artefact": 'Daily "returns" table',
            "format": "Parquet",
            "when": "By 06:00",
        },
    )
    # Start the process from a blank page, whatever the pack seeds.
    for env in room.session.process.environments:
        room.change("environment.removed", {"id": env.id})
    for step in room.session.process.pipeline:
        room.change("step.removed", {"id": step.id})
    for meeting in room.session.rituals.meetings:
        room.change("meeting.removed", {"name": meeting.name})
    room.change(
        "environment.added",
        {"id": "dev", "name": "Dev", "purpose": "Try things", "deployers": ["data-scientist"]},
    )
    room.change(
        "environment.added",
        {"id": "prod", "name": "Production", "purpose": "Serve the business", "deployers": []},
    )
    room.change("gate.added", {"from": "dev", "to": "prod", "checks": ["Tests pass", "Review"]})
    room.change("step.added", {"id": "s1", "name": "Unit tests", "owner": "software-engineer"})
    room.change("step.added", {"id": "s2", "name": "Evaluate model", "owner": "data-scientist"})
    room.change("process.updated", {"set": {"definition_of_done": ["Deployed to prod"]}})
    room.change(
        "learning.added", {"id": "l1", "learner": "ana", "topic": "Testing", "partner": "cho"}
    )
    room.change("rituals.updated", {"set": {"backlog": "Jira board RF", "backlog_owner": "ben"}})
    room.change(
        "meeting.added",
        {"name": "Stand-up", "cadence": "Daily 09:30", "attendees": "Everyone", "minutes": 15},
    )
    room.change(
        "action.added",
        {"id": "a1", "text": "Find a platform engineer", "owner": "cho", "due": date(2025, 4, 1)},
    )
    room.change("action.added", {"id": "a2", "text": "Book the walkthrough"})
    room.change(
        "parking.added",
        {"id": "p1", "text": "Which feature store?", "stage": "needs", "at": START},
    )
    for person, score in (("ana", 4), ("ben", 5), ("cho", 4)):
        room.change("vote.added", {"person": person, "score": score})
    return room.session


def render(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)


def section(markdown: str, heading: str) -> str:
    """Return the body of one `## ` section."""
    start = markdown.index(heading + "\n")
    end = markdown.find("\n## ", start + len(heading))
    return markdown[start : end if end != -1 else None]


# -- structure and content --------------------------------------------------------------------


def test_every_section_heading_is_present_in_order():
    markdown = charter_markdown(workshop())
    assert markdown.startswith("# Returns Forecast — team charter\n")
    positions = [markdown.index(f"\n{heading}\n") for heading in SECTION_HEADINGS]
    assert positions == sorted(positions)


def test_header_names_purpose_product_goals_facilitator_and_date():
    markdown = charter_markdown(workshop())
    for text in (
        "Forecast returns so the warehouse can staff ahead.",
        "Returns forecast v1",
        "Kim Facil",
        "- Know who does what",
        "small: people hold several roles",
    ):
        assert text in markdown
    # The date is when the session last changed, not today.
    assert "**Date:** 2025-03-14" in markdown


def test_people_table_lists_titles_availability_and_role_shares():
    people = section(charter_markdown(workshop()), "## People and roles")
    assert "| Ana Ruiz | Data scientist | 100% | Data scientist 60%, Data engineer 40% |" in people
    assert "| Ben Okafor | Data engineer | 50% | Data engineer 100% |" in people


def test_coverage_shows_people_and_fte_per_role_and_a_risk_for_an_empty_role():
    markdown = charter_markdown(workshop())
    coverage = section(markdown, "## Coverage")
    # Ana 1.0 x 0.4 + Ben 0.5 x 1.0 = 0.9 FTE.
    assert "| Data engineer | 2 | 0.9 | Ana Ruiz, Ben Okafor |" in coverage
    assert "| Platform / ML engineer | 0 | 0.0 | nobody |" in coverage
    risks = section(markdown, "## Risks")
    assert "- ✗ Platform / ML engineer: nobody holds this role." in risks


def test_responsibilities_name_the_holders_or_say_nobody_holds_them():
    responsibilities = section(charter_markdown(workshop()), "## Responsibilities")
    assert "Held by: Ana Ruiz, Ben Okafor" in responsibilities
    platform = responsibilities.split("### Platform / ML engineer")[1].split("### ")[0]
    assert "Nobody holds this yet." in platform


def test_concerns_are_sorted_by_votes_with_heard_by_role_names():
    session = workshop()
    concerns = section(charter_markdown(session), "## Concerns")
    ds = concerns.split("### Data scientist")[1].split("### ")[0]
    votes = [int(n) for n in re.findall(r"— (\d+) votes?", ds)]
    assert votes[:2] == [4, 2]
    assert votes == sorted(votes, reverse=True)
    assert "heard by Software engineer, Data engineer" in ds
    assert "data-engineer" not in concerns


def test_masked_concerns_stay_hidden():
    room = Room()
    room.change(
        "concern.added",
        {"id": "secret", "role": "data-scientist", "text": "Silent idea", "masked": True},
    )
    markdown = charter_markdown(room.session)
    assert "Silent idea" not in markdown
    assert (
        "1 concern written in silent mode and never revealed: the charter leaves out what they say."
    ) in markdown


def test_handoffs_table_diagram_and_missing_pairs():
    handoffs = section(charter_markdown(workshop()), "## Handoffs")
    assert (
        "| Data scientist | Software engineer | Model package with a declared schema "
        "| Versioned wheel | On every merged model change | Passes the offline evaluation |"
    ) in handoffs
    assert "```mermaid\nflowchart LR\n" in handoffs
    diagram = handoffs.split("```mermaid\n")[1].split("```")[0]
    for line in diagram.splitlines()[1:]:
        node = line.split()[0].split("[")[0]
        assert re.fullmatch(r"[A-Za-z0-9_]+", node), line
    assert 'role_data_scientist["Data scientist"]' in diagram
    assert 'role_data_engineer -->|"Daily #quot;returns#quot; table"| role_data_scientist' in (
        diagram
    )
    missing = handoffs.split("### Role pairs with no agreed handoff")[1]
    assert "- Data engineer and Software engineer: nothing agreed either way" in missing


def test_process_rituals_actions_parking_and_confidence():
    markdown = charter_markdown(workshop())
    assert "| Dev | Try things | Data scientist |" in section(markdown, "## Environments")
    assert "| Production | Serve the business | nobody yet |" in markdown
    assert "- Dev → Production\n  - Tests pass\n  - Review" in section(
        markdown, "## Promotion gates"
    )
    pipeline = section(markdown, "## Pipeline")
    assert (
        "1. Unit tests — owned by Software engineer\n2. Evaluate model — owned by Data scientist"
        in (pipeline)
    )
    assert "- [ ] Deployed to prod" in section(markdown, "## Definition of done")
    assert "- Ana Ruiz learns Testing with Cho Lin" in section(markdown, "## Learning commitments")
    rituals = section(markdown, "## Rituals")
    assert "Jira board RF" in rituals
    assert "**Ordered by:** Ben Okafor" in rituals
    assert "| Stand-up | Daily 09:30 | Everyone | 15 min |" in rituals
    actions = section(markdown, "## Actions")
    assert "| Find a platform engineer | Cho Lin | 2025-04-01 | – |" in actions
    assert "| Book the walkthrough | nobody yet | – | – |" in actions
    assert "| Which feature store? | What we need from each other | open |" in section(
        markdown, "## Parking lot"
    )
    confidence = section(markdown, "## Confidence")
    assert "5 █  1\n4 ██ 2\n3    0\n2    0\n1    0" in confidence
    assert "Average: 4.3 out of 5." in confidence


def test_names_are_used_rather_than_ids():
    markdown = charter_markdown(workshop())
    outside_diagram = re.sub(r"```mermaid\n.*?```", "", markdown, flags=re.S)
    for raw_id in ("data-scientist", "software-engineer", "platform-engineer", "| dev |"):
        assert raw_id not in outside_diagram
    assert not re.search(r"\b(ana|ben|cho|n1|a1|p1|s1|l1)\b", outside_diagram)


def test_done_action_is_ticked():
    room = Room()
    room.change("action.added", {"id": "a1", "text": "Ship it", "done": True})
    assert "| Ship it | nobody yet | – | ✓ |" in charter_markdown(room.session)


def test_empty_session_exports_with_none_yet_lines():
    session = Room().session
    session = session.model_copy(update={"concerns": []})
    markdown = charter_markdown(session)
    for heading in SECTION_HEADINGS:
        assert f"\n{heading}\n" in markdown
    assert "Nobody is on the team yet." in markdown
    for heading in ("## Handoffs", "## Learning commitments", "## Actions", "## Goals"):
        assert NONE_YET in section(markdown, heading)
    assert "No confidence vote yet." in markdown
    assert "Nothing parked." in markdown
    assert "```mermaid" not in markdown
    assert "<!DOCTYPE html>" in charter_html(session)


def test_session_without_roles_exports():
    session = Room().session.model_copy(update={"roles": [], "concerns": []})
    markdown = charter_markdown(session)
    assert NONE_YET in section(markdown, "## Coverage")
    assert NONE_YET in section(markdown, "## Responsibilities")


def test_output_is_deterministic():
    session = workshop(person_name=HOSTILE[:80])
    assert charter_markdown(session) == charter_markdown(session)
    assert charter_html(session) == charter_html(session)
    assert charter_markdown(workshop()) == charter_markdown(workshop())


def test_export_charter_dispatches_and_refuses_unknown_formats():
    session = workshop()
    assert export_charter(session, "md") == charter_markdown(session)
    assert export_charter(session, "html") == charter_html(session)
    with pytest.raises(ValueError, match="unknown charter format"):
        export_charter(session, "pdf")


# -- what people typed is data ----------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_session() -> Session:
    name = HOSTILE[:80]
    return workshop(person_name=name, concern=HOSTILE, artefact=HOSTILE)


def test_model_strips_escape_so_the_export_never_holds_one(hostile_session):
    markdown = charter_markdown(hostile_session)
    page = charter_html(hostile_session)
    for output in (markdown, page):
        assert "\x1b" not in output
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", output)


def test_hostile_text_renders_literally_in_html(hostile_session):
    page = charter_html(hostile_session)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "<a " not in page
    assert "href" not in page
    assert "<em>star" not in page
    assert "<code>tick" not in page
    assert "<h1>heading" not in page
    assert "[link](http://evil)" in page
    for part in ("[bold]x[/]", "| pipe |", "*star*", "`tick`", "# heading", "🚀", "数据"):
        assert part in page, part


@pytest.mark.parametrize("part", HOSTILE_PARTS)
def test_each_hostile_part_survives_a_markdown_round_trip(part):
    """Rendering the escaped text gives back exactly what was typed."""
    rendered = render(f"- {md(part)}")
    text = re.fullmatch(r"<ul>\n<li>(.*)</li>\n</ul>\n", rendered, re.S)
    assert text, rendered
    expected = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert text.group(1) == expected.replace('"', "&quot;")


@pytest.mark.parametrize(
    "typed",
    [
        "# title",
        "- item",
        "+ item",
        "1. first",
        "2) second",
        "---",
        "===",
        "> quote",
        "&amp;",
        "&lt;b&gt;",
        "~~gone~~",
        "$x$",
        "a\\",
        "\\*",
        "<http://evil>",
        "![img](x.png)",
        "***",
    ],
)
def test_block_and_inline_syntax_is_escaped(typed):
    rendered = render(f"- {md(typed)}")
    literal = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert rendered == f"<ul>\n<li>{literal}</li>\n</ul>\n"
    assert render(f"| a |\n| --- |\n| {md(typed)} |").count("<td>") == 1


def test_table_rows_keep_their_column_count(hostile_session):
    markdown = charter_markdown(hostile_session)
    for table in re.findall(r"(?:^\|.*\|\n)+", markdown, re.M):
        rows = table.splitlines()
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, table


def test_hostile_text_keeps_table_cells_in_rendered_html(hostile_session):
    page = charter_html(hostile_session)
    for table in re.findall(r"<table>.*?</table>", page, re.S):
        header = table.split("</thead>")[0].count("<th>")
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
            assert row.count("<td>") == header


def test_mermaid_labels_and_ids_are_safe(hostile_session):
    markdown = charter_markdown(hostile_session)
    diagram = markdown.split("```mermaid\n")[1].split("\n```")[0]
    assert "`" not in diagram
    for line in diagram.splitlines()[1:]:
        assert re.fullmatch(
            r'    [A-Za-z0-9_]+(\["[^"]*"\]| -->\|"[^"|]*"\| [A-Za-z0-9_]+)', line
        ), line


def test_mermaid_helpers():
    assert (
        mermaid_label('say "hi" <b> #1 `x` | y')
        == "say #quot;hi#quot; #60;b#62; #35;1 #96;x#96; | y"
    )
    assert mermaid_label("a" * 100, 10) == "aaaaaaaaa…"
    ids = mermaid_ids(["end", "a-b", "a_b", "a.b"])
    assert ids == {"end": "role_end", "a-b": "role_a_b", "a_b": "role_a_b_2", "a.b": "role_a_b_3"}


def test_team_name_is_escaped_in_title_and_heading():
    room = Room(team="<b>Team</b> & *Co*")
    page = charter_html(room.session)
    assert "<title>&lt;b&gt;Team&lt;/b&gt; &amp; *Co* — team charter</title>" in page
    assert "<h1>&lt;b&gt;Team&lt;/b&gt; &amp; *Co* — team charter</h1>" in page


def test_html_is_self_contained_and_printable(hostile_session):
    page = charter_html(hostile_session)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page and "@media print" in page
    for banned in ("<script", "src=", "<link", "@import", "url(", "<iframe", "<img"):
        assert banned not in page.lower()
    assert "https://" not in page
    # The only URL is the one typed by a person, shown as text.
    assert page.count("http://") == page.count("[link](http://evil)")
    assert "language-mermaid" not in page and "<th>Hands to</th>" in page


def test_html_draws_the_handoff_diagram_as_a_table_not_mermaid_source():
    session = workshop()
    page = charter_html(session)
    assert "flowchart" not in page and "mermaid" not in page and "--&gt;|" not in page
    diagram = page.split("Handoff diagram</h3>")[1].split("</table>")[0]
    assert "<th>Hands to</th>" in diagram and "<th>Receives from</th>" in diagram
    assert "<td>Data scientist</td>" in diagram
    assert "Software engineer: Model package with a declared schema" in diagram
    # The Markdown keeps the Mermaid block, which GitHub and GitLab draw.
    assert "```mermaid\nflowchart LR\n" in charter_markdown(session)


def test_pack_suggestions_are_not_agreements_until_adopted():
    room = Room()
    fresh = charter_markdown(room.session)
    assert section(fresh, "## Promotion gates").split("\n\n")[1].strip() == NONE_YET
    assert section(fresh, "## Pipeline").split("\n\n")[1].strip() == NONE_YET
    assert "Daily stand-up" not in section(fresh, "## Rituals")
    left = section(fresh, "## Suggestions not adopted")
    assert "### Meetings" in left and "- Daily stand-up" in left
    assert "### Definition of done" in left
    # Adopting one meeting and editing one step makes them the team's.
    room.change("meeting.updated", {"name": "Daily stand-up", "unset": ["suggested"]})
    step = room.session.process.pipeline[0]
    room.change("step.updated", {"id": step.id, "set": {"name": "Lint, type-check, unit tests"}})
    adopted = charter_markdown(room.session)
    assert "Daily stand-up" in section(adopted, "## Rituals")
    assert "1. Lint, type-check, unit tests" in section(adopted, "## Pipeline")
    left = section(adopted, "## Suggestions not adopted")
    assert "- Daily stand-up\n" not in left and f"- {step.name}\n" not in left


def test_a_session_started_without_suggestions_has_none_left_over():
    session = new_session(load_pack(), team="Empty", at=START, suggestions=False)
    assert not session.concerns and not session.process.gates and not session.rituals.meetings
    markdown = charter_markdown(session)
    assert "\n\nNone: the team adopted" in section(markdown, "## Suggestions not adopted")


def test_a_squad_column_only_for_teams_with_squads():
    session = workshop()
    assert "| Squad |" not in section(charter_markdown(session), "## People and roles")
    live = LiveSession(session)
    person = session.people[0]
    live.change("person.updated", {"id": person.id, "set": {"squad": "Payments"}})
    people = section(charter_markdown(live.session), "## People and roles")
    assert "| Person | Title | Squad | Time on team | Roles |" in people
    assert f"| {person.name} | " in people and "| Payments |" in people


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        # A number followed by a dot is escaped only where it would start an ordered list.
        ("4.0 of 5 → 2.0 of 5", "4.0 of 5 → 2.0 of 5"),
        ("2.0 of 5", "2.0 of 5"),
        ("1.5x faster", "1.5x faster"),
        ("4. Ship it", "4\\. Ship it"),
        ("4.", "4\\."),
        ("4) Ship it", "4\\) Ship it"),
        # Signs likewise: only a bullet marker, setext underline or thematic break.
        ("-1 min", "-1 min"),
        ("+1 vote", "+1 vote"),
        ("= still open", "= still open"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("---", "\\---"),
        ("===", "\\==="),
    ],
)
def test_a_line_start_is_escaped_only_where_markdown_would_read_it(typed, written):
    assert md(typed) == written
    literal = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # As typed in a list item, and as a paragraph's second line (where "===" or "---" would
    # make the line above a heading).
    assert render(f"- {md(typed)}") == f"<ul>\n<li>{literal}</li>\n</ul>\n"
    assert render(f"Before\n{md(typed)}") == f"<p>Before\n{literal}</p>\n"


@given(st.text(alphabet="0123456789.)-+=*_ \tab", max_size=12))
@PROPERTY
def test_any_line_start_renders_as_typed(typed: str) -> None:
    """Whatever digits, dots and signs a text starts with, it renders as typed."""
    shown = " ".join(typed.split())
    if not shown:
        return
    literal = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert render(f"- {md(typed)}") == f"<ul>\n<li>{literal}</li>\n</ul>\n"
    assert render(f"Before\n{md(typed)}") == f"<p>Before\n{literal}</p>\n"
