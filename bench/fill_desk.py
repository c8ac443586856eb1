"""Fill a data directory with a desk's worth of years: realistic applications at scale.

    python bench/fill_desk.py --rows 200000 DIR [--seed 14] [--years 10] [--user memur1]

Every application is a form made up from Turkish names, addresses and texts, passed through
the desk's own validation (``IntakeService.validate``: what is stored is what the intake
would store) and its envelope built as the intake builds it; then written in large
transactions, with what a real desk accumulates beside it: all four channels, ten years
of dates (ids grow with time, as they do), returning citizens, hidden identities, a few
clerks, outbox items (sent, with their central numbers; the newest still waiting, some to
retry, some refused, a few corrected), attempts, audit events, printouts, some attachments
(real PDFs in the blob store) and a few drafts. The derived list columns and the name
index come from the same functions the desk uses (``models/search_text.py``,
``models/deadlines.py``).

The directory becomes a training desk (no central address in ``settings.json``), so the
window and the previews open on it: ``bimer-desktop --data-dir DIR --user memur1``.
Bulk inserts bypass the per-save path on purpose (200,000 durable saves would take an
hour); ``bench/save_application.py`` measures that path.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from _common import bench_desk
from sqlalchemy import insert

from bimer_desktop.settings import store_setting
from models.application_form import ApplicationForm
from models.deadlines import received_on
from models.entities import (
    Application,
    ApplicationNameWord,
    Attachment,
    AuditEvent,
    Counter,
    DraftRecord,
    OutboxAttempt,
    OutboxItem,
    PrintLogEntry,
)
from models.enums import OutboxKind, OutboxState
from models.envelope import application_envelope
from models.numbers import StationNumber
from models.print_payload import PrintPayload
from models.samples import sample_tckn
from models.search_text import name_sort_key, name_words
from services import page_ops
from services.fake_scanner import fake_page

FEMALE = (
    "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra",
    "Sultan", "Hanife", "Merve", "Özlem", "Büşra", "Esra", "Gül", "Gülşen", "Songül",
    "Çiğdem", "Dilek", "Derya", "Sibel", "Şule", "Tuğba", "İpek", "Nur", "Ebru", "Yıldız",
    "Özge", "Pınar", "Ümmügülsüm", "Hülya", "Şükran", "Nazlı", "Işıl", "Ilgın", "Aslı",
    "Aynur", "Gönül",
)
MALE = (
    "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman",
    "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah", "Mahmut", "Recep",
    "Salih", "Kemal", "Şükrü", "Çağrı", "Uğur", "Ümit", "Oğuz", "Gökhan", "Ilgaz", "Işık",
    "Doğan", "Cem", "Can", "Emre", "Barış", "Tolga", "Kadir", "Şahin", "Özcan", "Erdoğan",
)
SURNAMES = (
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
    "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
    "Şimşek", "Polat", "Özer", "Güneş", "Erdoğan", "Aksoy", "Işık", "Ilıcak", "Çakır",
    "Akın", "Güler", "Bozkurt", "Türk", "Yavuz", "Acar", "Uçar", "Ünal", "Sarı", "Gündoğdu",
    "İnce", "Ekinci", "Öz", "Karataş", "Sönmez", "Coşkun", "Keskin", "Çiftçi", "Tekin",
    "Bulut", "Ateş", "Uysal", "Başaran", "Turan", "Yüksel", "Gök", "Köse", "Ağaoğlu",
    "Çağlayan", "Gümüş", "Şen",
)
STREETS = ("Atatürk Bulvarı", "İnönü Caddesi", "Cumhuriyet Mahallesi Gül Sokak",
           "Kızılay Mahallesi 12. Sokak", "Bahçelievler 7. Cadde", "Çarşı Mahallesi Ilıca Sokak",
           "Yenişehir Mahallesi Şehit Er Sokak", "Gazi Mustafa Kemal Bulvarı")
TOWNS = ("Çankaya / Ankara", "Keçiören / Ankara", "Konak / İzmir", "Karşıyaka / İzmir",
         "Üsküdar / İstanbul", "Şişli / İstanbul", "Osmangazi / Bursa", "Seyhan / Adana",
         "Merkez / Çorum", "Muratpaşa / Antalya", "Selçuklu / Konya", "Merkez / Iğdır")
SENTENCES = (
    "Sokağımızdaki çöpler üç gündür toplanmıyor.",
    "Mahallemizdeki parkın aydınlatması haftalardır yanmıyor.",
    "Aile hekimimin çalışma saatlerinin akşam saatlerine uzatılmasını rica ediyorum.",
    "Üniversite yurt başvurularının ne zaman açılacağını öğrenmek istiyorum.",
    "Emeklilik başvurumun hangi aşamada olduğunu öğrenmek istiyorum.",
    "Otobüs seferlerinin sabah saatlerinde artırılmasını talep ediyorum.",
    "Apartmanımızın önündeki kanalizasyon taşması giderilmedi.",
    "Okul servis ücretleri dönem ortasında iki katına çıkarıldı.",
    "Belediyemize yeni yaptığı bisiklet yolu için teşekkür ederim.",
    "İhale sürecine ilişkin karar tutanağının bir örneğini talep ediyorum.",
    "Köyümüzün yolu yağmurdan sonra geçilmez hâle geliyor.",
    "Hastane randevu sisteminde ayın tamamı dolu görünüyor.",
    "Su kesintileri hakkında önceden bilgi verilmiyor.",
    "Gürültü yapan iş yeri hakkında defalarca şikâyette bulundum.",
    "Engelli rampası olmayan kamu binalarına rampa yapılmasını istiyorum.",
)
CHANNELS = (("in_person", 45), ("letter", 25), ("fax", 10), ("email", 20))
TYPES = (("complaint", 35), ("request", 25), ("information_request", 20),
         ("denunciation", 8), ("suggestion", 7), ("thanks", 5))
URGENCIES = (("normal", 85), ("urgent", 12), ("very_urgent", 3))
CLERKS = (("memur1", 40), ("memur2", 25), ("memur3", 20), ("memur4", 15))
PENDING_TAIL = 40  # the newest applications, still waiting to be sent
RETRYING = 12
REFUSED = 10
CORRECTED = 6
REFUSAL = ("422: Başvuru metni merkezin kurallarına uymuyor: alt konu '02.09' bu konu için "
           "geçerli değil.")
BATCH = 5000


def weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _w in table], [w for _v, w in table])[0]


def tckn(rng: random.Random) -> str:
    return sample_tckn(str(rng.randint(100_000_000, 999_999_999)))


def phone(rng: random.Random) -> str:
    return f"05{rng.choice('0345')}{rng.randint(0, 9)} {rng.randint(100, 999)} " \
           f"{rng.randint(10, 99)} {rng.randint(10, 99)}"


class Citizens:
    """People who apply, some of them again and again (evveliyat)."""

    def __init__(self, rng: random.Random, count: int) -> None:
        self.rng = rng
        self.people = [self._person() for _ in range(count)]

    def _person(self) -> dict[str, str]:
        rng = self.rng
        female = rng.random() < 0.5
        first = rng.choice(FEMALE if female else MALE)
        if rng.random() < 0.12:
            first += " " + rng.choice(FEMALE if female else MALE)
        last = rng.choice(SURNAMES)
        return {"tckn": tckn(rng), "first_name": first, "last_name": last,
                "mother_maiden_first": rng.choice("ABCÇDEFGHIİKLMNOÖPRSŞTUÜVYZ"),
                "mother_maiden_last": rng.choice("ABCÇDEFGHIİKLMNOÖPRSŞTUÜVYZ"),
                "mobile_phone": phone(rng),
                "address": f"{rng.choice(STREETS)} No: {rng.randint(1, 120)} "
                           f"{rng.choice(TOWNS)}"}

    def pick(self) -> dict[str, str]:
        # A few people apply often: the head of the list is picked far more than the tail.
        index = int(len(self.people) * self.rng.random() ** 2.2)
        return self.people[min(index, len(self.people) - 1)]


def make_form(rng: random.Random, citizens: Citizens, subjects: list[tuple[str, str]],
              channel: str, created: datetime) -> ApplicationForm:
    person = citizens.pick()
    kind = weighted(rng, TYPES)
    subject, sub_subject = rng.choice(subjects)
    text = " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
    values: dict[str, str] = {
        "channel": channel, "application_type": kind, "subject_code": subject,
        "sub_subject_code": sub_subject, "urgency": weighted(rng, URGENCIES), "text": text,
        "first_name": person["first_name"], "last_name": person["last_name"],
    }
    if channel == "in_person" or rng.random() < 0.6:
        values["tckn"] = person["tckn"]
    if channel == "in_person":
        values["mother_maiden_first"] = person["mother_maiden_first"]
        values["mother_maiden_last"] = person["mother_maiden_last"]
        values["mobile_phone"] = person["mobile_phone"]
    else:
        day = created.date() - timedelta(days=rng.randint(0, 3))
        values["received_date"] = f"{day:%d.%m.%Y}"
        values["address"] = person["address"]
        values["sender_as_written"] = f"{person['first_name']} {person['last_name']}"
        if channel == "email":
            values["email"] = f"basvuru{rng.randint(1, 99999)}@example.com"
        if channel == "fax":
            values["fax_number"] = f"0312 {rng.randint(200, 999)} {rng.randint(10, 99)} " \
                                   f"{rng.randint(10, 99)}"
    if kind in ("complaint", "denunciation") and rng.random() < 0.2:
        values["hide_identity"] = "true"
    if kind == "information_request" and rng.random() < 0.1:
        values.update(applicant_kind="organization",
                      organization_title=f"{rng.choice(SURNAMES)} İnşaat Ticaret Ltd. Şti.",
                      organization_tax_number=str(rng.randint(10**9, 10**10 - 1)),
                      requested_information="İhale karar tutanağının bir örneği",
                      email=f"bilgi{rng.randint(1, 9999)}@example.com",
                      address=person["address"])
    return ApplicationForm(**values)


def moments(rng: random.Random, count: int, years: int, now: datetime) -> list[datetime]:
    """``count`` saving moments over ``years`` years up to ``now``, in working hours,
    increasing (ids grow with time)."""
    start = now - timedelta(days=365 * years)
    span = (now - start).total_seconds()
    found: list[datetime] = []
    for _ in range(count):
        moment = start + timedelta(seconds=rng.random() * span)
        while moment.weekday() >= 5:
            moment -= timedelta(days=1)
        moment = moment.replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59))
        found.append(min(moment, now))
    found.sort()
    return found


def attachment_blobs(desk: Any) -> list[tuple[str, int, int, str]]:
    """A handful of real scanned letters in the blob store: (sha256, size, pages, name)."""
    made = []
    for number, name in enumerate(("Dilekçe.pdf", "Fatura.pdf", "Kimlik fotokopisi.pdf",
                                   "Fotoğraf.pdf", "Mahkeme kararı.pdf", "Tapu.pdf"), 1):
        pages = [fake_page(p, f"{name} · sayfa {p}", dpi=30) for p in range(1, number % 3 + 2)]
        combined = page_ops.combine(page_ops.load_images(name, pages), name)
        stored = desk.blobs.put(combined.data)
        made.append((stored.sha256, stored.size, len(pages), name))
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--station", default="06-01")
    args = parser.parse_args()
    directory: Path = args.directory
    if (directory / "desk.db").exists():
        print(f"{directory}/desk.db exists; give an empty directory", file=sys.stderr)
        return 2
    directory.mkdir(parents=True, exist_ok=True)
    store_setting(directory, "station_code", args.station)
    store_setting(directory, "central_url", "")
    rng = random.Random(args.seed)
    started = time.perf_counter()
    desk = bench_desk(directory, central_url="")
    station = desk.config.station_code
    subjects = [(s.code, ss.code) for s in desk.reference.subjects.offered()
                for ss in s.sub_subjects]
    citizens = Citizens(rng, max(50, args.rows // 3))
    now = datetime.now().astimezone()
    blobs = attachment_blobs(desk)
    when = moments(rng, args.rows, args.years, now - timedelta(minutes=5))
    sequences: dict[int, int] = {}
    central_sequence = 0
    print_serial = 0
    rejected = 0
    outbox_id = 0
    blob_items: set[str] = set()
    first_refused = args.rows - PENDING_TAIL - RETRYING - REFUSED
    with desk.db.sessions.begin() as session:
        session.add_all(DraftRecord(
            uuid=str(uuid.uuid4()), user="memur1", channel="letter", source="form",
            form_json=json.dumps({"channel": "letter", "first_name": name,
                                  "text": "Yarım kalmış mektup"}, ensure_ascii=False),
            created_at=now, updated_at=now) for name in ("Hasan", "Gül", "Şükrü"))
    for batch_start in range(0, args.rows, BATCH):
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in (
            "applications", "words", "outbox", "attempts", "audit", "attachments", "prints")}
        for index in range(batch_start, min(batch_start + BATCH, args.rows)):
            app_id = index + 1
            created = when[index]
            channel = weighted(rng, CHANNELS)
            result = desk.intake.validate(make_form(rng, citizens, subjects, channel, created))
            if result.application is None:
                rejected += 1
                result = desk.intake.validate(make_form(rng, citizens, subjects, "in_person",
                                                        created))
                assert result.application is not None, result.errors
            valid = result.application
            columns = valid.to_columns()
            sequences[created.year] = sequences.get(created.year, 0) + 1
            number = str(StationNumber(station, created.year, sequences[created.year]))
            key = str(uuid.uuid4())
            user = weighted(rng, CLERKS)
            state = OutboxState.DONE
            if index >= args.rows - PENDING_TAIL:
                state = OutboxState.PENDING
            elif index >= first_refused + REFUSED:
                state = OutboxState.RETRY
            elif index >= first_refused:
                state = OutboxState.QUARANTINED
            central = None
            if state is OutboxState.DONE:
                central_sequence += 1
                central = f"BMR-{created.year}-{central_sequence:07d}"
            hidden = bool(columns["hide_identity"])
            rows["applications"].append({
                "id": app_id, "uuid": key, "station_number": number, "station_code": station,
                "central_number": central, "created_at": created, "created_by": user,
                "synced_at": created + timedelta(minutes=2) if central else None,
                "version": 1, "corrects_id": None,
                "received_on": received_on(created, columns["received_date"]),
                "name_sort": name_sort_key(columns["first_name"], columns["last_name"],
                                           columns["organization_title"], hidden=hidden),
                **columns})
            rows["words"] += [{"word": word, "application_id": app_id}
                              for word in name_words(columns["first_name"],
                                                     columns["last_name"],
                                                     columns["organization_title"],
                                                     hidden=hidden)]
            envelope = application_envelope(
                uuid=key, station_number=number, station_code=station,
                created_at=created.isoformat(), created_by=user, application=valid)
            outbox_id += 1
            sent = created + timedelta(minutes=2)
            rows["outbox"].append({
                "id": outbox_id, "application_id": app_id,
                "kind": OutboxKind.APPLICATION.value, "idempotency_key": key,
                "payload": json.dumps(envelope, ensure_ascii=False, sort_keys=True),
                "state": state.value, "attempts": 0 if state is OutboxState.PENDING else 1,
                "next_attempt_at": now + timedelta(minutes=5)
                if state is OutboxState.RETRY else None,
                "last_status": {OutboxState.DONE: 201, OutboxState.QUARANTINED: 422,
                                OutboxState.RETRY: 503}.get(state),
                "last_message": REFUSAL if state is OutboxState.QUARANTINED else (
                    "503: Merkez şu anda yanıt veremiyor." if state is OutboxState.RETRY
                    else None),
                "created_at": created, "updated_at": sent,
                "acknowledged_at": sent if central else None})
            if state is not OutboxState.PENDING:
                rows["attempts"].append({
                    "outbox_id": outbox_id, "at": sent,
                    "outcome": state.value if state is not OutboxState.RETRY else "retry",
                    "http_status": rows["outbox"][-1]["last_status"],
                    "message": rows["outbox"][-1]["last_message"] or "201 Created"})
            rows["audit"].append({"at": created, "user": user, "station_code": station,
                                  "action": "application.saved", "application_id": app_id,
                                  "detail": number})
            if rng.random() < 0.08:
                for sha, size, pages, name in rng.sample(blobs, rng.randint(1, 2)):
                    rows["attachments"].append({
                        "sha256": sha, "size": size, "media_type": "application/pdf",
                        "original_name": name, "page_count": pages, "draft_id": None,
                        "application_id": app_id, "created_at": created})
                    if sha not in blob_items:
                        blob_items.add(sha)
                        outbox_id += 1
                        rows["outbox"].append({
                            "id": outbox_id, "application_id": app_id,
                            "kind": OutboxKind.BLOB.value, "idempotency_key": sha,
                            "payload": json.dumps({"sha256": sha, "media_type":
                                                   "application/pdf", "size": size}),
                            "state": OutboxState.DONE.value, "attempts": 1,
                            "next_attempt_at": None, "last_status": 201,
                            "last_message": None, "created_at": created,
                            "updated_at": sent, "acknowledged_at": sent})
            if rng.random() < 0.06:
                print_serial += 1
                payload = PrintPayload(StationNumber.parse(number), station,  # type: ignore[arg-type]
                                       print_serial).encode()
                rows["prints"].append({
                    "serial": print_serial, "station_code": station,
                    "document_type": "receipt", "application_id": app_id, "user": user,
                    "printed_at": created + timedelta(seconds=30), "page_count": 1,
                    "printer": "Masa yazıcısı", "payload": payload})
        with desk.db.sessions.begin() as session:
            session.execute(insert(Application), rows["applications"])
            if rows["words"]:
                session.execute(insert(ApplicationNameWord), rows["words"])
            session.execute(insert(OutboxItem), rows["outbox"])
            if rows["attempts"]:
                session.execute(insert(OutboxAttempt), rows["attempts"])
            session.execute(insert(AuditEvent), rows["audit"])
            if rows["attachments"]:
                session.execute(insert(Attachment), rows["attachments"])
            if rows["prints"]:
                session.execute(insert(PrintLogEntry), rows["prints"])
        done = min(batch_start + BATCH, args.rows)
        print(f"\r{done:,} / {args.rows:,} ({time.perf_counter() - started:.0f} s)",
              end="", flush=True)
    print()
    with desk.db.sessions.begin() as session:
        for year, value in sequences.items():
            session.merge(Counter(name=f"station-number:{station}:{year}", value=value))
        session.merge(Counter(name=f"print-serial:{station}", value=print_serial))
    corrected = correct_some(desk, first_refused)
    desk.db.engine.dispose()
    desk.close()
    print(f"{args.rows:,} applications in {directory} ({corrected} corrected, {rejected} "
          f"redrawn after validation) in {time.perf_counter() - started:.0f} s")
    return 0


def correct_some(desk: Any, first_refused: int) -> int:
    """The first few refused ones, corrected through the desk's own service (version 2)."""
    done = 0
    for app_id in range(first_refused + 1, first_refused + 1 + CORRECTED):
        source = desk.corrections.source(app_id)
        form = replace(source.form, text=source.form.text + " (düzeltildi)")
        desk.corrections.correct(app_id, form, "memur1")
        done += 1
    return done


if __name__ == "__main__":
    sys.exit(main())
