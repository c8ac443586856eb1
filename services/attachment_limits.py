"""What the desk allows of attachments — how big, how many pixels, how long a local copy
stays — declared where importing it costs nothing.

The desk's settings (``bimer_desktop/settings.py``) offer these defaults and bounds, and
``services/attachments.py`` and ``services/blob_gc.py`` enforce them; both import them from
here, so the settings module does not pull in Pillow, pypdf or the database to learn a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.central_limits import MAX_ATTACHMENTS, MAX_BLOB_BYTES
from models.i18n import _
from models.turkish_text import format_size

MIB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 20
DEFAULT_MAX_APPLICATION_MB = 50
DEFAULT_MAX_MEGAPIXELS = 80
# Pillow warns about (and past twice this, refuses) images over Image.MAX_IMAGE_PIXELS,
# ≈89.5 million. A limit at or under it means our refusal always comes first, so Pillow
# never sees an image we would not decode anyway.
MAX_MEGAPIXELS_CEILING = 89
# How long a local copy stays after the central service acknowledged it (blob_gc).
DEFAULT_RETENTION_DAYS = 30


@dataclass(frozen=True)
class AttachmentLimits:
    """The size limits (settings ``attachment_max_*``); checked before anything is saved."""

    max_file_bytes: int = DEFAULT_MAX_FILE_MB * MIB
    max_application_bytes: int = DEFAULT_MAX_APPLICATION_MB * MIB
    max_pixels: int = DEFAULT_MAX_MEGAPIXELS * 1_000_000
    # The central service's own limit (models/central_limits.py): never a setting.
    max_attachments: int = MAX_ATTACHMENTS

    @classmethod
    def from_settings(cls, file_mb: int, application_mb: int, megapixels: int) -> AttachmentLimits:
        # A file the central service would refuse forever is refused here, at intake,
        # whatever the setting says (it allows up to 1024 MB).
        return cls(min(file_mb * MIB, MAX_BLOB_BYTES), application_mb * MIB,
                   megapixels * 1_000_000)

    def count_problem(self, count: int) -> str | None:
        if count > self.max_attachments:
            return _("Bir başvuruya en çok {limit} ek eklenebilir; bu dosyayla {count} "
                     "olurdu.").format(limit=self.max_attachments, count=count)
        return None

    def file_problem(self, size: int) -> str | None:
        if size > self.max_file_bytes:
            return _("Dosya çok büyük ({size}); bir ek en çok {limit} olabilir.").format(
                size=format_size(size), limit=format_size(self.max_file_bytes))
        return None

    def application_problem(self, total: int) -> str | None:
        if total > self.max_application_bytes:
            return _("Bir başvurunun ekleri toplam en çok {limit} olabilir; bu dosyayla "
                     "{total} olurdu.").format(limit=format_size(self.max_application_bytes),
                                               total=format_size(total))
        return None
