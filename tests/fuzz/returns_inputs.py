"""The statutory returns' fuzz target: SSDA903 CSV tables and XML, the CIN census, the workforce census.

Bases are the small synthetic returns (``selfeval demo``), cut to a dozen children or workers so
an input costs milliseconds. Hypothesis mutates them as the files go wrong in practice: a table
or element dropped or duplicated, a cell or item replaced by a garbage date, an unknown code or
stray text, a header renamed or lost, the wrong root, entities and comments, then the bytes
truncated, given a byte-order mark or another encoding. On top of ``fuzzlib.run_cli``'s oracle
(exit 0/1/2, one line on exit 2, no traceback) nothing that could identify a child or worker in
the input (a child or worker identifier, a UPN, a date of birth) may reach any message or the
metrics file written.
"""

from __future__ import annotations

import copy
import functools
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

if TYPE_CHECKING:  # fuzzlib imports this module to register the target: its oracle is imported when run
    from .fuzzlib import Outcome

KEEP = 12  # children (or workers) kept from each synthetic return

GARBAGE = st.one_of(
    st.sampled_from(["", " ", "31/02/2025", "2025-13-01", "00/00/0000", "1/4/2025", "2025-04-01T25:00",
                     "01/04/1899", "31/12/9999", "99/99/2025", "ZZ", "Z1", "P2", "H5", "E43", "F3", "X1",
                     "E11", "V3", "S", "e11", " s ", "NREQ", "yes", "-1", "41", "1e999", "nan", "0.0",
                     "C999999", "SW9999999999", '"a,b"', 'x"y', "a,b", "\ufeff", "\x00", "&amp;", "é",
                     "\u202e", "x" * 300, "<", "]]>"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),  # mostly text XML can hold
    st.text(max_size=4),
)
ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig", "cp1252", "latin-1", "utf-16"]
IDENTIFYING = {"CHILD", "CHILDID", "UPN", "DOB", "MC_DOB", "LAchildID", "UPNunknown", "PersonBirthDate",
               "SWENo", "PersonDeathDate"}
_ID_LIKE = re.compile(r"[A-Za-z]{0,3}\d{6,}|\d\d/\d\d/\d{4}|\d{4}-\d\d-\d\d")


# ------------------------------------------------------------------------------------ bases
@functools.cache
def bases() -> dict[str, Any]:
    """The small synthetic returns, cut to ``KEEP`` children (workers): text, made once."""
    from selfeval.sources.cin.synthetic_write import write_synthetic as cin
    from selfeval.sources.ssda903.synthetic_write import write_synthetic as s903
    from selfeval.sources.workforce.synthetic import write_synthetic as csww

    tmp = Path(tempfile.mkdtemp(prefix="selfeval-fuzz-bases-"))
    try:
        csv_years, _ = s903(tmp / "csv", "small", 2026, "csv")
        xml_years, _ = s903(tmp / "xml", "small", 2026, "xml")
        cur, prev, _ = cin(tmp / "cin", "small", 2026)
        wf, _ = csww(tmp / "wf", "small", 2026)
        newest = sorted(csv_years)[-2:]
        keep = _csv_children(newest[-1])
        out = {
            "903csv": [{f.name: _cut_csv(f.read_text(encoding="utf-8"), keep) for f in sorted(y.glob("*.csv"))}
                       for y in reversed(newest)],
            "903xml": [_cut_xml(y.read_text(encoding="utf-8"), "CHILD", keep) for y in sorted(xml_years)[-1:-3:-1]],
            "cin": [_cut_xml(p.read_text(encoding="utf-8"), "Child", None) for p in (cur, prev)],
            "workforce": [_cut_xml(wf.read_text(encoding="utf-8"), "CSWWWorker", None, 2 * KEEP)],
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _csv_children(folder: Path) -> set[str]:
    """A dozen children, with some of the OC2, OC3 and AD1 rows (so those tables are not empty)."""
    keep: set[str] = set()
    for name, n in (("header.csv", KEEP), ("oc2.csv", 3), ("oc3.csv", 3), ("ad1.csv", 3)):
        f = folder / name
        if f.exists():
            keep |= {line.split(",", 1)[0] for line in f.read_text(encoding="utf-8").splitlines()[1:n + 1]}
    return keep


def _cut_csv(text: str, keep: set[str]) -> str:
    lines = text.splitlines()
    return "\n".join([lines[0], *(ln for ln in lines[1:] if ln.split(",", 1)[0] in keep)]) + "\n"


def _cut_xml(text: str, record: str, keep: set[str] | None, n: int = KEEP) -> str:
    """The document with only the first ``n`` records (or those of the ``keep`` children)."""
    root = ET.fromstring(text)
    for parent in list(root.iter()):
        recs = [el for el in parent if el.tag == record]
        for i, el in enumerate(recs):
            cid = el.findtext("HEADER/CHILDID") or el.findtext("CHILDID")
            if (keep is not None and cid not in keep) or (keep is None and i >= n):
                parent.remove(el)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


# ------------------------------------------------------------------------------- mutation
@st.composite
def _mutate_csv(draw: st.DrawFn, tables: dict[str, str]) -> dict[str, str]:
    tables = dict(tables)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(tables)))
        rows = [line.split(",") for line in tables[name].splitlines()]
        action = draw(st.sampled_from(["cell", "cell", "cell", "drop_row", "dup_row", "header", "no_header",
                                       "drop_table", "dup_table", "column", "short_row", "blank_lines"]))
        r = draw(st.integers(0, max(0, len(rows) - 1)))
        if action == "cell" and rows and rows[r]:
            rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(GARBAGE)
        elif action == "drop_row" and rows:
            del rows[r]
        elif action == "dup_row" and rows:
            rows.insert(r, list(rows[r]))
        elif action == "header" and rows and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(st.sampled_from(["CHILD", "DOB", "X", "", "child"]))
        elif action == "no_header" and rows:
            del rows[0]
        elif action == "drop_table" and len(tables) > 1:
            del tables[name]
            continue
        elif action == "dup_table":
            tables[f"copy_{name}"] = tables[name]
            continue
        elif action == "column":
            k = draw(st.integers(0, 12))
            rows = [row[:k] + row[k + 1:] for row in rows]
        elif action == "short_row" and rows:
            rows[r] = rows[r][:draw(st.integers(0, len(rows[r])))]
        elif action == "blank_lines":
            rows.insert(r, [""])
        sep = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        tables[name] = sep.join(",".join(row) for row in rows) + draw(st.sampled_from([sep, ""]))
    return tables


@st.composite
def _mutate_xml(draw: st.DrawFn, text: str) -> str:
    root = ET.fromstring(text)
    for _ in range(draw(st.integers(1, 3))):
        els = list(root.iter())
        el = draw(st.sampled_from(els))
        parent = next((p for p in els if el in list(p)), None)
        action = draw(st.sampled_from(["text", "text", "text", "drop", "dup", "rename", "add", "root"]))
        if action == "text":
            el.text = draw(GARBAGE)
        elif action == "drop" and parent is not None:
            parent.remove(el)
        elif action == "dup" and parent is not None:
            parent.insert(list(parent).index(el), _copy(el))
        elif action == "rename":
            el.tag = draw(st.sampled_from(["CHILD", "EPISODE", "Child", "CINdetails", "Header", "Message",
                                           "CSWWWorker", "x", "ns:Child"]))
        elif action == "add":
            ET.SubElement(el, draw(st.sampled_from(["DECOM", "DEC", "CPPstartDate", "FTE", "Unknown"]))).text = draw(GARBAGE)
        elif action == "root":
            root.tag = draw(st.sampled_from(["EXPSSDA903", "Message", "CHILDREN", "html", "{urn:x}Message"]))
    out = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
    splice = draw(st.sampled_from([None] * 6 + ["&bogus;", "<!-- c -->", "<![CDATA[x]]>", "</x>",
                                   ' xmlns="http://www.dfe.gov.uk/x"', "\x00"]))
    if splice is not None:
        at = draw(st.integers(0, len(out)))
        if splice.startswith(" xmlns"):
            at = out.index(">", out.index("?>") + 2)
        out = out[:at] + splice + out[at:]
    return out


def _copy(el: ET.Element) -> ET.Element:
    return copy.deepcopy(el)


@st.composite
def _bytes(draw: st.DrawFn, text: str, encoding: str, truncate: bool) -> bytes:
    """The text as a file in ``encoding`` (an XML declaration is left as it was: a mismatch is
    a case too), maybe truncated."""
    data = text.encode(encoding, errors="replace")
    return data[:draw(st.integers(0, len(data)))] if truncate else data


@st.composite
def returns_inputs(draw: st.DrawFn) -> tuple[str, list[Any]]:
    """(kind, files): for 903 CSV a list of years, each {file name: bytes}; else a list of XML
    bytes (the 903's years, or the census and last year's)."""
    b = bases()
    kind = draw(st.sampled_from(["903csv", "903csv", "903xml", "903xml", "cin", "cin", "workforce"]))
    n = draw(st.integers(1, len(b[kind])))
    files: list[Any] = []
    for i, base in enumerate(b[kind][:n]):
        mutate = i == 0 or draw(st.booleans())
        encoding = draw(st.sampled_from(ENCODINGS)) if mutate else "utf-8"  # one per return, as a system exports
        truncate = mutate and draw(st.integers(0, 7)) == 0
        if kind == "903csv":
            tables = draw(_mutate_csv(base)) if mutate else base
            cut = draw(st.sampled_from(sorted(tables))) if truncate else None
            files.append({name: draw(_bytes(t, encoding, name == cut)) for name, t in tables.items()})
        else:
            files.append(draw(_bytes(draw(_mutate_xml(base)) if mutate else base, encoding, truncate)))
    return kind, files


# -------------------------------------------------------------------------------- running
COMMANDS = {"903csv": "from-903", "903xml": "from-903", "cin": "from-cin", "workforce": "from-workforce"}


def run_returns(inp: tuple[str, list[Any]], folder: Path) -> Outcome:
    from .fuzzlib import FuzzFailure, run_cli

    kind, files = inp
    work = folder / "returns"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    paths: list[str] = []
    for i, f in enumerate(files):
        if isinstance(f, dict):
            year = work / f"year{i}"
            year.mkdir()
            for name, data in f.items():
                (year / name).write_bytes(data)
            paths.append(year.name)
        else:
            (work / f"return{i}.xml").write_bytes(f)
            paths.append(f"return{i}.xml")
    args = ["metrics", COMMANDS[kind], paths[0]]
    if kind == "cin":
        args += ["--previous", paths[1]] if len(paths) > 1 else []
    else:
        args += paths[1:]
    args += ["--authority", "Fuzz", "-o", "out.yaml", "--force"]
    out = run_cli(args, work)
    written = (work / "out.yaml").read_text(encoding="utf-8") if (work / "out.yaml").exists() else ""
    for value in _identifying(files):
        for where, text in (("message", out.stderr + out.stdout), ("metrics file", written)):
            if value in text:
                raise FuzzFailure(f"selfeval {' '.join(args)}: a child's or worker's value reached the {where}")
    return out


def _identifying(files: list[Any]) -> set[str]:
    """Identifiers and dates of birth in the input, those distinctive enough to look for."""
    texts: list[tuple[str, str]] = []
    for f in files:
        for name, data in (f.items() if isinstance(f, dict) else [("x.xml", f)]):
            texts.append((name, data.decode("utf-8", errors="replace")))
    found: set[str] = set()
    for name, text in texts:
        if name.endswith(".xml"):
            for tag in IDENTIFYING:
                found |= {v.strip() for v in re.findall(rf"<{tag}>([^<]*)</{tag}>", text)}
        else:
            lines = text.splitlines()
            head = lines[0].split(",") if lines else []
            cols = [i for i, h in enumerate(head) if h.strip().lstrip("\ufeff") in IDENTIFYING]
            for line in lines[1:]:
                cells = line.split(",")
                found |= {cells[i].strip() for i in cols if i < len(cells)}
    return {v for v in found if _ID_LIKE.fullmatch(v)}
