"""Attach the console's routes, static files and error pages to the gateway app."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from bot.console.deps import CsrfFailed, LoginRequired, PermissionDenied
from bot.console.routes import (
    analytics,
    audit,
    auth,
    complaints,
    conversations,
    events,
    exports,
    takeover,
)
from bot.console.routes._render import redirect, render
from bot.console.templating import STATIC_DIR


def mount_console(app: FastAPI) -> None:
    """Mount the console under ``/operator``.

    Args:
        app: The gateway application; ``app.state.console`` must be set in its lifespan.
    """
    for module in (auth, conversations, takeover, events, analytics, exports, complaints, audit):
        app.include_router(module.router)
    app.mount("/operator/static", StaticFiles(directory=STATIC_DIR), name="console-static")

    async def login_required(request: Request, exc: Exception) -> Response:
        return redirect("/operator/login")

    async def forbidden(request: Request, exc: Exception) -> Response:
        message = (
            "Formulir tidak sah atau kedaluwarsa. Muat ulang halaman lalu coba lagi."
            if isinstance(exc, CsrfFailed)
            else "Anda tidak memiliki akses ke halaman ini."
        )
        return render(
            request,
            "error.html",
            getattr(request.state, "operator", None),
            status_code=403,
            message=message,
        )

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(PermissionDenied, forbidden)
    app.add_exception_handler(CsrfFailed, forbidden)
