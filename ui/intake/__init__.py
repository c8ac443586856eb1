"""The intake form, one role per module (model: Anki's ``qt/aqt/browser/``):

- ``fields.py``: the field table — each field's section, row, width and editor kind
- ``layout.py``: labelled rows in sections, error lines under their fields
- ``rules.py``: which rows show and carry `*` for the choices made (the one rule table)
- ``navigation.py``: Enter, fields that move on by themselves, Ctrl+↓ / Ctrl+↑
- ``drafts.py``: the draft kept as the clerk types
- ``attachments_section.py``: the Ekler box and the scanner's hot folder
- ``banner.py``: the green strip after a save
- ``form.py``: ``IntakeForm``, which holds them together
"""

from ui.intake.form import IntakeForm
from ui.intake.saving import SaveFunction, SaveRefused

__all__ = ["IntakeForm", "SaveFunction", "SaveRefused"]
