"""How identity is shown on screens and paper that are not allowed to reveal it."""

from __future__ import annotations

from models.i18n import N_, _

HIDDEN_LABEL = N_("Gizlenmiş")
"""The Turkish word; show :func:`hidden_label`, which is in the active language."""


def hidden_label() -> str:
    """What stands in place of an identity the applicant asked to hide."""
    return _("Gizlenmiş")


def not_given_label() -> str:
    """What stands in place of an applicant the paper does not name."""
    return _("Belirtilmemiş")


def mask_word(word: str) -> str:
    """``Yılmaz`` → ``Y*****``: the initial only, one star per remaining letter."""
    return word[:1] + "*" * (len(word) - 1) if word else ""


def mask_name(full_name: str) -> str:
    """``Ayşe Yılmaz`` → ``A*** Y*****``; an unknown name stays empty."""
    return " ".join(mask_word(part) for part in full_name.split())


def shown_applicant(first_name: str, last_name: str, *, hidden: bool) -> str:
    """The applicant as any screen or paper outside the intake form shows them."""
    if hidden:
        return hidden_label()
    return mask_name(f"{first_name} {last_name}")


def mask_phone(phone: str) -> str:
    """Every digit but the last two becomes a star; spaces and signs stay, so the shape of
    the number is still recognisable: ``0532 123 45 67`` → ``**** *** ** 67``."""
    digits = sum(ch.isdigit() for ch in phone)
    seen = 0
    masked: list[str] = []
    for ch in phone:
        if ch.isdigit():
            seen += 1
            masked.append(ch if seen > digits - 2 else "*")
        else:
            masked.append(ch)
    return "".join(masked)


def mask_email(email: str) -> str:
    """``ayse.yilmaz@example.com`` → ``a**********@e******.com``."""
    local, at, domain = email.partition("@")
    if not at:
        return mask_name(email)
    name, dot, top_level = domain.rpartition(".")
    masked_domain = f"{mask_word(name)}{dot}{top_level}" if dot else mask_word(domain)
    return f"{mask_word(local)}@{masked_domain}"


def mask_text(text: str) -> str:
    """Free text that identifies someone (an address, a sender as written): each word masked."""
    return " ".join(mask_word(word) for word in text.split())
