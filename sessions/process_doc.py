"""The process document: the one page the team walks through together, as Markdown or HTML.

It is written for someone who was not in the room, such as a data scientist joining next
month: where a model change goes, who may put it there, what it must pass on the way, who
looks after each pipeline step, when it counts as done, what each role hands to another and
who is learning what from whom.
"""

from __future__ import annotations

from sessions.export import NONE_YET, learning_lines, walkthrough_line
from sessions.handoff_views import handoff_table
from sessions.html_page import html_page
from sessions.markdown import cell, md, strip_controls, table
from sessions.mermaid import mermaid_ids, mermaid_label
from sessions.model import Gate, Session
from sessions.text import plural

ENV_PREFIX = "env_"
"""Prefix of an environment's node id in the flowchart (keeps ids clear of Mermaid keywords)."""

SECTION_HEADINGS = (
    "## The walkthrough",
    "## Environments",
    "## The route to production",
    "## Gates and their checks",
    "## Pipeline",
    "## Definition of done",
    "## Handoffs",
    "## Who learns what from whom",
)
"""Every section of the process document, in order; each is always present, empty or not."""


def ordered_gates(session: Session) -> list[Gate]:
    """Return the gates in promotion order: by where they start, then where they lead."""
    order = {env.id: index for index, env in enumerate(session.process.environments)}
    last = len(order)
    return sorted(
        session.process.gates, key=lambda g: (order.get(g.from_, last), order.get(g.to, last))
    )


def _deployers(session: Session, role_ids: list[str]) -> str:
    return ", ".join(session.role_name(r) for r in role_ids)


def route_diagram(session: Session) -> list[str]:
    """Return the lines of a Mermaid `flowchart LR`: environments, and a node for each gate.

    Node ids are made from ids (letters, digits and `_` only); every label is quoted and its
    text escaped with Mermaid's `#...;` codes, so what people typed cannot break the graph.
    """
    env_ids = [env.id for env in session.process.environments]
    gates = ordered_gates(session)
    for gate in gates:
        env_ids += [gate.from_, gate.to]
    nodes = mermaid_ids(env_ids, prefix=ENV_PREFIX)
    lines = ["flowchart LR"]
    known = {env.id: env for env in session.process.environments}
    for env_id, node in nodes.items():
        env = known.get(env_id)
        label = mermaid_label(env.name if env else env_id)
        if env is not None and env.deployers:
            label += "<br/>" + mermaid_label("deploys: " + _deployers(session, env.deployers))
        lines.append(f'    {node}["{label}"]')
    for number, gate in enumerate(gates, start=1):
        checks = len(gate.checks)
        words = plural(checks, "check") if checks else "no checks yet"
        lines.append(f'    gate_{number}{{"Gate {number}: {words}"}}')
        lines.append(f"    {nodes[gate.from_]} --> gate_{number}")
        lines.append(f"    gate_{number} --> {nodes[gate.to]}")
    return lines


# -- sections ------------------------------------------------------------------------------------


def _header(session: Session) -> list[str]:
    info = session.session
    lines = [f"# {md(info.team)} — how we take a model to production", ""]
    intro = (
        "The process this team agreed, on one page. Read it top to bottom: where a change "
        "goes, who may put it there, what it must pass on the way, and when it is done."
    )
    if info.product:
        lines += [f"**Model or product:** {md(info.product)}", ""]
    return [*lines, intro]


def _walkthrough(session: Session) -> list[str]:
    return [
        "## The walkthrough",
        "",
        f"**When, and who leads it:** {walkthrough_line(session)}.",
        "",
        "The whole team walks through this page together, and anyone who joins later reads it "
        "with a teammate.",
    ]


def _environments(session: Session) -> list[str]:
    lines = ["## Environments", ""]
    envs = session.process.environments
    if not envs:
        return [*lines, NONE_YET]
    rows = [
        [
            md(env.name),
            cell(env.purpose),
            ", ".join(md(session.role_name(r)) for r in env.deployers) or "nobody yet",
        ]
        for env in envs
    ]
    return lines + table(["Environment", "What it is for", "Who deploys there"], rows)


def _route(session: Session, diagram: bool) -> list[str]:
    lines = ["## The route to production", ""]
    gates = ordered_gates(session)
    if not gates:
        return [*lines, "No gates agreed yet: nothing stands between the environments."]
    steps = [
        f"{md(session.environment_name(g.from_))} → gate {n} → {md(session.environment_name(g.to))}"
        for n, g in enumerate(gates, start=1)
    ]
    lines += [f"- {step}" for step in steps]
    if diagram:
        lines += ["", "```mermaid", *route_diagram(session), "```"]
    return lines


def _gates(session: Session) -> list[str]:
    lines = ["## Gates and their checks", ""]
    gates = ordered_gates(session)
    if not gates:
        return [*lines, NONE_YET]
    for number, gate in enumerate(gates, start=1):
        source, target = session.environment_name(gate.from_), session.environment_name(gate.to)
        lines += [f"### Gate {number}: {md(source)} → {md(target)}", ""]
        lines.extend(
            [f"{i}. {md(check)}" for i, check in enumerate(gate.checks, start=1)]
            or ["No checks agreed yet."]
        )
        lines.append("")
    return lines[:-1]


def _pipeline(session: Session) -> list[str]:
    lines = ["## Pipeline", ""]
    steps = session.process.pipeline
    if not steps:
        return [*lines, NONE_YET]
    rows = []
    for number, step in enumerate(steps, start=1):
        holders = session.holders_of(step.owner) if step.owner else []
        rows.append(
            [
                str(number),
                md(step.name),
                md(session.role_name(step.owner)) if step.owner else "no owner yet",
                ", ".join(md(session.person_name(a.person)) for a in holders) or "–",
            ]
        )
    return lines + table(["Step", "What it does", "Owned by", "Who that is"], rows)


def _done(session: Session) -> list[str]:
    items = session.process.definition_of_done
    lines = ["## Definition of done", "", "A model change is done when:", ""]
    return lines + [f"- [ ] {md(item)}" for item in items] if items else [*lines[:2], NONE_YET]


def _handoffs(session: Session) -> list[str]:
    lines = ["## Handoffs", ""]
    if not session.needs:
        return [*lines, NONE_YET]
    return lines + handoff_table(session)


def _learning(session: Session) -> list[str]:
    lines = ["## Who learns what from whom", ""]
    return lines + (learning_lines(session) or [NONE_YET])


def process_markdown(session: Session, *, diagram: bool = True) -> str:
    """Return the process document as GitHub-flavoured Markdown, with a Mermaid flowchart.

    Every section is present even when empty; text people typed is escaped so it renders as
    typed, and the output never holds a terminal control character.
    """
    blocks = [
        _header(session),
        _walkthrough(session),
        _environments(session),
        _route(session, diagram),
        _gates(session),
        _pipeline(session),
        _done(session),
        _handoffs(session),
        _learning(session),
    ]
    changed = session.session.updated_at.strftime("%Y-%m-%d %H:%M")
    footer = f"_Written by Forming from the team's session, last changed {changed} UTC._"
    return strip_controls("\n\n".join(["\n".join(b) for b in blocks] + [footer]) + "\n")


def process_html(session: Session) -> str:
    """Return the process document as a printable page (the route listed, not drawn)."""
    title = f"{session.session.team} — how we take a model to production"
    # The page carries no script, so a Mermaid block would print as code: the route's list
    # and the gates below say the same in words.
    return html_page(title, process_markdown(session, diagram=False))
