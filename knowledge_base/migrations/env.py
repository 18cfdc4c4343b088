"""Alembic environment of the knowledge base; run through ``upgrade_database``."""

from alembic import context

from knowledge_base.constants import ALEMBIC_VERSION_TABLE
from knowledge_base.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through knowledge_base.upgrade_database(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=ALEMBIC_VERSION_TABLE,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
