"""The checks across a pack's entries and files: duplicate ids and references that do not resolve.

The schema checks each file alone; these need the whole pack (a concern names a role of
roles.toml). The loader reports each issue at its line (`content.loader`), and `Pack` refuses a
pack that has any (`content.schema`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from content.files import CONCERNS_FILE, HANDOFFS_FILE, PACK_FILE, PROCESS_FILE, ROLES_FILE
from content.locations import Loc, format_loc

if TYPE_CHECKING:
    from content.schema import Concern, Handoff, Process, Role, Stage


@dataclass(frozen=True)
class ConsistencyIssue:
    """A problem across entries or files: a duplicate id or a reference that does not resolve."""

    file: str
    """The pack file the problem is in, e.g. `concerns.toml`."""

    loc: Loc
    """Where in that file, e.g. `("concerns", 3, "role")`."""

    reason: str
    """What is wrong, in plain words."""

    def key(self) -> str:
        """Return the location as a dotted key such as `concerns[3].role`."""
        return format_loc(self.loc)


def _duplicates(file: str, items: Iterable[tuple[Loc, str]], what: str) -> list[ConsistencyIssue]:
    """Report every entry whose id was already used earlier in the same list."""
    issues = []
    seen: Counter[str] = Counter()
    for loc, item_id in items:
        if seen[item_id]:
            issues.append(ConsistencyIssue(file, loc, f"Duplicate {what} id {item_id!r}"))
        seen[item_id] += 1
    return issues


def consistency_issues(
    stages: Iterable[Stage],
    roles: Iterable[Role],
    concerns: Iterable[Concern],
    handoffs: Iterable[Handoff],
    process: Process,
    checkin: Iterable[Stage] = (),
) -> list[ConsistencyIssue]:
    """Find duplicate ids and references that do not resolve, each located in its file."""
    stages, roles = list(stages), list(roles)
    issues = _duplicates(
        PACK_FILE, ((("stages", i, "id"), s.id) for i, s in enumerate(stages)), "stage"
    )
    issues += _duplicates(
        PACK_FILE, ((("checkin", i, "id"), s.id) for i, s in enumerate(checkin)), "check-in stage"
    )
    issues += _duplicates(
        ROLES_FILE, ((("roles", i, "id"), r.id) for i, r in enumerate(roles)), "role"
    )
    issues += _duplicates(
        PROCESS_FILE,
        ((("environments", i, "id"), e.id) for i, e in enumerate(process.environments)),
        "environment",
    )
    issues += _duplicates(
        PROCESS_FILE,
        ((("pipeline", i, "id"), p.id) for i, p in enumerate(process.pipeline)),
        "pipeline step",
    )

    role_ids = {role.id for role in roles}
    environment_ids = {environment.id for environment in process.environments}

    def check_role(file: str, loc: Loc, role_id: str) -> None:
        if role_id not in role_ids:
            issues.append(ConsistencyIssue(file, loc, f"No role with id {role_id!r} in roles.toml"))

    def check_environment(loc: Loc, environment_id: str) -> None:
        if environment_id not in environment_ids:
            issues.append(
                ConsistencyIssue(
                    PROCESS_FILE, loc, f"No environment with id {environment_id!r} in process.toml"
                )
            )

    for i, concern in enumerate(concerns):
        check_role(CONCERNS_FILE, ("concerns", i, "role"), concern.role)
    for i, handoff in enumerate(handoffs):
        check_role(HANDOFFS_FILE, ("handoffs", i, "provider"), handoff.provider)
        check_role(HANDOFFS_FILE, ("handoffs", i, "receiver"), handoff.receiver)
        if handoff.provider == handoff.receiver:
            issues.append(
                ConsistencyIssue(
                    HANDOFFS_FILE,
                    ("handoffs", i, "receiver"),
                    "A handoff goes between two different roles",
                )
            )
    for i, environment in enumerate(process.environments):
        for j, deployer in enumerate(environment.deployers):
            check_role(PROCESS_FILE, ("environments", i, "deployers", j), deployer)
    for i, gate in enumerate(process.gates):
        check_environment(("gates", i, "from"), gate.from_)
        check_environment(("gates", i, "to"), gate.to)
        if gate.from_ == gate.to:
            issues.append(
                ConsistencyIssue(
                    PROCESS_FILE,
                    ("gates", i, "to"),
                    "A gate goes between two different environments",
                )
            )
    for i, step in enumerate(process.pipeline):
        check_role(PROCESS_FILE, ("pipeline", i, "owner"), step.owner)
    for i, pairing in enumerate(process.learning):
        check_role(PROCESS_FILE, ("learning", i, "learner_role"), pairing.learner_role)
        check_role(PROCESS_FILE, ("learning", i, "partner_role"), pairing.partner_role)
    return issues
