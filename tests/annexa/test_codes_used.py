"""Every DfE code the importer and the synthetic generator use is in the one DfE table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import selfeval.sources.annexa as annexa_pkg
from selfeval.sources.annexa import synthetic_care
from selfeval.sources.annexa.headers import LISTS
from selfeval.sources.codes import code_list, table

PACKAGE = Path(annexa_pkg.__file__).parent
CODE_COLUMNS = {c.field: c.codes for spec in LISTS.values() for c in spec.columns if c.codes}


def _calls() -> list[tuple[str, ast.Call]]:
    out = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                out.append((path.name, node))
    return out


def test_every_code_is_in_the_importer_compares_with_is_a_dfe_code() -> None:
    checked = 0
    for name, call in _calls():
        if not (isinstance(call.func, ast.Name) and call.func.id == "code_is"):
            continue
        target = call.args[0]
        assert isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant), \
            f"{name}:{call.lineno}: code_is on something other than row['<column>']"
        field = target.slice.value
        assert field in CODE_COLUMNS, f"{name}:{call.lineno}: column '{field}' has no DfE code list in headers.py"
        codes = code_list(CODE_COLUMNS[field])
        for arg in call.args[1:]:
            if isinstance(arg, ast.Constant):
                assert arg.value in codes, f"{name}:{call.lineno}: '{arg.value}' is not a {codes.name} code"
                checked += 1
    assert checked >= 3


def test_every_group_and_list_the_importer_names_exists() -> None:
    seen = 0
    for name, call in _calls():
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr == "group" and isinstance(f.value, ast.Call):
            inner = f.value
            if isinstance(inner.func, ast.Name) and inner.func.id == "code_list":
                lst = inner.args[0]
                grp = call.args[0]
                assert isinstance(lst, ast.Constant) and isinstance(grp, ast.Constant)
                assert grp.value in table()[lst.value].groups, f"{name}:{call.lineno}"
                seen += 1
    assert seen >= 3
    for field, lst in CODE_COLUMNS.items():
        assert lst in table(), field


@pytest.mark.parametrize("list_name", sorted(synthetic_care.CODES_USED))
def test_the_generator_uses_only_dfe_codes_valid_in_its_year(list_name: str) -> None:
    codes = code_list(list_name)
    for code in synthetic_care.CODES_USED[list_name]:
        assert code in codes, f"{code} is not a {list_name} code"
        assert codes.codes[code].valid_in("2026/27"), f"{code} is not valid in 2026/27"


@pytest.mark.parametrize(("values", "list_name"), [
    (synthetic_care.LEGAL, "legal_status"), (synthetic_care.PLACEMENTS, "placement_type"),
    (synthetic_care.ACTIVITY, "activity"), (synthetic_care.ACCOMMODATION, "accommodation_type"),
])
def test_the_generator_writes_dfe_descriptions_that_read_back(values: list[str], list_name: str) -> None:
    codes = code_list(list_name)
    for cell in values:
        code, _, desc = cell.partition(": ")
        assert desc == codes.describe(code), f"{cell!r}: the DfE description is {codes.describe(code)!r}"
        assert code in synthetic_care.CODES_USED[list_name]
        m = codes.match(cell)
        assert m is not None and m.codes == {code}


def test_the_real_spellings_the_generator_writes_read_back() -> None:
    from selfeval.sources.annexa.synthetic_sheets import _Mess

    mess = _Mess(7)
    for list_name, values in (("legal_status", synthetic_care.LEGAL), ("placement_type", synthetic_care.PLACEMENTS),
                              ("activity", synthetic_care.ACTIVITY),
                              ("accommodation_type", synthetic_care.ACCOMMODATION)):
        for value in values:
            want = value.partition(": ")[0]
            for _ in range(40):
                cell = mess.coded(value)
                m = code_list(list_name).match(cell)
                assert m is not None and m.codes == {want}, f"{cell!r} read as {m}"
