"""Every place that declares the application's fields names the same keys.

The fields are declared in several places on purpose — each layer says what only it knows
(the raw form, its rules, its wording, its column, the wire, the form's layout, the import
format). A field added in some of them and forgotten in others fails here, naming the
places to mend; the recipe is docs/architecture.md, "Adding a field to the application".
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from models.application_form import FIELD_WORDING, ApplicationForm, ValidApplication
from models.entities import Application
from models.envelope import WireApplication
from models.intake_rules import CHANNEL_TABLE
from ui.intake.fields import FIELDS

ROOT = Path(__file__).resolve().parent.parent
RECIPE = "docs/architecture.md, 'Adding a field to the application'"
FIELDS_OF_THE_FORM = set(ApplicationForm.field_names())
# The channel is chosen by the form's page (or the import's key), not a field on screen,
# and the rules table is per channel.
NOT_A_FIELD_ON_SCREEN = {"channel"}


def import_format_keys() -> set[str]:
    """The keys named in the first column of docs/import-format.md's table of keys."""
    text = (ROOT / "docs" / "import-format.md").read_text("utf-8")
    table = text.split("### Keys", 1)[1].split("###", 1)[0]
    first_cells = [line.split("|")[1] for line in table.splitlines()
                   if line.startswith("| `")]
    return {key for cell in first_cells for key in re.findall(r"`([a-z_]+)`", cell)}


def declarations() -> dict[str, set[str]]:
    columns = {column.name for column in Application.__table__.columns}
    return {
        "models/application_form.py ValidApplication":
            {f.name for f in dataclasses.fields(ValidApplication)},
        "models/application_form.py FIELD_WORDING": set(FIELD_WORDING),
        "models/intake_rules.py CHANNEL_TABLE": set(CHANNEL_TABLE) | NOT_A_FIELD_ON_SCREEN,
        # The table has more columns (numbers, times); each field must be one of them.
        "models/entities.py Application": columns & FIELDS_OF_THE_FORM,
        "models/envelope.py WireApplication": set(WireApplication.__annotations__),
        "ui/intake/fields.py FIELDS": {spec.key for spec in FIELDS} | NOT_A_FIELD_ON_SCREEN,
        "docs/import-format.md, ### Keys": import_format_keys() - {"attachments"},
    }


def test_every_declaration_of_the_applications_fields_names_the_same_keys() -> None:
    problems = []
    for place, keys in declarations().items():
        missing, extra = FIELDS_OF_THE_FORM - keys, keys - FIELDS_OF_THE_FORM
        if missing or extra:
            problems.append(f"{place}: missing {sorted(missing)}, unknown {sorted(extra)}")
    assert problems == [], f"see {RECIPE}"


def test_the_forms_field_table_has_each_field_once() -> None:
    keys = [spec.key for spec in FIELDS]
    assert len(keys) == len(set(keys))
