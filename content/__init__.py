"""Workshop content as data: TOML content packs, their pydantic schema and their loader."""

from content.loader import (
    BUNDLED_PACK_ID,
    PackError,
    PackProblem,
    bundled_demo_path,
    bundled_demo_text,
    bundled_pack_dir,
    load_pack,
)
from content.schema import (
    Concern,
    Environment,
    Gate,
    Handoff,
    LearningPairing,
    Meeting,
    Pack,
    PackMeta,
    PipelineStep,
    Process,
    Rituals,
    Role,
    Stage,
)

__all__ = [
    "BUNDLED_PACK_ID",
    "Concern",
    "Environment",
    "Gate",
    "Handoff",
    "LearningPairing",
    "Meeting",
    "Pack",
    "PackError",
    "PackMeta",
    "PackProblem",
    "PipelineStep",
    "Process",
    "Rituals",
    "Role",
    "Stage",
    "bundled_demo_path",
    "bundled_demo_text",
    "bundled_pack_dir",
    "load_pack",
]
