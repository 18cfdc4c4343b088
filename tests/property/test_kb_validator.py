"""Property: the knowledge-base validator reports on any YAML; it never raises.

Random YAML documents, broken YAML, and real service and unit files with one field
replaced by random data, in a temporary knowledge-base directory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge_base import validate_directory
from tests.conftest import REPO_ROOT

KB = REPO_ROOT / "knowledge_base"
SERVICE = yaml.safe_load((KB / "services" / "disdukcapil" / "ktp_el.yaml").read_text("utf-8"))
UNIT = yaml.safe_load((KB / "units" / "disdukcapil.yaml").read_text("utf-8"))

PROPERTY_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=30) | st.dates() | st.datetimes()
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> str:
    """A real file with one top-level field replaced, removed or nested wrongly."""
    data = dict(base)
    key = draw(st.sampled_from(sorted(data)))
    action = draw(st.sampled_from(["replace", "delete", "wrap"]))
    if action == "replace":
        data[key] = draw(values)
    elif action == "delete":
        del data[key]
    else:
        data[key] = {"x": data[key]}
    return _dump(data)


documents = st.one_of(
    values.map(_dump),
    st.text(max_size=300),  # mostly not YAML, or YAML that is not a mapping
    st.sampled_from(
        ["a: [1, 2", "{{", "- - -", "key: value\n  bad indent: x", "\t", ": :", "&a [*a]"]
    ),
)


def _validate(unit_text: str, service_text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "units").mkdir()
        (root / "services" / "disdukcapil").mkdir(parents=True)
        (root / "units" / "disdukcapil.yaml").write_text(unit_text, encoding="utf-8")
        (root / "services" / "disdukcapil" / "ktp_el.yaml").write_text(
            service_text, encoding="utf-8"
        )
        report = validate_directory(root)
        assert report.file_count >= 1
        for issue in report.issues:
            assert str(issue)  # every issue renders for the service unit


@PROPERTY_SETTINGS
@given(service=documents | mutated(SERVICE))
def test_any_service_file_gets_a_report(service: str) -> None:
    _validate(_dump(UNIT), service)


@PROPERTY_SETTINGS
@given(unit=documents | mutated(UNIT), service=mutated(SERVICE))
def test_any_unit_file_gets_a_report(unit: str, service: str) -> None:
    _validate(unit, service)
