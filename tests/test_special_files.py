"""Special files: `-o` writes into a pipe, FIFO or device and replaces only a
regular file; reads of FIFOs and devices neither hang nor run out of memory.

Whatever could hang runs in a process of its own, with a bound on its time."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner

pytestmark = pytest.mark.sqlite_only("files, FIFOs and devices are the same on either engine")
BOUND_S = 30  # a command that would hang is stopped, and the test fails


def debate(*args: str, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "debate", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=BOUND_S,
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def test_output_to_a_fifo_is_written_into_it(run: Runner, fifo: Path) -> None:
    run("claim", "add", "Harbours make towns rich")
    expected = run("export", "1").stdout
    result = debate("export", "1", "-o", str(fifo))
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: cannot write {fifo}: no program is reading that FIFO\n",
    )
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = debate("export", "1", "-o", str(fifo), "--force")
    reader.join(BOUND_S)
    assert result.returncode == 0 and result.stderr == f"Wrote {fifo}.\n"
    assert got == [expected.encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a FIFO, not a file put in its place


def test_output_to_a_device_writes_into_it(run: Runner, tmp_path: Path) -> None:
    """Through a link of the test's own, so that the old behaviour (the path replaced
    by a file) would replace the link, never the machine's /dev/null."""
    run("claim", "add", "Harbours make towns rich")
    null = tmp_path / "null"
    null.symlink_to("/dev/null")
    for args in (["export", "1"], ["export", "1", "--format", "json"]):
        assert run(*args, "-o", str(null), "--force").stderr == f"Wrote {null}.\n"
        assert null.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_dev_stdout_goes_where_stdout_goes(run: Runner, tmp_path: Path) -> None:
    run("claim", "add", "Harbours make towns rich")
    expected = run("export", "1").stdout
    piped = debate("export", "1", "-o", "/dev/stdout")
    assert (piped.returncode, piped.stdout) == (0, expected)
    redirected = tmp_path / "out.md"
    with redirected.open("w") as out:
        inode = os.fstat(out.fileno()).st_ino
        done = debate("export", "1", "-o", "/dev/stdout", stdout=out)
    assert done.returncode == 0, done.stderr
    assert redirected.read_text() == expected and redirected.stat().st_ino == inode


def test_a_dash_is_stdout(run: Runner) -> None:
    run("claim", "add", "Harbours make towns rich")
    expected = run("export", "1").stdout
    assert run("export", "1", "-o", "-").stdout == expected
    assert not Path("-").exists()


def test_a_regular_file_through_a_link_is_replaced_and_the_link_stays(
    run: Runner, tmp_path: Path
) -> None:
    run("claim", "add", "Harbours make towns rich")
    real, link = tmp_path / "real.md", tmp_path / "link.md"
    real.write_text("old")
    link.symlink_to(real)
    run("export", "1", "-o", str(link), "--force")
    assert link.is_symlink() and real.read_text() == run("export", "1").stdout


def test_a_socket_or_block_device_is_refused(run: Runner, tmp_path: Path) -> None:
    import socket

    run("claim", "add", "Harbours make towns rich")
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = run("export", "1", "-o", str(path), "--force", code=1)
    assert result.stderr == f"Error: {path} is a socket, not a file to write to\n"


def test_reading_a_fifo_without_a_writer_does_not_hang(run: Runner, fifo: Path) -> None:
    for args in (["import", str(fifo)], ["source", "add", str(fifo), "--key", "k"]):
        result = debate(*args)
        assert (result.returncode, result.stderr.splitlines()[-1]) == (
            1,
            f"Error: {fifo} is a FIFO that no program is writing to",
        )


def test_a_fifo_with_a_writer_is_read(run: Runner, fifo: Path) -> None:
    kialo = "Discussion Name: Harbours\n\n1. Thesis: Harbours make towns rich\n"
    writer = threading.Thread(target=lambda: fifo.write_text(kialo))
    writer.start()
    result = debate("import", str(fifo), "--format", "kialo")
    writer.join(BOUND_S)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "Imported fifo (kialo) as thesis #1."


def test_a_device_is_not_read_without_end(run: Runner) -> None:
    for args in (["import", "/dev/zero"], ["source", "add", "/dev/zero", "--key", "k"]):
        result = debate(*args)
        assert (result.returncode, result.stderr.splitlines()[-1]) == (
            1,
            "Error: /dev/zero is a character device, not a file to read",
        )


def test_a_store_that_is_a_fifo_is_refused_at_once(run: Runner, fifo: Path) -> None:
    for args in (["tree"], ["claim", "add", "X"], ["db", "info"]):
        result = debate(*args, "--db", str(fifo))
        assert (result.returncode, result.stderr) == (
            1,
            f"Error: {fifo} is a FIFO, not a debate store\n",
        )
