"""A key on the roles and needs stages decides the highlighted risk or missing handoff."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select

from sessions.coverage import HANDOFF_MISSING, decision_for, split_risks
from sessions.live import LiveSession
from tests.conftest import saved, settle
from tui.dialogs.form import FormDialog
from tui.dialogs.pick import PickDialog


async def _fill(app, pilot, outcome: str, reason: str = "") -> None:
    assert isinstance(app.screen, FormDialog)
    app.screen.query_one("#field-outcome", Select).value = outcome
    app.screen.query_one("#field-reason", Input).value = reason
    await pilot.pause()
    app.screen.query_one("#field-reason", Input).focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def test_accepting_a_risk_needs_a_reason_and_is_saved(app_on, team_session) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        keys = {ab.binding.description: ab.enabled for ab in app.screen.active_bindings.values()}
        assert keys.get("Decide risk") is True
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        index = next(i for i, label in enumerate(labels) if "Platform / ML engineer" in label)
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        # The reason is needed when accepting: its field does not call itself optional.
        assert "optional" not in app.screen.query_one("#field-reason", Input).placeholder
        await _fill(app, pilot, "accepted", "")
        assert isinstance(app.screen, FormDialog)  # refused: no reason given
        await _fill(app, pilot, "accepted", "Hiring in May")
        assert not isinstance(app.screen, FormDialog)
        decision = decision_for(app.session, "role.single_part_time", "platform-engineer")
        assert decision is not None and decision.reason == "Hiring in May"
        on_file = saved(app.session_path)
        assert decision_for(on_file, "role.single_part_time", "platform-engineer") == decision
        panel = str(app.screen.query_one("#risk-list").render())
        assert "✓ decided: Platform / ML engineer" in panel
        assert "accepted: Hiring in May" in panel
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.session.decisions == []


async def test_a_gap_in_the_matrix_is_decided_where_the_cursor_is(app_on, team_session) -> None:
    live = LiveSession(team_session)
    live.change("stage.entered", {"stage": "needs", "done": {"needs": True}})
    app = app_on(live.session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        table = app.screen.query_one("#needs-matrix")
        roles = [r.id for r in app.session.roles]
        table.cursor_coordinate = (
            roles.index("data-engineer"),
            roles.index("software-engineer") + 1,
        )
        await pilot.press("k")
        await pilot.pause()
        await _fill(app, pilot, "action")
        subject = "data-engineer+software-engineer"
        decision = decision_for(app.session, HANDOFF_MISSING, subject)
        assert decision is not None and decision.outcome == "action"
        action = next(a for a in app.session.actions if a.id == decision.action)
        assert action.text.startswith("Cover the risk: Data engineer and Software engineer")
        assert "✓ decided" in str(
            table.get_cell_at((roles.index("data-engineer"), roles.index("software-engineer") + 1))
        )
        open_, decided = split_risks(saved(app.session_path))
        assert any(r.subject == subject for r, _ in decided)
        assert not any(r.subject == subject for r in open_)
