"""The wrap-up's confidence vote (fist of five), beside the goals set at the start."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from sessions.checkin import last_votes
from sessions.model import Session
from tui.dialogs.pick import PickDialog
from tui.screens.pane import StagePane
from tui.widgets.chrome import EmptyState, HintLabel
from tui.widgets.tables import RecordTable

SCORE_WORDS = {
    5: "full confidence",
    4: "confident",
    3: "some doubts",
    2: "serious doubts",
    1: "no confidence",
}
"""What each fist-of-five score means, for the room."""

BAR_MAX = 20
"""The widest bar in the confidence distribution, in characters."""


def score_mark(score: int) -> str:
    """Return a score as filled and empty dots plus its number, e.g. `●●●○○ 3`."""
    return "●" * score + "○" * (5 - score) + f" {score}"


def distribution(scores: list[int], team_size: int) -> str:
    """Return the fist-of-five distribution as a text bar chart with counts and the average.

    Each vote is two blocks wide, so small rooms can count them; a large room's bars are scaled
    to fit, keeping at least one block for every score somebody gave.
    """
    counts = {score: scores.count(score) for score in range(1, 6)}
    most = max(counts.values())

    def bar(count: int) -> str:
        if most * 2 <= BAR_MAX:
            return "█" * (count * 2)
        return "█" * (max(1, round(count * BAR_MAX / most)) if count else 0)

    width = len(bar(most))
    if scores:
        average = sum(scores) / len(scores)
        head = f"{len(scores)} of {team_size} voted · average {average:.1f} of 5"
    else:
        head = f"0 of {team_size} voted yet"
    lines = [head]
    for score in range(5, 0, -1):
        lines.append(f"{score} {bar(counts[score]):<{width}} {counts[score]}  {SCORE_WORDS[score]}")
    return "\n".join(lines)


def last_time_line(scores: list[int]) -> str:
    """Return last time's vote on one line, to read beside today's distribution."""
    if not scores:
        return "Last time: nobody voted."
    average = sum(scores) / len(scores)
    counts = " ".join(f"{score}:{scores.count(score)}" for score in range(5, 0, -1))
    return f"Last time: {len(scores)} voted · average {average:.1f} of 5 · {counts}"


def voters(session: Session) -> int:
    """How many people can vote today: those in the room, and anyone marked absent who voted
    all the same (a person not in the room is not a missing vote)."""
    voted = {vote.person for vote in session.confidence}
    return sum(1 for person in session.people if not person.absent or person.id in voted)


class VotePane(StagePane):
    """Each person's confidence from 1 to 5, the distribution, and the goals to judge it by."""

    KEY = "vote"
    TAB = "3 Confidence"
    ACTIONS = ("pick_score", "clear_score")

    def compose(self) -> ComposeResult:
        yield Static(id="goals-recall", classes="summary")
        yield HintLabel(
            "Highlight a person, press s or Enter, then 1 to 5 (0 clears).",
            frozen="Each person's confidence, from 1 to 5.",
            classes="summary hint",
        )
        yield RecordTable(["Person", "Confidence"], id="vote-table")
        yield Static(id="distribution")
        yield EmptyState(
            "Nobody is on the team yet, so nobody can vote. Add people on stage 2.",
            frozen="Nobody is on the team yet, so nobody voted.",
        )

    # -- drawing ---------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        """Redraw the votes, their distribution and the goals set at the start."""
        self._draw_vote(session)
        self._draw_goals(session)

    def _draw_goals(self, session: Session) -> None:
        """Put the goals set at the start beside the vote: did we meet them?"""
        goals = session.session.goals
        if not goals:
            parts: list[Any] = [("No goals were set at the start.", "dim")]
        else:
            parts = [("The goals we set at the start: did we meet them?", "bold")]
            for number, goal in enumerate(goals, start=1):
                parts += [f"\n{number}. ", goal]
        self.query_one("#goals-recall", Static).update(Content.assemble(*parts))

    def _draw_vote(self, session: Session) -> None:
        # A score given privately (the room taking part) shows only once it is revealed.
        shown = [vote for vote in session.confidence if not vote.masked]
        hidden = {vote.person for vote in session.confidence if vote.masked}
        scores = {vote.person: vote.score for vote in shown}
        # In a check-in, each person's vote last time is shown beside today's.
        earlier = [vote for vote in last_votes(session) if not vote.masked]
        before = {vote.person: vote.score for vote in earlier}
        rows = []
        for person in session.people:
            score = scores.get(person.id)
            if person.id in hidden:
                cell = "▒ given, hidden until revealed"
            elif score:
                cell = score_mark(score)
            else:
                cell = "· not in the room today" if person.absent else "· no vote yet"
            if person.id in before:
                cell += f" · last time {before[person.id]}"
            rows.append((person.id, [person.name, cell]))
        self.table.show_rows(rows)
        self.set_class(not rows, "-empty")
        chart = distribution([v.score for v in shown], voters(session))
        if session.last_time is not None:
            chart += "\n" + last_time_line([vote.score for vote in earlier])
        self.query_one("#distribution", Static).update(Content(chart))

    def focus_item(self) -> tuple[str, Content] | None:
        """The distribution of the votes, for the room's focus view."""
        session = self.session
        chart = distribution([v.score for v in session.confidence], voters(session))
        return "Confidence vote", Content(chart)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.pick_score()

    # -- keys ------------------------------------------------------------------------------------

    def set_score(self, person_id: str, score: int) -> None:
        """Set a person's confidence from 1 to 5; 0 clears their vote."""
        current = next((v.score for v in self.session.confidence if v.person == person_id), None)
        if score == 0:
            if current is not None:
                self.change("vote.removed", {"person": person_id})
        elif current is None:
            self.change("vote.added", {"person": person_id, "score": score})
        elif current != score:
            self.change("vote.updated", {"person": person_id, "set": {"score": score}})

    def clear_score(self) -> None:
        """Clear the highlighted person's vote."""
        person_id = self.table.current_key
        if person_id is not None:
            self.set_score(person_id, 0)

    def pick_score(self) -> None:
        """Ask for the highlighted person's confidence: a digit from 1 to 5 picks it at once."""
        person_id = self.table.current_key
        if person_id is None:
            return
        options = [(f"{n}  {score_mark(n)}  {SCORE_WORDS[n]}", str(n)) for n in range(5, 0, -1)]
        options.append(("0  Clear the vote", "0"))
        current = next((v.score for v in self.session.confidence if v.person == person_id), None)

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.set_score(person_id, int(choice))

        name = self.session.person_name(person_id)
        self.app.push_screen(
            PickDialog(
                f"Confidence of {name}: press 1 to 5, or 0 to clear",
                options,
                keys={value: value for _label, value in options},
                initial=str(current) if current else None,
            ),
            picked,
        )
