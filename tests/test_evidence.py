"""Sources (text, PDF, HTML, BibTeX), quoting, check, source update, search and the
evidence log, through the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from debate.core.text import readable
from tests.conftest import Runner
from tests.pdf import make_pdf
from tests.test_anchoring import PAGED


@pytest.fixture
def paged(run: Runner, tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(PAGED, encoding="utf-8")
    run("claim", "add", "Harbours make towns rich")
    run("source", "add", str(path), "--key", "harbour", "--author", "Doe, Jane", "--year", "2024")
    return path


def quote(run: Runner, text: str, *args: str, code: int = 0) -> dict[str, Any]:
    import json

    result = run("quote", "1", "--source", "harbour", text, *args, "--json", code=code)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# -- quote ---------------------------------------------------------------------


def test_quote_json_reports_where_and_how(run: Runner, paged: Path) -> None:
    q = quote(run, "Most members of the counsil agreed that the new harbor would bring trade")
    assert (q["status"], q["method"], q["edits"], q["similarity"]) == (
        "verified-with-differences",
        "fuzzy",
        2,
        0.9722,  # 1 − 2/72
    )
    assert (
        q["exact"] == "Most members of the council agreed that the new har-\nbour would bring trade"
    )
    assert PAGED[q["start"] : q["end"]] == q["exact"]
    assert (q["page"], q["verbatim"], q["stored"], q["id"]) == ("1", False, True, 2)
    assert q["typed"] == "Most members of the counsil agreed that the new harbor would bring trade"
    assert q["context_before"] == PAGED[max(0, q["start"] - 50) : q["start"]]
    assert q["context_after"] == PAGED[q["end"] : q["end"] + 50]
    # What is shown is the source's own text, never what was typed.
    shown = run.json("show", "2")
    assert shown["exact"] == q["exact"]
    assert (
        shown["text"] == "Most members of the council agreed that the new harbour would bring trade"
    )
    out = run("quote", "1", "--source", "harbour", "the new harbour would bring trade")
    start = PAGED.index("the new har-")
    end = PAGED.index("trade to") + len("trade")
    assert out.stderr == f"Added quote #3 supporting #1: harbour [{start}:{end}], p. 1 (exact).\n"


def test_a_refused_quote_prints_json_and_stores_nothing(run: Runner, paged: Path) -> None:
    before = run.dump()
    q = quote(run, "the Anglo-French consortium had not paid its 13 per cent share", code=1)
    assert (q["status"], q["stored"], q["edits"]) == ("needs-confirmation", False, 1)
    assert q["problems"] == ["numbers differ: 13 against the source's 12"]
    assert q["diff"] == (
        "the Anglo French consortium had not paid its [-13-] {+12+} per cent share"
    )
    q = quote(run, "Nobody expected the costs to double.", code=1)
    assert q["status"] == "ambiguous" and [o["page"] for o in q["occurrences"]] == ["1", "2"]
    q = quote(
        run, "critics argued that the Franco-British consortium had failed to pay its share", code=1
    )
    assert q["status"] == "not-found" and q["closest"]["similarity"] == 0.6883
    assert run.dump() == before


def test_messages_for_humans(run: Runner, paged: Path) -> None:
    result = run(
        "quote", "1", "--source", "harbour", "Nobody expected the costs to double.", code=1
    )
    first = PAGED.index("Nobody")
    second = PAGED.index("Nobody", first + 1)
    lines = result.stderr.splitlines()
    assert lines[0] == "The passage occurs 2 times:"
    assert lines[1].startswith(f"  1. harbour [{first}:{first + 36}], p. 1  …")
    assert "2. harbour" in result.stderr and f"[{second}:{second + 36}], p. 2" in result.stderr
    assert lines[-1] == (
        "Error: the passage occurs 2 times in harbour; pick one with --occurrence K (1 to 2)"
    )
    result = run("quote", "1", "--source", "harbour", "Ships came by sea in a long line.", code=1)
    assert result.stderr == (
        "No passage of harbour is similar to it.\nError: quote not found in harbour\n"
    )


def test_occurrence_and_confirm(run: Runner, paged: Path) -> None:
    q = quote(run, "Nobody expected the costs to double.", "--occurrence", "2")
    assert (q["status"], q["page"], q["occurrence"]) == ("verified", "2", 2)
    q = quote(run, "the Anglo-French consortium had not paid its 13 per cent share", "--confirm")
    assert (q["status"], q["stored"]) == ("confirmed", True)
    assert q["exact"] == "the Anglo-\nFrench consortium had not paid its 12 per cent share"
    result = run(
        "quote",
        "1",
        "--source",
        "harbour",
        "Nobody expected the costs to double.",
        "--occurrence",
        "3",
        code=1,
    )
    assert result.stderr.endswith("Error: --occurrence 3: the passage occurs 2 times in harbour\n")
    # --confirm cannot store what is not there.
    q = quote(run, "The railway did not reach the valley until 1911.", "--confirm", code=1)
    assert q["status"] == "not-found"


# -- sources -------------------------------------------------------------------


def test_pdf_sources_keep_pages_labels_and_metadata(run: Runner, tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    header = "Journal of Tests 3 (2020)"
    pdf.write_bytes(
        make_pdf(
            [
                ["Preface: thanks to all."],
                [header, "Ports matter because trade follows the new har-", "bours closely.", "1"],
                [header, "Costs, however, doubled within a year.", "2"],
            ],
            title="A Test Paper",
            author="Doe, Jane",
            year=2020,
            roman_front_pages=1,
        )
    )
    run("claim", "add", "Harbours make towns rich")
    s = run.json("source", "add", str(pdf), "--key", "test2020")
    assert (s["title"], s["author"], s["year"]) == ("A Test Paper", "Doe, Jane", 2020)
    # The same file again, with a title on the command line: only the metadata changes.
    s = run.json("source", "add", str(pdf), "--key", "test2020", "--title", "Given Title")
    assert (s["title"], s["created"], s["text_attached"]) == ("Given Title", False, False)
    assert s["format"] == "pdf" and s["extractor"].startswith("pypdf ") and s["pages"] == 3
    assert len(s["original_sha256"]) == 64 and s["original_sha256"] != s["text_sha256"]
    q = run.json("quote", "1", "--source", "test2020", "trade follows the new harbours closely")
    assert (q["status"], q["page"]) == ("verified", "1")
    q = run.json("quote", "1", "--source", "test2020", "Preface: thanks to all.")
    assert q["page"] == "i"
    # Across the page break, the running header and the page number are left out.
    q = run.json("quote", "1", "--source", "test2020", "harbours closely. Costs, however, doubled")
    assert q["status"] == "verified" and header not in q["exact"]


def test_junk_scans_and_oversized_files_are_refused(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("claim", "add", "T")
    before = run.dump()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([[], []]))
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02binary\x00")
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    cases = [
        (
            scan,
            "Error: scan.pdf has no text layer (2 pages, no extractable text): is it a "
            "scanned PDF? Run OCR on it first\n",
        ),
        (junk, "Error: junk.txt looks like binary data, not text\n"),
        (empty, "Error: empty.html has no readable text once navigation and boilerplate go\n"),
    ]
    for path, message in cases:
        assert run("source", "add", str(path), "--key", "k", code=1).stderr == message

    from debate.core import extraction

    monkeypatch.setattr(extraction, "MAX_SOURCE_BYTES", 10)
    big = tmp_path / "big.txt"
    big.write_text("x" * 11)
    assert run("source", "add", str(big), "--key", "k", code=1).stderr == (
        f"Error: {big} is over the 0 MB limit\n"
    )
    assert run.dump() == before


HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>The No-Limits Partnership | Harbour Blog</title>
<meta name="author" content="Ann Hammer">
<meta property="article:published_time" content="2023-05-01">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav>
<article><h1>The No-Limits Partnership</h1>
<p>China and Russia declared a partnership with &ldquo;no limits&rdquo; in February 2022,
in a long joint statement that covered trade, energy and security.</p>
<p>Yet Beijing has been cautious: it has not supplied weapons openly, and its largest
banks have complied with most sanctions since the spring of that year.</p>
<p>Whether this makes the relationship thick remains contested among scholars.</p>
</article>
<footer>Copyright 2023 Harbour Blog. Subscribe to our newsletter.</footer>
</body></html>"""


def test_html_sources_are_read_without_boilerplate(run: Runner, tmp_path: Path) -> None:
    page = tmp_path / "blog.html"
    page.write_text(HTML, encoding="utf-8")
    run("claim", "add", "T")
    s = run.json("source", "add", str(page), "--key", "hammer2023")
    assert (s["format"], s["author"], s["year"]) == ("html", "Ann Hammer", 2023)
    assert s["extractor"].startswith("trafilatura ")
    assert "No-Limits Partnership" in s["title"]
    text = run("source", "show", "hammer2023", "--text").stdout
    assert "it has not supplied weapons openly" in text
    assert "About us" not in text and "Subscribe" not in text
    q = run.json("quote", "1", "--source", "hammer2023", 'a partnership with "no limits"')
    assert q["status"] == "verified" and q["exact"] == "a partnership with “no limits”"


def test_bibtex_metadata(run: Runner, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        """@article{paikin2021,
  author = {Paikin, Zachary and M{\\"u}ller, J{\\"o}rg},
  title = {{Russia} and {China}: thick and thin},
  journal = {International Politics},
  volume = {58}, number = {3}, pages = {400--417},
  year = {2021}, doi = {10.1057/s41311-021-00298-7}
}
@misc{other, title = {Other}}
""",
        encoding="utf-8",
    )
    text = tmp_path / "paikin.txt"
    text.write_text("Thick ties need shared values.\n", encoding="utf-8")
    run("claim", "add", "T")
    result = run("source", "add", str(text), "--bibtex", str(bib), code=1)
    assert result.stderr == (
        f"Error: {bib} has 2 entries (other, paikin2021); pick one with --key\n"
    )
    s = run.json("source", "add", str(text), "--bibtex", str(bib), "--key", "paikin2021")
    assert s["author"] == "Paikin, Zachary; Müller, Jörg"
    assert s["title"] == "Russia and China: thick and thin"
    assert (s["year"], s["venue"]) == (2021, "International Politics 58(3): 400–417")
    assert s["url"] == "https://doi.org/10.1057/s41311-021-00298-7"
    run("quote", "1", "--source", "paikin2021", "Thick ties need shared values.")
    md = run("export", "1").stdout
    assert "## Bibliography" in md
    assert (
        "- Paikin, Zachary; Müller, Jörg. 2021. “Russia and China: thick and thin.” "
        "*International Politics 58(3): 400–417*. <https://doi.org/10.1057/s41311-021-00298-7> "
        "\\[paikin2021\\]" in md
    )


# -- check and source update -------------------------------------------------------


def test_check_reports_what_no_longer_matches(run: Runner, paged: Path) -> None:
    quote(run, "the new harbour would bring trade to the town")
    quote(run, "Officials said the harbour fees were fine.")
    result = run("check", "--json")
    assert result.stdout and '"problems": []' in result.stdout
    assert run("check").stderr == "2 of 2 quotes verified.\n"
    # Someone edits the stored text behind the tool's back.
    run.sql("UPDATE sources SET text = replace(text, 'new har-', 'old har-')")
    result = run("check", "--json", code=1)
    start = PAGED.index("the new har-")
    end = PAGED.index("the town.") + len("the town")
    assert f'"problem": "the source no longer says this at [{start}:{end}]"' in result.stdout
    assert result.stderr == "Error: 1 of 2 quotes is not verified\n"


def test_source_update_reanchors_every_quote(run: Runner, paged: Path, tmp_path: Path) -> None:
    a = quote(run, "the new harbour would bring trade to the town")["id"]
    b = quote(run, "Officials said the harbour fees were fine.")["id"]
    c = quote(run, "The committee will meet again in the spring to decide on the fees.")["id"]
    d = quote(run, "national traffic had grown by 40 per cent in a single year.")["id"]
    preface = "Editor's note: this reprint adds a preface.\n\n"
    new = preface + PAGED.replace("were “ﬁne”.", "were “too high”.").replace(
        "national traffic had grown by 40 per cent in a single year.\n", "national\n"
    )
    shifted = tmp_path / "harbour-v2.txt"
    shifted.write_text(new, encoding="utf-8")
    report = run.json("source", "update", "harbour", str(shifted))
    outcomes = {q["id"]: q["outcome"] for q in report["quotes"]}
    assert outcomes == {a: "moved", b: "changed", c: "moved", d: "orphaned"}
    by_id = {q["id"]: q for q in report["quotes"]}
    shift = len(preface)
    assert by_id[a]["new"] == [by_id[a]["old"][0] + shift, by_id[a]["old"][1] + shift]
    assert readable(new[by_id[a]["new"][0] : by_id[a]["new"][1]]) == by_id[a]["text"]
    assert by_id[b]["text"] == "Officials said the harbour fees were “too high”."
    assert run.json("show", str(b))["exact"] == (
        "Officials said the\nhar\u00adbour\u00a0fees were “too high”."
    )
    assert (by_id[b]["status"], by_id[d]["status"]) == ("changed", "orphaned")
    # Orphans stay in the tree, flagged; check reports them.
    tree = run("tree", "--ascii").stdout
    assert f"#{d} " in tree and "[orphaned]" in tree and "[changed]" in tree
    result = run("check", code=1)
    assert "orphaned: its passage is gone from the updated source" in result.stdout
    # Updating again with the same text changes nothing.
    again = run.json("source", "update", "harbour", str(shifted))
    assert again["text_changed"] is False


def test_source_add_refuses_a_different_text_for_a_known_key(run: Runner, paged: Path) -> None:
    other = paged.with_name("other.txt")
    other.write_text("Something else entirely.\n", encoding="utf-8")
    result = run("source", "add", str(other), "--key", "harbour", code=1)
    assert result.stderr == (
        "Error: source harbour already has a different text; to replace it and re-anchor "
        "its quotes: debate source update harbour FILE\n"
    )


# -- search and evidence -------------------------------------------------------------


def test_search_finds_passages_ready_to_quote(run: Runner, paged: Path) -> None:
    hits = run.json("search", "harbour fees")
    [hit] = hits["passages"]
    assert (hit["source"], hit["page"]) == ("harbour", "1")
    assert hit["text"] == "Officials said the harbour fees were “fine”."
    assert (
        PAGED[hit["start"] : hit["end"]]
        == "Officials said the\nhar\u00adbour\u00a0fees were “ﬁne”."
    )
    # Pasting the passage into `debate quote` verifies it.
    assert quote(run, hit["text"])["status"] == "verified"
    hits = run.json("search", "fee")  # stemming: "fee" finds "fees"
    assert len(hits["passages"]) == 2  # the other sentence runs over to page 2
    assert [q["id"] for q in hits["quotes"]] == [2]
    # FTS5 syntax in the words is taken as words.
    assert run.json("search", 'fees" OR (NEAR')["passages"] == []
    assert run("search", "!!!", code=1).stderr == "Error: the search has no words\n"
    out = run("search", "traffic").stdout
    start, end = PAGED.index("Ships"), PAGED.index("single year.") + len("single year.")
    # One sentence across a page break: the footer and header between its halves are left out.
    assert out == (
        f"harbour, p. 2  [{start}:{end}]\n"
        "  Ships came all the same, and the harbour master reported that the international "
        "traffic had grown\n"
        "  by 40 per cent in a single year.\n"
    )


def test_search_folds_accents_and_stems_on_both_engines(run: Runner, tmp_path: Path) -> None:
    text = tmp_path / "cafes.txt"
    text.write_text(
        "The Zürich cafés welcomed the harbour workers.\n\nNobody else came.\n",
        encoding="utf-8",
    )
    run("claim", "add", "T")
    run("source", "add", str(text), "--key", "cafes")
    for words in ("zurich cafe", "ZÜRICH Cafés", "welcoming worker"):
        [hit] = run.json("search", words)["passages"]
        assert hit["text"] == "The Zürich cafés welcomed the harbour workers.", words
    assert run.json("search", "zurich nobody")["passages"] == []  # every word, one passage


def test_evidence_log(run: Runner, paged: Path) -> None:
    run("support", "1", "Trade follows ports")
    quote(run, "the new harbour would bring trade to the town")
    run(
        "quote",
        "2",
        "--source",
        "harbour",
        "--opposes",
        "--as",
        "bob",
        "Nobody expected the costs to double.",
        "--occurrence",
        "1",
    )
    log = run.json("evidence")
    assert [(e["id"], e["stance"], e["claim"], e["created_by"]) for e in log] == [
        (3, "pro", 1, "tester"),
        (4, "con", 2, "bob"),
    ]
    assert log[1]["citation"] == "Doe (2024)"
    assert [e["id"] for e in run.json("evidence", "--by", "bob")] == [4]
    assert [e["id"] for e in run.json("evidence", "--claim", "2")] == [4]
    assert run.json("evidence", "--source", "harbour") == log
    out = run("evidence", "--by", "bob").stdout
    assert "opposes #2 Trade follows ports" in out
    first = PAGED.index("Nobody")
    assert f"Doe (2024), p. 1  [{first}:{first + 36}]  verified" in out
    assert run("evidence", "--by", "nobody", code=1).stderr == (
        "Error: no participant named 'nobody'\n"
    )


def test_check_trusts_hash_and_offsets_but_not_a_changed_text(run: Runner, paged: Path) -> None:
    q = quote(run, "the new harbour would bring trade to the town")
    assert run.json("show", str(q["id"]))["status"] == "verified"
    assert run.json("check") == {"checked": 1, "verified": 1, "problems": []}
    [(stored,)] = run.sql("SELECT text_sha256 FROM quotes")
    assert [(stored,)] == run.sql("SELECT text_sha256 FROM sources")
    # A text changed behind debate's back (its hash kept): the offsets no longer hold.
    run.sql("UPDATE sources SET text = replace(text, 'bring trade', 'bring grief')")
    [problem] = run.json("check", code=1)["problems"]
    assert problem["problem"].startswith("the source no longer says this at")


def test_the_normalized_copy_is_kept_and_made_again_when_missing(run: Runner, paged: Path) -> None:
    [(sha, version)] = run.sql("SELECT text_sha256, version FROM source_index")
    assert [(sha,)] == run.sql("SELECT text_sha256 FROM sources")
    run.sql("DELETE FROM source_index")  # as in a store made before it was kept
    first = quote(run, "the new harbour would bring trade to the town")
    assert run.sql("SELECT version FROM source_index") == [(version,)]
    run.sql("UPDATE source_index SET version = version - 1")  # an older normalization
    second = quote(run, "Nobody expected the costs to double.", "--occurrence", "1")
    assert run.sql("SELECT version FROM source_index") == [(version,)]
    assert (first["status"], second["status"]) == ("verified", "verified")
    assert run.json("check")["verified"] == 2
