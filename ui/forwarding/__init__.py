"""The forward dialog (Kaydet ve Sevk Et, and Sevk et from a case's detail): the unit
picker over the institution tree, the chosen targets, and the dialog that holds them."""

from ui.forwarding.forward_ask import ForwardAsk
from ui.forwarding.forward_dialog import CasePreview, ForwardChoice, ForwardDialog

__all__ = ["CasePreview", "ForwardAsk", "ForwardChoice", "ForwardDialog"]
