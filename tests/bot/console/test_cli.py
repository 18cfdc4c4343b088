import io
import sys

import pytest

from bot.console.cli import main


def test_users_add_disable_reset_and_list(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO("kata-sandi-panjang\n"))
    assert main(["users", "add", "budi", "--unit", "samsat", "--password-stdin"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("kata-sandi-panjang\n"))
    assert main(["users", "add", "tanpa-unit", "--password-stdin"]) == 1
    assert "unit" in capsys.readouterr().err
    assert main(["users", "disable", "budi"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["users", "reset", "budi"]) == 0
    assert "password: " in capsys.readouterr().out
    assert main(["users", "list"]) == 0
    assert "budi\toperator\tsamsat\tdisabled" in capsys.readouterr().out
    assert main(["users", "reset", "siapa"]) == 1
