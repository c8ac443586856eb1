"""Write the clerk's guide's table of keys from the one list of shortcuts (ui/shortcuts.py).

    python -m tools.shortcut_table          # rewrite the table in docs/kullanici-kilavuzu.md
    python -m tools.shortcut_table --check  # exit 1 if the guide's table is not the list's

The table sits between two markers in the guide; everything else there is written by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "kullanici-kilavuzu.md"
BEGIN = "<!-- shortcuts: written by python -m tools.shortcut_table from ui/shortcuts.py -->"
END = "<!-- /shortcuts -->"


class NoMarkers(ValueError):
    pass


def with_table(guide: str, table: str) -> str:
    """``guide`` with the text between the markers replaced by ``table``."""
    start = guide.find(BEGIN)
    end = guide.find(END)
    if start < 0 or end < start:
        raise NoMarkers(f"the guide has no {BEGIN!r} … {END!r} block")
    return guide[:start + len(BEGIN)] + "\n" + table + guide[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    from ui.shortcuts import guide_table

    guide = GUIDE.read_text("utf-8")
    updated = with_table(guide, guide_table())
    if args.check:
        if updated != guide:
            print(f"{GUIDE.relative_to(ROOT)}: the table of keys is stale; "
                  "run python -m tools.shortcut_table")
            return 1
        return 0
    if updated != guide:
        GUIDE.write_text(updated, "utf-8")
        print(f"{GUIDE.relative_to(ROOT)}: table of keys written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
