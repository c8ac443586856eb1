"""The content-addressed store: one file per content, written whole or not at all."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.blob_store import TEMP_PREFIX, BlobCorrupt, BlobStore


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_blob_is_stored_under_its_sha256_and_reads_back(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = "dilekçe taraması — ğüşıöç".encode() * 100

    blob = store.put(data)

    digest = hashlib.sha256(data).hexdigest()
    assert (blob.sha256, blob.size) == (digest, len(data))
    assert store.path(digest) == tmp_path / "blobs" / digest[:2] / digest[2:]
    assert store.exists(digest)
    assert store.open(digest) == data
    assert hashlib.sha256(store.path(digest).read_bytes()).hexdigest() == digest


def test_the_same_content_twice_is_stored_once(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    first = store.put(b"the same scan")
    written = store.path(first.sha256).stat()

    second = store.put(b"the same scan")

    assert second == first
    assert stored_files(tmp_path / "blobs") == [store.path(first.sha256)]
    again = store.path(first.sha256).stat()
    assert again.st_ino == written.st_ino  # not rewritten (a rewrite renames a new file in)
    assert again.st_mtime_ns >= written.st_mtime_ns  # but touched: its age restarts


def test_storing_a_corrupt_blobs_content_again_repairs_it(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    blob = store.put(b"the original scan")
    store.path(blob.sha256).write_bytes(b"the 0riginal scan")  # same size, one byte rotted
    with pytest.raises(BlobCorrupt):
        store.read_verified(blob.sha256)

    store.put(b"the original scan")

    assert store.read_verified(blob.sha256) == b"the original scan"
    assert [sha for sha, _path in store.stored()] == [blob.sha256]


def test_distinct_contents_get_distinct_files_and_no_temp_file_remains(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    blobs = [store.put(bytes([n]) * n) for n in range(40)]

    files = stored_files(tmp_path / "blobs")
    assert len(files) == len({b.sha256 for b in blobs}) == 40
    assert not [f for f in files if f.name.startswith(TEMP_PREFIX)]
    assert store.put(b"").size == 0 and store.open(hashlib.sha256(b"").hexdigest()) == b""


def test_a_failed_write_leaves_neither_the_blob_nor_a_temp_file(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = b"scan that cannot be renamed into place"
    target = store.path(hashlib.sha256(data).hexdigest())
    # A real failure of the final rename: a directory occupies the blob's name.
    target.mkdir(parents=True)

    with pytest.raises(OSError):
        store.put(data)

    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert not store.exists(target.parent.name + target.name)


def test_an_unknown_blob_is_not_there(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    missing = "0" * 64
    assert not store.exists(missing)
    with pytest.raises(FileNotFoundError):
        store.open(missing)


@pytest.mark.parametrize("bad", ["../" + "a" * 61, "A" * 64, "ab", "g" * 64, "a" * 64 + "/x"])
def test_only_a_sha256_names_a_blob(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        BlobStore(tmp_path / "blobs").path(bad)


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=4096))
def test_any_bytes_round_trip(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    store = BlobStore(tmp_path_factory.mktemp("blobs"))
    blob = store.put(data)
    assert store.open(blob.sha256) == data
    assert blob == store.put(data)
