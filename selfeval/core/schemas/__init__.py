"""JSON Schemas for the metrics file, rule packs and the report, and friendly validation errors.

The rules and report schemas are files here; the metrics schema is built from the catalogue so
that editors can autocomplete every metric id with its definition.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from selfeval.core.errors import KeyPath, Locator, SelfevalError

_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "text", "number": "a number",
               "integer": "a whole number", "boolean": "yes or no", "null": "empty"}


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """A schema by name: 'rules', 'report' or 'metrics'."""
    if name == "metrics":
        from selfeval.core.schemas.metrics import build

        return build()
    from importlib import resources  # only when a schema is read (it imports tempfile, shutil …)

    text = resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _validator(name: str) -> Any:
    import jsonschema  # imported late: a plain `check` of trusted built-in packs does not need it

    schema = load(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def errors(name: str, data: Any, *, file: str, locator: Locator) -> list[SelfevalError]:
    """Every schema violation in ``data``, each as a located one-line error in the user's words."""
    out = []
    for err in sorted(_validator(name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path: KeyPath = tuple(err.absolute_path)
        out.append(SelfevalError(_words(err), file=file, where=locator.where(path)))
    return out


def _words(err: Any) -> str:
    path = list(err.absolute_path)
    if isinstance(err.instance, dict) and isinstance(err.instance.get("id"), str):
        name = f"rule '{err.instance['id']}'"
    elif path and not isinstance(path[-1], int):
        name = f"'{path[-1]}'"
    else:
        name = f"item {path[-1] + 1} of '{path[-2]}'" if len(path) > 1 else "this"
    v = err.validator
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return f"{name} is missing '{missing}'"
    if v == "additionalProperties":
        extra = sorted(str(k) for k in set(err.instance) - set(err.schema.get("properties", {})))
        return f"unknown key '{extra[0] if extra else '?'}' in {name}" + (
            f" (allowed: {', '.join(err.schema['properties'])})" if err.schema.get("properties") else "")
    if v == "type":
        types = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        return f"{name} should be {' or '.join(_TYPE_WORDS.get(str(t), str(t)) for t in types)}"
    if v == "enum":
        return f"{name} should be one of {', '.join(map(str, err.validator_value))}, not '{err.instance}'"
    if v == "pattern":
        return f"{name} '{err.instance}' is not in the expected form (lower-case letters, digits and hyphens)"
    if v in ("minItems", "minLength", "minProperties"):
        return f"{name} is empty"
    if v == "anyOf":
        return f"{name} needs one of: " + ", ".join(
            "'" + "' and '".join(s.get("required", [])) + "'" for s in err.validator_value)
    # the rest in our words too: jsonschema's own wording may change with its version
    if v in ("minimum", "exclusiveMinimum"):
        word = "at least" if v == "minimum" else "more than"
        return f"{name} should be {word} {err.validator_value}"
    if v == "const":
        return f"{name} should be {err.validator_value}"
    if v == "oneOf":
        return f"{name} does not fit any of the forms it may take"
    if v == "not":
        return f"{name} has a form that is not allowed here"
    return f"{name} is not in the expected form ({v})"
