"""Use cases for debates in and out of files: our own lossless JSON document, and
Kialo's text export, Argdown and AIF read into the tree. (Exports of the weighted
tree are in `debate.app.weighing`.)

A file is read, decoded, checked and parsed before the store is touched, so a
bad file is refused before any write and nothing slow runs under the write
lock; then everything is written in one transaction, or nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debate.app.reading import read_bounded, shown
from debate.core import validate
from debate.core.files import document, kialo
from debate.core.files.imported import ImportedDebate, LeftOut
from debate.core.text import describe_control, first_control
from debate.errors import BadFile, InvalidInput
from debate.models import VOTE_RANGES, SourceMetadata
from debate.store import Store, document_tables

# A 3,000-claim Kialo export is about 0.4 MB; a JSON document carries its sources' texts.
MAX_FILE_BYTES = 100 * 1024 * 1024
IMPORT_FORMATS = ("json", "kialo", "argdown", "aif")
ARGDOWN_INSTALL = "npm install -g @argdown/cli@1.7.5 (it runs on Node.js 20)"
# The kinds an import report always counts, whatever the format holds.
KINDS = ("claims", "links", "quotes", "sources", "citations", "votes", "participants")


@dataclass(frozen=True)
class Conflict:
    """A row both sides changed: the later change is kept, the other stays in history."""

    kind: str  # "node", "vote", ...
    uuid: str
    kept: str  # "file" or "store"


@dataclass(frozen=True)
class ImportReport:
    path: str
    format: str
    title: str | None
    dry_run: bool
    theses: tuple[int, ...]  # the new theses' ids; none on a dry run
    imported: dict[str, int]  # by kind, as KINDS: new rows
    left_out: tuple[LeftOut, ...]
    already: dict[str, int] | None = None  # JSON: rows the store held already, by kind
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Merged:
    theses: tuple[int, ...]
    new: dict[str, int]
    already: dict[str, int]
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True)
class Document:
    """A lossless JSON document, checked against its schema."""

    data: dict[str, Any]

    def report(self, path: Path, theses: tuple[int, ...], merged: Merged | None) -> ImportReport:
        d = self.data
        title = next((n["text"] for n in d["nodes"] if n["uuid"] == d["thesis"]), None)
        if merged is None:  # a dry run: what the file holds
            held = {
                "claims": sum(1 for n in d["nodes"] if n["kind"] == "claim"),
                "links": len(d["links"]),
                "quotes": sum(1 for n in d["nodes"] if n["kind"] == "quote"),
                "sources": len(d["sources"]),
                "citations": len(d["citations"]),
                "votes": len(d["votes"]),
                "participants": len(d["participants"]),
            }
            return ImportReport(str(path), "json", title, True, (), held, ())
        return ImportReport(
            str(path),
            "json",
            title,
            False,
            theses,
            {k: merged.new.get(k, 0) for k in KINDS},
            (),
            {k: merged.already.get(k, 0) for k in KINDS},
            merged.conflicts,
        )


def read_text(path: Path) -> str:
    """The file's text: at most MAX_FILE_BYTES, UTF-8 (a byte-order mark is dropped),
    no control characters but tab and newline (and CR before a newline)."""
    data = read_bounded(
        path,
        MAX_FILE_BYTES,
        f"{shown(path)} is over {MAX_FILE_BYTES:,} bytes, the most that can be imported",
    )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise BadFile(f"line {line}: not valid UTF-8 (byte {e.start + 1} of the file)") from None
    control = first_control(text.replace("\r\n", "\n"))
    if control is not None:
        line = text.count("\n", 0, text.index(control)) + 1
        raise BadFile(f"line {line}: the control character {describe_control(control)}")
    return text


def guess_format(path: Path, text: str) -> str:
    if path.suffix.lower() in (".argdown", ".ad"):
        return "argdown"
    if document.looks_like(text):
        return "json"
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head == "{" and ('"nodes"' in text[:100_000] or '"AIF"' in text[:100_000]):
        return "aif"  # AIFdb's JSON, or the xAIF wrapper
    if path.suffix.lower() == ".json" and head == "{":
        return "json"
    if kialo.looks_like(text):
        return "kialo"
    raise BadFile(
        f"cannot tell the format of {path.name}; give it with --format "
        f"({', '.join(IMPORT_FORMATS)})"
    )


def parse(text: str, fmt: str, *, argdown_cli: str | None = None) -> ImportedDebate | Document:
    if fmt == "json":
        return Document(document.loads(text))
    if fmt == "kialo":
        debate = kialo.parse(text)
    elif fmt == "aif":
        from debate.core.files import aif

        debate = aif.from_json(document.load_json(text))
    elif fmt == "argdown":
        from debate.core.files import argdown

        debate = argdown.from_json(run_argdown(text, argdown_cli))
    else:
        raise InvalidInput(f"unknown format {fmt!r}; choose from {', '.join(IMPORT_FORMATS)}")
    _check_claims(debate)
    return debate


def _check_claims(debate: ImportedDebate) -> None:
    for claim in debate.claims:  # the rules of `claim add`, with the line named
        validate.required_text(claim.text, f"{claim.where}: claim {claim.key}")
    if not debate.theses:
        raise BadFile("the file holds no thesis")


def read_file(
    path: Path, fmt: str | None = None, *, argdown_cli: str | None = None
) -> ImportedDebate | Document:
    """The file, read, decoded, parsed and checked: before any store is opened, so a
    bad file changes nothing (and a dry run needs no store)."""
    text = read_text(path)
    return parse(text, fmt or guess_format(path, text), argdown_cli=argdown_cli)


def run_argdown(text: str, cli: str | None = None) -> Any:
    """What Argdown's own parser makes of the text (`argdown json`), as data."""
    import shutil
    import subprocess
    import tempfile

    exe = cli or shutil.which("argdown")
    if exe is None or not Path(exe).exists():
        where = f"{cli} does not exist" if cli else "the Argdown CLI is not on PATH"
        raise InvalidInput(f"{where}: {ARGDOWN_INSTALL}, or give its path with --argdown-cli")
    # A copy with a plain name: the CLI reads its argument as a glob.
    with tempfile.TemporaryDirectory(prefix="debate-argdown-") as folder:
        source = Path(folder) / "input.argdown"
        source.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run(
                [exe, "json", str(source), "--stdout", "--silent"],
                capture_output=True,
                text=True,
                timeout=300,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise InvalidInput(f"cannot run the Argdown CLI {exe}: {e}") from e
    if done.returncode != 0 or not done.stdout.strip():
        said = (done.stderr or done.stdout).strip().splitlines()
        raise BadFile(f"the Argdown CLI refused the file: {said[0] if said else 'no output'}")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as e:
        raise BadFile(f"the Argdown CLI gave no JSON ({e.msg})") from None


def report(
    path: Path,
    debate: ImportedDebate | Document,
    theses: tuple[int, ...] = (),
    merged: Merged | None = None,
) -> ImportReport:
    """What the file holds, by kind; with the new theses once it is imported, and for
    a JSON document what was new, what was there already and the conflicts."""
    if isinstance(debate, Document):
        return debate.report(path, theses, merged)
    imported = dict.fromkeys(KINDS, 0)
    imported.update(
        claims=len(debate.claims),
        links=len(debate.links),
        sources=len(debate.sources),
        citations=len(debate.citations),
    )
    return ImportReport(
        str(path), debate.format, debate.title, not theses, theses, imported, debate.left_out
    )


def import_debate(
    store: Store, actor: str, path: Path, debate: ImportedDebate | Document
) -> ImportReport:
    """Everything the file holds, in one transaction, or nothing."""
    if isinstance(debate, Document):
        merged = _merge(store, debate)
        return report(path, debate, merged.theses, merged)
    return report(path, debate, _write(store, actor, path, debate))


def _write(store: Store, actor: str, path: Path, debate: ImportedDebate) -> tuple[int, ...]:
    with store.transaction():
        who = store.participant_id(actor)
        ids: dict[str, int] = {}
        for claim in debate.claims:
            ids[claim.key] = store.add_node("claim", claim.text.strip(), who)
        for link in debate.links:
            store.add_link(ids[link.parent], ids[link.child], link.stance, who)
        parents = {link.child: link for link in debate.links if not link.reference}
        for claim in debate.claims:
            above = parents.get(claim.key)
            store.log(
                who,
                "claim added",
                node=ids[claim.key],
                text=claim.text.strip(),
                parent=None if above is None else ids[above.parent],
                stance=None if above is None else above.stance,
            )
        source_ids: dict[str, int] = {}
        for source in debate.sources:
            key = kialo.source_key(source.title)
            title = validate.optional_text(source.title[: validate.MAX_FIELD], "a source's title")
            url = source.url if source.url and len(source.url) <= validate.MAX_FIELD else None
            found = store.add_source(key, SourceMetadata(title=title, url=url), who)
            source_ids[source.key] = found if found is not None else store.source(key).id
        for citation in debate.citations:
            store.add_citation(
                ids[citation.claim], source_ids[citation.source], citation.label, who
            )
        theses = tuple(ids[key] for key in debate.theses)
        for thesis in theses:
            store.log(
                who,
                "debate imported",
                node=thesis,
                file=path.name,
                format=debate.format,
                title=debate.title,
                claims=len(debate.claims),
            )
    return theses


# -- the lossless JSON document ----------------------------------------------------------


def export_document(store: Store, thesis: int, *, with_text: bool = True) -> str:
    """The whole debate under the thesis as our JSON document (see its schema)."""
    from debate.app.policy import require_live

    node = require_live(store, thesis, "claim")
    return document.dumps(
        document.document(node.uuid, store.document_rows(thesis, with_text=with_text))
    )


# What changes a node, a link's stance or a quote after it is made, by the event log:
# of two copies that both changed a row, the later change wins.
_NODE_CHANGES = frozenset(
    {
        "claim edited",
        "claim archived",
        "claim unarchived",
        "quote archived",
        "quote unarchived",
        "quote edited",
    }
)
_LINK_CHANGES = frozenset({"moved", "quote moved"})


def _prepared_sources(data: dict[str, Any]) -> dict[str, tuple[list[Any], Any]]:
    """Each source text's search passages and normalized copy: slow, so made before
    the transaction."""
    from debate.core import extraction
    from debate.core.anchoring import Anchorer

    out = {}
    for source in data["sources"]:
        text = source["text"]
        if text is None:
            continue
        pages = [(offset, label) for offset, label in source["pages"] or []]
        out[source["uuid"]] = (
            extraction.paged_passages(text, pages),
            Anchorer.for_text(text).index(),
        )
    return out


def _last_changes(events: list[dict[str, Any]], actions: frozenset[str]) -> dict[str, str]:
    """When the document's event log last changed each node by one of these actions."""
    last: dict[str, str] = {}
    for e in events:
        if e["node"] is not None and e["action"] in actions and e["at"] > last.get(e["node"], ""):
            last[e["node"]] = e["at"]
    return last


# The document's user text, checked as `claim add` and the rest check it (a source's
# own text may hold what its file held, page breaks included).
_CHECKED_TEXT = {
    "participants": ("name",),
    "teams": ("name",),
    "sources": ("key", "title", "author", "venue", "url"),
    "nodes": ("text",),
    "citations": ("label",),
}
_CHECKED_QUOTE_TEXT = ("typed", "locator", "note")


def _check_text(data: dict[str, Any]) -> None:
    from debate.models import ACTIONS

    def check(value: str | None, *path: str | int) -> None:
        control = None if value is None else first_control(value)
        if control is not None:
            raise BadFile(
                f"{document.path_text(list(path))}: holds the control character "
                f"{describe_control(control)}"
            )

    for kind, keys in _CHECKED_TEXT.items():
        for i, row in enumerate(data[kind]):
            for key in keys:
                check(row[key], kind, i, key)
            if kind == "nodes" and "quote" in row:
                for key in _CHECKED_QUOTE_TEXT:
                    check(row["quote"][key], kind, i, "quote", key)
    for i, event in enumerate(data["events"]):
        if event["action"] not in ACTIONS:
            raise BadFile(f"$.events[{i}].action: unknown action {event['action']!r}")


def _merge(store: Store, doc: Document) -> Merged:
    """The document into the store, row by row, in one transaction (see `_Merge`)."""
    _check_text(doc.data)
    started = time.monotonic()
    merge = _Merge(store, doc.data, _prepared_sources(doc.data))
    # Indexing its sources took a while: the write waits for its turn at least as long.
    with store.waiting_at_least(time.monotonic() - started), store.transaction():
        merge.participants()
        merge.teams()
        merge.sources()
        merge.nodes()
        merge.links()
        merge.citations()
        merge.votes()
        merge.events()
        thesis = merge.node_id("thesis", None, "", doc.data["thesis"])
    return Merged((thesis,), merge.new, merge.already, tuple(merge.conflicts))


class _Merge:
    """Merging by UUID: a row the store holds already is counted, not added again
    (a participant, team or source also by its name or key); a row both sides
    changed keeps the later change, by the event log, and is a conflict. Local ids
    are found for the document's UUIDs as rows go in, kinds referred to first."""

    def __init__(
        self, store: Store, data: dict[str, Any], prepared: dict[str, tuple[list[Any], Any]]
    ) -> None:
        self.store = store
        self.data = data
        self.prepared = prepared
        self.new: dict[str, int] = {}
        self.already: dict[str, int] = {}
        self.conflicts: list[Conflict] = []
        self.people: dict[str, int] = {}
        self.source_ids: dict[str, int] = {}
        self.node_ids: dict[str, int] = {}
        self.node_changed = _last_changes(data["events"], _NODE_CHANGES)
        self.link_changed = _last_changes(data["events"], _LINK_CHANGES)

    def count(self, kind: str, is_new: bool) -> None:
        target = self.new if is_new else self.already
        target[kind] = target.get(kind, 0) + 1

    @staticmethod
    def at(kind: str, i: int | None, key: str) -> str:
        return document.path_text([kind] + ([i] if i is not None else []) + ([key] if key else []))

    def person(self, kind: str, i: int, key: str, uuid_: str) -> int:
        if uuid_ not in self.people:
            raise BadFile(f"{self.at(kind, i, key)}: no participant {uuid_} in the document")
        return self.people[uuid_]

    def node_id(self, kind: str, i: int | None, key: str, uuid_: str) -> int:
        if uuid_ not in self.node_ids:
            raise BadFile(f"{self.at(kind, i, key)}: no node {uuid_} in the document")
        return self.node_ids[uuid_]

    def source_id(self, kind: str, i: int, key: str, uuid_: str) -> int:
        if uuid_ not in self.source_ids:
            raise BadFile(f"{self.at(kind, i, key)}: no source {uuid_} in the document")
        return self.source_ids[uuid_]

    def participants(self) -> None:
        store = self.store
        for p in self.data["participants"]:
            found = store.ids_by_uuid("participants", [p["uuid"]]).get(p["uuid"])
            if found is None:
                found = store.find_participant(p["name"])  # the same person, made twice
            self.count("participants", found is None)
            if found is None:
                found = store.insert_record(
                    "participants", {k: p[k] for k in ("uuid", "name", "role", "created_at")}
                )
            self.people[p["uuid"]] = found
        for i, p in enumerate(self.data["participants"]):
            if p["merged_into"]:
                merged = self.person("participants", i, "merged_into", p["merged_into"])
                store.update_record("participants", self.people[p["uuid"]], {"merged_into": merged})

    def teams(self) -> None:
        store = self.store
        for i, t in enumerate(self.data["teams"]):
            team = store.ids_by_uuid("teams", [t["uuid"]]).get(t["uuid"])
            team = team or store.team_id(t["name"])
            if team is None:
                team = store.insert_record(
                    "teams",
                    {
                        "uuid": t["uuid"],
                        "name": t["name"],
                        "created_by": self.person("teams", i, "created_by", t["created_by"]),
                        "created_at": t["created_at"],
                    },
                )
            for j, m in enumerate(t["members"]):
                who = self.person("teams", i, f"members[{j}]", m["participant"])
                store.insert_team_member(team, who, m["added_at"])

    def sources(self) -> None:
        """By key (a source's key never changes): one the store knew without its text
        gets the document's; one whose text differs keeps the store's."""
        store = self.store
        for i, src in enumerate(self.data["sources"]):
            found = store.find_source(src["key"])
            self.count("sources", found is None)
            if found is not None:
                self.source_ids[src["uuid"]] = found.id
                if not found.has_text and src["text"] is not None:
                    store.update_record(
                        "sources",
                        found.id,
                        {
                            "text": src["text"],
                            "text_sha256": src["text_sha256"],
                            "pages": json.dumps(src["pages"]) if src["pages"] else None,
                        },
                    )
                    self._index_text(found.id, src["uuid"])
                elif src["text_sha256"] and found.text_sha256 not in (None, src["text_sha256"]):
                    self.conflicts.append(Conflict("source", src["uuid"], "store"))
                continue
            if store.ids_by_uuid("sources", [src["uuid"]]):
                raise BadFile(
                    f"{self.at('sources', i, 'key')}: the store holds source {src['uuid']} "
                    "under another key"
                )
            row = {k: src[k] for k in document_tables.SOURCE_COLUMNS}
            row["pages"] = json.dumps(src["pages"]) if src["pages"] else None
            row["created_by"] = self.person("sources", i, "created_by", src["created_by"])
            self.source_ids[src["uuid"]] = source_id = store.insert_record("sources", row)
            self._index_text(source_id, src["uuid"])

    def _index_text(self, source_id: int, uuid_: str) -> None:
        """A text's search passages and normalized copy, made before the transaction."""
        if uuid_ in self.prepared:
            passages, index = self.prepared[uuid_]
            self.store.replace_passages(source_id, passages)
            self.store.save_source_index(source_id, index)

    def nodes(self) -> None:
        store = self.store
        for i, n in enumerate(self.data["nodes"]):
            kind = "claims" if n["kind"] == "claim" else "quotes"
            found = store.row_by_uuid("nodes", n["uuid"])
            self.count(kind, found is None)
            if found is not None:
                self.node_ids[n["uuid"]] = found["id"]
                self._changed_node(i, n, found)
                continue
            self.node_ids[n["uuid"]] = node_id = store.insert_record(
                "nodes",
                {
                    "uuid": n["uuid"],
                    "kind": n["kind"],
                    "text": n["text"],
                    "created_by": self.person("nodes", i, "created_by", n["created_by"]),
                    "created_at": n["created_at"],
                    "archived_at": n["archived_at"],
                },
            )
            if n["kind"] == "quote":
                q = n["quote"]
                store.insert_quote_record(
                    {
                        "node_id": node_id,
                        "source_id": self.source_id("nodes", i, "quote", q["source"]),
                        **{k: q[k] for k in document_tables.QUOTE_COLUMNS},
                    }
                )

    def _changed_node(self, i: int, n: dict[str, Any], found: dict[str, Any]) -> None:
        """A node both sides hold: where they differ, the later change wins."""
        store = self.store
        if found["kind"] != n["kind"]:
            raise BadFile(
                f"{self.at('nodes', i, 'kind')}: the store holds {n['uuid']} as a {found['kind']}"
            )
        fields = {k: n[k] for k in ("text", "archived_at") if found[k] != n[k]}
        quote_fields: dict[str, Any] = {}
        if n["kind"] == "quote":
            q = store.quote_row(found["id"]) or {}
            quote_fields = {
                k: n["quote"][k] for k in document_tables.QUOTE_COLUMNS if q.get(k) != n["quote"][k]
            }
        if not (fields or quote_fields):
            return
        theirs = self.node_changed.get(n["uuid"], n["created_at"])
        ours = store.last_event_at(found["id"], _NODE_CHANGES) or found["created_at"]
        if theirs > ours:
            if fields:
                store.update_record("nodes", found["id"], fields)
            if quote_fields:
                store.update_record("quotes", found["id"], quote_fields)
        self.conflicts.append(Conflict("node", n["uuid"], "file" if theirs > ours else "store"))

    def links(self) -> None:
        from debate.core.graph import children_map, find_cycle

        store = self.store
        for i, link in enumerate(self.data["links"]):
            parent = self.node_id("links", i, "parent", link["parent"])
            child = self.node_id("links", i, "child", link["child"])
            if parent == child:
                raise BadFile(f"{self.at('links', i, 'child')}: a claim cannot stand under itself")
            found = store.row_by_uuid("links", link["uuid"]) or store.link_row(parent, child)
            self.count("links", found is None)
            if found is None:
                store.insert_record(
                    "links",
                    {
                        "uuid": link["uuid"],
                        "parent_id": parent,
                        "child_id": child,
                        "stance": link["stance"],
                        "created_by": self.person("links", i, "created_by", link["created_by"]),
                        "created_at": link["created_at"],
                    },
                )
            elif found["stance"] != link["stance"]:
                theirs = self.link_changed.get(link["child"], link["created_at"])
                ours = store.last_event_at(child, _LINK_CHANGES) or found["created_at"]
                if theirs > ours:
                    store.update_record("links", found["id"], {"stance": link["stance"]})
                self.conflicts.append(
                    Conflict("link", link["uuid"], "file" if theirs > ours else "store")
                )
        # Checked once, over the store's links and the new ones together.
        links = children_map(store.all_links())
        closing = find_cycle(sorted(links), links)
        if closing is not None:
            cycle, _ = closing
            raise BadFile(
                "$.links: with the store's links they would make a cycle: "
                + " → ".join(f"#{n}" for n in cycle)
            )

    def citations(self) -> None:
        store = self.store
        for i, c in enumerate(self.data["citations"]):
            source = self.source_id("citations", i, "source", c["source"])
            if store.ids_by_uuid("citations", [c["uuid"]]):
                self.count("citations", False)
                continue
            added = store.add_citation(
                self.node_id("citations", i, "node", c["node"]),
                source,
                c["label"],
                self.person("citations", i, "created_by", c["created_by"]),
                uuid_=c["uuid"],
                created_at=c["created_at"],
            )
            self.count("citations", added)

    def votes(self) -> None:
        store = self.store
        for i, v in enumerate(self.data["votes"]):
            node_id = self.node_id("votes", i, "node", v["node"])
            who = self.person("votes", i, "participant", v["participant"])
            low, high = VOTE_RANGES[v["kind"]]
            if not low <= v["value"] <= high:
                raise BadFile(
                    f"{self.at('votes', i, 'value')}: {v['value']} is outside {low}..{high} "
                    f"for {v['kind']}"
                )
            found = store.vote_row(node_id, who, v["kind"])
            self.count("votes", found is None)
            if found is None:
                store.insert_record(
                    "votes",
                    {
                        "uuid": v["uuid"],
                        "node_id": node_id,
                        "participant_id": who,
                        "kind": v["kind"],
                        "value": v["value"],
                        "cast_at": v["cast_at"],
                    },
                )
            elif found["value"] != v["value"]:
                later = v["cast_at"] > found["cast_at"]
                if later:
                    store.update_record(
                        "votes", found["id"], {"value": v["value"], "cast_at": v["cast_at"]}
                    )
                self.conflicts.append(Conflict("vote", v["uuid"], "file" if later else "store"))

    def events(self) -> None:
        """The history of both sides: every event once, as recorded."""
        events = self.data["events"]
        known = self.store.ids_by_uuid("events", [e["uuid"] for e in events])
        for i, e in enumerate(events):
            if e["uuid"] in known:
                continue
            node = None if e["node"] is None else self.node_id("events", i, "node", e["node"])
            self.store.insert_record(
                "events",
                {
                    "uuid": e["uuid"],
                    "at": e["at"],
                    "participant_id": self.person("events", i, "participant", e["participant"]),
                    "action": e["action"],
                    "node_id": node,
                    "source_id": None if e["source"] is None else self.source_ids.get(e["source"]),
                    "data": json.dumps(e["data"], ensure_ascii=False, sort_keys=True),
                },
            )
