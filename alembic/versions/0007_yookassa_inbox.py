"""YooKassa notifications inbox.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "yk_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", _str(length=300), nullable=False),
        sa.Column("event", _str(length=64), nullable=True),
        sa.Column("object_id", _str(length=64), nullable=True),
        sa.Column("payment_id", _str(length=64), nullable=True),
        sa.Column("payload", _str(), nullable=False),
        sa.Column("received_at", _ts(), nullable=False),
        sa.Column("next_attempt_at", _ts(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("processed_at", _ts(), nullable=True),
        sa.Column("last_error", _str(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key", name="uq_yk_inbox_dedup_key"),
    )
    op.create_index("ix_yk_inbox_pending", "yk_inbox", ["processed_at", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_yk_inbox_pending", table_name="yk_inbox")
    op.drop_table("yk_inbox")
