"""Fit what Meta sends: a chat's context holds a 4,096-character text; dead letters name the
inbox item they were given up from.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("shop_chat") as batch:
        batch.alter_column(
            "context", existing_type=_str(length=4000), type_=_str(), existing_nullable=False
        )
    with op.batch_alter_table("wa_dead_letter") as batch:
        batch.add_column(sa.Column("inbox_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("wa_dead_letter") as batch:
        batch.drop_column("inbox_id")
    with op.batch_alter_table("shop_chat") as batch:
        batch.alter_column(
            "context", existing_type=_str(), type_=_str(length=4000), existing_nullable=False
        )
