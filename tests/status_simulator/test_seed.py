from __future__ import annotations

from pathlib import Path

import pytest

from status_simulator import SeedDataError, StatusCode
from status_simulator.constants import DEFAULT_SEED_FILE
from status_simulator.seed import load_seed


def test_default_seed_covers_every_status_and_agency() -> None:
    seed = load_seed(DEFAULT_SEED_FILE)

    assert {app.history[-1].status for app in seed.applications} == set(StatusCode)
    assert {app.number[:3] for app in seed.applications} == {"DUK", "IMI", "POL", "DPM"}
    assert {"ktp_el", "kartu_keluarga", "akta_kelahiran", "paspor", "skck", "nib"} <= {
        app.service_id for app in seed.applications
    }


def test_readme_lists_every_demo_number() -> None:
    readme = (DEFAULT_SEED_FILE.parent.parent / "README.md").read_text(encoding="utf-8")
    for app in load_seed(DEFAULT_SEED_FILE).applications:
        assert app.number in readme
        assert app.nik_last4 in readme
        assert app.date_of_birth.isoformat() in readme


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "seed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(SeedDataError) as info:
        load_seed(tmp_path / "nope.yaml")
    assert info.value.path.endswith("nope.yaml")


def test_bad_yaml_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SeedDataError, match="not valid YAML"):
        load_seed(_write(tmp_path, "statuses: [\n"))


def test_unknown_service_is_rejected(tmp_path: Path) -> None:
    text = DEFAULT_SEED_FILE.read_text(encoding="utf-8").replace(
        "service_id: skck", "service_id: sim_a", 1
    )
    with pytest.raises(SeedDataError, match="unknown service_id"):
        load_seed(_write(tmp_path, text))


def test_prefix_must_match_agency(tmp_path: Path) -> None:
    text = DEFAULT_SEED_FILE.read_text(encoding="utf-8").replace(
        "number: POL-2026-000301", "number: DUK-2026-000999", 1
    )
    with pytest.raises(SeedDataError, match="agency"):
        load_seed(_write(tmp_path, text))
