"""Which central addresses the desk talks to: plain HTTP only to this computer itself,
unless the operator set ``allow_insecure_http`` (docs/security.md). Kept apart from the HTTP
client so that the settings can check an address without loading ``requests``."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

from models.i18n import _

LOOPBACK_NAMES = frozenset({"localhost"})


def insecure_url_problem(url: str, *, allow_insecure_http: bool = False) -> str | None:
    """Why the desk will not talk to ``url`` (Turkish), or None. Plain HTTP carries ID
    numbers and passwords readable on the wire: only to this computer itself, unless the
    operator set ``allow_insecure_http`` (docs/security.md)."""
    parts = urlsplit(url.strip())
    if parts.scheme != "http" or allow_insecure_http:
        return None
    host = (parts.hostname or "").lower()
    if host in LOOPBACK_NAMES:
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return _("Merkeze şifresiz (http://) bağlanılmaz: kimlik numaraları ve şifreler ağda "
             "okunabilir. https:// ile başlayan adresi kullanın (yalnızca bu bilgisayardaki "
             "merkez için http:// olabilir).")


def ca_bundle_problem(ca_bundle: str | None) -> str | None:
    """Why the ``ca_bundle`` setting cannot be used (Turkish), or None. A named CA file that
    is not there is a settings error, never a quiet fall-back: requests would otherwise
    raise an OSError on the first call (a traceback), or — with the setting ignored — trust
    whatever ``REQUESTS_CA_BUNDLE`` names."""
    if not ca_bundle:
        return None
    path = Path(ca_bundle).expanduser()
    if not path.is_file():
        return _("Ayarlardaki sertifika otoritesi dosyası bulunamadı: {path}. Ayarlar'da "
                 "doğru dosyayı seçin ya da alanı boşaltın.").format(path=path)
    if not os.access(path, os.R_OK):
        return _("Ayarlardaki sertifika otoritesi dosyası okunamıyor (izin yok): {path}."
                 ).format(path=path)
    return None
