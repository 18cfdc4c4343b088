"""Turn annotations say when an answer had to admit the knowledge base lacks something

Revision ID: 0003_knowledge_gap
Revises: 0002_retention
Create Date: 2026-11-29 12:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_knowledge_gap"
down_revision = "0002_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turn_annotations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("knowledge_gap", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("turn_annotations", schema=None) as batch_op:
        batch_op.drop_column("knowledge_gap")
