"""Tests of text cleaning: what people type is kept, what would command a terminal is not."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions.text import clean_line, clean_text, shorten, slugify
from tests.strategies import FORBIDDEN, HOSTILE, PROPERTY, hostile_text

C0 = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]  # CR becomes LF
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


@pytest.mark.parametrize("ch", [*C0, "\x7f", *C1, *BIDI, "\ufeff"], ids=lambda c: f"U+{ord(c):04X}")
def test_clean_text_removes_control_character(ch):
    assert clean_text(f"a{ch}b") == "ab"


def test_clean_text_removes_escape_sequences_but_keeps_their_printable_tail():
    assert clean_text("\x1b[31mred\x1b[0m") == "[31mred[0m"
    assert clean_text("\x1b]52;c;SGVsbG8=\x07") == "]52;c;SGVsbG8="
    assert clean_text("\x9b2J\x9d0;t\x9c") == "2J0;t"


def test_clean_text_removes_trojan_source_reordering():
    assert clean_text("access\u202e\u2066 = admin\u2069\u2066") == "access = admin"


@pytest.mark.parametrize("surrogate", ["\ud800", "\udbff", "\udc00", "\udfff"])
def test_clean_text_replaces_lone_surrogates(surrogate):
    assert clean_text(f"a{surrogate}b") == "a\ufffdb"


def test_clean_text_normalises_line_breaks():
    assert clean_text("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"
    assert clean_text("one\r\n\r\ntwo") == "one\n\ntwo"
    assert clean_text("one\n\rtwo") == "one\n\ntwo"


def test_clean_text_keeps_tabs_and_newlines_inside():
    assert clean_text("a\tb\nc") == "a\tb\nc"


def test_clean_text_trims_the_ends():
    assert clean_text(" \n\t hello \r\n ") == "hello"


def test_clean_text_composes_to_nfc():
    assert clean_text("Cafe\u0301") == "Café"
    assert clean_text("Cafe\u0301") == unicodedata.normalize("NFC", "Café")
    assert len(clean_text("e\u0301")) == 1


@pytest.mark.parametrize(
    "kept",
    [
        "👩‍👩‍👧‍👦",
        "🧑🏽‍💻 ships",
        "🇯🇵🇺🇦",
        "数据科学家 データ 데이터",
        "[bold]not bold[/]",
        "[@click=app.quit]x",
        "[WIP] [/ nested [b]]",
        "C:\\Users\\ana \\n \\x1b",
        "{curly} <angle> $dollar",
        "مرحبا שלום",
    ],
)
def test_clean_text_keeps_what_people_write(kept):
    assert clean_text(kept) == kept


def test_clean_line_folds_whitespace_onto_one_line():
    assert clean_line("  Ana \t\n  María\r\n  López  ") == "Ana María López"
    assert clean_line("a\u2028b\u00a0c") == "a b c"
    assert clean_line("\x1b[2J") == "[2J"
    assert clean_line("\x00\x1b\u202e") == ""


@pytest.mark.parametrize(
    "name",
    [*HOSTILE, "", "   ", "---", "Ωμέγα", "数据", "\x1b\x00", "x" * 200, "a--b", "-a-", "Ça va?"],
)
def test_slugify_of_any_name_is_a_safe_nonempty_id(name):
    slug = slugify(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert len(slug) <= 40


def test_slugify_examples():
    assert slugify("Data Scientist") == "data-scientist"
    assert slugify("Platform / ML engineer") == "platform-ml-engineer"
    assert slugify("Équipe Données") == "equipe-donnees"
    assert slugify("数据") == "item"
    assert slugify("数据", fallback="role") == "role"
    assert slugify("a" * 39 + " b") == "a" * 39


# -- properties -------------------------------------------------------------------------------

ANY_TEXT = hostile_text(max_size=80) | st.text(
    alphabet=st.characters(codec=None, categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Lo"])
)


@PROPERTY
@given(ANY_TEXT)
def test_cleaned_text_is_safe_idempotent_and_encodable(text):
    cleaned = clean_text(text)
    assert not FORBIDDEN & set(cleaned)
    assert not _has_surrogate(cleaned)
    assert "\r" not in cleaned
    assert clean_text(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip()
    cleaned.encode("utf-8")


@PROPERTY
@given(ANY_TEXT)
def test_cleaned_line_is_one_safe_line(text):
    line = clean_line(text)
    assert not FORBIDDEN & set(line)
    assert not _has_surrogate(line)
    assert not any(ch.isspace() and ch != " " for ch in line)
    assert "  " not in line
    assert clean_line(line) == line
    line.encode("utf-8")


@PROPERTY
@given(ANY_TEXT)
def test_slug_is_always_a_valid_id(text):
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slugify(slug) == slug


@PROPERTY
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cf", "Cs"])))
def test_clean_text_keeps_ordinary_text_up_to_normalisation(text):
    assert clean_text(text) == unicodedata.normalize("NFC", text).strip()


def test_plural_says_one_or_many() -> None:
    from sessions.text import plural

    assert plural(1, "role") == "1 role"
    assert plural(0, "role") == "0 roles"
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "1 person"


def test_no_text_shown_to_people_hedges_its_plural_with_s_in_brackets() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    hedged = re.compile(r"[a-z]\(s\)")
    found = [
        f"{path.relative_to(root)}:{number}"
        for package in ("sessions", "tui")
        for path in (root / package).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hedged.search(line)
    ]
    assert found == []


# -- the one shortening helper ------------------------------------------------------------------


def test_shorten_leaves_text_that_fits_alone_on_one_line() -> None:
    assert shorten("Model  package\nwith schema", 40) == "Model package with schema"


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("hello world", 5, "hell…"),
        ("日本語のテキスト", 7, "日本語…"),  # wide characters take two cells each
        ("日本語のテキスト", 8, "日本語…"),  # a wide character never straddles the edge
        ("🙂🙂🙂🙂", 5, "🙂🙂…"),
        ("ab", 2, "ab"),
        ("abc", 1, "…"),
    ],
)
def test_shorten_counts_terminal_cells(text: str, width: int, expected: str) -> None:
    from rich.cells import cell_len

    shortened = shorten(text, width)
    assert shortened == expected
    assert cell_len(shortened) <= width


@given(st.text(max_size=60), st.integers(min_value=1, max_value=40))
@PROPERTY
def test_shorten_never_takes_more_cells_than_given(text: str, width: int) -> None:
    from rich.cells import cell_len

    assert cell_len(shorten(text, width)) <= width


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("returns-forecast-2.toml", 14, "returns…2.toml"),
        ("returns-forecast-3.toml", 14, "returns…3.toml"),  # told apart by their ends
        ("日本語のファイル名.toml", 14, "日本語…名.toml"),  # wide characters whole on both sides
        ("short.toml", 14, "short.toml"),
    ],
)
def test_shorten_in_the_middle_keeps_the_end(text: str, width: int, expected: str) -> None:
    from rich.cells import cell_len

    shortened = shorten(text, width, middle=True)
    assert shortened == expected
    assert cell_len(shortened) <= width


@given(st.text(max_size=60), st.integers(min_value=1, max_value=40))
@PROPERTY
def test_shorten_in_the_middle_never_takes_more_cells_than_given(text: str, width: int) -> None:
    from rich.cells import cell_len

    assert cell_len(shorten(text, width, middle=True)) <= width
