"""The action server registers exactly the domain's custom actions and the callback route."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import ActionExecutor

from actions.server import build_action_server
from actions.settings import ActionSettings


def test_every_domain_action_is_registered_and_nothing_else(domain: dict[str, Any]) -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    registered = {action.name for action in executor.list_actions()}
    assert registered == set(domain["actions"])


def test_callback_route_and_urls(monkeypatch: Any) -> None:
    monkeypatch.setenv("GATEWAY_PORT", "18080")
    monkeypatch.setenv("ACTIONS_URL", "http://127.0.0.1:15055/")
    settings = ActionSettings()
    assert settings.gateway_base_url == "http://127.0.0.1:18080"
    assert settings.callback_base_url == "http://127.0.0.1:15055"
    app = build_action_server(settings)
    assert "callbacks/status/<token:str>" in {route.path for route in app.router.routes}
