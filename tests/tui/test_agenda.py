"""The agenda's first drawing of a stage is already laid out for the width it will have."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.conftest import settle
from tui.widgets.chrome import AGENDA_WIDTHS, Agenda


@pytest.mark.parametrize(("size", "width_class"), [((100, 30), "-narrow"), ((160, 48), "-wide")])
async def test_the_first_drawing_of_a_stage_fits_the_agenda(
    app_on, team_session, monkeypatch: pytest.MonkeyPatch, size, width_class
) -> None:
    """Drawn before its first layout, the agenda used to guess 28 cells: at 100 columns (22
    cells) the first frame of each stage showed its timeboxes wrapped under the titles."""
    before_layout: list[list[str]] = []
    show = Agenda.show

    def recording(agenda: Agenda, *args, **kwargs) -> None:
        show(agenda, *args, **kwargs)
        if agenda.scrollable_content_region.width == 0:
            prompts = [agenda.get_option_at_index(i).prompt for i in range(agenda.option_count)]
            before_layout.append([line for p in prompts for line in str(p).split("\n")])

    monkeypatch.setattr(Agenda, "show", recording)
    app = app_on(team_session, "rituals")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        agenda = app.screen.query_one(Agenda)
        assert agenda.outer_size.width == AGENDA_WIDTHS[width_class]
        laid_out = [
            line
            for i in range(agenda.option_count)
            for line in str(agenda.get_option_at_index(i).prompt).split("\n")
        ]
    assert before_layout, "the agenda is drawn once before its first layout"
    for lines in before_layout:
        assert lines == laid_out
        assert all(cell_len(line) <= AGENDA_WIDTHS[width_class] - 1 for line in lines)
