"""FastAPI dependencies of the console: services, DB session, current operator, CSRF."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from bot.console.services import ConsoleServices
from bot.console.sessions import SESSION_COOKIE, CurrentOperator, load_session


class LoginRequired(Exception):  # noqa: N818 - control flow, turned into a redirect
    """No valid session: the handler redirects to the login page."""


class PermissionDenied(Exception):  # noqa: N818 - turned into a 403 page
    """The operator's role does not allow this."""


class CsrfFailed(Exception):  # noqa: N818 - turned into a 403 page
    """A form arrived without the session's CSRF token."""


def get_console(request: Request) -> ConsoleServices:
    """Return the console services built in the composition root."""
    services: ConsoleServices = request.app.state.console
    return services


ConsoleDep = Annotated[ConsoleServices, Depends(get_console)]


async def get_session(console: ConsoleDep) -> AsyncIterator[AsyncSession]:
    """Yield a short-lived DB session for one request."""
    async with console.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_current_operator(request: Request, session: SessionDep) -> CurrentOperator:
    """Return the logged-in operator.

    Raises:
        LoginRequired: No valid session cookie.
    """
    token = request.cookies.get(SESSION_COOKIE)
    current = await load_session(session, token) if token else None
    if current is None:
        raise LoginRequired
    request.state.operator = current
    return current


CurrentOperatorDep = Annotated[CurrentOperator, Depends(get_current_operator)]


async def get_admin(current: CurrentOperatorDep) -> CurrentOperator:
    """Return the logged-in operator if an admin.

    Raises:
        PermissionDenied: Not an admin.
    """
    if not current.operator.is_admin:
        raise PermissionDenied
    return current


AdminDep = Annotated[CurrentOperator, Depends(get_admin)]


async def get_checked_form(request: Request, current: CurrentOperatorDep) -> FormData:
    """Return the posted form after checking its CSRF token.

    Raises:
        CsrfFailed: The token is missing or wrong.
    """
    form = await request.form()
    token = form.get("csrf_token")
    if not isinstance(token, str) or not hmac.compare_digest(token, current.csrf_token):
        raise CsrfFailed
    return form


CheckedFormDep = Annotated[FormData, Depends(get_checked_form)]
