"""Knowledge-base tables.

Revision ID: 0001_initial
Revises:
Create Date: 2025-01-15
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_units",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("time_zone", sa.String(4), nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
    )
    op.create_table(
        "kb_services",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("unit_id", sa.String(64), sa.ForeignKey("kb_units.id"), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("fee_amount", sa.Integer(), nullable=True),
        sa.Column("sk_number", sa.String(200), nullable=True),
        sa.Column("sk_effective_date", sa.Date(), nullable=True),
        sa.Column("reviewed_at", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
    )
    op.create_index("ix_kb_services_unit_category", "kb_services", ["unit_id", "category"])
    op.create_table(
        "kb_variants",
        sa.Column(
            "service_id",
            sa.String(64),
            sa.ForeignKey("kb_services.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "kb_aliases",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "service_id",
            sa.String(64),
            sa.ForeignKey("kb_services.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("variant_id", sa.String(64), nullable=True),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
    )
    op.create_index("ix_kb_aliases_service_id", "kb_aliases", ["service_id"])
    op.create_table(
        "kb_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("service_count", sa.Integer(), nullable=False),
        sa.Column("unit_count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "kb_load_status",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("service_count", sa.Integer(), nullable=False),
        sa.Column("unit_count", sa.Integer(), nullable=False),
        sa.Column("failed_files", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
    )
    op.create_index("ix_kb_load_status_finished_at", "kb_load_status", ["finished_at"])


def downgrade() -> None:
    op.drop_table("kb_load_status")
    op.drop_table("kb_state")
    op.drop_table("kb_aliases")
    op.drop_table("kb_variants")
    op.drop_index("ix_kb_services_unit_category", table_name="kb_services")
    op.drop_table("kb_services")
    op.drop_table("kb_units")
