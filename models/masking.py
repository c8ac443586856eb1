"""How identity is shown on screens and paper that are not allowed to reveal it."""

from __future__ import annotations

HIDDEN_LABEL = "Gizlenmiş"


def mask_word(word: str) -> str:
    """``Yılmaz`` → ``Y*****``: the initial only, one star per remaining letter."""
    return word[:1] + "*" * (len(word) - 1) if word else ""


def mask_name(full_name: str) -> str:
    """``Ayşe Yılmaz`` → ``A*** Y*****``; an unknown name stays empty."""
    return " ".join(mask_word(part) for part in full_name.split())
