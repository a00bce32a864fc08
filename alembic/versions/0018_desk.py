"""Operator desk: each chat's desk state, the transcript of both directions, presence.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "desk_chat",
        sa.Column("chat_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("state", _str(length=16), nullable=False),
        sa.Column("group_key", _str(length=32), nullable=True),
        sa.Column("assignee", _str(length=40), nullable=True),
        sa.Column("reason", _str(length=32), nullable=True),
        sa.Column("waiting_since", _ts(), nullable=True),
        sa.Column("assigned_at", _ts(), nullable=True),
        sa.Column("first_response_at", _ts(), nullable=True),
        sa.Column("closed_at", _ts(), nullable=True),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["shop_chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chat_id"),
    )
    op.create_index("ix_desk_chat_state_waiting", "desk_chat", ["state", "waiting_since"])
    op.create_index("ix_desk_chat_assignee", "desk_chat", ["assignee", "state"])
    op.create_index("ix_desk_chat_updated", "desk_chat", ["updated_at"])
    op.create_table(
        "desk_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wa_id", _str(length=32), nullable=False),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("direction", _str(length=8), nullable=False),
        sa.Column("kind", _str(length=32), nullable=False),
        sa.Column("text", _str(), nullable=False),
        sa.Column("data", _str(), nullable=False),
        sa.Column("wamid", _str(length=200), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("author", _str(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("wamid", name="uq_desk_message_wamid"),
        sa.UniqueConstraint("outbox_id", name="uq_desk_message_outbox"),
    )
    op.create_index("ix_desk_message_chat", "desk_message", ["wa_id", "id"])
    op.create_table(
        "desk_presence",
        sa.Column("name", _str(length=40), nullable=False),
        sa.Column("seen_at", _ts(), nullable=False),
        sa.Column("last_assigned_at", _ts(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("desk_presence")
    op.drop_index("ix_desk_message_chat", table_name="desk_message")
    op.drop_table("desk_message")
    op.drop_index("ix_desk_chat_updated", table_name="desk_chat")
    op.drop_index("ix_desk_chat_assignee", table_name="desk_chat")
    op.drop_index("ix_desk_chat_state_waiting", table_name="desk_chat")
    op.drop_table("desk_chat")
