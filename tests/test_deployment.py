"""Structure of docker-compose.yml (there is no Docker engine to run it here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]


def test_every_part_of_the_design_is_a_service() -> None:
    assert set(SERVICES) == {
        "postgres", "redis", "rasa", "actions", "gateway", "status-simulator",
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_has_a_healthcheck(name: str) -> None:
    check = SERVICES[name]["healthcheck"]
    assert check["test"][0] in {"CMD", "CMD-SHELL"}
    assert check["retries"] >= 3


@pytest.mark.parametrize("name", ["actions", "gateway", "rasa"])
def test_services_wait_for_healthy_database(name: str) -> None:
    depends = SERVICES[name]["depends_on"]
    assert depends["postgres"]["condition"] == "service_healthy"


def test_secrets_are_required_not_defaulted() -> None:
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    for variable in ("POSTGRES_PASSWORD", "OPERATOR_ADMIN_PASSWORD"):
        assert re.search(r"\$\{" + variable + r":\?[^}]+\}", text), variable
    assert not re.search(r"PASSWORD:\s*['\"]?\w+['\"]?\s*$", text, re.MULTILINE)


def test_built_images_exist_and_rasa_image_is_built_from_nlu() -> None:
    for service in SERVICES.values():
        build = service.get("build")
        if build:
            assert (REPO_ROOT / build["dockerfile"]).is_file()
    rasa_dockerfile = (REPO_ROOT / SERVICES["rasa"]["build"]["dockerfile"]).read_text()
    assert "COPY nlu" in rasa_dockerfile and "rasa train" in rasa_dockerfile
    assert "python:3.10" in rasa_dockerfile


def test_only_the_gateway_publishes_a_port() -> None:
    published = [name for name, service in SERVICES.items() if service.get("ports")]
    assert published == ["gateway"]
