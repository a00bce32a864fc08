"""Catalog: a trigger gives a product a new content_hash when anything but an import changes
what WhatsApp shows (stock taken by a checkout, given back by a cancel), so the sync sends it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

The statements are those of `catalog.tables.CHANGE_MARKER_DDL` as of this revision, written
out so that later changes of the models do not rewrite history. SQLite's batch mode copies a
table without its triggers: a later migration that alters catalog_product in batch mode must
create this trigger again.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SHOWN = (
    "title",
    "description",
    "price_amount",
    "price_currency",
    "sale_amount",
    "availability",
    "condition",
    "quantity",
    "brand",
    "category",
    "item_group_id",
    "image_link",
    "link",
)
_NAME = "catalog_product_changed"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _SHOWN)
        op.execute(
            f"CREATE TRIGGER {_NAME} AFTER UPDATE OF {', '.join(_SHOWN)} "
            f"ON catalog_product FOR EACH ROW "
            f"WHEN NEW.content_hash = OLD.content_hash AND ({changed}) BEGIN "
            "UPDATE catalog_product SET content_hash = lower(hex(randomblob(16))) "
            "WHERE id = NEW.id; END"
        )
        return
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in _SHOWN)
    op.execute(
        f"CREATE OR REPLACE FUNCTION {_NAME}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN NEW.content_hash := md5(random()::text || clock_timestamp()::text || NEW.id); "
        "RETURN NEW; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {_NAME} BEFORE UPDATE ON catalog_product FOR EACH ROW "
        f"WHEN (NEW.content_hash = OLD.content_hash AND ({changed})) "
        f"EXECUTE FUNCTION {_NAME}()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {_NAME}")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {_NAME} ON catalog_product")
    op.execute(f"DROP FUNCTION IF EXISTS {_NAME}()")
