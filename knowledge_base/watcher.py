"""Hot reload: watch the knowledge-base files and reload them when they change."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from types import TracebackType

from watchfiles import Change, awatch

from knowledge_base.constants import DEFAULT_WATCH_DEBOUNCE_MS, YAML_SUFFIXES
from knowledge_base.errors import KnowledgeBaseError, KnowledgeBaseValidationError
from knowledge_base.loader import KnowledgeBaseLoader, LoadResult

__all__ = ["KnowledgeBaseWatcher"]

logger = logging.getLogger(__name__)
#: How often the file watcher wakes up with no change; bounds the start-up wait.
_POLL_TIMEOUT_MS = 100


def _is_yaml(change: Change, path: str) -> bool:
    return Path(path).suffix in YAML_SUFFIXES


class KnowledgeBaseWatcher:
    """Re-validates and reloads the knowledge base whenever a YAML file changes.

    A broken edit is reported (log and load-status row) and the last good
    knowledge stays. Use ``await watcher.start()`` / ``await watcher.stop()``,
    or ``async with watcher:``.

    Args:
        loader: The loader to run on each change.
        debounce_ms: Quiet period that groups a burst of saves into one reload.
        force_polling: Poll instead of using OS notifications (network drives).
        load_on_start: Load once when started (cheap when nothing changed).
    """

    def __init__(
        self,
        loader: KnowledgeBaseLoader,
        *,
        debounce_ms: int = DEFAULT_WATCH_DEBOUNCE_MS,
        force_polling: bool | None = None,
        load_on_start: bool = True,
    ) -> None:
        self._loader = loader
        self._debounce_ms = debounce_ms
        self._force_polling = force_polling
        self._load_on_start = load_on_start
        self._stop_event: asyncio.Event | None = None
        self._ready: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self.last_result: LoadResult | None = None
        self.last_error: KnowledgeBaseError | None = None

    @property
    def running(self) -> bool:
        """Whether the watcher task is alive."""
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Start watching; returns once changes are being observed (and loaded once)."""
        if self.running:
            return
        self._stop_event = asyncio.Event()
        self._ready = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="knowledge-base-watcher")
        ready = asyncio.create_task(self._ready.wait())
        await asyncio.wait({ready, self._task}, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if self._task.done():
            self._task.result()  # re-raise why the watcher could not start
        logger.info("watching knowledge base at %s", self._loader.kb_root)
        if self._load_on_start:
            await self.reload()

    async def stop(self) -> None:
        """Stop watching and wait for the watcher task to end."""
        if self._task is None or self._stop_event is None:
            return
        self._stop_event.set()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        logger.info("stopped watching the knowledge base")

    async def __aenter__(self) -> KnowledgeBaseWatcher:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def reload(self) -> LoadResult | None:
        """Validate and load now; errors are logged and kept in ``last_error``.

        Returns:
            The load result, or ``None`` when the files had errors.
        """
        try:
            self.last_result = await self._loader.load()
            self.last_error = None
            return self.last_result
        except KnowledgeBaseValidationError as exc:
            self.last_error = exc
            logger.warning("knowledge base change rejected:\n%s", exc.report.format())
        except KnowledgeBaseError as exc:
            self.last_error = exc
            logger.error("knowledge base reload failed: %s", exc)
        return None

    async def _run(self) -> None:
        assert self._stop_event is not None and self._ready is not None
        async for changes in awatch(
            self._loader.kb_root,
            watch_filter=_is_yaml,
            debounce=self._debounce_ms,
            step=20,
            stop_event=self._stop_event,
            rust_timeout=_POLL_TIMEOUT_MS,
            yield_on_timeout=True,
            force_polling=self._force_polling,
            poll_delay_ms=100,
        ):
            self._ready.set()
            if changes:
                logger.debug("knowledge base files changed: %d", len(changes))
                await self.reload()
