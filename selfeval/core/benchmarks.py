"""England figures (``data/benchmarks.yaml``): shown beside an authority's metrics, and the
reference for ``worse_than: national`` conditions."""

from __future__ import annotations

from selfeval.core.records import dataclass
from functools import lru_cache

from selfeval.core import catalogue as cat
from selfeval.core import yamlsafe
from selfeval.core.resources import read_text


@dataclass(frozen=True)
class Benchmark:
    metric: str
    value: float
    year: str
    source: str
    publisher: str
    link: str | None = None
    note: str | None = None


@lru_cache(maxsize=1)
def load() -> dict[str, Benchmark]:
    data = yamlsafe.loads_builtin(read_text("data", "benchmarks.yaml"), "benchmarks.yaml")
    known = cat.load().metrics
    out = {}
    for metric, b in data["benchmarks"].items():
        if metric not in known:
            raise RuntimeError(f"benchmarks.yaml names unknown metric {metric}")
        out[metric] = Benchmark(metric=metric, value=float(b["value"]), year=str(b["year"]),
                                source=str(b["source"]), publisher=str(b["publisher"]),
                                link=b.get("link"), note=b.get("note"))
    return out


def values() -> dict[str, float]:
    return {k: b.value for k, b in load().items()}
