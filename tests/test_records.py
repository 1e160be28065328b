"""records.dataclass is dataclasses.dataclass, with compiled code kept between runs by source."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from selfeval.core import records

CLASS = """
from selfeval.core.records import dataclass, field

@dataclass(frozen=True)
class Point:
    x: int
    y: int = {default}
    tags: tuple[str, ...] = field(default=())

p = Point(1)
print(p, p == Point(1, {default}), hash(p) == hash(Point(1, {default})), Point.__init__.__defaults__)
"""


def run(tmp_path: Path, default: int) -> str:
    env = {"SELFEVAL_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", CLASS.format(default=default)], env=env, cwd=Path(__file__).parent.parent,
                         capture_output=True, text=True, check=True)
    return out.stdout


def test_kept_code_is_used_and_a_changed_class_is_compiled_afresh(tmp_path: Path) -> None:
    first = run(tmp_path, 2)
    assert first == "Point(x=1, y=2, tags=()) True True (2, ())\n"
    assert (tmp_path / "cache").is_dir() and list((tmp_path / "cache").glob("dataclass-code-*"))
    assert run(tmp_path, 2) == first  # from the kept code
    assert run(tmp_path, 7) == "Point(x=1, y=7, tags=()) True True (7, ())\n"  # a new default: new source


def test_the_same_class_as_dataclasses_makes() -> None:
    @records.dataclass(frozen=True)
    class A:
        a: int
        b: list[int] = records.field(default_factory=list, hash=False)

    @dataclasses.dataclass(frozen=True)
    class B:
        a: int
        b: list[int] = dataclasses.field(default_factory=list, hash=False)

    a, b = A(1), B(1)
    assert dataclasses.is_dataclass(a) and [f.name for f in dataclasses.fields(a)] == ["a", "b"]
    assert repr(a).replace("A(", "B(") == repr(b) and a == A(1) and a != A(2) and hash(a) == hash(A(1))
    assert dataclasses.replace(a, a=3).a == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.a = 2  # type: ignore[misc]
    assert not hasattr(dataclasses, "exec")  # the builtin is only shadowed while a class is made


@records.dataclass(frozen=True, rebuilt=True)
class Rebuilt:
    a: int
    b: tuple[str, ...] = ()


def test_rebuilt_instances_unpickle_through_init() -> None:
    import pickle

    x = Rebuilt(1, ("p",))
    assert x.__reduce__() == (Rebuilt, (1, ("p",)))
    y = pickle.loads(pickle.dumps([x, x]))
    assert y == [x, x] and y[0] is y[1]  # shared once, as pickle always does
    with pytest.raises(TypeError, match="rebuilt=True"):
        @records.dataclass(frozen=True, rebuilt=True)
        class KeywordOnly:
            a: int = records.field(kw_only=True)
