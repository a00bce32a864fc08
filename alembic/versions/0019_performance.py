"""Performance: an import's progress kept in its row while it runs, so that every web
process shows it (the rows and bytes read so far).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("catalog_import") as batch:
        batch.add_column(
            sa.Column("progress_rows", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("progress_bytes", sa.BigInteger(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("catalog_import") as batch:
        batch.drop_column("progress_bytes")
        batch.drop_column("progress_rows")
