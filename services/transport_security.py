"""Which central addresses the desk talks to: plain HTTP only to this computer itself,
unless the operator set ``allow_insecure_http`` (docs/security.md). Kept apart from the HTTP
client so that the settings can check an address without loading ``requests``."""

from __future__ import annotations

import ipaddress
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
