"""Loading the seed debate of `debate demo` into a store."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debate import app, evidence
from debate.resources import data_dir
from debate.store import Store


@dataclass(frozen=True)
class DemoLoaded:
    thesis: int
    created: bool  # False when the store already had the demo
    attached: list[evidence.SourceAdded]


def seed() -> dict[str, Any]:
    return dict(json.loads((data_dir("seeds") / "demo.json").read_text(encoding="utf-8")))


def load(store: Store, actor: str, texts: Path | None = None) -> DemoLoaded:
    """Load the seed once (its fixed UUIDs make a second load add nothing),
    then attach any source texts found in `texts`."""
    data = seed()
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, data["namespace"])

    def uid(ref: str) -> str:
        return str(uuid.uuid5(namespace, ref))

    with store.write():
        thesis = store.node_id_by_uuid(uid("T"))
        created = thesis is None
        if created:
            thesis = _insert(store, data, uid)
    attached = []
    if texts is not None:
        for s in data["sources"]:
            path = texts / s["file"]
            if path.is_file() and not store.source(s["key"]).has_text:
                attached.append(evidence.add_source(store, actor, path, s["key"], {}))
    assert thesis is not None
    return DemoLoaded(thesis, created, attached)


def _insert(store: Store, data: dict[str, Any], uid: Any) -> int:
    people = {p["name"]: store.participant(p["name"], p.get("role")) for p in data["participants"]}
    sources = {}
    for s in data["sources"]:
        existing = store.find_source(s["key"])
        if existing is None:
            metadata = {k: s.get(k) for k in ("title", "author", "year", "venue", "url")}
            sources[s["key"]] = store.add_source(
                s["key"],
                metadata,
                people[data["participants"][0]["name"]],
                uuid_=uid(f"source:{s['key']}"),
            )
        else:
            sources[s["key"]] = existing.id
    ids: dict[str, int] = {}
    for c in data["claims"]:
        parent = ids[c["parent"]] if c["parent"] else None
        ids[c["ref"]] = app.insert_claim(
            store, people[c["by"]], c["text"], parent, c["stance"], uuid_=uid(c["ref"])
        )
    # Quotes go in unverified; attaching a text (`--texts`) verifies them all.
    for q in data["quotes"]:
        ids[q["ref"]] = app.insert_quote(
            store,
            people[q["by"]],
            ids[q["claim"]],
            sources[q["source"]],
            "con" if q["opposes"] else "pro",
            typed=q["text"],
            exact=None,
            anchor={"status": "unverified"},
            locator=q.get("locator"),
            note=q.get("note"),
            uuid_=uid(q["ref"]),
        )
    for v in data["votes"]:
        for kind in ("accept", "impact"):
            if kind in v:
                app.record_vote(store, people[v["by"]], ids[v["node"]], kind, v[kind])
    return ids["T"]
