"""A synthetic workforce census with known answers (every worker invented).

One record per worker: permanent staff in post and those who left in the year, and agency
workers in post at 30 September. Codes (OrgRole, ReasonLeave ...) come from the shared DfE code
table. The known answers are counted from the model, not the file. Sizes: "small" (about 120
social workers) and "large" (a big city: about 1,200).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from selfeval.sources.codes import code_list

REF = dt.date(2025, 9, 30)
WORKERS = {"small": 120, "large": 1_200}


class W(NamedTuple):
    agency: int
    fte: float
    fte30: float
    cases: int
    role: str
    start: dt.date
    end: dt.date | None


def generate(size: str, seed: int = 2026) -> tuple[list[W], float]:
    rng = random.Random(f"csww-{size}-{seed}")
    roles = code_list("org_role").valid_codes("2025")
    out = []
    n = WORKERS[size]
    for _ in range(n + n // 7):  # the extra are the year's leavers
        agency = 1 if rng.random() < 0.17 else 0
        fte = rng.choice((1.0, 1.0, 1.0, 0.8, 0.6, 0.5))
        role = rng.choices(roles, (2, 5, 10, 12, 60, 11))[0]
        cases = rng.randint(8, 26) if role == "5" else (rng.randint(0, 6) if role in ("3", "4") else 0)
        start = REF - dt.timedelta(days=rng.randint(30, 4000))
        out.append(W(agency, fte, fte, cases, role, start, None))
    for i in range(n, len(out)):
        w = out[i]
        if not w.agency:
            end = REF - dt.timedelta(days=rng.randint(1, 364))
            out[i] = w._replace(end=end, start=min(w.start, end - dt.timedelta(days=30)), cases=0, fte30=0.0)
    return out, float(n // 12)


def expected(workers: list[W], vacancies: float) -> dict[str, Any]:
    def pct(a: float, b: float) -> dict[str, Any]:
        v = float((Decimal(str(round(a, 6))) * 100 / Decimal(str(round(b, 6)))).quantize(Decimal("0.1"), ROUND_HALF_UP))
        return {"value": v, "numerator": round(a, 2), "denominator": round(b, 2)}
    posts = [w for w in workers if w.end is None]
    perm = sum(w.fte for w in posts if not w.agency)
    agency = sum(w.fte for w in posts if w.agency)
    leavers = sum(w.fte for w in workers if w.end is not None and not w.agency)
    holders = [w for w in posts if w.cases >= 1]
    cases, ftes = sum(w.cases for w in holders), sum(w.fte30 for w in holders)
    avg = float(Decimal(str(cases / ftes)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return {"agency_social_worker_pct": pct(agency, perm + agency),
            "social_worker_turnover_pct": pct(leavers, perm),
            "social_worker_vacancy_pct": pct(vacancies, vacancies + perm),
            "social_worker_caseload_average": {"value": avg, "numerator": cases, "denominator": round(ftes, 2)},
            "social_worker_caseload_max": {"value": max(w.cases for w in holders)}}


def write_census(workers: list[W], vacancies: float, path: Path) -> None:
    reasons = code_list("reason_leave").valid_codes("2025")
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails>'
                f"<Collection>CSWW</Collection><Year>{REF.year}</Year><ReferenceDate>{REF.isoformat()}"
                "</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>000</LEA>"
                "</Source></Header>\n<LALevelVacancies>"
                f"<NumberOfVacancies>{vacancies:.2f}</NumberOfVacancies><NoAgencyFTE>0.00</NoAgencyFTE>"
                "<NoAgencyHeadcount>0</NoAgencyHeadcount></LALevelVacancies>\n")
        for i, w in enumerate(workers):
            end = f"<RoleEndDate>{w.end.isoformat()}</RoleEndDate><ReasonLeave>{reasons[i % 3]}</ReasonLeave>" if w.end else ""
            f.write(f"<CSWWWorker><AgencyWorker>{w.agency}</AgencyWorker><SWENo>SW{i:010d}</SWENo>"
                    f"<FTE>{w.fte:.6f}</FTE><OrgRole>{w.role}</OrgRole>"
                    f"<RoleStartDate>{w.start.isoformat()}</RoleStartDate>{end}"
                    f"<FTE30>{w.fte30:.6f}</FTE30><Cases30>{w.cases}</Cases30></CSWWWorker>\n")
        f.write("</Message>\n")


def write_synthetic(out: str | os.PathLike[str], size: str, seed: int) -> tuple[Path, Path]:
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    workers, vacancies = generate(size, seed)
    path = root / f"csww_{REF.year}.xml"
    write_census(workers, vacancies, path)
    answers = root / "expected.yaml"
    answers.write_text("# Known answers of this synthetic workforce census (every worker invented), "
                       "default readings.\n" + yaml.safe_dump({"as_at": REF.isoformat(),
                                                                "metrics": expected(workers, vacancies)}),
                       encoding="utf-8")
    return path, answers
