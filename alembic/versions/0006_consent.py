"""Consent: the append-only history of marketing consents.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shopper", _str(length=32), nullable=False),
        sa.Column("purpose", _str(length=32), nullable=False),
        sa.Column("kind", _str(length=16), nullable=False),
        sa.Column("source", _str(length=32), nullable=False),
        sa.Column("occurred_at", _ts(), nullable=False),
        sa.Column("recorded_at", _ts(), nullable=False),
        sa.Column("note", _str(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_consent_event_shopper", "consent_event", ["shopper", "purpose", "occurred_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_consent_event_shopper", table_name="consent_event")
    op.drop_table("consent_event")
