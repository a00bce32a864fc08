"""Undelivered order news is tried again on a schedule: each row counts its tries and knows
when the last was and when the next is due (none yet: due at once).

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0022"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("order_news") as batch:
        batch.add_column(sa.Column("tries", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("tried_at", _ts(), nullable=True))
        batch.add_column(sa.Column("next_try_at", _ts(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("order_news") as batch:
        batch.drop_column("next_try_at")
        batch.drop_column("tried_at")
        batch.drop_column("tries")
