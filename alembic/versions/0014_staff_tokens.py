"""Staff API tokens (each a person's own bearer token, kept hashed) and the last sign-in time
of every account.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.add_column("staff_user", sa.Column("last_sign_in_at", _ts(), nullable=True))
    op.create_table(
        "staff_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("label", _str(length=60), nullable=False),
        sa.Column("digest", _str(length=64), nullable=False),
        sa.Column("hint", _str(length=12), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("last_used_at", _ts(), nullable=True),
        sa.Column("revoked_at", _ts(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest"),
    )
    op.create_index("ix_staff_token_user_id", "staff_token", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_staff_token_user_id", table_name="staff_token")
    op.drop_table("staff_token")
    op.drop_column("staff_user", "last_sign_in_at")
