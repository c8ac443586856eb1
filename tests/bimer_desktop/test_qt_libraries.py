"""A machine without Qt's system libraries gets the packages to install, not a traceback."""

from __future__ import annotations

from bimer_desktop.qt_libraries import CORE, DISPLAY, check_qt_libraries, wants_x11


def loader_without(*missing: str):  # type: ignore[no-untyped-def]
    """The library loader of a machine where every library but ``missing`` is installed
    (whatever this machine has: a bare one lacks the display libraries)."""

    def load(name: str) -> object:
        if name in missing:
            raise OSError(f"{name}: cannot open shared object file")
        return name

    return load


def test_this_machine_has_what_the_tests_need() -> None:
    assert check_qt_libraries({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_a_missing_core_library_names_its_package_once() -> None:
    message = check_qt_libraries({"QT_QPA_PLATFORM": "offscreen"},
                                 load=loader_without("libglib-2.0.so.0", "libgthread-2.0.so.0"),
                                 platform="linux")
    assert message is not None
    assert "sudo apt-get install libglib2.0-0\n" in message


def test_the_display_libraries_are_asked_for_only_for_an_x11_window() -> None:
    load = loader_without("libxcb-cursor.so.0", "libxkbcommon-x11.so.0")
    assert check_qt_libraries({"QT_QPA_PLATFORM": "offscreen"}, load=load,
                              platform="linux") is None
    message = check_qt_libraries({"DISPLAY": ":0"}, load=load, platform="linux")
    assert message is not None
    assert "libxcb-cursor0 libxkbcommon-x11-0" in message
    assert check_qt_libraries({"DISPLAY": ":0"}, load=load, platform="win32") is None


def test_which_sessions_start_the_xcb_plugin() -> None:
    assert wants_x11({"DISPLAY": ":0"})
    assert wants_x11({"QT_QPA_PLATFORM": "xcb"})
    assert not wants_x11({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert not wants_x11({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})


def test_every_package_is_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for package in {*CORE.values(), *DISPLAY.values()} - {"libfreetype6"}:
        assert f" {package}" in readme, package
