"""Rendering helpers shared by the console's routes; internal helper module."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from bot.console.sessions import CurrentOperator
from bot.console.templating import get_templates

# The console loads nothing from elsewhere and runs no inline script.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def render(
    request: Request,
    template: str,
    current: CurrentOperator | None = None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a console template with the operator and CSRF token in its context.

    Args:
        request: The request.
        template: Template file name.
        current: The logged-in operator, if any.
        status_code: HTTP status.
        **context: Template variables.

    Returns:
        The HTML response with the console's security headers.
    """
    context |= {"current": current, "csrf_token": current.csrf_token if current else ""}
    response = get_templates().TemplateResponse(
        request, template, context, status_code=status_code, headers=SECURITY_HEADERS
    )
    return response  # type: ignore[return-value]


def redirect(url: str) -> RedirectResponse:
    """Return a 303 redirect (after a POST, the browser GETs ``url``)."""
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})


def is_https(request: Request) -> bool:
    """Whether the browser reached us over HTTPS (uvicorn applies trusted proxy headers)."""
    return request.url.scheme == "https"
