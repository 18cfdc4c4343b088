"""Login and logout pages."""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from bot.console.accounts import audit, authenticate
from bot.console.deps import CheckedFormDep, CurrentOperatorDep, SessionDep
from bot.console.routes._render import is_https, redirect, render
from bot.console.sessions import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_LIFETIME,
    end_session,
    new_token,
    start_session,
)

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/operator")


def _login_page(request: Request, error: str = "", status_code: int = 200) -> Response:
    """Render the login form with a fresh double-submit CSRF token."""
    token = new_token()
    response = render(
        request, "login.html", None, status_code=status_code, error=error, login_csrf=token
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        path="/operator",
        httponly=True,
        samesite="strict",
        secure=is_https(request),
    )
    return response


@router.get("/login")
async def login_form(request: Request) -> Response:
    """Show the login form."""
    return _login_page(request)


@router.post("/login")
async def login(
    request: Request,
    session: SessionDep,
    username: str = Form(default="", max_length=64),
    password: str = Form(default="", max_length=256),
    csrf_token: str = Form(default="", max_length=128),
) -> Response:
    """Check the credentials; start a session or show the form again."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return _login_page(request, "Sesi formulir kedaluwarsa. Silakan coba lagi.", 403)
    operator = await authenticate(session, username.strip(), password)
    if operator is None:
        await session.commit()
        return _login_page(
            request,
            "Nama pengguna atau kata sandi salah, atau akun sedang dikunci. "
            "Setelah 5 kali gagal, akun dikunci 15 menit.",
            401,
        )
    token = await start_session(session, operator)
    await session.commit()
    logger.info("Operator %s logged in", operator.id)
    response = redirect("/operator/")
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/operator",
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/operator")
    return response


@router.post("/logout")
async def logout(
    current: CurrentOperatorDep, session: SessionDep, form: CheckedFormDep
) -> Response:
    """End the session."""
    await end_session(session, current.token_hash)
    await audit(session, current.operator, "logout")
    await session.commit()
    response = redirect("/operator/login")
    response.delete_cookie(SESSION_COOKIE, path="/operator")
    return response
