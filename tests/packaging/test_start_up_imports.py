"""What the home screen's first frame imports: no pydantic and no pack schema before it.

The home screen's first frame is budgeted at 1.2x a hello-world Textual app (docs/performance.md);
pydantic and the models cost about half a hello-world on their own, so they are imported where
they are first used, after that frame. A light module reached on the way (such as
`content.controls`, through the text helpers) once imported them all through a package's
`__init__`, and the first screen went from 1.23x to 1.86x.
"""

from __future__ import annotations

import subprocess
import sys

START_UP = ["tui.cli", "tui.launch", "tui.app", "tui.screens.home", "tui.widgets.chrome"]
"""What `forming` imports before the home screen's first frame."""


def test_the_home_screen_path_imports_no_pydantic() -> None:
    code = (
        f"import sys\nfor name in {START_UP!r}:\n    __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')"
        " or m in ('content.schema', 'content.loader', 'sessions.model')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stdout


def test_content_names_still_import_from_the_package() -> None:
    from content import BUNDLED_PACK_IDS, Pack, load_pack

    assert "mlops" in BUNDLED_PACK_IDS
    assert isinstance(load_pack("mlops"), Pack)
