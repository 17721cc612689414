"""Forms ask the reducer (`sessions.events.preview`) instead of repeating its rules."""

from __future__ import annotations

from textual.widgets import Label

from sessions.coverage import HANDOFF_MISSING, pair_subject
from tests.conftest import fill_by_enter, saved, settle
from tests.tui.test_needs import DE, DS, opened
from tui.dialogs.decide import NEEDS_A_REASON, decide
from tui.dialogs.form import FormDialog
from tui.dialogs.refusal import refused_by_reducer


def test_a_refusal_is_shown_at_the_field_it_is_about(team_session):
    check = refused_by_reducer(
        lambda: team_session,
        lambda values: ("learning.added", {"id": "l1", "topic": "SQL", **values}),
        where="topic",
    )
    assert check({"learner": "p1", "partner": "p2"}) is None
    field, told = check({"learner": "p1", "partner": "p1"})
    assert field == "partner"
    assert told == "A learner needs a partner other than themselves."  # the reducer's words
    field, told = check({"learner": "ghost"})
    assert (field, told) == ("learner", "Learner: no person with id 'ghost'.")


async def test_accepting_a_risk_without_a_reason_is_refused_by_the_reducer(team_session, app_on):
    app = app_on(team_session, "needs")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        decide(screen, HANDOFF_MISSING, pair_subject(DS, DE), "Data scientist and data engineer")
        await pilot.pause()
        await fill_by_enter(pilot, {"outcome": "accepted"})
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog), "the form stays open"
        assert str(dialog.query_one("#error-reason", Label).render()) == NEEDS_A_REASON
        assert app.session.decisions == []
        await fill_by_enter(pilot, {"reason": "They sit together"})
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)
        [decision] = saved(app.session_path).decisions
        assert (decision.outcome, decision.reason) == ("accepted", "They sit together")
