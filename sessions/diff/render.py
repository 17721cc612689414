"""A diff written out: plain text for a terminal, or Markdown, grouped under its headings."""

from __future__ import annotations

from sessions.diff.changes import MARKS, NO_CHANGES, SessionDiff
from sessions.markdown import md, plain_line


def render_text(diff: SessionDiff) -> str:
    """Return the diff as plain text grouped under headings, each line marked and worded."""
    if diff.empty:
        return NO_CHANGES + "\n"
    lines = [
        "What changed from A to B",
        f"A: {plain_line(diff.before)}",
        f"B: {plain_line(diff.after)}",
    ]
    if diff.link:
        lines.append(diff.link)
    lines.append("Marks: " + "; ".join(f"{mark} {words}" for mark, words in MARKS.items()) + ".")
    for title, changes in diff.sections():
        lines += ["", title]
        lines += [f"  {c.mark} {c.label}: {plain_line(c.text)}" for c in changes]
    return "\n".join(lines) + "\n"


def render_markdown(diff: SessionDiff) -> str:
    """Return the diff as Markdown, every text people typed escaped so it shows as typed."""
    if diff.empty:
        return NO_CHANGES + "\n"
    lines = [
        "# What changed from A to B",
        "",
        f"- **A:** {md(diff.before)}",
        f"- **B:** {md(diff.after)}",
    ]
    if diff.link:
        lines += ["", md(diff.link)]
    for title, changes in diff.sections():
        lines += ["", f"## {title}", ""]
        lines += [f"- {md(f'{c.mark} {c.label}')}: {md(c.text)}" for c in changes]
    return "\n".join(lines) + "\n"
