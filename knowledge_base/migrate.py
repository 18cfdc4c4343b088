"""Run the knowledge base's Alembic migrations programmatically."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from knowledge_base.constants import PACKAGE_DIR

__all__ = ["upgrade_database"]

logger = logging.getLogger(__name__)
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    command.upgrade(_alembic_config(connection), revision)


async def upgrade_database(engine: AsyncEngine, revision: str = "head") -> None:
    """Create or upgrade the knowledge-base tables.

    The version is kept in ``kb_alembic_version`` so other packages' migrations
    can share the database.

    Args:
        engine: The async engine (SQLite or Postgres).
        revision: Target revision, ``head`` by default.
    """
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)
    logger.debug("knowledge-base schema upgraded to %s", revision)
