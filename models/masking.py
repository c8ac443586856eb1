"""How identity is shown on screens and paper that are not allowed to reveal it."""

from __future__ import annotations

HIDDEN_LABEL = "Gizlenmiş"


def mask_word(word: str) -> str:
    """``Yılmaz`` → ``Y*****``: the initial only, one star per remaining letter."""
    return word[:1] + "*" * (len(word) - 1) if word else ""


def mask_name(full_name: str) -> str:
    """``Ayşe Yılmaz`` → ``A*** Y*****``; an unknown name stays empty."""
    return " ".join(mask_word(part) for part in full_name.split())


def shown_applicant(first_name: str, last_name: str, *, hidden: bool) -> str:
    """The applicant as any screen or paper outside the intake form shows them."""
    if hidden:
        return HIDDEN_LABEL
    return mask_name(f"{first_name} {last_name}")
