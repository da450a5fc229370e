"""A store on a read-only file system (a read-only mount, a CD) is read, and every
write is refused saying why. Mounting needs root: without it, these skip."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Runner

pytestmark = pytest.mark.sqlite_only("a read-only file system holds an SQLite file")


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    """A small file system of the test's own, read-write until `read_only` is called."""
    where = tmp_path / "mount"
    where.mkdir()
    if shutil.which("mount") is None or _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs",
                                               str(where)).returncode != 0:  # fmt: skip
        pytest.skip("mounting a read-only file system needs root and mount(8)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True, timeout=30)


def read_only(where: Path) -> None:
    result = _mount("-o", "remount,ro", str(where))
    assert result.returncode == 0, result.stderr


def test_a_store_on_a_read_only_file_system_is_read_and_never_written(
    run: Runner, mounted: Path
) -> None:
    store = mounted / "seminar.db"
    run("claim", "add", "Harbours make towns rich", "--db", str(store))
    run("claim", "add", "Trade follows ships", "--pro", "1", "--db", str(store))
    expected = run("tree", "--db", str(store)).stdout
    read_only(mounted)
    before = store.read_bytes()
    assert run("tree", "--db", str(store)).stdout == expected
    assert run.json("show", "2", "--db", str(store))["text"] == "Trade follows ships"
    result = run("claim", "add", "More", "--pro", "1", "--db", str(store), code=1)
    assert result.output == (
        f"Error: cannot write to {store}: it is on a read-only file system, where a store "
        "can be read but not changed; nothing was changed\n"
    )
    result = run("claim", "add", "A thesis", "--db", str(mounted / "new.db"), code=1)
    assert result.output == (
        f"Error: cannot create a store in {mounted}: it is on a read-only file system\n"
    )
    assert store.read_bytes() == before
    assert sorted(p.name for p in mounted.iterdir()) == ["seminar.db", "seminar.db-lock"]


def test_a_read_only_store_with_writes_still_in_its_wal_is_refused(
    run: Runner, mounted: Path, tmp_path: Path
) -> None:
    """Immutable, SQLite would read the file without its -wal: the last writes unseen."""
    store = tmp_path / "seminar.db"
    run("claim", "add", "Harbours make towns rich", "--db", str(store))
    writer = sqlite3.connect(store, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE nodes SET text = 'Written last' WHERE id = 1")
    for name in ("seminar.db", "seminar.db-wal"):  # as a crash would leave them
        shutil.copyfile(tmp_path / name, mounted / name)
    writer.close()
    read_only(mounted)
    result = run("tree", "--db", str(mounted / "seminar.db"), code=1)
    assert result.output == (
        f"Error: {mounted / 'seminar.db'} is on a read-only file system, and its last writes "
        "are still in seminar.db-wal beside it, which cannot be folded in there: open it "
        "once where it can be written (or copy it there with its -wal file)\n"
    )
