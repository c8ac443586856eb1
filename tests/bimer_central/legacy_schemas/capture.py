"""How the SQL files beside this one were made (run once; kept to show where they come from).

Each file is the DDL that ``Base.metadata.create_all`` of the central service emitted on an
empty database, before the service's schema came under Alembic: the code of the commit named
below, run for SQLite and for PostgreSQL. Older services then added missing columns at
start-up (``upgrade_schema``), so a database of an older release looks like its file plus
whatever columns a later release added. ``python -m tests.bimer_central.legacy_schemas.capture``
from a checkout with the history rewrites them.
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path
from typing import Any

from sqlalchemy import create_mock_engine

HERE = Path(__file__).resolve().parent
# (file stem, commit, where the code lived): the schemas the main line went through, in
# order, and one that only existed on a branch (corrections before number blocks).
STATES = (
    ("01-first-release", "2e952bd", "central/db.py"),
    ("02-applicant-tckn", "65083b4", "central/db.py"),
    ("03-attachments", "a6ed4e6", "central/db.py"),
    ("04-number-blocks", "83cd375", "central/db.py"),
    ("05-corrects", "1b13da2", "central/db.py"),  # main when the schema came under Alembic
    ("branch-corrects-before-number-blocks", "72c7f3b", "central/db.py"),
)
DIALECTS = {"sqlite": "sqlite://", "postgresql": "postgresql+psycopg://"}


def old_module(commit: str, path: str) -> types.ModuleType:
    source = subprocess.run(["git", "show", f"{commit}:{path}"], check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType(f"legacy_db_{commit}")
    sys.modules[module.__name__] = module  # dataclass-like machinery looks itself up
    exec(compile(source, f"{commit}:{path}", "exec"), module.__dict__)
    return module


def ddl(metadata: Any, url: str) -> str:
    statements: list[str] = []

    def collect(sql: Any, *_args: Any, **_kwargs: Any) -> None:
        text = str(sql.compile(dialect=engine.dialect)).strip()
        statements.append("\n".join(line.rstrip() for line in text.splitlines()))

    engine = create_mock_engine(url, collect)
    metadata.create_all(engine, checkfirst=False)
    return "".join(f"{statement};\n\n" for statement in statements)


def main() -> None:
    for stem, commit, path in STATES:
        metadata = old_module(commit, path).Base.metadata
        for dialect, url in DIALECTS.items():
            (HERE / f"{stem}.{dialect}.sql").write_text(ddl(metadata, url), encoding="utf-8")


if __name__ == "__main__":
    main()
