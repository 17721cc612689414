"""The handoffs between roles, drawn for the exports: a table, a diagram and a table per role.

The charter shows the table and the Mermaid diagram (or, on a printed page, the table per role
in the diagram's place); the process document shows the table.
"""

from __future__ import annotations

from sessions.markdown import cell, md, table
from sessions.mermaid import mermaid_ids, mermaid_label
from sessions.model import Session

DIAGRAM_LABEL_MAX = 60
"""Longest handoff label drawn on the diagram; the table above it has the full text."""


def handoff_diagram(session: Session) -> list[str]:
    """Return the lines of a Mermaid `flowchart LR` of the handoffs between roles."""
    role_ids = [r.id for r in session.roles]
    for need in session.needs:
        role_ids.extend((need.provider, need.receiver))
    nodes = mermaid_ids(role_ids)
    lines = ["flowchart LR"]
    for role_id, node in nodes.items():
        lines.append(f'    {node}["{mermaid_label(session.role_name(role_id))}"]')
    for need in session.needs:
        # `|` ends an edge label whatever the quoting, so it goes before the label is built.
        label = mermaid_label(need.artefact.replace("|", " "), DIAGRAM_LABEL_MAX)
        lines.append(f'    {nodes[need.provider]} -->|"{label}"| {nodes[need.receiver]}')
    return lines


def handoffs_by_role(session: Session) -> list[str]:
    """Return the handoff diagram as a Markdown table: per role, whom it hands to and from whom
    it receives. A printed page cannot draw Mermaid, so the HTML charter shows this instead."""
    rows = []
    role_ids = [r.id for r in session.roles]
    for need in session.needs:
        role_ids += [r for r in (need.provider, need.receiver) if r not in role_ids]
    for role_id in role_ids:
        gives = [n for n in session.needs if n.provider == role_id]
        gets = [n for n in session.needs if n.receiver == role_id]
        if not gives and not gets:
            continue
        rows.append(
            [
                md(session.role_name(role_id)),
                "; ".join(f"{md(session.role_name(n.receiver))}: {md(n.artefact)}" for n in gives)
                or "–",
                "; ".join(f"{md(session.role_name(n.provider))}: {md(n.artefact)}" for n in gets)
                or "–",
            ]
        )
    return table(["Role", "Hands to", "Receives from"], rows)


def handoff_table(session: Session) -> list[str]:
    """Return the agreed handoffs as a Markdown table: from, to, what, format, when, quality."""
    rows = [
        [
            md(session.role_name(need.provider)),
            md(session.role_name(need.receiver)),
            cell(need.artefact),
            cell(need.format),
            cell(need.when),
            cell(need.quality or ""),
        ]
        for need in session.needs
    ]
    return table(["From", "To", "What", "Format", "When", "Quality bar"], rows)
