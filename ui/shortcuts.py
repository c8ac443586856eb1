"""Every key the desk answers to, in one list: what binds them and what the guide shows.

``Command`` names each shortcut: its keys, what it does (in the guide's words) and where it
works. Screens bind a command with ``bind(owner, command, slot)`` — never a key string of
their own — and ``python -m tools.shortcut_table`` writes the table of the clerk's guide
(``docs/kullanici-kilavuzu.md``) from the same list (a test fails when the guide is stale).

**Keys that win.** A field editor claims some Ctrl keys for itself before any shortcut sees
them: on Linux a one-line field takes Ctrl+E as "end of line" and Ctrl+U as "delete the
line" (Qt's X11 key bindings), so Ctrl+E (Ekler) did nothing while the cursor was in one.
``ShortcutGuard`` follows the keyboard focus and refuses such a claim (Qt's
``ShortcutOverride``) for every key of this list marked ``wins``, so the desk's shortcut runs
whichever field has the cursor. Where no desk shortcut is bound for the key in that window,
the key goes on to the field as before (Ctrl+E still ends the line in Ayarlar). Editing keys
a clerk expects inside a field (Ctrl+V, Delete, Enter) never win.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from models.i18n import N_, _


class Scope(Enum):
    """Where a shortcut works; the value is the guide's words for it."""

    WINDOW = N_("her yerde")
    FORM = N_("başvuru formunda")
    FIELD = N_("formun bir alanında")
    WORKBENCH = N_("Ek ekle / tara penceresinde")
    LIST = N_("listelerde")
    DETAIL = N_("başvuru ayrıntısında")
    STATISTICS = N_("istatistik penceresinde")
    FORWARD = N_("Sevk et penceresinde")

    @property
    def label(self) -> str:
        return _(self.value)


@dataclass(frozen=True)
class Shortcut:
    keys: tuple[str, ...]  # Qt's portable text ("Ctrl+S"); the first is the one shown
    action: str  # what it does, marked (the guide's "iş" column)
    scope: Scope
    wins: bool = True  # claimed before a field editor's own use of the key
    shown: str = ""  # how the guide writes the keys, when not simply the first one
    bound: bool = True  # False: handled by a screen's own key handling (Enter, Ctrl+↓)


def _pages(count: int) -> tuple[str, ...]:
    # The tenth page is Ctrl+0, as the digits sit on the keyboard.
    return tuple(f"Ctrl+{number % 10}" for number in range(1, count + 1))


class Command(Enum):
    """The desk's shortcuts, in the order the guide lists them."""

    NEW_APPLICATION = Shortcut(("Ctrl+N",), N_("yeni başvuru (formdaysanız yeni, boş form)"),
                               Scope.WINDOW)
    SAVE = Shortcut(("Ctrl+S",), N_("kaydet"), Scope.FORM)
    SAVE_AND_FORWARD = Shortcut(("Ctrl+Shift+S",), N_("kaydet ve sevk et"), Scope.FORM)
    PRINT_RECEIPT = Shortcut(("Ctrl+P",), N_("alındı belgesi yazdır (kaydettikten sonra)"),
                             Scope.FORM)
    ATTACHMENTS = Shortcut(("Ctrl+E",), N_("ekler: Ek ekle / tara penceresi"), Scope.FORM)
    HOT_FOLDER = Shortcut(("Ctrl+H",), N_("tarama klasöründeki taramaları forma al"),
                          Scope.FORM)
    OPEN_EMAIL = Shortcut(("Ctrl+O",), N_("e-posta dosyası (.eml) aç"), Scope.WINDOW)
    FIND_CASE = Shortcut(("Ctrl+F",), N_("başvuru ara (Başvurularım'ın arama kutusu)"),
                         Scope.WINDOW)
    SYNC = Shortcut(("F5",), N_("şimdi gönder (merkezle eşitle)"), Scope.WINDOW)
    PAGES = Shortcut(_pages(10), N_("sayfalar, soldaki sırayla (Ctrl+1: Bugün, Ctrl+2: "
                                   "Şahsen …)"), Scope.WINDOW, shown="Ctrl+1, Ctrl+2 …")
    CHOOSE_CHANNEL = Shortcut(("1", "2", "3", "4"), N_("Ctrl+N başvuru yolunu sorduğunda: "
                                                       "Şahsen, Mektup, Faks, E-posta"),
                              Scope.WINDOW, wins=False, shown="1 … 4", bound=False)
    NEXT_FIELD = Shortcut(("Return",), N_("sonraki alan (asla kaydetmez; kendiliğinden "
                                          "geçen alandan sonra basılırsa bir şey yapmaz)"),
                          Scope.FIELD, wins=False, shown="Enter", bound=False)
    NEXT_SECTION = Shortcut(("Ctrl+Down",), N_("sonraki bölümün ilk boş alanı"), Scope.FIELD,
                            wins=False, bound=False)
    PREVIOUS_SECTION = Shortcut(("Ctrl+Up",), N_("önceki bölüm"), Scope.FIELD, wins=False,
                                bound=False)
    ESCAPE = Shortcut(("Esc",), N_("formu temizle (önce sorar) / pencereyi kapat, vazgeç"),
                      Scope.FORM, wins=False)
    REPRINT = Shortcut(("Ctrl+P",), N_("seçili başvurunun belgesini yeniden yazdır "
                                       "(Başvurularım, Yazdırma Geçmişi)"), Scope.LIST)
    OPEN_DRAFT = Shortcut(("Return", "Enter"), N_("seçili taslağı aç (Taslaklar)"),
                          Scope.LIST, wins=False, shown="Enter")
    DELETE_DRAFT = Shortcut(("Del",), N_("seçili taslağı sil, önce sorar (Taslaklar)"),
                            Scope.LIST, wins=False, shown="Delete")
    SCAN = Shortcut(("Ctrl+T",), N_("tara"), Scope.WORKBENCH)
    WORKBENCH_HOT_FOLDER = Shortcut(("Ctrl+H",), N_("tarama klasöründeki taramaları al"),
                                    Scope.WORKBENCH)
    PASTE = Shortcut(("Ctrl+V",), N_("panodaki görüntüyü ya da dosyaları ekle"),
                     Scope.WORKBENCH, wins=False)
    ROTATE = Shortcut(("Ctrl+R",), N_("sayfayı saat yönünde döndür"), Scope.WORKBENCH)
    ROTATE_BACK = Shortcut(("Ctrl+Shift+R",), N_("sayfayı saatin tersine döndür"),
                           Scope.WORKBENCH)
    MOVE_LEFT = Shortcut(("Ctrl+Shift+Left",), N_("sayfayı sola taşı"), Scope.WORKBENCH)
    MOVE_RIGHT = Shortcut(("Ctrl+Shift+Right",), N_("sayfayı sağa taşı"), Scope.WORKBENCH)
    DELETE_PAGE = Shortcut(("Del",), N_("seçili sayfayı çıkar (sayfalar seçiliyken)"),
                           Scope.WORKBENCH, wins=False, shown="Delete")
    ATTACH_TO_FORM = Shortcut(("Ctrl+Return", "Ctrl+Enter"), N_("sayfaları forma ekle"),
                              Scope.WORKBENCH, shown="Ctrl+Enter")

    # The case lists, a case's detail and the statistics (issue 14): keys of their own
    # windows and lists, never claimed from a form's fields.
    CLEAR_FILTERS = Shortcut(("Ctrl+Shift+L",), N_("süzgeçleri temizle (Başvurularım)"),
                             Scope.LIST, wins=False)
    EXPORT_LIST = Shortcut(("Ctrl+Shift+E",), N_("listeyi CSV olarak dışa aktar"),
                           Scope.LIST, wins=False)
    OPEN_STATISTICS = Shortcut(("Ctrl+Shift+I",), N_("istatistikler"), Scope.LIST, wins=False)
    INTO_LIST = Shortcut(("Down",), N_("arama kutusundan listenin ilk satırına"), Scope.LIST,
                         wins=False)
    DETAIL_RECEIPT = Shortcut(("Ctrl+P",), N_("alındı belgesini yazdır"), Scope.DETAIL,
                              wins=False)
    DETAIL_REPORT = Shortcut(("Ctrl+R",), N_("başvuru raporunu yazdır"), Scope.DETAIL,
                             wins=False)
    DETAIL_CORRECT = Shortcut(("Ctrl+E",), N_("düzelt"), Scope.DETAIL, wins=False)
    DETAIL_REQUEUE = Shortcut(("Ctrl+Shift+R",), N_("karantinadakini yeniden kuyruğa al"),
                              Scope.DETAIL, wins=False)
    DETAIL_FORWARD = Shortcut(("Ctrl+Shift+S",), N_("sevk et"), Scope.DETAIL, wins=False)
    DETAIL_ATTACHMENTS = Shortcut(("Ctrl+Shift+A",), N_("ekleri görüntüle (seçili ekten "
                                                        "başlayarak)"), Scope.DETAIL,
                                  wins=False)
    DETAIL_NEXT = Shortcut(("Alt+Right", "PgDown"), N_("listedeki sonraki başvuru"),
                           Scope.DETAIL, wins=False, shown="Alt+→ / PgDown")
    DETAIL_PREVIOUS = Shortcut(("Alt+Left", "PgUp"), N_("listedeki önceki başvuru"),
                               Scope.DETAIL, wins=False, shown="Alt+← / PgUp")
    STATISTICS_IMAGE = Shortcut(("Ctrl+S",), N_("grafikleri PNG olarak kaydet"),
                                Scope.STATISTICS, wins=False)
    STATISTICS_CSV = Shortcut(("Ctrl+Shift+E",), N_("rakamları CSV olarak kaydet"),
                              Scope.STATISTICS, wins=False)
    STATISTICS_CLOSE = Shortcut(("Esc",), N_("istatistik penceresini kapat"),
                                Scope.STATISTICS, wins=False)

    # The forward dialog (Sevk et, ui/forwarding/): Ctrl+E adds from its one-line search
    # box too, so it wins there as the form's Ctrl+E does. Space and Delete are keys of the
    # list of chosen units only (bound to that list: in the tree or on a button they keep
    # their usual meaning).
    FORWARD_SEARCH = Shortcut(("Ctrl+F",), N_("birim arama kutusuna git"), Scope.FORWARD)
    FORWARD_ADD = Shortcut(("Ctrl+E",), N_("ağaçta ya da aramada seçili birimi listeye ekle"),
                           Scope.FORWARD)
    FORWARD_TOGGLE_KIND = Shortcut(("Space",), N_("seçili birimde Gereği / Bilgi arasında "
                                                  "geç (sevk edilecek birimler listesinde)"),
                                   Scope.FORWARD, wins=False,
                                   shown="Boşluk")  # i18n: not shown (the guide is Turkish)
    FORWARD_REMOVE = Shortcut(("Del",), N_("seçili birimi sevk listesinden çıkar"),
                              Scope.FORWARD, wins=False, shown="Delete")
    FORWARD_DO_NOT_SEND = Shortcut(("Ctrl+G",), N_("ağaçta seçili kurumu gönderilmeyecek "
                                                   "kurumlara ekle (İhbar, Şikayet)"),
                                   Scope.FORWARD)
    FORWARD_SEND = Shortcut(("Ctrl+Return", "Ctrl+Enter"), N_("ekle ve sevk et"),
                            Scope.FORWARD, shown="Ctrl+Enter")
    FORWARD_CANCEL = Shortcut(("Esc",), N_("vazgeç: hiçbir şey kaydedilmez"), Scope.FORWARD,
                              wins=False, bound=False)

    @property
    def shortcut(self) -> Shortcut:
        value = self.value
        assert isinstance(value, Shortcut)
        return value

    @property
    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(keys) for keys in self.shortcut.keys]


# Arrows as the keyboard shows them, in the guide and on buttons.
_ARROWS = {"Left": "←", "Right": "→", "Up": "↑", "Down": "↓", "Return": "Enter"}


def key_text(keys: str) -> str:
    """``Ctrl+Shift+Left`` as the guide writes it: ``Ctrl+Shift+←``."""
    parts = keys.split("+")
    return "+".join(_ARROWS.get(part, part) for part in parts)


def shown_keys(command: Command) -> str:
    shortcut = command.shortcut
    return shortcut.shown or key_text(shortcut.keys[0])


CONTEXTS = {
    Scope.WINDOW: Qt.ShortcutContext.WindowShortcut,
    Scope.FORM: Qt.ShortcutContext.WidgetWithChildrenShortcut,
    Scope.LIST: Qt.ShortcutContext.WidgetWithChildrenShortcut,
    Scope.WORKBENCH: Qt.ShortcutContext.WidgetWithChildrenShortcut,
    Scope.DETAIL: Qt.ShortcutContext.WindowShortcut,
    Scope.STATISTICS: Qt.ShortcutContext.WindowShortcut,
    Scope.FORWARD: Qt.ShortcutContext.WindowShortcut,
}


def bind(owner: QWidget, command: Command, slot: Callable[[], object], *,
         context: Qt.ShortcutContext | None = None, index: int | None = None) -> list[QShortcut]:
    """``command``'s keys on ``owner``, calling ``slot``. The context follows the command's
    scope (the whole window, or ``owner`` and what is in it) unless given; ``index``: only
    that one of its keys (a page key, one per page)."""
    shortcut = command.shortcut
    sequences = command.sequences
    made: list[QShortcut] = []
    for sequence in sequences if index is None else [sequences[index]]:
        item = QShortcut(sequence, owner)
        item.setObjectName(f"shortcut_{command.name.lower()}")
        item.setContext(context if context is not None else CONTEXTS[shortcut.scope])
        item.activated.connect(slot)
        made.append(item)
    return made


def winning_keys() -> frozenset[int]:
    """Every key combination (as an int) that a field editor must not keep for itself."""
    return frozenset(sequence[0].toCombined() for command in Command  # type: ignore[index]
                     if command.shortcut.wins for sequence in command.sequences)


def _combination(event: QKeyEvent) -> int:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeyCombination(modifiers, Qt.Key(event.key())).toCombined()


class ShortcutGuard(QObject):
    """Refuses a focused widget's claim on a winning key, so the desk's shortcut for it runs
    (see the module's doc). It watches only the widget that has the keyboard focus, the one
    Qt asks; ``ShortcutGuard(parent)`` works while ``parent`` lives."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._keys = winning_keys()
        self._watched: QWidget | None = None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._follow)
        self._follow(None, QApplication.focusWidget())

    def _follow(self, _old: QWidget | None, now: QWidget | None) -> None:
        if self._watched is not None:
            # The focus also moves when the focused widget is being deleted: it may be
            # gone already, and its filters with it.
            with contextlib.suppress(RuntimeError):
                self._watched.removeEventFilter(self)
        self._watched = now
        if now is not None:
            now.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and _combination(event) in self._keys):
            event.ignore()  # not the field's: let the shortcut map have it
            return True
        return False


def guide_table() -> str:
    """The guide's table of keys (Markdown, Turkish: the guide's language)."""
    lines = ["| tuş | iş | nerede |", "|---|---|---|"]  # i18n: not shown (the guide is Turkish)
    for command in Command:
        shortcut = command.shortcut
        lines.append(f"| {shown_keys(command)} | {shortcut.action} | {shortcut.scope.value} |")
    return "\n".join(lines) + "\n"
