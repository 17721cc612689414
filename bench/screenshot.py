"""Make the README's screenshot with the app itself: the demo on role mapping, as SVG.

Run `python bench/screenshot.py`; it writes `docs/screenshot.svg`.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from content.loader import bundled_demo_text
from sessions.live import LiveSession
from sessions.store import parse_session, save_session
from tui.app import FormingApp

TARGET = Path(__file__).resolve().parent.parent / "docs" / "screenshot.svg"


async def main() -> None:
    """Open the demo on the role-mapping stage and save what the screen shows."""
    with tempfile.TemporaryDirectory() as folder:
        session = parse_session(bundled_demo_text())
        live = LiveSession(session)
        live.change("stage.entered", {"stage": "roles"}, at=session.session.updated_at)
        path = Path(folder) / "demo.toml"
        save_session(live.session, path)
        app = FormingApp(start="open", path=path, folder=Path(folder), theme="forming-dark")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            TARGET.write_text(app.export_screenshot(title="Forming"), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    asyncio.run(main())
