"""Whatever a client sends, the central service answers as its /openapi.json says, and never
with a 5xx: schemathesis generates requests for every operation of the real app's document
(valid ones, and deliberately invalid ones) and sends them over loopback to a real server,
on each database backend (tests/bimer_central/databases.py).

Bounded and deterministic: a fixed seed, derandomized Hypothesis, ``MAX_EXAMPLES`` per
operation and phase, no example database. Operations added to the app later are covered
without touching this file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case, GenerationMode, SerializationContext
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import SchemathesisConfig
from schemathesis.transport.serialization import serialize_binary

from bimer_central.app import build_app
from bimer_central.db import open_database
from bimer_central.routes import IDEMPOTENCY_HEADER
from models.roles import Role
from tests.central_auth import central_for, register

# Schemathesis sends the credentials itself: valid ones on every valid example, none or
# broken ones where it checks that they are needed (tests/central_auth.py acts for no one).
pytestmark = pytest.mark.anonymous

MAX_EXAMPLES = 25
SEED = 20261128
APPLICATIONS_OPERATION = "POST /api/v1/applications"


CREDENTIALS: dict[int, dict[str, str]] = {}


def openapi_document() -> dict[str, Any]:
    """The document the app serves, built without a server (the test items are made at
    collection time); ``test_the_fuzzed_document_is_the_one_served`` holds the two equal."""
    with tempfile.TemporaryDirectory() as blobs:
        engine = open_database("sqlite://")
        try:
            return build_app(engine, blob_dir=Path(blobs)).openapi()
        finally:
            engine.dispose()


@schemathesis.serializer("application/pdf", "image/tiff", "image/jpeg", "image/png")
def pdf_bytes(_context: SerializationContext, value: Any) -> bytes:
    """A scan's upload body as bytes, as schemathesis sends its other binary types."""
    return serialize_binary(value)


DOCUMENT = openapi_document()
schema = schemathesis.openapi.from_dict(DOCUMENT, config=SchemathesisConfig.from_dict({
    "seed": SEED,
    # Stateful runs chain operations through OpenAPI links; this API declares none.
    "phases": {"stateful": {"enabled": False}},
}))


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        # One server per operation on purpose: each example meets what earlier ones left.
        HealthCheck.function_scoped_fixture,
        # A real server on a 2-core machine shared with other work is slow to Hypothesis.
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_every_answer_is_documented_and_none_is_a_server_error(
    case: Case[Any], central_url: str
) -> None:
    if case.meta is not None and case.meta.generation.mode is GenerationMode.POSITIVE:
        # An enrolled desk and a logged-in Yönetici (every route open to it), over HTTP.
        server = central_for(central_url)
        assert server is not None
        if id(server) not in CREDENTIALS:
            CREDENTIALS.clear()
            CREDENTIALS[id(server)] = register(server, "06-01", "yonetici1",
                                               frozenset({Role.MANAGER}))
        case.headers = {**(case.headers or {}), **CREDENTIALS[id(server)]}
    if (case.operation.label == APPLICATIONS_OPERATION
            and case.meta is not None and case.meta.generation.mode is GenerationMode.POSITIVE
            and isinstance(case.body, dict) and isinstance(case.body.get("uuid"), str)):
        # The one rule between two parts of a request that the document can only say in
        # words: the key header repeats the body's uuid. Without it no valid example would
        # get past the key check to validation and storage.
        case.headers[IDEMPOTENCY_HEADER] = case.body["uuid"]
    # Every check but one: "a schema-valid request is accepted" cannot hold where the
    # rules are more than a JSON schema says (ID-number check digits, the subject catalog,
    # a body that must hash to its address), and those answers are documented 4xx.
    case.call_and_validate(base_url=central_url, excluded_checks=[positive_data_acceptance])


def test_the_fuzzed_document_is_the_one_served(central_url: str) -> None:
    served = requests.get(central_url + "/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == DOCUMENT
