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
        bundled_demo_path,
        bundled_demo_text,
        bundled_pack_dir,
        load_pack,
    )
    from content.problems import PackError, PackProblem
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
    # Each name is imported from its module on first use (see the docstring).
    if name in __all__:
        for home in ("content.loader", "content.problems", "content.schema"):
            module = importlib.import_module(home)
            if name in vars(module):
                return vars(module)[name]
    raise AttributeError(f"module 'content' has no attribute {name!r}")
