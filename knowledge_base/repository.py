"""The query API used by the actions: a Protocol and its SQL implementation."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, ParamSpec, Protocol, TypeVar, runtime_checkable

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tenacity import AsyncRetrying, retry_if_exception, stop_after_delay, wait_exponential_jitter

from knowledge_base import queries
from knowledge_base.constants import DEFAULT_RESOLVE_THRESHOLD, DEFAULT_SEARCH_THRESHOLD
from knowledge_base.errors import KnowledgeBaseNotLoadedError
from knowledge_base.matching import AliasIndex
from knowledge_base.public import ServiceMatch, ServicePublic, ServiceSummary, UnitPublic

__all__ = ["KnowledgeBaseRepository", "SqlKnowledgeBaseRepository"]

logger = logging.getLogger(__name__)

# Reads wait this long for a restarting database: long enough to bridge a restart, short
# enough to stay inside the time Rasa and the gateway give one action.
READ_RETRY_FOR_S = 8.0

R = TypeVar("R")
P = ParamSpec("P")


def _is_transient(exc: BaseException) -> bool:
    """A dropped or refused connection, or a server shutting down or starting up."""
    if isinstance(exc, OSError | TimeoutError):
        return True
    if isinstance(exc, DBAPIError) and (
        exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)
    ):
        # SQLite reports a missing table or column as an OperationalError too: permanent.
        return not str(exc.orig).startswith(("no such table", "no such column"))
    # asyncpg's errors while connecting ("the database system is shutting down") come raw.
    for error in (exc, getattr(exc, "orig", None)):
        sqlstate = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
        if isinstance(sqlstate, str) and sqlstate[:2] in {"08", "57"}:
            return True
    return False


def _retried_read(
    method: Callable[P, Coroutine[Any, Any, R]],
) -> Callable[P, Coroutine[Any, Any, R]]:
    """Retry a read with a session of its own while the database restarts.

    Reads are safe to repeat. A caller's session (keyword ``session``) is used once: its
    transaction died with the connection, so the caller must retry.
    """

    @functools.wraps(method)
    async def read(*args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs.get("session") is not None:
            return await method(*args, **kwargs)
        retrying = AsyncRetrying(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_delay(READ_RETRY_FOR_S),
            wait=wait_exponential_jitter(multiplier=0.2, max=1.0, jitter=0.2),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                if attempt.retry_state.attempt_number > 1:
                    logger.warning("Knowledge base read retried (database unavailable)")
                return await method(*args, **kwargs)
        raise AssertionError("unreachable: tenacity re-raises the last error")

    return read


@runtime_checkable
class KnowledgeBaseRepository(Protocol):
    """Read access to the knowledge base; every method is async."""

    async def get_service(self, service_id: str) -> ServicePublic | None:
        """Return one service by id, or ``None``."""
        ...

    async def resolve_service(self, mention: str) -> ServiceMatch | None:
        """Return the service a free-text mention names (typo/alias tolerant), or ``None``."""
        ...

    async def search_services(self, text: str, limit: int = 3) -> list[ServiceMatch]:
        """Return the best ``limit`` services for a whole question, best first."""
        ...

    async def list_services(
        self, *, unit_id: str | None = None, category: str | None = None
    ) -> list[ServiceSummary]:
        """Return services, optionally filtered by unit and category."""
        ...

    async def get_unit(self, unit_id: str) -> UnitPublic | None:
        """Return one unit by id, or ``None``."""
        ...

    async def list_units(self) -> list[UnitPublic]:
        """Return every unit."""
        ...


class SqlKnowledgeBaseRepository:
    """:class:`KnowledgeBaseRepository` over the SQL tables the loader fills.

    Each method opens a short session of its own, or uses the keyword-only
    ``session`` given by a caller who owns the transaction. The alias index is
    cached in memory per knowledge-base revision, so a reload invalidates it.

    Args:
        session_factory: Factory of async sessions.
        resolve_threshold: Minimum score for :meth:`resolve_service`.
        search_threshold: Minimum score for :meth:`search_services`.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        resolve_threshold: float = DEFAULT_RESOLVE_THRESHOLD,
        search_threshold: float = DEFAULT_SEARCH_THRESHOLD,
    ) -> None:
        self._session_factory = session_factory
        self._resolve_threshold = resolve_threshold
        self._search_threshold = search_threshold
        self._index: AliasIndex | None = None
        self._index_lock = asyncio.Lock()

    @asynccontextmanager
    async def _session(self, session: AsyncSession | None) -> AsyncIterator[AsyncSession]:
        if session is not None:
            yield session
            return
        async with self._session_factory() as own, own.begin():
            yield own

    async def _alias_index(self, session: AsyncSession) -> AliasIndex:
        revision = await queries.get_revision(session=session)
        if revision is None:
            raise KnowledgeBaseNotLoadedError("no knowledge base loaded yet")
        index = self._index
        if index is not None and index.revision == revision:
            return index
        async with self._index_lock:
            if self._index is None or self._index.revision != revision:
                entries = await queries.list_alias_entries(session=session)
                self._index = AliasIndex(entries, revision=revision)
                logger.debug("alias index rebuilt for revision %d", revision)
            return self._index

    @_retried_read
    async def get_service(
        self, service_id: str, *, session: AsyncSession | None = None
    ) -> ServicePublic | None:
        """Return one service by id.

        Args:
            service_id: The service id, e.g. ``ktp_el``.
            session: Use this session (the caller owns the transaction).

        Returns:
            The service with its unit's location and hours resolved, or ``None``.
        """
        async with self._session(session) as s:
            return await queries.get_service(service_id, session=s)

    @_retried_read
    async def resolve_service(
        self, mention: str, *, session: AsyncSession | None = None
    ) -> ServiceMatch | None:
        """Resolve a free-text mention ("e-ktp", "akte lahir", "pasport") to a service.

        Args:
            mention: What the citizen wrote.
            session: Use this session (the caller owns the transaction).

        Returns:
            The best match above the threshold (with its score and variant, if named).

        Raises:
            KnowledgeBaseNotLoadedError: Nothing was loaded yet.
        """
        async with self._session(session) as s:
            index = await self._alias_index(s)
        return index.resolve(mention, threshold=self._resolve_threshold)

    @_retried_read
    async def search_services(
        self, text: str, limit: int = 3, *, session: AsyncSession | None = None
    ) -> list[ServiceMatch]:
        """Return the best services for a whole question, for "did you mean" buttons.

        Args:
            text: The citizen's question.
            limit: How many services at most.
            session: Use this session (the caller owns the transaction).

        Returns:
            Matches, best first.

        Raises:
            KnowledgeBaseNotLoadedError: Nothing was loaded yet.
        """
        async with self._session(session) as s:
            index = await self._alias_index(s)
        return index.search(text, limit=limit, threshold=self._search_threshold)

    @_retried_read
    async def list_services(
        self,
        *,
        unit_id: str | None = None,
        category: str | None = None,
        session: AsyncSession | None = None,
    ) -> list[ServiceSummary]:
        """Return services, optionally of one unit and/or category.

        Args:
            unit_id: Only this unit's services.
            category: Only this category (e.g. ``kependudukan``).
            session: Use this session (the caller owns the transaction).
        """
        async with self._session(session) as s:
            return await queries.list_services(session=s, unit_id=unit_id, category=category)

    @_retried_read
    async def get_unit(
        self, unit_id: str, *, session: AsyncSession | None = None
    ) -> UnitPublic | None:
        """Return one unit by id, or ``None``.

        Args:
            unit_id: The unit id.
            session: Use this session (the caller owns the transaction).
        """
        async with self._session(session) as s:
            return await queries.get_unit(unit_id, session=s)

    @_retried_read
    async def list_units(self, *, session: AsyncSession | None = None) -> list[UnitPublic]:
        """Return every unit.

        Args:
            session: Use this session (the caller owns the transaction).
        """
        async with self._session(session) as s:
            return await queries.list_units(session=s)
