"""The concerns stage under the room's cards: a burst redraws only what changed, each card is
saved once, undone and replayed with the rest, and never keeps the facilitator's key waiting."""

from __future__ import annotations

from typing import Any

from tests.conftest import rendered, saved, settle
from tests.tui.concern_steps import (
    DS,
    burst_session,
    go_to_row,
    long_worry,
    room_cards,
    rows,
    with_changes,
)
from tui.app import FormingApp
from tui.screens.concerns import ConcernsScreen
from tui.widgets.lists import RoleList
from tui.widgets.tables import RecordTable

# -- a burst from the room redraws only what changed -------------------------------------------


def drawn(table: RecordTable) -> tuple[list[tuple[str | None, int, list[tuple]]], list[int]]:
    """Each row as drawn (key, height, each cell's text, spans and style), and column widths."""
    shown = []
    for row in table.ordered_rows:
        cells = [(c.plain, c.spans, c.style) for c in table.get_row(row.key)]
        shown.append((row.key.value, row.height, cells))
    return shown, [column.content_width for column in table.ordered_columns]


async def test_a_burst_of_cards_changes_no_row_only_the_hidden_count(
    app_on, team_session, monkeypatch
) -> None:
    # Each batch's redraw is the one `room_cards` asks for: the fallback timer must not fire
    # inside a batch that a loaded machine makes last longer than it.
    monkeypatch.setattr("tui.room.mode.ROOM_REDRAW_S", 3600.0)
    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#concerns", RecordTable)
        go_to_row(app, "c3")
        await pilot.pause()
        before, widths = drawn(table)
        assert max(height for _, height, _ in before) > 1  # long concerns wrap
        tally = app.screen.query_one("#tally")
        roles = app.screen.query_one(RoleList)
        work: dict[str, list[Any]] = {
            "clear": [],
            "add_row": [],
            "update_cell": [],
            "update": [],
            "_layout_for": [],
            "replace_option_prompt": [],
        }
        owner = {"update": tally, "replace_option_prompt": roles}
        for name, calls in work.items():
            widget = owner.get(name, table)
            method = getattr(widget, name)

            def spy(*args, _method=method, _calls=calls, **kwargs):
                _calls.append(args)
                return _method(*args, **kwargs)

            monkeypatch.setattr(widget, name, spy)

        await room_cards(app, pilot, 0, 1)
        assert table.current_key == "c3"
        assert rendered(app, "#hidden").startswith("▒ 1 card hidden until revealed")
        await room_cards(app, pilot, 1, 2)
        for batch in range(1, 4):
            await room_cards(app, pilot, 3 * batch, 3)
        # Hidden cards are counted, not rows: the table is left alone (any change to a
        # DataTable's rows renders every visible line again), and so is the tally.
        assert work["clear"] == [] and work["update_cell"] == [] and work["add_row"] == []
        assert work["update"] == []  # the dots placed are the same: the tally is left alone
        assert work["_layout_for"] == []  # the same rows are not even wrapped again
        # Five redraws: the data scientists' label alone changes (its hidden count).
        assert [args[0] for args in work["replace_option_prompt"]] == [DS] * 5
        assert drawn(table) == (before, widths)
        assert table.current_key == "c3"
        hidden = rendered(app, "#hidden")
        assert hidden.startswith("▒ 12 cards hidden until revealed, by 1 person: Jonas Berg 12")
        assert "Secret" not in hidden

        # One dot on the top concern changes its dots cell alone (its rank stays).
        app.change("concern.updated", {"id": "w1", "set": {"votes": 4}})
        await pilot.pause()
        assert work["clear"] == [] and work["add_row"] == []
        assert [(args[0], str(args[2])) for args in work["update_cell"]] == [("w1", "● 4")]
        assert table.current_key == "c3"

        # The reveal makes them rows, at the end (no dots yet), the cursor where it was.
        app.change("concerns.revealed", {})
        await pilot.pause()
        assert [key for key, *_ in rows(app)][-12:] == [f"r{n}" for n in range(12)]
        assert not app.screen.query_one("#hidden").display
        assert table.current_key == "c3"


async def test_the_screen_after_a_burst_is_the_one_a_fresh_build_draws(
    app_on, team_session, save_to, forming_home
) -> None:
    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        go_to_row(app, "w2")
        await pilot.pause()
        # Cards, a concern removed, one edited to wrap differently, a re-ranking vote, more cards.
        await room_cards(app, pilot, 0, 5)
        app.change("concern.removed", {"id": "w3"})
        app.change("concern.updated", {"id": "c1", "set": {"text": long_worry(9)}})
        await pilot.pause()
        await room_cards(app, pilot, 5, 4)
        app.change("concern.updated", {"id": "w0", "set": {"votes": 5}})
        await pilot.pause()
        await room_cards(app, pilot, 9, 2)
        await settle(app, pilot)
        table = app.screen.query_one("#concerns", RecordTable)
        assert table.current_key == "w2"
        patched = drawn(table)
        roles = [str(o.prompt) for o in app.screen.query_one(RoleList).options]
        tally = rendered(app, "#tally")
        detail = rendered(app, "#detail")
        hidden = rendered(app, "#hidden")
        assert "Secret" not in detail and all(
            "Secret" not in c[0] for r in patched[0] for c in r[2]
        )
        assert hidden.startswith("▒ 11 cards hidden") and "Secret" not in hidden

    # The same session opened afresh, from a copy of the saved file (so the first app's
    # lock on its own file plays no part).
    copy = save_to(saved(app.session_path), "fresh.toml")
    fresh = FormingApp(start="open", path=copy, folder=forming_home, theme="forming-dark")
    async with fresh.run_test(size=(100, 30)) as pilot:
        await settle(fresh, pilot)
        assert fresh.screen.query_one(RoleList).role_id == DS
        go_to_row(fresh, "w2")
        await pilot.pause()
        assert drawn(fresh.screen.query_one("#concerns", RecordTable)) == patched
        assert [str(o.prompt) for o in fresh.screen.query_one(RoleList).options] == roles
        assert rendered(fresh, "#tally") == tally and rendered(fresh, "#detail") == detail
        assert rendered(fresh, "#hidden") == hidden


async def test_a_card_from_the_room_is_saved_once_before_it_is_answered(
    app_on, team_session, monkeypatch
) -> None:
    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        asked: list[None] = []
        monkeypatch.setattr(app, "request_save", lambda: asked.append(None))
        await room_cards(app, pilot, 0, 3)
        # `submit` saved each card before answering: no second, background save is asked for
        # (it found nothing to write, and flipped the status bar to "saving" for each card).
        assert asked == []
        cards = [c.id for c in saved(app.session_path).concerns if c.via == "room"]
        assert cards == ["r0", "r1", "r2"]


async def test_undo_and_replay_count_the_hidden_cards_too(
    app_on, team_session, save_to, forming_home
) -> None:
    opened = with_changes(
        team_session,
        ("stage.entered", {"stage": "concerns"}),
        ("activity.opened", {"kind": "writing"}),
    )
    app = app_on(opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await room_cards(app, pilot, 0, 2)
        assert rendered(app, "#hidden").startswith(
            "▒ 2 cards hidden until revealed, by 1 person: Jonas Berg 2  r reveals"
        )
        await pilot.press("ctrl+z")  # takes back the last card
        await settle(app, pilot)
        assert rendered(app, "#hidden").startswith("▒ 1 card hidden until revealed, by 1 person:")
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert not app.screen.query_one("#hidden").display
        assert not any(c.masked for c in saved(app.session_path).concerns)

    # Replayed, the same line shows, without the key to reveal (nothing can change there).
    session = with_changes(
        opened,
        ("concern.written", {"id": "r0", "role": DS, "text": "One", "person": "p2"}),
        ("concern.written", {"id": "r1", "role": DS, "text": "Two", "person": "p3"}),
    )
    path = save_to(session, "r.toml")
    replayed = FormingApp(start="replay", path=path, folder=forming_home, theme="forming-dark")
    async with replayed.run_test(size=(120, 40)) as pilot:
        await settle(replayed, pilot)
        assert isinstance(replayed.screen, ConcernsScreen)
        line = rendered(replayed, "#hidden")
        assert line == "▒ 2 cards hidden until revealed, by 2 people: Jonas Berg 1 · Priya Raman 1"
        assert not {"r0", "r1"} & {key for key, *_ in rows(replayed)}


async def test_a_card_from_the_room_waits_for_the_facilitators_key_not_the_other_way(
    app_on, team_session
) -> None:
    """While the facilitator types, the stage redraws for the room just after a key is drawn,
    never between keys where the next one would wait for it; once the typing pauses it
    redraws as before (the count is never starved)."""
    from tui.room.mode import ROOM_REDRAW_S

    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        hidden = app.screen.query_one("#hidden")
        assert not hidden.display
        card = {"id": "r1", "role": DS, "text": "Secret", "person": "p2", "via": "room"}
        assert await app.room.submit(lambda _session: ("concern.written", card)) is None
        for _ in range(int(ROOM_REDRAW_S / 0.1) + 6):  # keys every 0.1 s, well past it
            app.room.key_pressed()  # as the app does for each key, before handling it
            await pilot.pause()  # the key's frame
            drawn = hidden.display
            await pilot.pause(0.1)
            assert hidden.display == drawn, "redrawn between keys, where a key could wait"
        assert hidden.display, "a key after the redraw fell due brought it"
        assert rendered(app, "#hidden").startswith("▒ 1 card hidden until revealed")
        # Typing paused: the next card shows within ROOM_REDRAW_S, as before.
        card2 = {"id": "r2", "role": DS, "text": "Secret 2", "person": "p2", "via": "room"}
        await pilot.pause(0.4)
        assert await app.room.submit(lambda _session: ("concern.written", card2)) is None
        await pilot.pause(ROOM_REDRAW_S + 0.2)
        assert rendered(app, "#hidden").startswith("▒ 2 cards hidden until revealed")
        await app.workers.wait_for_complete()


class _FakeTimer:
    """A timer the test fires by hand; a stopped one never fires, as Textual's timers."""

    def __init__(self, callback: Any) -> None:
        self.callback = callback
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

    def fire(self) -> None:
        if not self.stopped:
            self.callback()


async def test_a_redraw_made_early_stops_the_bursts_timer(
    app_on, team_session, monkeypatch
) -> None:
    """Once a burst is shown (the stage came back on screen), its fallback timer is stopped:
    left running, it fired inside the next burst and redrew it before its own time."""
    app = app_on(burst_session(team_session), "concerns")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        timers: list[_FakeTimer] = []

        def timer(_delay: float, callback: Any) -> _FakeTimer:
            timers.append(_FakeTimer(callback))
            return timers[-1]

        monkeypatch.setattr(app, "set_timer", timer)
        redraws: list[bool] = []
        show_state = app.show_state

        def counted(session: Any, *, redraw: bool = True) -> None:
            redraws.append(redraw)
            show_state(session, redraw=redraw)

        monkeypatch.setattr(app, "show_state", counted)
        await room_cards(app, pilot, 0, 1)  # a card, then the stage's redraw at once
        assert redraws.count(True) == 1 and len(timers) == 1
        assert timers[0].stopped
        card = {"id": "r9", "role": DS, "text": "Secret 9", "person": "p2", "via": "room"}
        assert app.room.change("concern.written", card) is None
        assert len(timers) == 2  # the new burst's own timer
        timers[0].fire()  # the first burst's timer falling due now, inside the second burst
        assert redraws.count(True) == 1, "the second burst was redrawn before its own time"
        timers[1].fire()
        assert redraws.count(True) == 2
        await pilot.pause()
        assert rendered(app, "#hidden").startswith("▒ 2 cards hidden until revealed")
