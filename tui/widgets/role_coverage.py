"""The words beside the role matrix: coverage per role, the risks, and the highlighted cell.

Each function turns a session into the parts of a `Content` (a list `Content.assemble` takes),
so the roles stage (`tui/screens/roles.py`) can compare them with what it shows and update a
widget only when its text changed.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.content import Content

from sessions.coverage import Risk, RoleCoverage, decision_words, risks, role_coverage, split_risks
from sessions.model import Session
from sessions.text import plural
from tui.widgets.chrome import hanging

BAR_WIDTH = 8
"""Cells of a role's FTE bar."""
RISKS_SHOWN = 20
"""Risks listed one by one, the most serious first; past this the list says how many more.

A room discusses the top of the list; a session of hundreds of people would otherwise make
every keystroke wait while hundreds of risk lines are laid out again (see performance.md).
"""
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def fte_bar(fte: float, scale: float) -> str:
    """Return a bar for `fte` on a scale where `scale` FTE fills the bar."""
    filled = round(BAR_WIDTH * min(fte / scale, 1.0)) if scale > 0 else 0
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def stage_risks(session: Session) -> tuple[list[Risk], list[tuple[Risk, Any]]]:
    """The open and the decided risks about roles and people, the ones the roles stage shows."""
    open_, decided = split_risks(session)
    ours = ("role.", "person.")
    return (
        [r for r in open_ if r.kind.startswith(ours)],
        [(r, d) for r, d in decided if r.kind.startswith(ours)],
    )


def coverage_parts(
    covers: list[RoleCoverage], *, shown: int | None, filter_text: str, frozen: bool
) -> list[Any]:
    """Coverage per role, a line each; `shown` is how many people a filter left (`None`: all)."""
    scale = max([1.0, *(c.fte for c in covers)])
    if shown is None:
        parts: list[Any] = [("Coverage", "bold"), " (people, full-time equivalents)"]
    else:
        parts = [
            (f"Coverage of the {shown} {'person' if shown == 1 else 'people'} shown", "bold"),
            " (filter: ",
            filter_text,
            ")",
        ]
    # Names are padded to the longest, counting terminal cells, so the figures line up.
    name_width = max([0, *(cell_len(c.role.name) for c in covers)])
    for cover in covers:
        mark = "✗" if not cover.holders else ("⚠" if cover.fte < 1 else "✓")
        parts += [
            "\n",
            f"{mark} ",
            (cover.role.name, "bold"),
            " " * (name_width - cell_len(cover.role.name)),
            f" {cover.people:>2} ppl {cover.fte:>4.1f} FTE ",
            fte_bar(cover.fte, scale),
        ]
    if not covers:
        parts += ["\nNo roles yet." if frozen else "\nNo roles yet: press r to add one."]
    return parts


def risk_parts(
    session: Session,
    open_: list[Risk],
    decided: list[tuple[Risk, Any]],
    *,
    whole_team: bool,
    width: int,
    frozen: bool,
) -> list[Any]:
    """The open risks, the most serious first (at most `RISKS_SHOWN`), then the decided ones."""
    lines: list[Any] = [("Risks" if whole_team else "Risks in this group", "bold")]
    if open_:  # how many, as the list may scroll: the most serious come first
        lines.append(f" ({len(open_)}, the most serious first)")
        if not frozen:
            lines += ["  (k decides one)"]
    else:
        lines += ["\n✓ No open coverage risks." if decided else "\n✓ No coverage risks."]
    # The most serious first, so the top of the list is what the room must discuss.
    shown = sorted(open_, key=lambda r: _SEVERITY_ORDER.get(r.severity, 3))[:RISKS_SHOWN]
    # A risk that wraps is indented under its own words, so each stands apart.
    for risk in shown:
        lines += ["\n", hanging(Content(f"{risk.symbol} "), Content(risk.message), width)]
    if len(open_) > len(shown):
        lines += [f"\n… and {len(open_) - len(shown)} more"]
    for risk, decision in decided[:RISKS_SHOWN]:
        lines += ["\n", "✓ decided: ", risk.message, f" ({decision_words(session, decision)})"]
    return lines


def summary_counts(covers: list[RoleCoverage], open_: list[Risk]) -> tuple[int, int, int]:
    """Roles nobody holds, roles held under one FTE, and open risks."""
    unheld = sum(1 for cover in covers if not cover.holders)
    thin = sum(1 for cover in covers if cover.holders and cover.fte < 1)
    return unheld, thin, len(open_)


def summary_content(counts: tuple[int, int, int]) -> Content:
    """The line shown in place of coverage and risks while they are folded away."""
    unheld, thin, found = counts
    return Content.assemble(
        ("Coverage folded (c shows it): ", "bold"),
        f"✗ {plural(unheld, 'role')} unheld · ⚠ {thin} under one FTE · "
        f"{plural(found, 'open risk')}",
    )


def person_and_role(session: Session, person_id: str, role_id: str | None) -> Content | None:
    """A person's time and roles, and the role's holders, with the risks about either."""
    person = session.person(person_id)
    if person is None:
        return None
    held = session.assignments_of(person.id)
    parts: list[Any] = [(person.name, "bold")]
    if person.title:
        parts += [" · ", person.title]
    if person.squad:
        parts += [" · squad ", person.squad]
    parts += ["\n", ("Time on this team: ", "bold"), f"{person.availability}%"]
    parts += ["\n", ("Roles: ", "bold")]
    parts.append(", ".join(f"{session.role_name(a.role)} {a.share}%" for a in held) or "none")
    subjects = {person.id}
    if role_id is not None:
        cover = next(c for c in role_coverage(session) if c.role.id == role_id)
        holders = ", ".join(f"{p.name} {share}%" for p, share in cover.holders)
        parts += ["\n\n", (cover.role.name, "bold")]
        people = "person" if cover.people == 1 else "people"
        parts += [f": {cover.people} {people}, {cover.fte:.1f} FTE", "\n"]
        parts += [("Held by: ", "bold"), holders or "✗ nobody"]
        subjects.add(role_id)
    for risk in (r for r in risks(session) if r.subject in subjects):
        parts += ["\n", f"{risk.symbol} ", risk.message]
    return Content.assemble(*parts)
