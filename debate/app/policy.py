"""Checks on the debate that every use case shares, so each lives in one place."""

from __future__ import annotations

from typing import Literal

from debate.errors import Archived, InvalidInput
from debate.models import Node
from debate.store import Store

Role = Literal["claim", "parent", "node"]


def require_live(store: Store, node_id: int, role: Role = "node") -> Node:
    """The node, if it is live: not archived, and a thesis or under a live claim.

    `role` "claim" or "parent" also requires a claim (quotes have no children).
    """
    node = store.node(node_id)
    if role != "node" and node.kind != "claim":
        what = "" if role == "claim" else "; the parent must be a claim"
        raise InvalidInput(f"#{node_id} is a quote, not a claim{what}")
    if node.archived_at:
        raise Archived(
            f"#{node_id} is archived (`debate claim unarchive {node_id}` brings it back)"
        )
    if not store.is_live(node_id):
        raise Archived(f"#{node_id} hangs only under archived claims")
    return node
