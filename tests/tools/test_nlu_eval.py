"""`make nlu-eval` and `tools.nlu_cv` refuse inputs that do not exist instead of measuring
something else (the check is in ``nlu_eval.run``, which both call)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tools import nlu_cv, nlu_eval


def test_missing_inputs_names_each_missing_path(tmp_path: Path) -> None:
    test = tmp_path / "test.yml"
    test.write_text("nlu: []\n", encoding="utf-8")
    config = tmp_path / "configs" / "stock.yml"

    assert nlu_eval.missing_inputs(None, test, config) == [f"CONFIG={config}"]
    assert nlu_eval.missing_inputs(tmp_path / "none", test, test) == [f"TRAIN={tmp_path / 'none'}"]
    assert nlu_eval.missing_inputs(tmp_path, test, test) == []


def test_a_mistyped_config_stops_before_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    test = tmp_path / "test.yml"
    test.write_text("nlu: []\n", encoding="utf-8")
    trained: list[object] = []
    monkeypatch.setattr(nlu_eval.subprocess, "run", lambda *args, **kwargs: trained.append(args))
    monkeypatch.setattr(
        sys, "argv", ["nlu_eval", "--test", str(test), "--config", "configs/stock.yml"]
    )

    with pytest.raises(SystemExit) as exited:
        nlu_eval.main()

    assert exited.value.code == 2
    assert not trained
    assert "not found: CONFIG=" in capsys.readouterr().err


def test_cross_validation_with_a_mistyped_config_trains_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data.yml"
    data.write_text(
        "nlu:\n- intent: greet\n  examples: |\n    - halo\n    - hai\n"
        "- intent: thanks\n  examples: |\n    - makasih\n    - terima kasih\n",
        encoding="utf-8",
    )
    trained: list[object] = []
    monkeypatch.setattr(nlu_eval.subprocess, "run", lambda *args, **kwargs: trained.append(args))

    with pytest.raises(FileNotFoundError, match="CONFIG="):
        nlu_cv.cross_validate(data, [tmp_path / "stock.yml"], folds=2, seed=13)

    assert not trained
