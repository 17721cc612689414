"""A roster pasted from a spreadsheet: each line read, each problem named with its line."""

from __future__ import annotations

from sessions.roster_paste import parse_roster


def test_tab_comma_and_semicolon_lines_with_a_heading_are_read() -> None:
    lines = parse_roster(
        "Name\tTitle\tTime\tSquad\n"
        "Ada Lovelace\tData scientist\t50%\tPayments\n"
        "\n"
        "Bob Bell, Developer, 0.8\n"
        "Carla Díaz;Analyst\n"
        "李小龍\n"
    )
    assert [line.number for line in lines] == [2, 4, 5, 6]
    assert [line.person for line in lines] == [
        {
            "name": "Ada Lovelace",
            "title": "Data scientist",
            "availability": 50,
            "squad": "Payments",
        },
        {"name": "Bob Bell", "title": "Developer", "availability": 80},
        {"name": "Carla Díaz", "title": "Analyst"},
        {"name": "李小龍"},
    ]
    assert not any(line.problem for line in lines)


def test_each_problem_is_named_on_its_line() -> None:
    lines = parse_roster(
        "Ada, DS, 150\n, no name\nEve, x, y, z, extra\nAda, again\nMaya Okafor\nBob, Dev, half",
        on_team=["maya okafor"],
    )
    problems = {line.number: line.problem for line in lines}
    assert problems[1] == "time “150” is not a percentage from 1 to 100"
    assert problems[2] == "no name in the first column"
    assert problems[3] == "more than four columns: name, job title, time, squad"
    assert problems[4] == ""  # the first Ada had a problem, so this one is the only Ada
    assert problems[5] == "Maya Okafor is already on the team"
    assert problems[6] == "time “half” is not a percentage from 1 to 100"
    assert all(not line.person for line in lines if line.problem)


def test_a_name_twice_in_the_paste_is_a_problem_on_the_second() -> None:
    lines = parse_roster("Ada\nada")
    assert lines[1].problem == "the same name as line 1" and not lines[1].person


def test_markup_and_controls_are_text() -> None:
    (line,) = parse_roster("[bold]x\x1b[31m\t[/]")
    assert line.person == {"name": "[bold]x[31m", "title": "[/]"}


def test_nothing_pasted_is_shortened_a_value_too_long_is_a_problem() -> None:
    (line,) = parse_roster(f"Ada, {'x' * 81}", name_max=80)
    assert line.problem == "the job title is longer than 80 characters" and not line.person
