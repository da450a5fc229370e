"""Hostile and malformed files, generated: whatever a file holds, `debate import`
either imports it whole (exit 0) or refuses it with one `Error:` line (exit 1),
writing nothing; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debate.cli import cli
from tests.conftest import Runner
from tests.test_interchange import FIXTURES

KIALO = (FIXTURES / "current.txt").read_text(encoding="utf-8-sig").splitlines()

fuzz = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def outcome(run: Runner, data: bytes, fmt: str) -> None:
    run.reset_store()
    Path("input").write_bytes(data)
    result = run.runner.invoke(cli, ["import", "input", "--format", fmt])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert result.stdout == ""
        assert not run.store_exists()  # refused before a store was made


@fuzz
@given(st.lists(st.sampled_from(KIALO) | st.text(max_size=40), max_size=40))
def test_mangled_kialo_exports(run: Runner, lines: list[str]) -> None:
    outcome(
        run, ("Discussion Name:\n" + "\n".join(lines)).encode("utf-8", "surrogatepass"), "kialo"
    )


@fuzz
@given(st.binary(max_size=300))
def test_random_bytes_as_each_format(run: Runner, data: bytes) -> None:
    for fmt in ("kialo", "json", "aif"):
        outcome(run, data, fmt)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)
aif_nodes = st.fixed_dictionaries(
    {
        "nodeID": st.integers(0, 6) | st.text(max_size=2),
        "type": st.sampled_from(["I", "RA", "CA", "MA", "L", "YA", ""]),
    },
    optional={
        "text": st.none() | st.text(max_size=20),
        "timestamp": st.none() | st.text(max_size=5),
    },
)
aif_edges = st.fixed_dictionaries(
    {
        "fromID": st.integers(0, 6) | st.text(max_size=2),
        "toID": st.integers(0, 6) | st.text(max_size=2),
    }
)


@fuzz
@given(st.lists(aif_nodes, max_size=8), st.lists(aif_edges, max_size=10), json_values)
def test_generated_aif_graphs(run: Runner, nodes: list[Any], edges: list[Any], extra: Any) -> None:
    data = {"nodes": nodes, "edges": edges, "locutions": extra}
    outcome(run, json.dumps(data).encode(), "aif")


@fuzz
@given(json_values)
def test_generated_json_documents(run: Runner, value: Any) -> None:
    document = {"format": "debate", "version": 1, "thesis": value}
    outcome(run, json.dumps(document).encode(), "json")
    outcome(run, json.dumps(value).encode(), "json")
