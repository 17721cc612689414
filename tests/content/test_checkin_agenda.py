"""The pack's check-in agenda: loaded with the pack, checked like the main agenda."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content import PackError, load_pack
from content.loader import BUNDLED_PACK_ID

BUNDLED = Path(__file__).resolve().parents[2] / "content" / "packs" / BUNDLED_PACK_ID


def test_bundled_pack_has_a_short_checkin_agenda() -> None:
    pack = load_pack()
    ids = [stage.id for stage in pack.checkin]
    assert ids[:3] == ["welcome", "roster", "roles"]
    assert {"changes", "review", "risks", "newcomers"} <= set(ids)
    assert ids[-1] == "wrapup"
    assert sum(s.timebox_min for s in pack.checkin) < pack.total_minutes() / 2


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(BUNDLED, target)
    return target


def test_a_pack_without_checkin_loads_with_none(tmp_path: Path) -> None:
    pack_dir = _copy(tmp_path)
    text = (pack_dir / "pack.toml").read_text(encoding="utf-8")
    (pack_dir / "pack.toml").write_text(text.split("# -- The check-in")[0], encoding="utf-8")
    assert load_pack(pack_dir).checkin == ()


def test_a_repeated_checkin_stage_is_refused_with_its_key(tmp_path: Path) -> None:
    pack_dir = _copy(tmp_path)
    with (pack_dir / "pack.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[checkin]]\nid = "review"\ntitle = "Again"\ngoal = "Twice."\ntimebox_min = 5\n'
            'prompts = ["One?", "Two?", "Three?"]\nnotes = "Repeated on purpose."\n'
        )
    with pytest.raises(PackError) as caught:
        load_pack(pack_dir)
    message = str(caught.value)
    assert "pack.toml" in message and "checkin[8].id" in message
    assert "check-in stage" in message
