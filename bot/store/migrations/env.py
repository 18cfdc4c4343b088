"""Alembic environment of the conversation store; run through ``bot.store.create_schema``."""

from alembic import context

import bot.console.models  # noqa: F401 - registers the console tables on the metadata
from bot.store.models import StoreBase

STORE_VERSION_TABLE = "store_alembic_version"

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bot.store.create_schema(engine)")

context.configure(
    connection=connection,
    target_metadata=StoreBase.metadata,
    version_table=STORE_VERSION_TABLE,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
