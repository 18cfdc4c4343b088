"""Retention of channel delivery state: outbox age index, last use of button payloads

Revision ID: 0002_retention
Revises: 0001_initial
Create Date: 2026-11-28 05:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_retention"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_finished", ["channel", "state", "created_at"], unique=False
        )
    # Added nullable, filled from created_at, then made NOT NULL (a batch copy on SQLite).
    with op.batch_alter_table("callback_payloads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE callback_payloads SET last_used_at = created_at")
    with op.batch_alter_table("callback_payloads", schema=None) as batch_op:
        batch_op.alter_column(
            "last_used_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
        batch_op.create_index("ix_callback_payloads_last_used", ["last_used_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("callback_payloads", schema=None) as batch_op:
        batch_op.drop_index("ix_callback_payloads_last_used")
        batch_op.drop_column("last_used_at")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_finished")
