"""The weighted tree as one self-contained HTML page. Pure.

Readable offline and by screen readers: the tree is nested lists of native
`<details>` elements (keyboard and screen reader support come with them), the
stance is written as a word as well as shown as a colour, the strength as a
number as well as a size, and quotes are `<blockquote>`s with their `<cite>`.
A search box opens the branches that hold what it finds. The page loads
nothing: its style and script are inline, and its content security policy
forbids everything else. All user text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from debate.core.text import readable, visible
from debate.core.tree import TreeItem, walk

_STYLE = """
:root { --pro: #1a7f37; --con: #cf222e; --ink: #1f2328; --muted: #59636e; }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--ink); max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
.about { color: var(--muted); margin-top: 0; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.25rem; }
ul.tree { padding-left: 0; }
li { margin: .35rem 0; border-left: 4px solid var(--muted); padding-left: .5rem; }
li.pro { border-color: var(--pro); }
li.con { border-color: var(--con); }
summary, .leaf { cursor: default; }
summary { cursor: pointer; }
.stance { font-weight: 700; font-size: .8rem; letter-spacing: .05em; }
li.pro > details > summary .stance, li.pro > .leaf .stance { color: var(--pro); }
li.con > details > summary .stance, li.con > .leaf .stance { color: var(--con); }
.text { font-size: calc(.9rem + .5rem * var(--s, .5)); }
.scores { color: var(--muted); font-size: .85rem; white-space: nowrap; }
.bar { display: inline-block; height: .5rem; width: calc(4rem * var(--s, .5));
       background: var(--muted); vertical-align: middle; border-radius: 2px; }
li.pro .bar { background: var(--pro); } li.con .bar { background: var(--con); }
blockquote { margin: .25rem 0; font-style: italic; }
cite { font-style: normal; color: var(--muted); }
mark { background: #fff8c5; }
.hit > details > summary, .hit > .leaf { outline: 2px solid #bf8700; }
label { font-weight: 600; }
"""

_SCRIPT = """
(function () {
  var box = document.getElementById('search');
  var status = document.getElementById('found');
  var items = Array.prototype.slice.call(document.querySelectorAll('li[data-text]'));
  box.addEventListener('input', function () {
    var q = box.value.trim().toLowerCase();
    var found = 0;
    items.forEach(function (li) {
      var hit = q.length > 0 && li.getAttribute('data-text').indexOf(q) >= 0;
      li.classList.toggle('hit', hit);
      if (hit) {
        found += 1;
        for (var up = li.parentElement; up; up = up.parentElement) {
          if (up.tagName === 'DETAILS') { up.open = true; }
        }
      }
    });
    status.textContent = q ? (found === 1 ? '1 claim found' : found + ' claims found') : '';
    var first = document.querySelector('li.hit');
    if (first) { first.scrollIntoView({block: 'center'}); }
  });
})();
"""

_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def _text(text: str) -> str:
    """User text for the page: controls made visible, then HTML-escaped."""
    return escape(visible(text), quote=True)


def write(item: TreeItem, citations: Mapping[int, str], *, semantics: str, whose: str) -> str:
    root = item.node
    title = _text(" ".join(root.text.split()))
    out = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
        f'<p class="about">The weighted tree under #{root.id}: strength σ under '
        f"{escape(semantics)} with {_text(whose)}; τ is the base score from the acceptance "
        "votes, w the weight on the parent. Pros are marked PRO (green), cons CON (red); "
        "the larger the text, the stronger the claim.</p>",
        '<p><label for="search">Find a claim</label> '
        '<input type="search" id="search" autocomplete="off"> '
        '<span id="found" role="status" aria-live="polite"></span></p>',
        "</header>",
        "<main>",
        '<ul class="tree">',
    ]
    # Open lists and items are closed as the walk climbs back up.
    closers: list[str] = []
    for t, level, _ in walk(item):
        while len(closers) > level:
            out.append(closers.pop())
        n = t.node
        stance = t.stance or "thesis"
        label = {"pro": "PRO", "con": "CON", "thesis": "THESIS"}[stance]
        if n.kind == "quote":
            said = readable(n.text)
            body = (
                f"<blockquote>“{_text(said)}” <cite>{_text(citations.get(n.id, ''))}</cite>"
                "</blockquote>"
            )
            words = said
        else:
            body = f'<span class="text">{_text(n.text)}</span>'
            words = n.text
        scores = f"τ {t.base:.2f} ({n.accept.votes}) · σ {t.strength:.2f}"
        if t.weight is not None:
            scores += f" · w {t.weight:.2f}"
        head = (
            f'<span class="stance">{label}</span> <a id="n{n.id}"></a>#{n.id} {body} '
            f'<span class="scores"><span class="bar" aria-hidden="true"></span> {scores}</span>'
        )
        strength = max(0.0, min(1.0, t.strength))
        out.append(
            f'<li class="{stance}" data-id="{n.id}" data-text="{_text(words.lower())}" '
            f'style="--s: {strength:.3f}">'
        )
        if t.ref:
            out.append(
                f'<div class="leaf"><span class="stance">{label}</span> ↩ see '
                f'<a href="#n{n.id}">#{n.id}</a> {body}</div></li>'
            )
            closers.append("")
            continue
        if not t.children:
            out.append(f'<div class="leaf">{head}</div>')
            closers.append("</li>")
            continue
        opened = " open" if level == 0 else ""
        out.append(f"<details{opened}><summary>{head}</summary><ul>")
        closers.append("</ul></details></li>")
    while closers:
        out.append(closers.pop())
    out += ["</ul>", "</main>", f"<script>{_SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out)
