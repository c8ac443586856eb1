"""The real window, driven by the keyboard alone under Xvfb: what offscreen tests cannot see.

    python -m tools.window_check [--size 1024x640] [--lang tr|en] [--keep DIR]

Starts a virtual X screen of the given size (Xvfb) and the desk in it (Qt's xcb platform, a
throw-away data folder in training mode), then, with xdotool as the clerk's keyboard:

1. the window lies within the screen (it opens fitted to the screen it is on);
2. the field with the cursor is ringed in the focus blue (a screenshot of the screen);
3. Ctrl+E pressed in a one-line field opens the attachments' window (on X11 a one-line
   field takes Ctrl+E as "end of line": the desk's shortcut must win);
4. an in-person application typed with the keyboard alone and saved with Ctrl+S is in the
   desk's database (``bimer-desktop list``);
5. a letter (Mektup, Ctrl+3) typed with the keyboard alone as the guide teaches — sender,
   dates, name, Ctrl+↓ to the next section, one-key choices — with Ctrl+E (attachments)
   pressed from its text box, saved and forwarded with Ctrl+Shift+S (the forward dialog:
   search, Enter, Ctrl+Enter), is in the database as a letter; Ctrl+P then opens the
   receipt's print preview, within the screen.

Exit 0 when all hold, 1 with what failed, 77 (skipped) with the reason when Xvfb or xdotool is
missing — ``.ci/run`` installs them on Debian. ``--keep DIR`` keeps the screenshots there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = 77
TOOLS = ("Xvfb", "xdotool")
FOCUS_BLUE = (0x1E, 0x6F, 0xD9)  # ui/style.py's FOCUS_BLUE
VALID_TCKN = "10000000146"  # models/samples.py's first sample
# The one-key choice of "Dilek/İstek" in each language (the only type with that letter).
REQUEST_KEY = {"tr": "d", "en": "r"}


class Failed(Exception):
    pass


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def free_display() -> int:
    for number in range(90, 190):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(
                f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise Failed("no free X display number between :90 and :189")


# The main window's title: "BİMER Masaüstü — 06-01" (ui/main_window.py).
MAIN_TITLE = " — "


def wait_for(what: str, check: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise Failed(f"timed out waiting for {what}")


class Screen:
    """Xvfb on a display of its own, and the desk's process in it."""

    def __init__(self, size: str, scratch: Path) -> None:
        self.size = size
        self.width, self.height = (int(part) for part in size.split("x"))
        self.display = f":{free_display()}"
        self.env = dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb",
                        XDG_CONFIG_HOME=str(scratch / "config"))
        self.env.pop("WAYLAND_DISPLAY", None)
        self.xvfb = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.desk: subprocess.Popen[bytes] | None = None
        wait_for("Xvfb", lambda: self.xdotool("getmouselocation", check=False).returncode == 0,
                 timeout=10)

    def xdotool(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True)
        if check and done.returncode:
            raise Failed(f"xdotool {' '.join(args)}: {done.stderr.strip()}")
        return done

    def start_desk(self, data_dir: Path, language: str, log: Path) -> None:
        with log.open("wb") as out:
            self.desk = subprocess.Popen(
                [sys.executable, "-m", "bimer_desktop", "--data-dir", str(data_dir),
                 "--language", language, "--user", "memur"],
                env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)

    def windows(self, name: str = "") -> list[str]:
        assert self.desk is not None
        args = ["search", "--onlyvisible", "--all", "--pid", str(self.desk.pid)]
        args += ["--name", name] if name else []
        return self.xdotool(*args, check=False).stdout.split()

    def geometry(self, window: str) -> dict[str, int]:
        shell = self.xdotool("getwindowgeometry", "--shell", window).stdout
        return {key: int(value) for key, value in
                (line.split("=", 1) for line in shell.splitlines() if "=" in line)
                if key in ("X", "Y", "WIDTH", "HEIGHT")}

    def focus(self, window: str) -> None:
        self.xdotool("windowfocus", "--sync", window, check=False)

    def key(self, *keys: str) -> None:
        for key in keys:
            self.xdotool("key", "--clearmodifiers", key)
            time.sleep(0.25)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "60", "--", text)
        time.sleep(0.3)

    def shot(self, target: Path) -> bytes:
        """The screen as 32-bit pixels (Qt reads X's own dump: no ImageMagick needed)."""
        from PySide6.QtGui import QImage

        dump = target.with_suffix(".xwd")
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(target)], env=self.env,
                           check=True)
            image = QImage(str(target))
        elif shutil.which("xwd") and shutil.which("convert"):
            subprocess.run(["xwd", "-root", "-silent", "-out", str(dump)], env=self.env,
                           check=True)
            subprocess.run(["convert", str(dump), str(target)], check=True)
            image = QImage(str(target))
        else:
            raise Failed("no screenshot tool (ImageMagick's import)")
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        return bytes(image.constBits())

    def close(self) -> None:
        for process in (self.desk, self.xvfb):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def blue_pixels(pixels: bytes) -> int:
    red, green, blue = FOCUS_BLUE
    return pixels.count(bytes((blue, green, red, 0xFF)))  # little-endian ARGB32


def saved_rows(data_dir: Path, env: dict[str, str]) -> list[dict[str, object]]:
    """The applications in the desk's database, as its own CLI lists them."""
    done = subprocess.run(
        [sys.executable, "-m", "bimer_desktop", "--data-dir", str(data_dir), "list", "--json"],
        env=env, capture_output=True, text=True, cwd=ROOT)
    try:
        rows = json.loads(done.stdout or "[]")
    except ValueError:
        return []
    return [row for row in rows if isinstance(row, dict)]


def saved_applicants(data_dir: Path, env: dict[str, str]) -> list[str]:
    """The masked applicant of each application in the desk's database (its own CLI)."""
    return [str(row.get("applicant")) for row in saved_rows(data_dir, env)]


def within(place: dict[str, int], screen: Screen) -> bool:
    return (place["X"] >= 0 and place["Y"] >= 0 and place["X"] + place["WIDTH"] <= screen.width
            and place["Y"] + place["HEIGHT"] <= screen.height)


def take_a_letter(screen: Screen, window: str, data_dir: Path, language: str,
                  shots: Path) -> list[str]:
    """Check 5 (see the module's doc); what failed."""
    failures: list[str] = []
    size = screen.size
    screen.focus(window)
    screen.key("ctrl+3")  # Mektup: the cursor in Gönderen
    time.sleep(1.0)
    screen.type("Mehmet Demir")
    screen.key("Tab")
    screen.type("01122026")  # a whole date: on by itself (Geliş tarihi says today)
    screen.key("Tab")  # from T.C. Kimlik No, not on the paper, to Ad
    screen.type("Mehmet")
    screen.key("Return")
    screen.type("Demir")
    screen.key("ctrl+Down")  # İletişim: Cep telefonu
    screen.type("05321234567")
    screen.key("ctrl+Down")  # Başvuru: Başvuru türü
    screen.type(REQUEST_KEY[language])
    screen.type("02")
    screen.type("02")  # on to the text
    screen.type("Mektupla gelen istek: parktaki lambalar yanmiyor.")
    screen.shot(shots / f"letter-filled-{size}-{language}.png")
    screen.key("ctrl+e")  # from the text box
    try:
        wait_for("the attachments' window", lambda: len(screen.windows()) > 1, timeout=10)
        screen.key("Escape")
        wait_for("the attachments' window to close", lambda: len(screen.windows()) == 1,
                 timeout=10)
    except Failed as error:
        failures.append(f"letter, Ctrl+E in the text box: {error}")
    screen.focus(window)
    screen.key("ctrl+shift+s")
    try:
        wait_for("the forward dialog", lambda: len(screen.windows()) > 1, timeout=20)
        dialog = [w for w in screen.windows() if w != window][-1]
        if not within(screen.geometry(dialog), screen):
            failures.append(f"the forward dialog {screen.geometry(dialog)} does not fit")
        screen.type("cankaya")
        time.sleep(0.5)
        screen.key("Return")  # the first unit found goes on the list
        screen.shot(shots / f"letter-forward-{size}-{language}.png")
        screen.key("ctrl+Return")  # Ekle ve Sevk Et: saved with its forward
        wait_for("the forward dialog to close", lambda: len(screen.windows()) == 1,
                 timeout=10)
        wait_for("the saved letter", lambda: any(
            row.get("channel") == "letter" and row.get("applicant") == "M***** D****"
            for row in saved_rows(data_dir, screen.env)), timeout=20)
    except Failed as error:
        failures.append(f"letter, Ctrl+Shift+S: {error}")
        return failures
    # No window manager here gives the window the keyboard back when a dialog closes.
    screen.focus(window)
    time.sleep(0.5)
    screen.shot(shots / f"letter-saved-{size}-{language}.png")
    screen.key("ctrl+p")
    try:
        wait_for("the receipt's print preview", lambda: len(screen.windows()) > 1, timeout=20)
        preview = [w for w in screen.windows() if w != window][-1]
        time.sleep(1.0)
        screen.shot(shots / f"letter-receipt-{size}-{language}.png")
        if not within(screen.geometry(preview), screen):
            failures.append(f"the print preview {screen.geometry(preview)} does not fit")
        screen.key("Escape")
        wait_for("the print preview to close", lambda: len(screen.windows()) == 1, timeout=10)
    except Failed as error:
        failures.append(f"letter, Ctrl+P: {error}")
    return failures


def check(size: str, language: str, keep: Path | None) -> list[str]:
    """What failed ([] when all held)."""
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bimer-window-") as scratch_name:
        scratch = Path(scratch_name)
        shots = keep or scratch
        shots.mkdir(parents=True, exist_ok=True)
        data_dir = scratch / "masa"
        data_dir.mkdir()
        _write_settings(data_dir)
        screen = Screen(size, scratch)
        try:
            screen.start_desk(data_dir, language, scratch / "desk.log")
            # The start window (same process, titled only with the product's name) comes
            # first and goes: wait for the main window, whose title adds the station.
            wait_for("the desk's window", lambda: bool(screen.windows(MAIN_TITLE)), timeout=40)
            window = screen.windows(MAIN_TITLE)[-1]
            screen.focus(window)
            time.sleep(1.5)  # the first reads land, the cursor is in T.C. Kimlik No

            place = screen.geometry(window)
            if not within(place, screen):
                failures.append(f"the window {place} does not fit the {size} screen")

            blue = blue_pixels(screen.shot(shots / f"window-{size}-{language}.png"))
            if blue < 150:
                failures.append(f"no focus ring to be seen ({blue} focus-blue pixels)")

            screen.type(VALID_TCKN)  # 11 digits: on to Ad by itself
            screen.type("Ayse")
            screen.key("ctrl+e")  # in a one-line field: the attachments' window opens
            try:
                wait_for("the attachments' window", lambda: len(screen.windows()) > 1,
                         timeout=10)
                screen.key("Escape")
                wait_for("the attachments' window to close",
                         lambda: len(screen.windows()) == 1, timeout=10)
            except Failed as error:
                failures.append(f"Ctrl+E in a one-line field: {error}")
            screen.focus(window)
            screen.key("Return")
            screen.type("Yilmaz")
            screen.key("Return")
            screen.type("sk")  # the two maiden letters move on by themselves
            screen.type("05321234567")
            screen.key("ctrl+Down")  # to Başvuru
            screen.type(REQUEST_KEY[language])  # Dilek/İstek: on to Konu
            screen.type("02")
            screen.type("02")  # 02.02; Aciliyet says Normal: on to the text
            screen.type("Sokaktaki lambalar iki haftadir yanmiyor.")
            screen.shot(shots / f"filled-{size}-{language}.png")
            screen.key("ctrl+s")
            try:
                wait_for("the saved application",
                         lambda: "A*** Y*****" in saved_applicants(data_dir, screen.env),
                         timeout=20)
            except Failed as error:
                failures.append(f"Ctrl+S: {error}")
            screen.shot(shots / f"saved-{size}-{language}.png")
            failures += take_a_letter(screen, window, data_dir, language, shots)
        except Failed as error:
            failures.append(str(error))
        finally:
            screen.close()
        if failures:
            log = (scratch / "desk.log").read_text("utf-8", errors="replace")[-3000:]
            failures.append(f"the desk's output:\n{log}")
    return failures


def _write_settings(data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bimer_desktop.settings import default_settings, save_settings

    save_settings(data_dir, default_settings().with_overrides(station_code="06-01"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1024x640")
    parser.add_argument("--lang", default="tr", choices=["tr", "en"])
    parser.add_argument("--keep", type=Path, default=None, help="keep the screenshots here")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(f"window check skipped: {', '.join(missing)} not installed "
              "(Debian: apt-get install xvfb xdotool imagemagick)")
        return SKIPPED
    failures = check(args.size, args.lang, args.keep)
    for failure in failures:
        print(f"window check {args.size} {args.lang}: {failure}")
    if not failures:
        print(f"window check {args.size} {args.lang}: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
