"""Pydantic models of a content pack: a directory of TOML files that describes a workshop."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)

from content.controls import FORBIDDEN_OR_SURROGATE

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
"""An id: lowercase letters, digits and hyphens, starting with a letter or digit, at most 40."""

VERSION_PATTERN = r"^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$"
"""A version number such as `1.0.0` or `2.1.0-beta.1`."""

NAME_MAX = 80
"""Longest name or title, in characters: it has to fit a line on an 80-column screen."""

TEXT_MAX = 2000
"""Longest free text (summaries, prompts, notes), in characters."""

PACK_FILE = "pack.toml"
"""The one file every pack must have: the pack's identity and its agenda."""

ROLES_FILE = "roles.toml"
"""The roles the workshop maps people onto."""

CONCERNS_FILE = "concerns.toml"
"""Concerns seeded for each role."""

HANDOFFS_FILE = "handoffs.toml"
"""Typical handoffs between roles."""

PROCESS_FILE = "process.toml"
"""Environments, gates, pipeline steps, definition of done and learning pairings."""

RITUALS_FILE = "rituals.toml"
"""The shared backlog and the team's meetings."""

PACK_FILES = (PACK_FILE, ROLES_FILE, CONCERNS_FILE, HANDOFFS_FILE, PROCESS_FILE, RITUALS_FILE)
"""Every file a pack may hold, in the order they are read."""


def _clean(text: str, *, one_line: bool, blank_ok: bool = False) -> str:
    """Normalise line breaks and refuse characters that must never reach the terminal."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text and not blank_ok:
        raise ValueError("Must not be blank")
    bad = FORBIDDEN_OR_SURROGATE.search(text)
    if bad:
        raise ValueError(f"Contains a control character (U+{ord(bad.group()):04X}); remove it")
    if one_line and "\n" in text:
        raise ValueError("Must fit on one line")
    return text


def _clean_line(text: str) -> str:
    """Validate a one-line name or title."""
    return _clean(text, one_line=True)


def _clean_text(text: str) -> str:
    """Validate a piece of free text that may span lines."""
    return _clean(text, one_line=False)


def _clean_optional_text(text: str) -> str:
    """Validate a piece of free text that may span lines or be empty."""
    return _clean(text, one_line=False, blank_ok=True)


Slug = Annotated[StrictStr, StringConstraints(pattern=SLUG_PATTERN)]
"""An id such as `data-scientist`."""

Name = Annotated[
    StrictStr, StringConstraints(min_length=1, max_length=NAME_MAX), AfterValidator(_clean_line)
]
"""A short one-line name or title."""

Text = Annotated[
    StrictStr, StringConstraints(min_length=1, max_length=TEXT_MAX), AfterValidator(_clean_text)
]
"""Free text: a sentence or a paragraph."""

OptionalText = Annotated[
    StrictStr, StringConstraints(max_length=TEXT_MAX), AfterValidator(_clean_optional_text)
]
"""Free text that may be left empty."""

Version = Annotated[StrictStr, StringConstraints(pattern=VERSION_PATTERN)]
"""A version number such as `1.0.0` or `2.1.0-beta.1`."""


class _PackModel(BaseModel):
    """Base of every pack model: immutable, and unknown keys are errors so typos are caught."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
    )


class PackMeta(_PackModel):
    """The `[pack]` table of pack.toml: what this pack is."""

    id: Slug
    """The pack's id, e.g. `mlops`; sessions record it to say which pack they started from."""

    name: Name
    """The pack's name as shown to the facilitator."""

    version: Version
    """The pack's version; sessions record it next to the pack id."""

    description: OptionalText = ""
    """A few sentences on what the workshop is for and who it suits."""


class Stage(_PackModel):
    """One step of the workshop agenda (a `[[stages]]` entry of pack.toml)."""

    id: Slug
    """The stage's id; the app picks the screen for a stage by this id."""

    title: Name
    """The stage's title, shown in the agenda sidebar and at the top of the screen."""

    goal: Text
    """One sentence: what the room leaves this stage with."""

    timebox_min: StrictInt = Field(ge=1, le=180)
    """Suggested length of the stage in minutes (1 to 180); editable in a session."""

    prompts: tuple[Text, ...] = Field(min_length=3, max_length=5)
    """Three to five questions the facilitator asks the room."""

    notes: Text
    """Facilitator notes: how to run the stage and what to watch for."""


class Role(_PackModel):
    """A role people can hold in the team (a `[[roles]]` entry of roles.toml)."""

    id: Slug
    """The role's id, used by concerns, handoffs and the process to refer to it."""

    name: Name
    """The role's name as the room sees it."""

    summary: Text
    """One or two sentences on what the role is there to do."""

    responsibilities: tuple[Name, ...] = Field(min_length=4, max_length=6)
    """Four to six short statements of what the role owns."""

    optional: StrictBool = False
    """Optional roles are offered to a new session rather than included by default."""


class Concern(_PackModel):
    """A concern seeded for one role (a `[[concerns]]` entry of concerns.toml)."""

    role: Slug
    """The id of the role that holds this concern."""

    text: Text
    """The concern, in the words the role would use."""


class Handoff(_PackModel):
    """What one role typically provides to another (a `[[handoffs]]` entry of handoffs.toml)."""

    provider: Slug
    """The id of the role that provides the artefact."""

    receiver: Slug
    """The id of the role that receives it."""

    artefact: Text
    """What is handed over."""

    format: Text
    """The form it takes, so the receiver can use it without rework."""

    when: Text
    """When or on what trigger it is handed over."""

    quality: Text | None = None
    """The bar it has to meet before it counts as handed over."""


class Environment(_PackModel):
    """A place a model runs (an `[[environments]]` entry of process.toml)."""

    id: Slug
    """The environment's id, e.g. `staging`; gates refer to it."""

    name: Name
    """The environment's name."""

    purpose: Text
    """What the environment is for."""

    deployers: tuple[Slug, ...] = ()
    """Ids of the roles that deploy to this environment."""


class Gate(_PackModel):
    """The checks a model change passes to move between two environments."""

    from_: Slug = Field(alias="from")
    """The id of the environment the change leaves."""

    to: Slug
    """The id of the environment the change enters."""

    checks: tuple[Text, ...] = Field(min_length=1)
    """What must be true before the change is promoted."""


class PipelineStep(_PackModel):
    """One step of the CI/CD pipeline, with the role that looks after it."""

    id: Slug
    """The step's id."""

    name: Name
    """The step's name."""

    owner: Slug
    """The id of the role that owns the step."""


class LearningPairing(_PackModel):
    """A suggested pairing: people in one role learn a topic from people in another."""

    topic: Text
    """What there is to learn."""

    learner_role: Slug
    """The id of the role that learns."""

    partner_role: Slug
    """The id of the role that teaches or pairs."""


class Process(_PackModel):
    """The development process a team starts from (process.toml)."""

    definition_of_done: tuple[Text, ...] = ()
    """What must be true before a model change counts as done."""

    environments: tuple[Environment, ...] = ()
    """The environments, in promotion order."""

    gates: tuple[Gate, ...] = ()
    """The promotion gates between environments."""

    pipeline: tuple[PipelineStep, ...] = ()
    """The CI/CD pipeline steps, in order."""

    learning: tuple[LearningPairing, ...] = ()
    """Suggested learning pairings between roles."""

    def environment(self, environment_id: str) -> Environment:
        """Return the environment with this id, or raise KeyError."""
        for environment in self.environments:
            if environment.id == environment_id:
                return environment
        raise KeyError(f"No environment with id {environment_id!r}")


class Meeting(_PackModel):
    """A recurring ritual of the team (a `[[meetings]]` entry of rituals.toml)."""

    name: Name
    """The meeting's name."""

    cadence: Name
    """How often it happens, e.g. `daily at 09:30`."""

    attendees: Name
    """Who comes, e.g. `whole team`."""

    minutes: StrictInt = Field(ge=1, le=480)
    """How long it lasts, in minutes (1 to 480)."""

    purpose: Text
    """What the meeting is for."""


class Rituals(_PackModel):
    """How the team organises its work together (rituals.toml)."""

    backlog: OptionalText = ""
    """The suggested description of the one shared backlog: where it lives, who orders it."""

    meetings: tuple[Meeting, ...] = ()
    """The team's recurring meetings."""


class PackFileModel(_PackModel):
    """The contents of pack.toml."""

    pack: PackMeta
    """The pack's identity."""

    stages: tuple[Stage, ...] = Field(min_length=1)
    """The agenda, in order."""

    checkin: tuple[Stage, ...] = ()
    """The short agenda a follow-up runs (`forming new --from`), in order; written as
    `[[checkin]]` tables. Without one, a follow-up runs the whole agenda again."""


class RolesFileModel(_PackModel):
    """The contents of roles.toml."""

    roles: tuple[Role, ...] = ()
    """The roles of the pack."""


class ConcernsFileModel(_PackModel):
    """The contents of concerns.toml."""

    concerns: tuple[Concern, ...] = ()
    """The seeded concerns."""


class HandoffsFileModel(_PackModel):
    """The contents of handoffs.toml."""

    handoffs: tuple[Handoff, ...] = ()
    """The typical handoffs."""


FILE_MODELS: dict[str, type[_PackModel]] = {
    PACK_FILE: PackFileModel,
    ROLES_FILE: RolesFileModel,
    CONCERNS_FILE: ConcernsFileModel,
    HANDOFFS_FILE: HandoffsFileModel,
    PROCESS_FILE: Process,
    RITUALS_FILE: Rituals,
}
"""The model each pack file is validated against."""


Loc = tuple[str | int, ...]
"""A location inside one file, e.g. `("roles", 2, "name")`."""


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


def format_loc(loc: Iterable[str | int]) -> str:
    """Turn a location such as `("roles", 2, "name")` into a dotted key `roles[2].name`."""
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else str(part)
    return key


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


class Pack(_PackModel):
    """A whole content pack: everything the workshop needs, checked for consistency."""

    meta: PackMeta
    """The pack's identity (the `[pack]` table)."""

    stages: tuple[Stage, ...] = Field(min_length=1)
    """The agenda, in order."""

    checkin: tuple[Stage, ...] = ()
    """The check-in agenda a follow-up runs, in order (empty: the whole agenda again)."""

    roles: tuple[Role, ...] = ()
    """The roles people can hold."""

    concerns: tuple[Concern, ...] = ()
    """Concerns seeded for the roles."""

    handoffs: tuple[Handoff, ...] = ()
    """Typical handoffs between roles."""

    process: Process = Process()
    """The development process to start from."""

    rituals: Rituals = Rituals()
    """The shared backlog and the team's meetings."""

    @model_validator(mode="after")
    def _check_consistency(self) -> Self:
        """Refuse duplicate ids and references that do not resolve."""
        issues = consistency_issues(
            self.stages, self.roles, self.concerns, self.handoffs, self.process, self.checkin
        )
        if issues:
            raise ValueError("; ".join(f"{i.file}: {i.key()}: {i.reason}" for i in issues))
        return self

    def stage(self, stage_id: str) -> Stage:
        """Return the stage with this id, or raise KeyError."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(f"No stage with id {stage_id!r}")

    def role(self, role_id: str) -> Role:
        """Return the role with this id, or raise KeyError."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(f"No role with id {role_id!r}")

    def default_roles(self) -> tuple[Role, ...]:
        """Return the roles a new session starts with (the non-optional ones), in pack order."""
        return tuple(role for role in self.roles if not role.optional)

    def optional_roles(self) -> tuple[Role, ...]:
        """Return the roles offered to a session but not included by default."""
        return tuple(role for role in self.roles if role.optional)

    def concerns_for(self, role_id: str) -> tuple[Concern, ...]:
        """Return the concerns seeded for one role, in pack order."""
        return tuple(concern for concern in self.concerns if concern.role == role_id)

    def handoffs_from(self, role_id: str) -> tuple[Handoff, ...]:
        """Return the handoffs this role provides to others, in pack order."""
        return tuple(handoff for handoff in self.handoffs if handoff.provider == role_id)

    def handoffs_to(self, role_id: str) -> tuple[Handoff, ...]:
        """Return the handoffs this role receives from others, in pack order."""
        return tuple(handoff for handoff in self.handoffs if handoff.receiver == role_id)

    def total_minutes(self) -> int:
        """Return the length of the whole agenda in minutes."""
        return sum(stage.timebox_min for stage in self.stages)
