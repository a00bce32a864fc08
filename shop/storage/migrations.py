"""Run Alembic migrations from code (`shop db upgrade`, and `shop serve` on SQLite)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from alembic import command


def _script_location() -> Path:
    here = Path(__file__).resolve()
    source_tree = here.parents[2] / "alembic"
    if (source_tree / "env.py").exists():
        return source_tree
    return here.parents[1] / "_migrations"  # the copy shipped inside the wheel


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_script_location()))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply migrations; must be called outside a running event loop."""
    command.upgrade(alembic_config(database_url), revision)


def head_revision() -> str | None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()
