"""A minimal PDF writer for fixtures: text pages in Helvetica, page labels, an info dict."""

from __future__ import annotations


def _string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    year: int | None = None,
    roman_front_pages: int = 0,
) -> bytes:
    """Each page is a list of lines. The first `roman_front_pages` are labelled i, ii, …"""
    n = len(pages)
    objects: list[str] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    labels = ""
    if roman_front_pages:
        labels = f" /PageLabels << /Nums [0 << /S /r >> {roman_front_pages} << /S /D >>] >>"
    objects.append(f"<< /Type /Catalog /Pages 2 0 R{labels} >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        content = (
            "BT /F1 11 Tf 14 TL 72 740 Td "
            + " ".join(f"{_string(line)} Tj T*" for line in lines)
            + " ET"
            if lines
            else ""
        )
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
        )
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    info = []
    if title:
        info.append(f"/Title {_string(title)}")
    if author:
        info.append(f"/Author {_string(author)}")
    if year:
        info.append(f"/CreationDate (D:{year}0101000000)")
    objects.append("<< " + " ".join(info) + " >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return out
