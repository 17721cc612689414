"""Workshop content as data: TOML content packs, their pydantic schema and their loader.

The names below are loaded on first use, not when the package is imported: importing a light
module of this package (`content.controls`, which the text helpers on the home screen's path
read) must not import pydantic and the pack schema before the first frame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from content.loader import (
        BUNDLED_PACK_ID,
        BUNDLED_PACK_IDS,
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

_HOMES = {
    **dict.fromkeys(
        (
            "BUNDLED_PACK_ID",
            "BUNDLED_PACK_IDS",
            "PackError",
            "PackProblem",
            "bundled_demo_path",
            "bundled_demo_text",
            "bundled_pack_dir",
            "load_pack",
        ),
        "content.loader",
    ),
    **dict.fromkeys(
        (
            "Concern",
            "Environment",
            "Gate",
            "Handoff",
            "LearningPairing",
            "Meeting",
            "Pack",
            "PackMeta",
            "PipelineStep",
            "Process",
            "Rituals",
            "Role",
            "Stage",
        ),
        "content.schema",
    ),
}
"""Each public name, and the module it lives in."""

__all__ = [
    "BUNDLED_PACK_ID",
    "BUNDLED_PACK_IDS",
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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'content' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
