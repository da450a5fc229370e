"""The tree's JSON text is written directly for speed; it must be exactly what
json.dumps makes of the same document."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from debate.core.tree import TreeItem
from debate.models import GraphNode, VoteTally
from debate.output.json import common as json_common

scores = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)
texts = st.text(max_size=40)  # every code point: quotes, backslashes, controls, astral
optional_ints = st.none() | st.integers(0, 10**9)


@st.composite
def items(draw: st.DrawFn) -> TreeItem:
    quote = draw(st.booleans())
    node = GraphNode(
        draw(st.integers(1, 10**9)),
        "quote" if quote else "claim",
        draw(texts),
        VoteTally(draw(st.integers(0, 10**6)), 0),
        VoteTally(draw(st.integers(0, 10**6)), 0),
        *(
            (
                draw(st.none() | texts),
                draw(optional_ints),
                draw(optional_ints),
                draw(st.none() | texts),
                draw(st.sampled_from([None, "verified", "changed", "orphaned"])),
                draw(st.none() | texts),
            )
            if quote
            else ()
        ),
    )
    root = draw(st.booleans())
    return TreeItem(
        node,
        None if root else draw(st.sampled_from(["pro", "con"])),
        draw(scores),
        draw(scores),
        None if root else draw(scores),
        None if root else draw(scores),
        (),
        draw(st.integers(0, 50)),
        draw(st.booleans()),
    )


@given(items())
def test_node_text_is_what_json_dumps_writes(item: TreeItem) -> None:
    document = json_common.tree_node(item)
    assert json_common.tree_node_json(item) + "}" == json.dumps(document, ensure_ascii=False)
