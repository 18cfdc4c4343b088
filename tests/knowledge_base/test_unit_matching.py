"""Which unit a citizen names: the knowledge base's own units, ids, short names, aliases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge_base import UnitPublic, find_unit, unit_in_text
from knowledge_base.convert import unit_to_public
from knowledge_base.schemas import UnitSpec

UNITS_DIR = Path(__file__).resolve().parents[2] / "knowledge_base" / "units"


@pytest.fixture(scope="module")
def units() -> list[UnitPublic]:
    return [
        unit_to_public(UnitSpec(**yaml.safe_load(path.read_text(encoding="utf-8"))))
        for path in sorted(UNITS_DIR.glob("*.yaml"))
    ]


@pytest.mark.parametrize(
    ("mention", "unit_id"),
    [
        ("dukcapil", "disdukcapil"),  # an alias
        ("Kantor Dukcapil", "disdukcapil"),  # generic words and case do not matter
        ("disdukcapil", "disdukcapil"),  # the id
        ("dinas kependudukan", "disdukcapil"),
        ("kantor imigrasi", "imigrasi"),
        ("kepolisian", "polres"),  # a word of the unit's full name
        ("satpas", "polres"),
        ("samsat", "samsat"),
        ("kantor pajak", "kpp"),  # an alias equal to the mention beats "pajak daerah"
        ("pajak daerah", "bapenda"),
        ("dinas pmptsp", "dpmptsp"),
    ],
)
def test_a_mention_names_its_unit(mention: str, unit_id: str, units: list[UnitPublic]) -> None:
    unit = find_unit(mention, units)
    assert unit is not None and unit.id == unit_id


@pytest.mark.parametrize(
    # "mpp" and "sukamaju" are in many units' names; the others are not units of this
    # knowledge base (a village office, the police sector office, the religious office).
    "mention",
    ["mpp", "mal pelayanan publik", "sukamaju", "bpjs", "kelurahan", "polsek", "kua", "kantor"],
)
def test_a_vague_or_unknown_mention_names_no_unit(mention: str, units: list[UnitPublic]) -> None:
    assert find_unit(mention, units) is None


@pytest.mark.parametrize(
    ("text", "unit_id"),
    [
        ("dukcapil buka jam berapa", "disdukcapil"),
        ("samsat buka hari sabtu?", "samsat"),
        ("alamat bpjs kesehatan dimana", "bpjs_kes"),
        ("jam buka kantor", None),
        ("imigrasi sama polres buka jam brp", None),  # two units: not one
        ("kapan bisa ambil ktp", None),
    ],
)
def test_a_unit_in_the_text(text: str, unit_id: str | None, units: list[UnitPublic]) -> None:
    unit = unit_in_text(text, units)
    assert (unit.id if unit else None) == unit_id
