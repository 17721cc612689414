"""The team charter: a session's agreements written out as Markdown or a printable HTML page.

One function a section, in the order `_SECTIONS` lists them. How typed text is escaped is in
`sessions.markdown`, the handoff table and diagram in `sessions.handoff_views`, and the printed
page in `sessions.html_page`; the other exports are `sessions.process_doc` and
`sessions.actions_export`, all listed in `sessions.formats`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Literal

from sessions.coverage import (
    HANDOFF_MISSING,
    decision_for,
    decision_words,
    missing_handoffs,
    pair_subject,
    role_coverage,
    split_risks,
)
from sessions.handoff_views import handoff_diagram, handoff_table, handoffs_by_role
from sessions.html_page import html_page
from sessions.kinds import KINDS, Kind, value_of
from sessions.markdown import cell, md, md_names, strip_controls, table
from sessions.model import Session
from sessions.suggestions import leftover
from sessions.text import plural

NONE_YET = "None agreed yet."
"""The line a section shows when the room has agreed nothing in it yet."""

LISTED = tuple(kind for kind in KINDS.values() if not kind.told_apart)
"""The kinds the charter lists plainly from their descriptors (`_listed`), in the session's
order: those it has no section written for."""

SECTION_HEADINGS = (
    "## Goals",
    "## People and roles",
    "## Coverage",
    "## Risks",
    "## Responsibilities",
    f"## {KINDS['concern'].section}",
    f"## {KINDS['need'].section}",
    f"## {KINDS['environment'].section}",
    f"## {KINDS['gate'].section}",
    f"## {KINDS['step'].section}",
    "## Definition of done",
    f"## {KINDS['learning'].section}",
    "## Rituals",
    f"## {KINDS['action'].section}",
    f"## {KINDS['parking'].section}",
    f"## {KINDS['vote'].section}",
    *(f"## {kind.section}" for kind in LISTED),
    "## Suggestions not adopted",
)
"""Every section of the charter, in order; each is always present, empty or not."""


ORG_SIZES = {
    "small": "small: people hold several roles",
    "large": "large: several people share a role",
}
PARKING_OUTCOMES = {"action": "became an action", "dropped": "dropped on purpose", None: "open"}


# -- sections ------------------------------------------------------------------------------------


def _header(session: Session) -> list[str]:
    info = session.session
    lines = [f"# {md(info.team)} — team charter", ""]
    facts = [
        ("Purpose", md(info.purpose) or NONE_YET),
        ("Product", md(info.product) or NONE_YET),
        ("Organisation", ORG_SIZES.get(info.org_size, md(info.org_size))),
        ("Facilitator", md(info.facilitator) or "not recorded"),
        ("Date", info.updated_at.date().isoformat()),
    ]
    lines.extend(f"- **{label}:** {value}" for label, value in facts)
    lines += [
        "",
        "Everything below is what the team agreed. Suggestions from the content pack that the "
        "team did not adopt are listed apart, at the end.",
    ]
    lines += ["", "## Goals", ""]
    lines.extend([f"- {md(goal)}" for goal in info.goals] or [NONE_YET])
    return lines


def _since_last_time(session: Session) -> list[str]:
    """In a follow-up: what changed since the session it continues, and last time's actions."""
    from sessions.checkin import REVIEW_OUTCOMES, carried_actions, since_last_time

    diff = since_last_time(session)
    if diff is None:
        return []
    lines = ["## Since last time", "", f"Compared with {md(diff.before)}."]
    if diff.empty:
        lines += ["", "Nothing changed in the agreements."]
    for title, changes in diff.sections():
        lines += ["", f"### {md(title)}", ""]
        lines += [f"- {md(f'{c.mark} {c.label}')}: {md(c.text)}" for c in changes]
    carried = carried_actions(session)
    if carried:
        lines += ["", "### Last time's actions, reviewed", ""]
        lines += [f"- {REVIEW_OUTCOMES[a.reviewed]}: {md(a.text)}" for a in carried]
    return lines


def _people(session: Session) -> list[str]:
    lines = ["## People and roles", ""]
    if not session.people:
        return [*lines, "Nobody is on the team yet."]
    order = {role.id: index for index, role in enumerate(session.roles)}
    # A squad column only for teams that use squads: a small team's charter stays as it was.
    squads = any(person.squad for person in session.people)
    rows = []
    for person in session.people:
        held = sorted(
            session.assignments_of(person.id), key=lambda a: order.get(a.role, len(order))
        )
        roles = ", ".join(f"{md(session.role_name(a.role))} {a.share}%" for a in held)
        rows.append(
            [
                md(person.name) + (" (not at the workshop)" if person.absent else ""),
                cell(person.title),
                f"{person.availability}%",
                roles or "no role yet",
            ]
        )
        if squads:
            rows[-1].insert(2, cell(person.squad or ""))
    headings = ["Person", "Title", "Time on team", "Roles"]
    if squads:
        headings.insert(2, "Squad")
    return lines + table(headings, rows)


def _coverage(session: Session) -> list[str]:
    lines = ["## Coverage", ""]
    covers = role_coverage(session)
    if not covers:
        lines.append(NONE_YET)
    else:
        rows = [
            [
                md(cover.role.name),
                str(cover.people),
                f"{cover.fte:.1f}",
                md_names(person.name for person, _ in cover.holders) or "nobody",
            ]
            for cover in covers
        ]
        lines += table(["Role", "People", "FTE", "Held by"], rows)
        lines += ["", "FTE: full-time equivalents, time on the team times share of the role."]
    lines += ["", "## Risks", ""]
    found, decided = split_risks(session)
    lines.extend([f"- {risk.symbol} {md(risk.message)}" for risk in found])
    if not found:
        lines.append("No open risks." if decided else "No risks found.")
    if decided:
        lines += ["", f"### {KINDS['decision'].section}", ""]
        lines.extend(
            f"- {md(risk.message)} Decided: {md(decision_words(session, decision))}."
            for risk, decision in decided
        )
    return lines


def _responsibilities(session: Session) -> list[str]:
    lines = ["## Responsibilities"]
    if not session.roles:
        return [*lines, "", NONE_YET]
    for cover in role_coverage(session):
        role = cover.role
        holders = md_names(person.name for person, _ in cover.holders)
        lines += ["", f"### {md(role.name)}", ""]
        if role.summary:
            lines += [md(role.summary), ""]
        lines.append(f"Held by: {holders}" if holders else "Nobody holds this yet.")
        lines.append("")
        for index, item in enumerate(role.responsibilities):
            named = md_names(session.person_name(person) for person in role.holders_of(index))
            lines.append(f"- {md(item)}" + (f" (held by {named})" if named else ""))
        if not role.responsibilities:
            lines.append(NONE_YET)
    return lines


def _concerns(session: Session) -> list[str]:
    lines = [f"## {KINDS['concern'].section}"]
    shown = [c for c in session.concerns if not c.masked and not c.suggested]
    hidden = sum(1 for c in session.concerns if c.masked)
    if not shown:
        lines += ["", "None raised yet."]
    role_ids = [r.id for r in session.roles]
    role_ids += [c.role for c in shown if c.role not in role_ids]
    for role_id in role_ids:
        own = [c for c in shown if c.role == role_id]
        if not own:
            continue
        lines += ["", f"### {md(session.role_name(role_id))}", ""]
        # Most votes first; `sorted` is stable, so ties keep the order the room raised them in.
        for concern in sorted(own, key=lambda c: -c.votes):
            parts = [md(concern.text), plural(concern.votes, "vote")]
            if concern.heard_by:
                parts.append("heard by " + md_names(session.role_name(r) for r in concern.heard_by))
            if concern.author:
                parts.append("raised by " + md(session.person_name(concern.author)))
            lines.append("- " + " — ".join(parts))
    if hidden:
        # Their words stay out, but never without a word: the room should know they exist.
        lines += [
            "",
            f"{plural(hidden, 'concern')} written in silent mode and never revealed: "
            "the charter leaves out what they say.",
        ]
    return lines


def _handoffs(session: Session, *, printable: bool = False) -> list[str]:
    lines = [f"## {KINDS['need'].section}", ""]
    if not session.needs:
        lines.append(NONE_YET)
    else:
        lines += handoff_table(session)
        lines += ["", "### Handoff diagram", ""]
        if printable:
            lines += handoffs_by_role(session)
        else:
            lines += ["```mermaid", *handoff_diagram(session), "```"]
    lines += ["", "### Role pairs with no agreed handoff", ""]
    pairs = missing_handoffs(session) if len(session.roles) > 1 else []
    gaps, decided = [], []
    for a, b in pairs:
        decision = decision_for(session, HANDOFF_MISSING, pair_subject(a.id, b.id))
        names = f"{md(a.name)} and {md(b.name)}"
        if decision is None:
            gaps.append(f"- {names}: nothing agreed either way")
        else:
            decided.append(f"- {names}: {md(decision_words(session, decision))}")
    if not pairs:
        lines.append("Every pair of roles has a handoff.")
    elif not gaps:
        lines.append("Every pair of roles has a handoff or a decision.")
    lines += gaps
    if decided:
        lines += ["", "Decided without a handoff:", "", *decided]
    return lines


def _environments(session: Session) -> list[str]:
    lines = [f"## {KINDS['environment'].section}", ""]
    environments = [env for env in session.process.environments if not env.suggested]
    if not environments:
        return [*lines, NONE_YET]
    rows = [
        [
            md(env.name),
            cell(env.purpose),
            md_names(session.role_name(r) for r in env.deployers) or "nobody yet",
        ]
        for env in environments
    ]
    return lines + table(["Environment", "Purpose", "Who deploys"], rows)


def _gates(session: Session) -> list[str]:
    lines = [f"## {KINDS['gate'].section}", ""]
    gates = [gate for gate in session.process.gates if not gate.suggested]
    if not gates:
        return [*lines, NONE_YET]
    for gate in gates:
        source = md(session.environment_name(gate.from_))
        target = md(session.environment_name(gate.to))
        lines.append(f"- {source} → {target}")
        lines.extend([f"  - {md(check)}" for check in gate.checks] or ["  - no checks agreed yet"])
    return lines


def _pipeline(session: Session) -> list[str]:
    lines = [f"## {KINDS['step'].section}", ""]
    steps = [step for step in session.process.pipeline if not step.suggested]
    if not steps:
        return [*lines, NONE_YET]
    for number, step in enumerate(steps, start=1):
        owner = md(session.role_name(step.owner)) if step.owner else "no owner yet"
        lines.append(f"{number}. {md(step.name)} — owned by {owner}")
    return lines


def _definition_of_done(session: Session) -> list[str]:
    lines = ["## Definition of done", ""]
    suggested = session.process.done_suggested or []
    items = [item for item in session.process.definition_of_done if item not in suggested]
    return lines + ([f"- [ ] {md(item)}" for item in items] or [NONE_YET])


def learning_lines(session: Session) -> list[str]:
    """Return each learning commitment as a Markdown list item: who learns what, with whom
    and when (the charter and the process document say it in the same words)."""
    lines = []
    for item in session.learning:
        line = f"- {md(session.person_name(item.learner))} learns {md(item.topic)}"
        if item.partner:
            line += f" with {md(session.person_name(item.partner))}"
        if item.when:
            line += f" ({md(item.when)})"
        lines.append(line)
    return lines


def _learning(session: Session) -> list[str]:
    lines = [f"## {KINDS['learning'].section}", ""]
    return lines + (learning_lines(session) or [NONE_YET])


def _rituals(session: Session) -> list[str]:
    rituals = session.rituals
    owner = md(session.person_name(rituals.backlog_owner)) if rituals.backlog_owner else ""
    backlog = "" if rituals.backlog_suggested else md(rituals.backlog)
    lines = [
        "## Rituals",
        "",
        f"- **Backlog:** {backlog or NONE_YET}",
        f"- **Ordered by:** {owner or 'nobody yet'}",
        f"- **Process walkthrough:** {walkthrough_line(session)}",
        "",
        f"### {KINDS['meeting'].section}",
        "",
    ]
    meetings = [m for m in rituals.meetings if not m.suggested]
    if not meetings:
        return [*lines, NONE_YET]
    rows = [[md(m.name), cell(m.cadence), cell(m.attendees), f"{m.minutes} min"] for m in meetings]
    return lines + table(["Meeting", "Cadence", "Attendees", "Length"], rows)


def walkthrough_line(session: Session) -> str:
    """Return when the team walks through the process document and who leads it."""
    rituals = session.rituals
    when = md(rituals.walkthrough) or "not booked yet"
    if rituals.walkthrough_lead:
        return f"{when}, led by {md(session.person_name(rituals.walkthrough_lead))}"
    return f"{when}, nobody named to lead it yet"


def _actions(session: Session) -> list[str]:
    lines = [f"## {KINDS['action'].section}", ""]
    if not session.actions:
        return [*lines, NONE_YET]
    rows = [
        [
            md(action.text),
            md(session.person_name(action.owner)) if action.owner else "nobody yet",
            action.due.isoformat() if action.due else "–",
            "✓" if action.done else "–",
        ]
        for action in session.actions
    ]
    return lines + table(["Action", "Owner", "Due", "Done"], rows)


def _parking_lot(session: Session) -> list[str]:
    lines = [f"## {KINDS['parking'].section}", ""]
    if not session.parking_lot:
        return [*lines, "Nothing parked."]
    rows = []
    for item in session.parking_lot:
        stage = session.stage(item.stage)
        rows.append(
            [
                md(item.text),
                md(stage.title if stage else item.stage),
                PARKING_OUTCOMES.get(item.outcome, "open"),
            ]
        )
    return lines + table(["Item", "Parked at stage", "Outcome"], rows)


def _confidence(session: Session) -> list[str]:
    lines = [f"## {KINDS['vote'].section}", ""]
    votes = session.revealed_scores()
    if not votes:
        return [*lines, "No confidence vote yet."]
    counts = {score: votes.count(score) for score in range(5, 0, -1)}
    width = max(counts.values())
    average = sum(votes) / len(votes)
    lines += [f"Fist of five, from {plural(len(votes), 'person', 'people')}:", "", "```text"]
    lines.extend(f"{score} {'█' * count:<{width}} {count}" for score, count in counts.items())
    lines += ["```", "", f"Average: {average:.1f} out of 5."]
    return lines


def _listed(session: Session, kind: Kind) -> list[str]:
    """A plain section for a kind of item the charter has no section of its own for: each
    item by its title (else its key), the team's own only (not the pack's suggestions)."""
    lines = [f"## {kind.section}", ""]
    fields = (kind.title,) if kind.title else kind.key
    items = [item for item in kind.items(session) if not getattr(item, "suggested", None)]
    for item in items:
        words = [str(value_of(item, name)) for name in fields]
        lines.append(f"- {md(' · '.join(words))}")
    return lines if items else [*lines, NONE_YET]


def _suggestions(session: Session) -> list[str]:
    lines = ["## Suggestions not adopted", ""]
    parts = leftover(session)
    if not parts:
        return [*lines, "None: the team adopted, edited or dropped every suggestion."]
    lines.append(
        "The content pack suggested these; the team has not adopted them, so they are not "
        "part of the agreements above."
    )
    for title, items in parts:
        lines += ["", f"### {title}", ""]
        lines.extend(f"- {md(item)}" for item in items)
    return lines


_SECTIONS: tuple[Callable[[Session], list[str]], ...] = (
    _header,
    _people,
    _coverage,
    _responsibilities,
    _concerns,
    _handoffs,
    _environments,
    _gates,
    _pipeline,
    _definition_of_done,
    _learning,
    _rituals,
    _actions,
    _parking_lot,
    _confidence,
    *(partial(_listed, kind=kind) for kind in LISTED),
    _suggestions,
)


# -- the charter ---------------------------------------------------------------------------------


def charter_markdown(session: Session, *, printable: bool = False) -> str:
    """Return the team's charter as GitHub-flavoured Markdown, for people not in the room.

    Every section is present even when empty. Text people typed is escaped so that it renders
    exactly as typed, and the output never holds a terminal control character. `printable`
    draws the handoff diagram as a table instead of a Mermaid block, for the HTML page.
    """
    blocks = [
        "\n".join(
            _handoffs(session, printable=True)
            if section is _handoffs and printable
            else section(session)
        )
        for section in _SECTIONS
    ]
    since = _since_last_time(session)
    if since:  # a follow-up's charter says what changed, right after its goals
        blocks.insert(1, "\n".join(since))
    changed = session.session.updated_at.strftime("%Y-%m-%d %H:%M")
    footer = f"_Written by Forming from the team's session, last changed {changed} UTC._"
    return strip_controls("\n\n".join([*blocks, footer]) + "\n")


def charter_html(session: Session) -> str:
    """Return the charter as a self-contained, printable HTML5 page: no scripts, no links out."""
    return html_page(
        f"{session.session.team} — team charter", charter_markdown(session, printable=True)
    )


def export_charter(session: Session, fmt: Literal["md", "html"]) -> str:
    """Return the charter in `fmt`: `md` for Markdown, `html` for a printable page."""
    if fmt == "md":
        return charter_markdown(session)
    if fmt == "html":
        return charter_html(session)
    raise ValueError(f"unknown charter format {fmt!r}: use md or html")
