"""Bad environments: a stream that cannot write Unicode, a terminal width of 0.
Views degrade to escapes (or to --ascii, where a view has it) and --json stays
JSON; nothing fails, nothing goes missing. Run as the console script is run, in
a process of its own, since the encoding of its streams is what is tested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Runner, build_harbour

pytestmark = pytest.mark.sqlite_only("the streams and the terminal are the same on either engine")
READS = (("tree",), ("show", "4"), ("show", "3"), ("evidence",), ("session", "show", "1"),
         ("transcript", "1"), ("export", "1"))  # fmt: skip
GREEK = "Ο λιμάνι φέρνει εμπόριο — σ and τ 🚢"
MACHINE = (("tree", "--json"), ("show", "3", "--json"), ("export", "1", "--format", "json"),
           ("evidence", "--json"), ("transcript", "1", "--json"))  # fmt: skip


@pytest.fixture
def seminar(run: Runner, source_file: Path) -> Runner:
    """The harbour debate with a quote, a claim in Greek and an emoji, and a session."""
    build_harbour(run, source_file)
    run("support", "1", GREEK)
    run("session", "new", "1", "--format", "oxford", "--side", "for:ann,bob", "--side",
        "against:cat,dan")  # fmt: skip
    return run


def debate(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "debate", *args],
        capture_output=True,
        env={**os.environ, **env},
        timeout=60,
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stream_without_unicode_gets_escapes_not_a_failure(
    seminar: Runner, encoding: str
) -> None:
    for args in READS:
        result = debate(*args, PYTHONIOENCODING=encoding)
        assert (result.returncode, result.stderr) == (0, b""), args
        text = result.stdout.decode(encoding)  # all of it in the stream's encoding
        if args in (("tree",), ("show", "4"), ("export", "1")):  # those that show #4
            assert "\\u03bb\\u03b9\\u03bc" in text and "\\U0001f6a2" in text, args
    tree = debate("tree", PYTHONIOENCODING=encoding).stdout.decode(encoding)
    assert "`-- + #4 \\u039f" in tree  # drawn as --ascii draws it


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_on_a_stream_without_unicode_is_still_the_same_json(
    seminar: Runner, encoding: str
) -> None:
    for args in MACHINE:
        result = debate(*args, PYTHONIOENCODING=encoding)
        assert (result.returncode, result.stderr) == (0, b""), args
        result.stdout.decode("ascii")  # JSON's own escapes: pure ASCII
        expected = json.loads(debate(*args, PYTHONIOENCODING="utf-8").stdout)
        assert json.loads(result.stdout) == expected, args


def test_a_width_of_zero_columns_is_no_width_at_all(seminar: Runner) -> None:
    for args in READS:
        result = debate(*args, COLUMNS="0")
        assert result.returncode == 0 and result.stdout, args
        assert result.stdout == debate(*args, COLUMNS="80").stdout, args
