"""The colours, status icons and chart symbols of the HTML report, and WCAG contrast.

One source of truth: the report's CSS custom properties are written from these tables
(:func:`css_variables`), the charts draw with them, and the tests check every pairing the
report uses against WCAG 2 AA. Each status has an icon and a word as well as a colour.
"""

from __future__ import annotations

from markupsafe import Markup

# --- palette -------------------------------------------------------------------------------------

PALETTE: dict[str, str] = {
    "ink": "#0b0c0c",          # body text, the value bar, England tick, previous-period ring
    "muted": "#505a5f",        # secondary text
    "line": "#b1b4b6",         # borders, axis
    "panel": "#f3f2f1",        # table headers, boxes
    "paper": "#ffffff",
    "link": "#1d5aa0",
    "focus": "#ffdd00",        # keyboard focus (with ink text)
    "accent": "#1d5aa0",       # header rule
}
"""Neutral colours. The CSS custom properties of the report are written from this table."""

STATUS_COLOURS: dict[str, dict[str, str]] = {
    # strong: borders, icons and heat-strip squares; tint: tags and chart bands; text: words on tint
    "serious": {"strong": "#b3261e", "tint": "#f8d9d4", "text": "#6b130d"},
    "concern": {"strong": "#a34a00", "tint": "#fce4c6", "text": "#5c2a00"},
    "not_evidenced": {"strong": "#2a5d9f", "tint": "#dce7f4", "text": "#0d325f"},
    "met": {"strong": "#00703c", "tint": "#d3eadc", "text": "#003d20"},
    "not_applicable": {"strong": "#5f686d", "tint": "#e7e9ea", "text": "#2b3033"},
}
"""Colours by status. Every status also has an icon and a word: colour is never the only signal."""

ANSWER_COLOURS: dict[str, dict[str, str]] = {
    # a single blue scale of falling darkness, so yes/partly/no read in grey print too
    "yes": {"fill": "#174f88", "text": "#ffffff"},
    "partly": {"fill": "#8db3dc", "text": "#0b0c0c"},
    "no": {"fill": "#e4edf6", "text": "#0b0c0c"},
}

STATUS_ORDER = ("serious", "concern", "not_evidenced", "met", "not_applicable")
STATUS_WORDS = {"serious": "Serious", "concern": "Concern", "not_evidenced": "Not evidenced",
                "met": "Met", "not_applicable": "Not applicable"}
ANSWERS = ("yes", "partly", "no")


def _status_colours(status: str) -> dict[str, str]:
    return STATUS_COLOURS.get(status, STATUS_COLOURS["not_applicable"])


def css_variables() -> str:
    """The palette as CSS custom properties (``--ink``, ``--serious``, ``--serious-tint`` …)."""
    out = [f"--{k}: {v};" for k, v in PALETTE.items()]
    for status, c in STATUS_COLOURS.items():
        name = status.replace("_", "-")
        out += [f"--{name}: {c['strong']};", f"--{name}-tint: {c['tint']};",
                f"--{name}-text: {c['text']};"]
    for answer, c in ANSWER_COLOURS.items():
        out += [f"--ans-{answer}: {c['fill']};", f"--ans-{answer}-text: {c['text']};"]
    return " ".join(out)


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    h = hex_colour.lstrip("#")
    chans = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1–21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --- icons ---------------------------------------------------------------------------------------

_ICON_SHAPES = {
    # 16×16 shapes; {c} is the colour
    "serious": '<path d="M8 1.5 15 14.5H1Z" fill="{c}"/>',
    "concern": '<circle cx="8" cy="8" r="6.5" fill="{c}"/>',
    "not_evidenced": ('<circle cx="8" cy="8" r="6" fill="none" stroke="{c}" stroke-width="2"/>'
                      '<path d="M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.6.3-.8.6-.8 1.3" fill="none" '
                      'stroke="{c}" stroke-width="1.6" stroke-linecap="round"/>'
                      '<circle cx="8" cy="11.6" r="1" fill="{c}"/>'),
    "met": ('<path d="M2.5 8.5 6.2 12 13.5 4.2" fill="none" stroke="{c}" stroke-width="2.6" '
            'stroke-linecap="round" stroke-linejoin="round"/>'),
    "not_applicable": '<rect x="2.5" y="6.8" width="11" height="2.6" rx="1" fill="{c}"/>',
}


def _shape(status: str, colour: str) -> str:
    return _ICON_SHAPES.get(status, _ICON_SHAPES["not_applicable"]).format(c=colour)


def status_icon(status: str, size: int = 16) -> Markup:
    """A small decorative icon for a status (the status word always stands beside it)."""
    colour = _status_colours(status)["strong"]
    return Markup(f'<svg class="icon" width="{size}" height="{size}" viewBox="0 0 16 16" '
                  f'aria-hidden="true" focusable="false">{_shape(status, colour)}</svg>')


def direction_icon(direction: str) -> Markup:
    """An arrow for a movement: down-red for worse, up-green for better, a bar for no change."""
    shapes = {
        "worse": (STATUS_COLOURS["serious"]["strong"], '<path d="M8 14 2 6h4V2h4v4h4Z" fill="{c}"/>'),
        "better": (STATUS_COLOURS["met"]["strong"], '<path d="M8 2l6 8h-4v4H6v-4H2Z" fill="{c}"/>'),
        "neither": (PALETTE["muted"], '<path d="M2 8h12M10 4l4 4-4 4" fill="none" stroke="{c}" stroke-width="2"/>'),
        "same": (PALETTE["muted"], '<rect x="2" y="6.8" width="12" height="2.4" fill="{c}"/>'),
    }
    colour, shape = shapes.get(direction, shapes["same"])
    return Markup(f'<svg class="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
                  f'focusable="false">{shape.format(c=colour)}</svg>')


def legend_symbol(kind: str) -> Markup:
    """The chart marks as small inline symbols for a key: value bar, England tick, previous ring,
    and the audit answers."""
    ink, paper = PALETTE["ink"], PALETTE["paper"]
    shapes = {
        "value": f'<rect x="0" y="5" width="16" height="6" fill="{ink}"/>',
        "national": f'<rect x="6.5" y="0" width="3" height="16" fill="{ink}"/>',
        "previous": f'<circle cx="8" cy="8" r="5" fill="{paper}" stroke="{ink}" stroke-width="2"/>',
        **{a: f'<rect x="1" y="2" width="14" height="12" fill="{c["fill"]}" stroke="{PALETTE["line"]}"/>'
           for a, c in ANSWER_COLOURS.items()},
        **{s: f'<rect x="1" y="2" width="14" height="12" fill="{c["tint"]}" stroke="{c["strong"]}"/>'
           for s, c in STATUS_COLOURS.items()},
    }
    return Markup(f'<svg class="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
                  f'focusable="false">{shapes.get(kind, "")}</svg>')
