"""Loading the seed debate of `debate demo` into a store, in one transaction.

The texts are read and every seed quote anchored first, outside the write
lock; then the whole seed (or, on a store that has it, the texts it lacks) is
written at once, so an interrupted demo leaves the store as it was.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from debate.app import claims, quotes, room, sessions, sources, votes, weighing
from debate.app.weighing import WeightedTrees
from debate.errors import Conflict, NotFound
from debate.models import Anchor, SourceMetadata, SourceText
from debate.resources import data_dir
from debate.store import Store


@dataclass(frozen=True)
class DemoLoaded:
    thesis: int
    created: bool  # False when the store already had the demo
    attached: list[sources.SourceAdded]
    tree: WeightedTrees  # the thesis's, as `debate tree` prints it


def seed() -> dict[str, Any]:
    return dict(json.loads((data_dir("seeds") / "demo.json").read_text(encoding="utf-8")))


def text_files(texts: Path) -> dict[str, Path]:
    """The demo's source files in a folder, by source key; every one must be there."""
    files = {s["key"]: texts / s["file"] for s in seed()["sources"]}
    missing = sorted(path.name for path in files.values() if not path.is_file())
    if missing:
        raise NotFound(
            f"{texts} lacks the demo's source text{'s' if len(missing) > 1 else ''}: "
            f"{', '.join(missing)}"
        )
    return files


def load(store: Store, actor: str, texts: Path | None = None) -> DemoLoaded:
    """Load the seed once (its fixed UUIDs make a second load add nothing),
    attaching the source texts found in `texts` and verifying every quote."""
    data = seed()
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, data["namespace"])

    def uid(ref: str) -> str:
        return str(uuid.uuid5(namespace, ref))

    given = (
        {key: sources.prepare_text(path) for key, path in text_files(texts).items()}
        if texts
        else {}
    )
    # The text each seed source is checked against: one given now, else the store's own.
    against: dict[str, sources.PreparedText] = dict(given)
    known_hash: dict[str, str | None] = {}
    for s in data["sources"]:
        existing = store.find_source(s["key"])
        known_hash[s["key"]] = existing.text_sha256 if existing else None
        if existing and existing.has_text:
            text = store.source_text(existing.id)
            assert text is not None
            against[s["key"]] = _as_prepared(text, existing.text_sha256, existing.pages)
    anchors: dict[str, tuple[Anchor, str | None]] = {}
    for key, prepared in against.items():
        of_source = [q for q in data["quotes"] if q["source"] == key]
        for q, anchored in zip(
            of_source, sources.anchor_typed(prepared, [q["text"] for q in of_source]), strict=True
        ):
            anchors[q["ref"]] = anchored

    attached = []
    with store.transaction():
        who = store.participant_id(actor)
        for s in data["sources"]:
            existing = store.find_source(s["key"])
            if (existing.text_sha256 if existing else None) != known_hash[s["key"]]:
                raise Conflict(f"source {s['key']} changed while the demo was loading; try again")
        thesis = store.node_id_by_uuid(uid("T"))
        created = thesis is None
        if thesis is None:
            thesis = _insert(store, data, uid, anchors)
        for key, prepared in given.items():
            source = store.source(key)
            if source.has_text:
                continue
            stored = store.quotes_of_source(source.id)
            refs = {uid(q["ref"]): q["ref"] for q in data["quotes"]}
            found = [
                sources.Anchored(n.id, *anchors[refs[n.uuid]]) for n in stored if n.uuid in refs
            ]
            sources.attach_text(store, who, source, prepared, found, SourceMetadata())
            missing = [a.node_id for a in found if not a.anchor.stored_ok]
            attached.append(
                sources.SourceAdded(
                    store.source(key), False, True, len(found) - len(missing), missing
                )
            )
    return DemoLoaded(thesis, created, attached, weighing.weighted_trees(store, thesis))


def _as_prepared(
    text: str, sha: str | None, pages: tuple[tuple[int, str], ...]
) -> sources.PreparedText:
    """A text already in the store, to anchor against."""
    return sources.PreparedText(
        SourceText(text, sha or "", "", "", "", None, pages), SourceMetadata(), []
    )


def _insert(
    store: Store, data: dict[str, Any], uid: Any, anchors: dict[str, tuple[Anchor, str | None]]
) -> int:
    people = {
        p["name"]: store.participant_id(p["name"], p.get("role")) for p in data["participants"]
    }
    first = people[data["participants"][0]["name"]]
    sources = {}
    for s in data["sources"]:
        metadata = SourceMetadata(**{k: s.get(k) for k in SourceMetadata._fields})
        store.add_source(s["key"], metadata, first, uuid_=uid(f"source:{s['key']}"))
        sources[s["key"]] = store.source(s["key"]).id
    seeder = _Seeder(store, data, uid, anchors, people, sources)
    session = data.get("session")
    said = {r for s in session["speeches"] for r in s["claims"]} if session else set()
    # What was not said in the seminar session is there before it starts.
    seeder.add([c for c in data["claims"] if c["ref"] not in said])
    if session:
        seeder.run_session(session)
    return seeder.ids["T"]


@dataclass
class _Seeder:
    """Writes the seed's claims, quotes and votes, and its seminar session."""

    store: Store
    data: dict[str, Any]
    uid: Any
    anchors: dict[str, tuple[Anchor, str | None]]
    people: dict[str, int]
    sources: dict[str, int]
    ids: dict[str, int] = field(default_factory=dict)  # seed ref → node id

    def add(self, seeded: list[dict[str, Any]]) -> None:
        """The claims, then the quotes under them, then the votes on both."""
        store, ids, uid = self.store, self.ids, self.uid
        refs = {c["ref"] for c in seeded}
        for c in seeded:
            parent = ids[c["parent"]] if c["parent"] else None
            node = claims.add_claim(
                store, c["by"], c["text"], parent, c["stance"], uuid_=uid(c["ref"])
            )
            ids[c["ref"]] = node.id
        # Without a text a quote stays unverified; attaching one (`--texts`) verifies it.
        seeded_quotes = [q for q in self.data["quotes"] if q["claim"] in refs]
        for q in seeded_quotes:
            anchor, exact = self.anchors.get(q["ref"], (Anchor.placeless("unverified"), None))
            ids[q["ref"]] = quotes.write_quote(
                store,
                self.people[q["by"]],
                ids[q["claim"]],
                self.sources[q["source"]],
                "con" if q["opposes"] else "pro",
                typed=q["text"],
                exact=exact,
                anchor=anchor,
                locator=q.get("locator"),
                note=q.get("note"),
                uuid_=uid(q["ref"]),
            )
        voted_on = refs | {q["ref"] for q in seeded_quotes}
        for v in self.data["votes"]:
            if v["node"] not in voted_on:
                continue
            for kind in ("accept", "impact"):
                if kind in v:
                    votes.record_vote(store, self.people[v["by"]], ids[v["node"]], kind, v[kind])

    def run_session(self, session: dict[str, Any]) -> None:
        """A finished seminar debate on the thesis: each speech adds what the seed says
        was said in it."""
        store, chair = self.store, session["chair"]
        made = sessions.new_session(
            store,
            chair,
            sessions.NewSession(
                self.ids["T"],
                session["format"],
                tuple((side, tuple(names)) for side, names in session["sides"].items()),
                chair=chair,
                motion=session["motion"],
            ),
        )
        by_ref = {c["ref"]: c for c in self.data["claims"]}
        sessions.poll(store, chair, made.id, "pre", counts=session["polls"]["pre"])
        sessions.step(store, chair, made.id, "start", session["start"])
        at = 0
        speeches = session["speeches"]
        for i, speech in enumerate(speeches):
            self.add([by_ref[r] for r in speech["claims"]])
            at += speech["seconds"]
            if i + 1 < len(speeches):
                sessions.step(store, chair, made.id, "next", f"+{at // 60}:{at % 60:02d}")
        sessions.poll(store, chair, made.id, "post", counts=session["polls"]["post"])
        sessions.step(store, chair, made.id, "end", f"+{at // 60}:{at % 60:02d}")
        room.reveal(store, made.id)  # `debate serve 1` shows the finished seminar, decided
