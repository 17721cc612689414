"""The replay built in its worker: the collector paused meanwhile, its objects kept out after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from sessions import replay as replay_module
from tests.conftest import settle
from tests.tui.test_replay import demo_copy, replay_app  # noqa: F401 (a fixture)


def collected(thing: object) -> bool:
    """Whether the garbage collector's passes look at `thing` (it is not frozen)."""
    return any(candidate is thing for candidate in gc.get_objects())


async def test_the_replay_is_built_with_the_collector_paused_and_kept_out_of_collections(
    demo_copy: Path,  # noqa: F811 (the fixture imported above)
    forming_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paused: list[bool] = []
    real_init = replay_module.Replay.__init__

    def watched(self, *args, **kwargs) -> None:
        paused.append(not gc.isenabled())
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(replay_module.Replay, "__init__", watched)
    app = replay_app(demo_copy, forming_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        replay = app.replay
        assert replay is not None and paused == [True]
        # The collector runs again, and the replay's states (long-lived, tens of thousands of
        # objects on a long history) sit out its passes while the replay is on screen.
        assert gc.isenabled()
        assert not collected(replay.session) and not collected(replay.events[-1])
        app.close_session()
        await settle(app, pilot)
        assert collected(replay.events[-1])  # given back once the replay is left
