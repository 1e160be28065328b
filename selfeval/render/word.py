"""Word output: turn the draft's Markdown into a real .docx with python-docx.

The wording lives once, in ``templates/draft.md.j2``; this module only maps that Markdown's
structure onto Word's: ``#`` → Title, ``##``/``###``/``####`` → Heading 1/2/3, ``- `` → List
Bullet (``  - `` → List Bullet 2), pipe tables → Word tables (style Table Grid, bold header row
repeated on each page), ``> `` → Quote, ``**bold**``/``*italic*``/`` `code` `` → runs,
``<!-- page break -->`` → a page break, and ``<!-- header: TEXT -->`` → the running header on
every page (invisible in Markdown, so the wording still lives in the template). It reads only that subset: the template keeps to it,
and a test checks that no Markdown markup is left in the document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from selfeval.core.textsafe import unmarkdown, visible

PAGE_BREAK = "<!-- page break -->"
_HEADER = re.compile(r"^<!--\s*header:\s*(.*?)\s*-->$")
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_BULLET = re.compile(r"^( {0,3})[-*]\s+(.*)$")
_COMMENT = re.compile(r"<!--.*?-->")
_INLINE = re.compile(r"(\*\*.+?\*\*|(?<![\w*\\])\*(?!\s)[^*]+?\*(?!\w)|`[^`]+`)")
_PROPERTY_LIMIT = 255  # Word's document properties hold at most 255 characters
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class Block:
    """One structural element of the Markdown."""

    kind: str  # heading | paragraph | bullet | quote | table | page_break | header
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    align: list[str] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body.removeprefix("|")
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)]


def parse(markdown: str) -> list[Block]:
    """The Markdown subset of ``draft.md.j2`` as a list of blocks."""
    blocks: list[Block] = []
    para: list[str] = []
    lines = markdown.splitlines()

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", " ".join(para)))
            para.clear()

    i = 0
    while i < len(lines):
        raw = lines[i]
        if raw.strip() == PAGE_BREAK:
            flush()
            blocks.append(Block("page_break"))
            i += 1
            continue
        if m := _HEADER.match(raw.strip()):
            blocks.append(Block("header", m.group(1)))
            i += 1
            continue
        line = _COMMENT.sub("", raw).rstrip()
        if not line.strip():
            flush()
        elif m := _HEADING.match(line):
            flush()
            blocks.append(Block("heading", m.group(2).strip(), level=len(m.group(1))))
        elif line.lstrip().startswith("|") and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1].strip()):
            flush()
            header = _cells(line)
            align = ["right" if c.strip().endswith(":") else "left" for c in _cells(lines[i + 1])]
            rows = [header]
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            blocks.append(Block("table", rows=rows, align=align))
            continue
        elif m := _BULLET.match(line):
            flush()
            blocks.append(Block("bullet", m.group(2).strip(), level=1 + len(m.group(1)) // 2))
        elif line.startswith(">"):
            flush()
            blocks.append(Block("quote", line.lstrip("> ").strip()))
        else:
            para.append(line.strip())
        i += 1
    flush()
    return blocks


def runs(text: str) -> Iterator[tuple[str, dict[str, bool]]]:
    """Inline text as (text, {bold, italic, code}) pieces; values' escapes (``\\*``) undone."""
    for piece in _INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            yield unmarkdown(piece[2:-2]), {"bold": True}
        elif piece.startswith("`") and piece.endswith("`") and len(piece) > 2:
            yield unmarkdown(piece[1:-1]), {"code": True}
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            yield unmarkdown(piece[1:-1]), {"italic": True}
        else:
            yield unmarkdown(piece), {}


def _property(text: str | None) -> str:
    """A document property: no control characters, at most 255 characters."""
    s = visible(text or "")
    return s if len(s) <= _PROPERTY_LIMIT else s[: _PROPERTY_LIMIT - 1] + "…"


def plain(text: str) -> str:
    return "".join(t for t, _ in runs(text))


def _add_run(paragraph: Any, text: str) -> Any:
    """``paragraph.add_run(text)``; plain text (no tab or line break) is written as its one
    ``<w:t>`` directly, where python-docx would feed it through its parser a character at a time."""
    if not text or "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    run = paragraph.add_run()
    run._r.add_t(text)
    return run


def _add_runs(paragraph: Any, text: str, *, bold: bool = False, size: Any = None) -> None:
    """The text's runs; ``size``: a ``<w:sz>`` element each run's properties end with (a copy)."""
    for piece, fmt in runs(text):
        run = _add_run(paragraph, piece)
        # python-docx's ``run.bold = None`` adds an empty <w:rPr> and removes <w:b> from it: the
        # same element, made once, and bold or italic set only when they are on
        rpr = run._r.get_or_add_rPr()
        if bold or fmt.get("bold"):
            run.bold = True
        if fmt.get("italic"):
            run.italic = True
        if fmt.get("code"):
            run.font.name = "Consolas"
        if size is not None:  # last of what the run may hold (fonts, bold, italic): where
            rpr.append(deepcopy(size))  # ``run.font.size`` puts it, without its search


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _british_english(doc: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    rpr.append(lang)


TABLE_PT = 8.5
"""Table text size: the draft's tables are reference material (plans, data, evidence plan)."""


def _page_and_type(doc: Any) -> None:
    """A4 with 2 cm margins (python-docx starts from US Letter), 10 pt body text, tight spacing."""
    from docx.shared import Cm, Pt

    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name in ("List Bullet", "List Bullet 2"):
        doc.styles[name].paragraph_format.space_after = Pt(3)


def _column_widths(rows: list[list[str]]) -> list[Any]:
    """Column widths in proportion to their text (each between 12% and 45% of the width), so a
    table of many rows takes few pages."""
    from docx.shared import Cm

    width = max(len(r) for r in rows)
    longest = [max((len(plain(r[j])) if j < len(r) else 0) for r in rows) for j in range(width)]
    mean = [sum(len(plain(r[j])) for r in rows if j < len(r)) / len(rows) for j in range(width)]
    weight = [max(min((m * 2 + x) / 3, 400), 1) for m, x in zip(mean, longest, strict=True)]
    total = sum(weight)
    shares = [min(max(w / total, 0.12), 0.45) for w in weight]
    norm = sum(shares)
    return [Cm(17 * share / norm) for share in shares]


def _add_table(doc: Any, block: Block, style_id: Any) -> None:
    """A pipe table as a Word table: columns fitted to their text, its text in a smaller size,
    the header row bold and repeated on each page.

    Made as python-docx makes it, faster: its ``row.cells`` and ``column.cells`` lay out the whole
    table on every call, and each property it sets searches the element for where to put it. So
    cells are reached from each row's XML, and rows after the first body row start as a copy of
    that row's empty cells (their widths, spacing and alignment), the same XML."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    width = max(len(r) for r in block.rows)
    table = doc.add_table(rows=0, cols=width)
    tbl = table._tbl
    tbl.tblStyle_val = style_id  # table.style = "Table Grid", looked up once
    table.autofit = False
    for col, cm in zip(table.columns, _column_widths(block.rows), strict=True):
        col.width = cm  # each row added below takes its cells' widths from these
    rpr = OxmlElement("w:rPr")
    rpr.sz_val = Pt(TABLE_PT)
    size = rpr.sz
    first_body: Any = None
    for n, values in enumerate(block.rows):
        if n < 2:
            row = table.add_row()
            tr = row._tr
            for j, tc in enumerate(tr.tc_lst):
                cell_p = Paragraph(tc.p_lst[0], _Cell(tc, table))
                if n and j < len(block.align) and block.align[j] == "right":
                    cell_p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                cell_p.paragraph_format.space_after = Pt(0)
            if n == 0:
                _repeat_header(row)
            else:
                first_body = deepcopy(tr)  # before any text
        else:
            tr = deepcopy(first_body)
            tbl.append(tr)  # where tbl.add_tr() puts it
        for j, tc in enumerate(tr.tc_lst):
            _add_runs(Paragraph(tc.p_lst[0], _Cell(tc, table)), values[j] if j < len(values) else "",
                      bold=(n == 0), size=size)
    doc.add_paragraph()  # Word runs two adjacent tables together without a paragraph


def to_document(markdown: str, *, title: str | None = None, subject: str | None = None,
                created: dt.date | None = None, comments: str | None = None) -> Any:
    """A python-docx Document built from the Markdown."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    doc = docx.Document()
    _british_english(doc)
    _page_and_type(doc)
    props = doc.core_properties
    props.author = ""
    props.title = _property(title)
    props.subject = _property(subject)
    props.comments = _property(comments)  # lists every rule pack: can pass Word's limit
    if created:
        props.created = props.modified = dt.datetime(created.year, created.month, created.day)
    style_ids: dict[str, Any] = {}

    def styled(style: str, text: str = "") -> Any:
        """``doc.add_paragraph(text, style=style)``, with the style looked up once: python-docx
        scans every style of the document on each lookup."""
        if style not in style_ids:
            style_ids[style] = doc.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[no-untyped-call]
        paragraph = doc.add_paragraph(text)
        paragraph._p.style = style_ids[style]
        return paragraph

    table_style: list[Any] = []
    for block in parse(markdown):
        if block.kind == "heading":
            level = block.level - 1
            styled("Title" if level == 0 else f"Heading {level}", plain(block.text))
        elif block.kind == "paragraph":
            _add_runs(doc.add_paragraph(), block.text)
        elif block.kind == "bullet":
            style = "List Bullet" if block.level <= 1 else f"List Bullet {min(block.level, 3)}"
            _add_runs(styled(style), block.text)
        elif block.kind == "quote":
            _add_runs(styled("Quote"), block.text)
        elif block.kind == "header":
            _add_runs(doc.sections[0].header.paragraphs[0], block.text)
        elif block.kind == "page_break":
            doc.add_page_break()  # type: ignore[no-untyped-call]
        elif block.kind == "table":
            if not table_style:
                table_style.append(doc.part.get_style_id("Table Grid", WD_STYLE_TYPE.TABLE))  # type: ignore[no-untyped-call]
            _add_table(doc, block, table_style[0])
    return doc
