"""AIF, the Argument Interchange Format of AIFdb and OVA, out and in. Pure.

Out, AIFdb's JSON: `nodes`, `edges`, `locutions` and `participants` (the last
two present even when empty), string ids, and timestamps as
`YYYY-MM-DD HH:MM:SS`. A claim is an I-node; a pro is an RA-node (the claim →
RA → its parent), a con a CA-node. A quote is a locution: an L-node (its source
speaking) with a YA-node ("Asserting") to the I-node of what it says, which
then stands as a pro or con like any claim; the source is the locution's
participant.

In: AIFdb's JSON, the xAIF wrapper (`{"AIF": {…}, "text": …}`) and variants
with integer ids or null fields. I-nodes are claims; RA and MA (a rephrase)
make pros, CA cons, from each node that points into the scheme to each node it
points at. What else the file holds is counted by node type and left out, and
an edge that would close a cycle is left out and reported with the cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from debate.core.files.imported import (
    ImportedClaim,
    ImportedDebate,
    ImportedLink,
    LeftOut,
    as_tree,
    check,
)
from debate.core.text import readable
from debate.core.tree import TreeItem, walk
from debate.errors import BadFile
from debate.models import Stance

SCHEMES: dict[str, tuple[Stance, str]] = {
    "RA": ("pro", "Default Inference"),
    "CA": ("con", "Default Conflict"),
    "MA": ("pro", "Default Rephrase"),
}


def timestamp(iso: str) -> str:
    """The store's ISO 8601 time as AIFdb writes it."""
    return iso[:19].replace("T", " ")


def write(
    item: TreeItem,
    made: Mapping[int, str],
    citations: Mapping[int, str],
    speakers: Mapping[int, str],
) -> dict[str, Any]:
    """The tree as AIFdb JSON. `made`: each node's creation time (ISO 8601);
    `citations`: each quote's citation; `speakers`: each quote's source, as a name."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    participants: dict[str, int] = {}
    ids: dict[int, str] = {}

    def add(text: str, kind: str, at: str) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": at})
        return node_id

    def edge(source: str, target: str) -> None:
        edges.append(
            {"edgeID": str(len(edges) + 1), "fromID": source, "toID": target, "formEdgeID": None}
        )

    stack: list[int] = []  # node ids on the path from the root
    for t, level, _ in walk(item):
        del stack[level:]
        n = t.node
        at = timestamp(made.get(n.id, "1970-01-01T00:00:00"))
        if n.id not in ids:
            if n.kind == "quote":
                said = readable(n.text)
                ids[n.id] = proposition = add(said, "I", at)
                speaker = speakers.get(n.id) or n.source_key or "unknown source"
                person = participants.setdefault(speaker, len(participants) + 1)
                locution = add(f"{speaker}: “{said}” ({citations.get(n.id, '')})", "L", at)
                asserting = add("Asserting", "YA", at)
                edge(locution, asserting)
                edge(asserting, proposition)
                locutions.append(
                    {
                        "nodeID": locution,
                        "personID": str(person),
                        "timestamp": at,
                        "start": None,
                        "end": None,
                        "source": citations.get(n.id),
                    }
                )
            else:
                ids[n.id] = add(n.text, "I", at)
        if stack and t.stance is not None:
            kind = "RA" if t.stance == "pro" else "CA"
            scheme = add(SCHEMES[kind][1], kind, at)
            edge(ids[n.id], scheme)
            edge(scheme, ids[stack[-1]])
        stack.append(n.id)
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": [
            {"participantID": str(number), "firstname": "", "surname": name}
            for name, number in participants.items()
        ],
    }


# -- in ---------------------------------------------------------------------------------


def _unwrap(data: Any) -> dict[str, Any]:
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
        data = data["AIF"]  # xAIF: the graph, beside the text it came from
    if not isinstance(data, dict):
        raise BadFile("$: an AIF graph is a JSON object with nodes and edges")
    for key in ("nodes", "edges"):
        if not isinstance(data.get(key), list):
            raise BadFile(f"$.{key}: an AIF graph has a list of {key}")
    return data


def _id(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadFile(f"{where}: an id is a string or a number")
    return str(value)


def from_json(data: Any) -> ImportedDebate:
    graph = _unwrap(data)
    types: dict[str, str] = {}
    claims: dict[str, ImportedClaim] = {}
    left: dict[str, int] = {}
    empty = 0
    for i, node in enumerate(graph["nodes"]):
        where = f"$.nodes[{i}]"
        if not isinstance(node, dict):
            raise BadFile(f"{where}: a node is an object")
        node_id = _id(node.get("nodeID"), f"{where}.nodeID")
        if node_id in types:
            raise BadFile(f"{where}.nodeID: node {node_id} is given twice")
        kind = node.get("type")
        if not isinstance(kind, str):
            raise BadFile(f"{where}.type: a node has a type (I, RA, CA, MA, L, …)")
        types[node_id] = kind
        if kind == "I":
            text = node.get("text")
            if text is not None and not isinstance(text, str):
                raise BadFile(f"{where}.text: a node's text is a string")
            if not (text or "").strip():
                empty += 1
                continue
            claims[node_id] = ImportedClaim(node_id, " ".join(text.split()), where)  # type: ignore[union-attr]
        elif kind not in SCHEMES:
            left[kind] = left.get(kind, 0) + 1
    into: dict[str, list[tuple[str, str]]] = {}  # scheme → (node pointing in, where)
    out_of: dict[str, list[tuple[str, str]]] = {}  # scheme → (node it points at, where)
    skipped_edges = 0
    for i, edge in enumerate(graph["edges"]):
        where = f"$.edges[{i}]"
        if not isinstance(edge, dict):
            raise BadFile(f"{where}: an edge is an object")
        source = _id(edge.get("fromID"), f"{where}.fromID")
        target = _id(edge.get("toID"), f"{where}.toID")
        for end, key in ((source, "fromID"), (target, "toID")):
            if end not in types:
                raise BadFile(f"{where}.{key}: there is no node {end}")
        if types[target] in SCHEMES and source in claims:
            into.setdefault(target, []).append((source, where))
        elif types[source] in SCHEMES and target in claims:
            out_of.setdefault(source, []).append((target, where))
        else:
            skipped_edges += 1
    links: list[ImportedLink] = []
    for scheme, kind in types.items():
        if kind not in SCHEMES:
            continue
        stance = SCHEMES[kind][0]
        for source, where in into.get(scheme, []):
            for target, _ in out_of.get(scheme, []):
                if source != target:
                    links.append(ImportedLink(target, source, stance, where))
    unique, cycles, theses = as_tree(links, list(claims))
    left_out = [
        LeftOut(f"{kind}-node", n, "not part of the argument tree (the tree keeps I, RA, CA, MA)")
        for kind, n in sorted(left.items())
    ]
    if empty:
        left_out.append(LeftOut("I-node", empty, "it has no text"))
    if skipped_edges:
        left_out.append(
            LeftOut("edge", skipped_edges, "it does not join a claim and an RA, CA or MA node")
        )
    if cycles:
        shown = "; ".join(" → ".join(cycle) for cycle in cycles[:3])
        left_out.append(LeftOut("edge", len(cycles), f"it would close a cycle: {shown}"))
    debate = ImportedDebate(
        "aif",
        None,
        theses,
        tuple(claims.values()),
        tuple(unique),
        (),
        (),
        tuple(left_out),
    )
    check(debate)
    return debate
