"""Small inline SVG charts of the HTML report: bullet charts for metrics, stacked bars for audit
answers, and a heat strip per area.

Pure functions of the figures gathered by :mod:`selfeval.figures`; nothing here decides a verdict.
Every piece of text placed inside SVG is escaped with ``markupsafe.escape``; everything else is
built from numbers, so the result is marked safe only after that. Each chart has ``role="img"``,
an ``aria-label`` and a ``<title>`` saying in words what it shows. Output is deterministic: ids
come from rule and metric ids, never from a counter or a random source.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable, Mapping, Sequence

from markupsafe import Markup, escape

from selfeval.render.figures import _display, _value
from selfeval.render.palette import (
    ANSWER_COLOURS,
    ANSWERS,
    PALETTE,
    STATUS_WORDS,
    _shape,
    _status_colours,
)

# --- numbers -------------------------------------------------------------------------------------

def _num(x: float) -> str:
    """A number for an axis label: at most one decimal place, thousands separated."""
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:,.1f}"


def _axis_label(x: float, unit: str) -> str:
    return {"percent": f"{_num(x)}%", "gbp": f"£{_num(x)}"}.get(unit, _num(x))


def nice_ceiling(x: float) -> float:
    """The smallest 1, 2, 2.5, 5 × 10ⁿ at least ``x`` (and at least 1)."""
    if x <= 1:
        return 1.0
    exp = 10 ** math.floor(math.log10(x))
    for step in (1, 2, 2.5, 5, 10):
        if step * exp >= x - 1e-9:
            return float(step * exp)
    return float(10 * exp)  # pragma: no cover - the loop always returns


def _esc(text: Any) -> str:
    return str(escape(str(text)))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "x"


# --- bullet chart --------------------------------------------------------------------------------

W = 480.0          # viewBox width of the charts
X0, X1 = 12.0, 468.0


def scale_for(fig: Mapping[str, Any]) -> tuple[float, float]:
    """The axis range of a metric's chart, always from 0 so that bars are honest: 0–100% for a
    percentage, unless every mark is under 50%, when 0 to a round number above them keeps marks
    that sit close together apart (the end of the scale is labelled); for other units, 0 to a
    round number above every value, threshold, England and previous figure, with some headroom."""
    values = [_value(fig.get("actual")), _value(fig.get("national")), _value(fig.get("previous"))]
    values += [t["value"] for t in fig.get("thresholds", [])]
    known = [v for v in values if v is not None]
    top = max(known, default=0.0)
    if fig.get("unit") == "percent":
        if top > 50:
            return 0.0, max(100.0, nice_ceiling(top))
        return 0.0, max(10.0, nice_ceiling(top * 1.25))
    return 0.0, nice_ceiling(top * 1.15 if top > 0 else 10.0)


def _bad_side(fig: Mapping[str, Any], op: str) -> str | None:
    """Which side of a threshold is the worse side: 'below', 'above' or None when unknown."""
    better = fig.get("better")
    if better == "higher":
        return "below"
    if better == "lower":
        return "above"
    return None


def bands(fig: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Shaded ranges of the scale (``[{status, start, end}]``) from the thresholds and which
    direction is better. Empty when the direction is not known (``better: neither``)."""
    lo, hi = scale_for(fig)
    by_level: dict[str, list[float]] = {}
    side = None
    for t in fig.get("thresholds", []):
        s = _bad_side(fig, t["op"])
        if s is None:
            return []
        side = s
        by_level.setdefault(t["level"], []).append(t["value"])
    if side is None:
        return []

    def status_at(x: float) -> str:
        for level in ("serious", "concern"):
            lims = by_level.get(level)
            if not lims:
                continue
            # the most inclusive threshold of the level bounds its band
            if (side == "below" and x < max(lims)) or (side == "above" and x > min(lims)):
                return level
        return "met"

    cuts = sorted({lo, hi, *[min(max(v, lo), hi) for vs in by_level.values() for v in vs]})
    out: list[dict[str, Any]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if b <= a:
            continue
        st = status_at((a + b) / 2)
        if out and out[-1]["status"] == st:
            out[-1]["end"] = b
        else:
            out.append({"status": st, "start": a, "end": b})
    return out


def _x(v: float, lo: float, hi: float) -> float:
    v = min(max(v, lo), hi)
    return X0 + (v - lo) / (hi - lo) * (X1 - X0)


def _span(x: float, text: str, anchor: str) -> tuple[float, float]:
    width = len(text) * 6.8  # 12px text, roughly
    start = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return start, start + width


def _anchor(x: float, text: str) -> str:
    """Centre a label on its mark, unless that would run it off either edge of the chart."""
    start, end = _span(x, text, "middle")
    return "start" if start < 2 else "end" if end > W - 2 else "middle"


def _rows(labels: list[tuple[float, str, str]], min_gap: float = 6.0) -> list[tuple[float, str, str, int]]:
    """Place labels (x, text, anchor) on rows so that none overlaps; returns (x, text, anchor, row)."""
    placed: list[tuple[float, str, str, int]] = []
    ends: dict[int, float] = {}
    for x, text, anchor in sorted(labels, key=lambda item: item[0]):
        start, end = _span(x, text, anchor)
        row = 0
        while start < ends.get(row, -1e9) + min_gap:
            row += 1
        ends[row] = end
        placed.append((x, text, anchor, row))
    return placed


def describe_metric(fig: Mapping[str, Any]) -> str:
    """The chart in words, for its accessible name."""
    actual = fig.get("actual") or {}
    parts = [f"{fig.get('label', '')}: {actual.get('display') or 'not given'}"]
    for t in fig.get("thresholds", []):
        op = str(t["op"]).replace("_", " ")
        parts.append(f"{t['level']} threshold {op} {t['display']}")
    if fig.get("national"):
        parts.append(f"England {_display(fig['national'])}")
    if fig.get("previous"):
        parts.append(f"previous period {_display(fig['previous'])}")
    if fig.get("better") in ("higher", "lower"):
        parts.append(f"{fig['better']} is better")
    return "; ".join(parts) + "."


def bullet_chart(fig: Mapping[str, Any], chart_id: str = "") -> Markup:
    """A bullet chart: status bands, the value as a bar, England as a tick, the previous period
    as a ring; threshold values labelled under the scale."""
    lo, hi = scale_for(fig)
    unit = str(fig.get("unit", "number"))
    value = _value(fig.get("actual"))
    parts: list[str] = []
    band_y, band_h = 8.0, 26.0
    shaded = bands(fig)
    if shaded:
        for b in shaded:
            x0, x1 = _x(b["start"], lo, hi), _x(b["end"], lo, hi)
            parts.append(f'<rect class="band band-{b["status"]}" x="{x0:.1f}" y="{band_y}" '
                         f'width="{x1 - x0:.1f}" height="{band_h}" '
                         f'fill="{_status_colours(b["status"])["tint"]}"/>')
    else:
        parts.append(f'<rect class="band" x="{X0}" y="{band_y}" width="{X1 - X0}" '
                     f'height="{band_h}" fill="{PALETTE["panel"]}"/>')
    # threshold boundaries: a tick under the band, the value labelled below
    labels: list[tuple[float, str, str]] = []
    for t in fig.get("thresholds", []):
        x = _x(t["value"], lo, hi)
        colour = _status_colours(t["level"])["strong"]
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{band_y}" y2="{band_y + band_h + 5}" '
                     f'stroke="{colour}" stroke-width="2"/>')
        text = f"{t['level']} {_axis_label(t['value'], unit)}"
        labels.append((x, text, _anchor(x, text)))
    axis_y = band_y + band_h
    parts.append(f'<line x1="{X0}" x2="{X1}" y1="{axis_y}" y2="{axis_y}" '
                 f'stroke="{PALETTE["muted"]}" stroke-width="1"/>')
    rows = _rows(labels)
    first_row = [_span(x, text, anchor) for x, text, anchor, row in rows if row == 0]
    for x, text, anchor in ((X0, _axis_label(lo, unit), "start"), (X1, _axis_label(hi, unit), "end")):
        start, end = _span(x, text, anchor)  # the ends of the scale, where they fit beside the thresholds
        if all(end + 6 <= c or d + 6 <= start for c, d in first_row):
            rows.append((x, text, anchor, 0))
    for x, text, anchor, row in rows:
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 17 + 14 * row:.1f}" text-anchor="{anchor}" '
                     f'font-size="12" fill="{PALETTE["muted"]}">{_esc(text)}</text>')
    height = axis_y + 22 + 14 * max((r for *_, r in rows), default=0)
    mid = band_y + band_h / 2
    if value is not None:
        x = _x(value, lo, hi)
        parts.append(f'<rect class="value" x="{X0}" y="{mid - 5}" width="{max(x - X0, 1.5):.1f}" '
                     f'height="10" fill="{PALETTE["ink"]}"/>')
    else:
        actual = fig.get("actual") or {}
        why = "suppressed" if actual.get("suppressed") else "not given"
        parts.append(f'<rect x="{X0 + 4}" y="{mid - 9}" width="{len(why) * 6.8 + 60:.1f}" height="18" '
                     f'fill="{PALETTE["paper"]}" stroke="{PALETTE["line"]}"/>'
                     f'<text x="{X0 + 10}" y="{mid + 4}" font-size="12" fill="{PALETTE["ink"]}">'
                     f'No figure: {_esc(why)}</text>')
    prev = _value(fig.get("previous"))
    if prev is not None:
        x = _x(prev, lo, hi)
        parts.append(f'<circle class="previous" cx="{x:.1f}" cy="{mid}" r="5.5" '
                     f'fill="{PALETTE["paper"]}" stroke="{PALETTE["ink"]}" stroke-width="2"/>')
    nat = _value(fig.get("national"))
    if nat is not None:
        x = _x(nat, lo, hi)
        parts.append(f'<rect class="national" x="{x - 1.5:.1f}" y="{band_y - 5}" width="3" '
                     f'height="{band_h + 10}" fill="{PALETTE["ink"]}"/>')
    label = describe_metric(fig)
    ident = f' id="{_slug(chart_id)}"' if chart_id else ""
    return Markup(
        f'<svg class="chart bullet"{ident} viewBox="0 0 {W:.0f} {height:.0f}" width="{W:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{_esc(label)}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="inherit">'
        f'<title>{_esc(label)}</title>{"".join(parts)}</svg>')


# --- stacked bar of audit answers ----------------------------------------------------------------

def answer_order(counted: Sequence[str] | None) -> tuple[str, ...]:
    """The order of the bar's segments: yes | partly | no, reversed when the thresholds count
    the 'no' end, so the answers a threshold counts always start at the left."""
    c = set(counted or ()) - {"not_applicable"}
    if "no" in c and "yes" not in c:
        return tuple(reversed(ANSWERS))
    return ANSWERS


def threshold_x(counted: Sequence[str], share: float, order: Sequence[str] = ANSWERS) -> float | None:
    """Where a share threshold falls on the bar, measured from the end where the counted
    answers sit; None when they do not sit together at one end (e.g. 'partly' alone)."""
    c = set(counted) - {"not_applicable"}
    n = len(c)
    if n == 0:
        return None
    if c == set(order[:n]):
        return _x(share, 0, 1)
    if c == set(order[-n:]):
        return _x(1 - share, 0, 1)
    return None


def describe_audit(fig: Mapping[str, Any]) -> str:
    a = fig.get("answers")
    if not a:
        return f"{fig.get('label', '')}: {(fig.get('actual') or {}).get('display') or 'not given'}."
    parts = [f"{fig.get('label', '')}: yes {a['yes']}, partly {a['partly']}, no {a['no']} "
             f"of {fig['applicable']} applicable cases"]
    if a.get("not_applicable"):
        parts[0] += f" ({a['not_applicable']} not applicable)"
    for t in fig.get("thresholds", []):
        words = " or ".join(str(c).replace("_", " ") for c in t["counted"])
        parts.append(f"{t['level']} threshold: share answering {words} "
                     f"{str(t['op']).replace('_', ' ')} {t['display']}")
    return "; ".join(parts) + "."


def audit_chart(fig: Mapping[str, Any], chart_id: str = "") -> Markup:
    """A stacked bar of yes / partly / no answers among applicable cases (n), with each
    threshold marked as a share from the left, where the answers it counts start."""
    parts: list[str] = []
    labels: list[tuple[float, str, str]] = []
    order = answer_order(fig.get("counted"))
    for t in fig.get("thresholds", []):
        x = threshold_x(t["counted"], t["value"], order)
        if x is not None:
            text = f"{t['level']} {_axis_label(t['value'] * 100, 'percent')}"
            labels.append((x, text, _anchor(x, text)))
    rows = _rows(labels)
    n_rows = max((r for *_, r in rows), default=-1) + 1
    bar_y = 6.0 + 14 * n_rows
    bar_h = 24.0
    for x, text, anchor, row in rows:
        parts.append(f'<text x="{x:.1f}" y="{bar_y - 5 - 14 * (n_rows - 1 - row):.1f}" '
                     f'text-anchor="{anchor}" font-size="12" fill="{PALETTE["muted"]}">{_esc(text)}</text>')
    texts: list[str] = []
    a = fig.get("answers")
    total = fig.get("applicable") or 0
    if a and total:
        x = X0
        for key in order:
            n = a[key]
            if not n:
                continue
            w = n / total * (X1 - X0)
            c = ANSWER_COLOURS[key]
            parts.append(f'<rect class="ans-{key}" x="{x:.1f}" y="{bar_y}" width="{w:.1f}" '
                         f'height="{bar_h}" fill="{c["fill"]}" stroke="{PALETTE["paper"]}" stroke-width="1"/>')
            text = f"{key.capitalize()} {n}"
            if len(text) * 6.8 + 8 > w:
                text = str(n)
            if len(text) * 6.8 + 6 <= w:
                texts.append(f'<text x="{x + w / 2:.1f}" y="{bar_y + 16:.1f}" text-anchor="middle" '
                             f'font-size="12" fill="{c["text"]}" stroke="{c["fill"]}" stroke-width="4" '
                             f'paint-order="stroke">{_esc(text)}</text>')
            x += w
        parts.append(f'<rect x="{X0}" y="{bar_y}" width="{X1 - X0}" height="{bar_h}" fill="none" '
                     f'stroke="{PALETTE["line"]}" stroke-width="1"/>')
    else:
        why = (fig.get("actual") or {}).get("display") or "not given"
        parts.append(f'<rect x="{X0}" y="{bar_y}" width="{X1 - X0}" height="{bar_h}" '
                     f'fill="{PALETTE["panel"]}"/>'
                     f'<text x="{X0 + 8}" y="{bar_y + 16}" font-size="12" fill="{PALETTE["ink"]}">'
                     f'No answers: {_esc(why)}</text>')
    for x, *_ in rows:
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bar_y - 3}" y2="{bar_y + bar_h + 3}" '
                     f'stroke="{PALETTE["ink"]}" stroke-width="2"/>')
    parts += texts  # counts over the threshold lines, each on a halo of its segment's colour
    height = bar_y + bar_h + 6
    label = describe_audit(fig)
    ident = f' id="{_slug(chart_id)}"' if chart_id else ""
    return Markup(
        f'<svg class="chart stacked"{ident} viewBox="0 0 {W:.0f} {height:.0f}" width="{W:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{_esc(label)}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="inherit">'
        f'<title>{_esc(label)}</title>{"".join(parts)}</svg>')


# --- heat strip ----------------------------------------------------------------------------------

def heat_strip(findings: Iterable[Mapping[str, Any]], label: str = "", per_row: int = 25) -> Markup:
    """One square per rule, coloured and marked with its status icon, in report order."""
    items = list(findings)
    size, gap = 18, 3
    parts = []
    for i, f in enumerate(items):
        row, col = divmod(i, per_row)
        x, y = col * (size + gap), row * (size + gap)
        status = str(f.get("status", ""))
        c = _status_colours(status)
        parts.append(
            f'<g transform="translate({x} {y})"><title>{_esc(f.get("title", ""))}: '
            f'{_esc(STATUS_WORDS.get(status, status))}</title>'
            f'<rect width="{size}" height="{size}" rx="2" fill="{c["strong"]}"/>'
            f'<g transform="translate(2.5 2.5) scale(0.8)">{_shape(status, PALETTE["paper"])}</g></g>')
    cols = min(len(items), per_row) or 1
    rows = math.ceil(len(items) / per_row) or 1
    width, height = cols * (size + gap) - gap, rows * (size + gap) - gap
    return Markup(
        f'<svg class="chart strip" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_esc(label)}"><title>{_esc(label)}</title>{"".join(parts)}</svg>')
