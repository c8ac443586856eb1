"""Named previews: each window or state of the desk, on its own, for a look or a screenshot.

``bimer-desktop --preview NAME [--screenshot FILE.png]``. This package is imported only when
a preview is asked for (``ui/run.py``); the product's own modules never import it. Sample
data comes from ``models.samples``; previews that need data make it through the real
services in the desk's data folder, and those that write (``writes_data``) run only in
training mode, so a preview never puts a sample application into a desk that sends to a
real central service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.previews import attachments, cases, forwarding, intake, lists, paper, session, setup
from ui.previews.history import preview_history_panel
from ui.previews.statistics import build_statistics


@dataclass(frozen=True)
class Preview:
    name: str
    description: str
    build: Callable[[Desk], QWidget]
    writes_data: bool = False


PREVIEWS: dict[str, Preview] = {
    preview.name: preview
    for preview in (
        Preview("main", "ana pencere (Yeni Başvuru — Şahsen)", lists.build_main),
        Preview("intake", "şahsen başvuru formu, boş", intake.build_intake),
        Preview("intake-letter", "mektupla gelen başvuru, örnek bilgilerle",
                intake.build_intake_letter),
        Preview("intake-fax", "faksla gelen şikayet, örnek bilgilerle",
                intake.build_intake_fax),
        Preview("intake-email", "e-posta dosyasından doldurulmuş form, ekleriyle",
                intake.build_intake_email, writes_data=True),
        Preview("intake-information-organization",
                "Bilgi Edinme, tüzel kişi: unvan, vergi no, istenen bilgi",
                intake.build_intake_organization),
        Preview("intake-complaint", "İhbar: kimlik gizleme ve 5N1K",
                intake.build_intake_complaint),
        Preview("drafts", "Taslaklar ve açılışta taslak şeridi", intake.build_drafts,
                writes_data=True),
        Preview("intake-history", "şahsen form, evveliyatı olan bir başvuranla",
                intake.build_intake_history, writes_data=True),
        Preview("history", "Evveliyat paneli tek başına, örnek başvurularla",
                preview_history_panel, writes_data=True),
        Preview("intake-errors", "boş formu kaydetme denemesi: alan hataları",
                intake.build_intake_errors),
        Preview("intake-saved", "mektup: Kaydet ve Sevk Et sonrası yeşil şerit",
                intake.build_intake_saved, writes_data=True),
        Preview("forward", "Kaydet ve Sevk Et: birim ağacı ve arama, Gereği/Bilgi ve notlar, "
                "gönderilmeyecek kurum", forwarding.build_forward),
        Preview("case-movements", "başvurunun hareketleri: eğitim merkezine sevk edilmiş "
                "şikâyet", forwarding.build_case_movements, writes_data=True),
        Preview("home", "Bugün: masanın günlük sayıları", lists.build_home, writes_data=True),
        Preview("applications", "Başvurularım, örnek başvurularla", lists.build_applications,
                writes_data=True),
        Preview("case-list", "Başvurularım: tembel liste, arama ve süzgeçler",
                cases.build_case_list, writes_data=True),
        Preview("case-search", "Başvurularım: Türkçe harfsiz ad araması, süresi yaklaşanlar",
                cases.build_case_search, writes_data=True),
        Preview("case-detail", "başvurunun ayrıntısı: kimlik, metin, ekler, gönderim, sürümler",
                cases.build_case_detail, writes_data=True),
        Preview("case-detail-revealed", "başvurunun ayrıntısı: kimlik göz düğmesiyle açıldı "
                "(denetim kaydına yazıldı)", cases.build_case_detail_revealed,
                writes_data=True),
        Preview("statistics", "İstatistikler: son 30 gün kanal, tür, konu; süre durumu",
                build_statistics, writes_data=True),
        Preview("outbox", "Gönderim Kuyruğu: gönderilen, düzeltilen, karantinada, yeniden "
                "denenecek ve bekleyen örneklerle", lists.build_outbox, writes_data=True),
        Preview("quarantine", "Karantina: merkezin kabul etmedikleri, denemeleriyle",
                lists.build_quarantine, writes_data=True),
        Preview("print-history", "Yazdırma Geçmişi: basılan her belge, en yenisi üstte",
                lists.build_print_history, writes_data=True),
        Preview("attachment-viewer", "başvurunun ekleri görüntüleyicide (ayrıntıdan Enter)",
                cases.build_attachment_viewer, writes_data=True),
        Preview("correction", "Düzelt: merkezin kabul etmediği başvuru formda, nedeniyle",
                lists.build_correction, writes_data=True),
        Preview("status-bar", "durum çubuğu: çevrimiçi, çevrimdışı, eşitleniyor, sorun var",
                lists.build_status_bar),
        Preview("receipt", "alındı belgesinin ilk sayfası", paper.build_receipt,
                writes_data=True),
        Preview("print-preview", "yazdırma önizlemesi: 80 mm alındı belgesi, yazıcı seçimi",
                paper.build_print_preview, writes_data=True),
        Preview("print-preview-report", "yazdırma önizlemesi: başvuru raporu",
                paper.build_print_preview_report, writes_data=True),
        Preview("case-lookup", "barkod okutuldu: başvuru ve kimin bastığı",
                paper.build_case_lookup, writes_data=True),
        Preview("case-lookup-elsewhere",
                "barkod okutuldu: başka istasyonda basılmış, bu masada olmayan başvuru",
                paper.build_case_lookup_elsewhere),
        Preview("attachments", "Ek ekle / tara: sayfalar, önizleme, tarama klasörü",
                attachments.build_attachments),
        Preview("scan", "Tara: deneme tarayıcısı, besleyici ve çift yüz seçenekleri",
                attachments.build_scan_dialog),
        Preview("crash", "beklenmeyen hata: taslak saklandı, günlük dosyasının yeri",
                setup.build_crash),
        Preview("start", "açılış penceresi: masa yüklenirken görünen ilk pencere",
                setup.build_start_window),
        Preview("start-refused", "masa başlatılmadı: veritabanı silinmiş, geri yükleme komutu",
                setup.build_start_refused),
        Preview("settings", "Ayarlar: bildirilmiş her ayar, sekmelerde", setup.build_settings),
        Preview("settings-errors", "Ayarlar: yanlış istasyon kodu ve adres, alan hataları",
                setup.build_settings_errors),
        Preview("first-run-central", "ilk kurulum 1/3: merkez ve kayıt kodu ya da eğitim "
                "merkezi", setup.build_first_run(0)),
        Preview("first-run-enroll-refused",
                "ilk kurulum: kayıt kodu geçersiz, İleri'ye basıldı",
                setup.build_first_run_enroll_refused, writes_data=True),
        Preview("first-run-central-ok", "ilk kurulum: bağlantı sınandı, merkez çalışıyor",
                setup.build_first_run_connection, writes_data=True),
        Preview("first-run-central-failed",
                "ilk kurulum: bağlantı sınandı, merkeze ulaşılamadı",
                setup.build_first_run_no_connection),
        Preview("first-run-folders", "ilk kurulum 2/3: veri ve tarama klasörü",
                setup.build_first_run(1)),
        Preview("first-run-printers", "ilk kurulum 3/3: yazıcılar (yoksa PDF)",
                setup.build_first_run(2)),
        Preview("login", "Giriş: T.C. Kimlik No ve şifre", session.build_login),
        Preview("login-refused", "Giriş: şifre hatalı (eğitim merkezinin cevabı)",
                session.build_login_refused, writes_data=True),
        Preview("login-new-password", "Giriş: geçici şifre, yeni şifre belirleme (zayıf şifre "
                "reddedildi)", session.build_login_new_password),
        Preview("lock", "Masa kilitli: şifreyle açılır ya da kullanıcı değiştirilir",
                session.build_lock, writes_data=True),
        Preview("enroll", "Masa kaydı: merkeze kayıtlı olmayan masa, kod reddedildi",
                session.build_enroll, writes_data=True),
        Preview("recovery-key", "Kurtarma anahtarı: yeni masanın ilk açılışında bir kez",
                session.build_recovery_key),
    )
}


def close_preview(widget: QObject) -> None:
    """Let a preview's work finish before its desk is closed."""
    if isinstance(widget, MainWindow):
        widget.shutdown()
    for ops in widget.findChildren(Operations):
        ops.shutdown()
