"""The escaped view gives a template what the escaped copy held, place by place."""

from __future__ import annotations

from typing import Any

import jinja2

from selfeval.core import textsafe
from selfeval.render import escaped

HOSTILE = {
    "title": "\x1b[2Jcleared", "n": 3, "ok": True, "none": None, "rate": 0.5,
    "lines": ["one\ntwo", "# heading", "- item", "plain", ("tu", "\u202eple")],
    "nested": {"deep": [{"x": "<script>", "y": ["a_b", "_edge_"]}], "empty": {}},
    "same": {"k": "v"},
}


def walk(data: Any) -> Any:
    """Everything in a view, read the ways a template reads it."""
    if isinstance(data, dict):
        return {k: walk(v) for k, v in data.items()}
    if isinstance(data, list):
        return [walk(v) for v in data]
    return data


def test_the_view_holds_what_the_copy_holds() -> None:
    for escape, tree in ((textsafe.visible, textsafe.visible_tree), (textsafe.markdown, textsafe.markdown_tree)):
        v = escaped.view(HOSTILE, escape)
        assert walk(v) == tree(HOSTILE)
        assert v["lines"][0] == tree(HOSTILE)["lines"][0] and v.get("title") == escape(HOSTILE["title"])
        assert v["lines"][-1] == tree(HOSTILE)["lines"][-1] and list(reversed(v["lines"]))[0] == v["lines"][-1]
        assert v["lines"][1:3] == tree(HOSTILE)["lines"][1:3] and escape("plain") in v["lines"]
        assert list(v.values())[0] == escape(HOSTILE["title"]) and v["nested"] is v["nested"]
        assert v.get("missing", 7) == 7


def test_templates_render_the_same_from_the_view_and_the_copy() -> None:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    source = ("{{ r.title }}|{{ r.lines | join(',') }}|{{ r.lines | last }}|{{ r.lines | length }}|"
              "{% for x in r.nested.deep %}{{ x.x }}{{ x.y | first }}{% endfor %}|{{ (r.lines + ['z'])[-2] }}|"
              "{{ r.nested.deep | map(attribute='x') | list }}|{{ r.nested is sameas r.nested }}|"
              "{{ r.lines | select('equalto', 'plain') | list | length }}|{{ r.get('none') }}|{{ r.lines }}")
    t = env.from_string(source)
    for escape, tree in ((textsafe.visible, textsafe.visible_tree), (textsafe.markdown, textsafe.markdown_tree)):
        assert t.render(r=escaped.view(HOSTILE, escape)) == t.render(r=tree(HOSTILE))
