"""Regenerate docs/screens/: one PNG of every window ``--preview list`` knows.

    python -m tools.screens [--lang tr|en] [--out docs/screens] [--size 1366x768]
    python -m tools.screens --small    # the 1024x640 set, in docs/screens/small/

Each screen is drawn offscreen by the real application in a throw-away data folder, so the
pictures in the guides are always the screens as they are now.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def preview_names(env: dict[str, str], data_dir: Path) -> list[str]:
    listing = subprocess.run(
        [sys.executable, "-m", "bimer_desktop", "--data-dir", str(data_dir),
         "--preview", "list"],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    return [line.split()[0] for line in listing.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("--lang", default="", help="language of the screens (default: tr)")
    parser.add_argument("--size", default="", help="window size, e.g. 1024x640 (1366x768)")
    parser.add_argument("--small", action="store_true",
                        help="the small screen's set: 1024x640 in docs/screens/small/")
    args = parser.parse_args(argv)
    if args.small:
        args.size = args.size or "1024x640"
        if args.out == ROOT / "docs" / "screens":
            args.out = ROOT / "docs" / "screens" / "small"
    size = ["--size", args.size] if args.size else []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    language = ["--language", args.lang] if args.lang else []
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="bimer-screens-") as scratch:
        names = preview_names(env, Path(scratch) / "list")
        for name in names:
            target = args.out / f"{name}.png"
            done = subprocess.run(
                [sys.executable, "-m", "bimer_desktop", *language, "--data-dir",
                 str(Path(scratch) / name), "--preview", name, "--screenshot", str(target),
                 *size],
                capture_output=True, text=True, env=env,
            )
            status = "ok" if done.returncode == 0 else f"FAILED ({done.returncode})"
            failed += done.returncode != 0
            shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
            print(f"{name:<34} {status}  {shown}")
            if done.returncode:
                print(done.stderr[-2000:], file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
