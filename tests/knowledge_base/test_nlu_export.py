from pathlib import Path

import yaml

from knowledge_base.cli import main

from .conftest import KB_ROOT


def test_export_nlu(tmp_path: Path) -> None:
    out = tmp_path / "nlu" / "kb.yml"
    assert main(["export-nlu", str(out), "--dir", str(KB_ROOT)]) == 0
    data = yaml.safe_load(out.read_text())
    assert data["version"] == "3.1"
    synonyms = {
        item["synonym"]: [line[2:] for line in item["examples"].splitlines()]
        for item in data["nlu"]
        if "synonym" in item
    }
    assert {"e-ktp", "ktp elektronik", "ktp", "ktp-el"} <= set(synonyms["ktp_el"])
    assert "akte lahir" in synonyms["akta_kelahiran"]
    assert "surat kelakuan baik" in synonyms["skck"] and "imb" in synonyms["pbg"]
    assert {"hilang", "kehilangan"} <= set(synonyms["hilang"])
    everything = [e for examples in synonyms.values() for e in examples]
    assert len(everything) == len(set(everything)), "one text maps to one id only"
    lookup = next(item for item in data["nlu"] if item.get("lookup") == "service")
    assert "bikin paspor" in lookup["examples"]
