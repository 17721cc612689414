"""Pydantic models of a content pack: a directory of TOML files that describes a workshop.

The field types are in `content.fields`, the files' names in `content.files`, and the checks
across files (duplicate ids, references) in `content.consistency`.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from content.consistency import consistency_issues
from content.fields import Name, OptionalText, Slug, Text, Version
from content.files import (
    CONCERNS_FILE,
    HANDOFFS_FILE,
    PACK_FILE,
    PROCESS_FILE,
    RITUALS_FILE,
    ROLES_FILE,
)


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
