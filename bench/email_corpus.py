"""The e-mail import of the hostile corpus (tests/services/mail_corpus and the generated
cases of tests/services/hostile_mail.py): messages per second, against the standard
library's own parse of the same bytes.

Baseline, measured in the same run on the same messages: ``email.message_from_bytes`` with
the default policy, then a walk over every part decoding its payload (what reading a mail at
all costs). Measured: ``EmailImportService.import_message`` — parse, charsets, text, every
attachment stored, the draft saved in SQLite. Prints both rates, the ratio measured/baseline,
and how many messages became drafts or clear refusals (any other outcome is counted as a
crash).

    python bench/email_corpus.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import email
import tempfile
import time
from datetime import date
from email import policy
from pathlib import Path

from _common import bench_desk

from services.email_import import EmailImportError
from tests.services.hostile_mail import corpus_files, generated_cases

RECEIVED = date(2026, 11, 24)


def messages() -> list[bytes]:
    real = [path.read_bytes() for path in corpus_files()]
    return real + [case.data for case in generated_cases()]


def bare_parse(data: bytes) -> None:
    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        try:
            part.get_payload(decode=True)
        except Exception:  # the baseline only reads; a broken part costs what it costs
            continue


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    corpus = messages()
    base_time = import_time = 0.0
    drafts = refusals = crashes = 0
    with tempfile.TemporaryDirectory() as tmp:
        desk = bench_desk(Path(tmp) / "desk")
        try:
            for _ in range(rounds):
                for data in corpus:
                    start = time.perf_counter()
                    with contextlib.suppress(RecursionError):  # the import refuses those
                        bare_parse(data)
                    base_time += time.perf_counter() - start
                    start = time.perf_counter()
                    try:
                        desk.email_import.import_message(data, "bench", received=RECEIVED)
                        drafts += 1
                    except EmailImportError:
                        refusals += 1
                    except Exception:  # counted, never hidden: the target is zero
                        crashes += 1
                    import_time += time.perf_counter() - start
        finally:
            desk.close()
    count = rounds * len(corpus)
    print(f"corpus: {len(corpus)} messages x {rounds} rounds; drafts {drafts}, "
          f"refusals {refusals}, crashes {crashes}")
    print(f"baseline email.message_from_bytes + walk: {count / base_time:8.1f} messages/s")
    print(f"EmailImportService.import_message:        {count / import_time:8.1f} messages/s")
    print(f"ratio import/baseline rate: {base_time / import_time:.2f}")


if __name__ == "__main__":
    main()
