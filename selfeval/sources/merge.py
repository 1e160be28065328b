"""One metrics file from several: Annex A, the three returns, a case-audit sheet.

Every input is loaded and validated exactly as ``selfeval check`` would (YAML or the Excel
template). Each value keeps its provenance: ``source`` (the return or list, table, as-at date;
the input's file name when it gave none) and ``note`` (its rule of counting). Where two inputs
give the same metric, the first on the command line is kept as the value, the other is written
beside it in the note, and a difference beyond the tolerance for the metric's unit is reported
on screen, in the file's header and in its ``notes`` — never silently overwritten. Audit answers
and facts given twice are treated the same way (the first kept, the other reported).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from selfeval.core import catalogue as cat
from selfeval.core import submission
from selfeval.core.errors import SelfevalError
from selfeval.core.files import write_atomic
from selfeval.sources.metricsfile import comment, entry, q

# Differences within these (in the metric's unit) are agreement: rounding, or a day's difference
# in as-at dates. Overridable per unit with --tolerance UNIT=N.
TOLERANCE: dict[str, float] = {"percent": 1.0, "per_10k": 1.0, "days": 5.0, "weeks": 1.0,
                               "number": 0.5, "count": 0.0, "gbp": 0.0}


@dataclass
class Merged:
    text: str
    sources: list[str]
    differences: list[str] = field(default_factory=list)  # beyond tolerance
    agreements: list[str] = field(default_factory=list)  # both given, within tolerance
    warnings: list[str] = field(default_factory=list)  # parts not merged
    metrics: int = 0


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _period(p: submission.Period) -> tuple[dt.date | None, dt.date | None]:
    if p.as_at is not None:
        return p.as_at, p.as_at
    return p.start, p.end


def merge(paths: list[str | os.PathLike[str]], *, authority: str | None = None,
          tolerance: dict[str, float] | None = None) -> Merged:
    if len(paths) < 2:
        raise SelfevalError("give two or more metrics files to merge")
    tol = {**TOLERANCE, **(tolerance or {})}
    c = cat.load()
    subs = [submission.load(str(p), c) for p in paths]
    names = [Path(p).name for p in paths]
    if len(set(names)) < len(names):
        names = [str(p) for p in paths]
    if authority is None:
        found = {s.authority.casefold(): s.authority for s in subs}
        if len(found) > 1:
            raise SelfevalError(f"the files name different authorities ({', '.join(sorted(found.values()))})",
                                file=str(paths[1]), hint="check they are the same council, then give --authority NAME")
        authority = subs[0].authority
    coded = [(p, s.authority_code) for p, s in zip(paths, subs, strict=True) if s.authority_code]
    codes = {code for _, code in coded}
    if len(codes) > 1:  # named at the first file that differs from the first code given
        raise SelfevalError(f"the files give different LA codes ({', '.join(sorted(codes))})",
                            file=str(next(p for p, code in coded if code != coded[0][1])),
                            hint="check they are the same council, and correct authority_code in the wrong file")
    starts = [d for s in subs for d in (_period(s.period)[0],) if d]
    ends = [d for s in subs for d in (_period(s.period)[1],) if d]
    m = Merged("", names)
    body: list[str] = []
    for metric in c.metrics.values():
        given = [(n, s.evidence.metrics[metric.id]) for n, s in zip(names, subs, strict=True) if metric.id in s.evidence.metrics]
        if not given:
            continue
        m.metrics += 1
        name, first = given[0]
        src = first.source or name
        extra = []
        for other_name, v in given[1:]:
            diff = abs(v.value - first.value)
            unit = cat.UNITS.get(metric.unit, metric.unit)
            beyond = diff > tol.get(metric.unit, 0.0)
            line = (f"{metric.id}: {_fmt(first.value)} from {name} and {_fmt(v.value)} from {other_name} "
                    f"(difference {_fmt(round(diff, 2))} {unit}; tolerance {_fmt(tol.get(metric.unit, 0.0))})")
            (m.differences if beyond else m.agreements).append(line)
            extra.append(f"also {_fmt(v.value)} from {v.source or other_name}"
                         + (f" [{v.note}]" if v.note else "")
                         + (f" — DIFFERS by {_fmt(round(diff, 2))}, beyond the tolerance of "
                            f"{_fmt(tol.get(metric.unit, 0.0))}" if beyond else " — agrees within tolerance"))
        body += comment(f"{metric.label} — from {name}"
                        + (f"; {len(given) - 1} other source(s) shown in the note" if extra else ""), "  ")
        body += entry(metric.id, _fmt(first.value),
                      numerator=None if first.numerator is None else _fmt(first.numerator),
                      denominator=None if first.denominator is None else _fmt(first.denominator),
                      source=src, note="; ".join(x for x in [first.note or "", *extra] if x))
    audits, facts = _audits_and_facts(names, subs, m)
    notes = [f"[{n}] {s.notes}" for n, s in zip(names, subs, strict=True) if s.notes]
    if m.differences:
        notes.append(f"SOURCES DISAGREE beyond tolerance on {len(m.differences)} metric(s): "
                     + "; ".join(m.differences))
    head = [f"# One metrics file merged by selfeval from {', '.join(names)} (in that order of precedence).",
            "# Each value's source and note say where it came from; where two files gave the same metric the",
            "# first is the value and the other is written in its note.", "#", "# Periods of the inputs:"]
    for n, s in zip(names, subs, strict=True):
        head.append(f"#   {n}: {s.period.label}")
    head += ["#", "# Differences beyond tolerance:"] + [f"#   {d}" for d in m.differences or ["none"]]
    head += [f"# NOT MERGED: {w}" for w in m.warnings]
    head += ["", f"authority: {q(authority)}", *([f"authority_code: {q(next(iter(codes)))}"] if codes else []),
             "period:",
             f"  start: {min(starts).isoformat()}" if starts else "  start:",
             f"  end: {max(ends).isoformat()}" if ends else "  end:"]
    if notes:
        head.append(f"notes: {q(' | '.join(notes))}")
    m.text = "\n".join(head + ["", "metrics:", *body, *audits, *facts]) + "\n"
    return m


def _audits_and_facts(names: list[str], subs: list[submission.Submission], m: Merged) -> tuple[list[str], list[str]]:
    audits: list[str] = []
    sample_from = next(((n, s.sample) for n, s in zip(names, subs, strict=True) if s.sample is not None), None)
    answers: dict[str, tuple[str, submission.Answers]] = {}
    for n, s in zip(names, subs, strict=True):
        for qid, a in s.evidence.answers.items():
            if qid in answers:
                if answers[qid][1] != a:
                    m.differences.append(f"audit question {qid}: answers from {answers[qid][0]} kept; "
                                         f"{n} gives different counts")
                continue
            answers[qid] = (n, a)
    if answers or sample_from:
        audits.append("audits:")
        if sample_from:
            smp = sample_from[1]
            assert smp is not None
            audits.append(f"  sample:  # from {sample_from[0]}")
            if smp.cases is not None:
                audits.append(f"    cases: {smp.cases}")
            if smp.completed is not None:
                audits.append(f"    completed: {smp.completed.isoformat()}")
            if smp.method:
                audits.append(f"    method: {q(smp.method)}")
        if answers:
            audits.append("  answers:")
            for qid, (n, a) in answers.items():
                audits.append(f'    {qid}: {{"yes": {a.yes}, "partly": {a.partly}, "no": {a.no}, '
                              f'"not_applicable": {a.not_applicable}}}  # from {n}')
    facts: list[str] = []
    got: dict[str, tuple[str, bool]] = {}
    for n, s in zip(names, subs, strict=True):
        for fid, v in s.evidence.facts.items():
            if fid in got and got[fid][1] != v:
                m.differences.append(f"fact {fid}: {'yes' if got[fid][1] else 'no'} from {got[fid][0]} kept; "
                                     f"{n} says {'yes' if v else 'no'}")
            got.setdefault(fid, (n, v))
    if got:
        facts.append("facts:")
        facts += [f"  {fid}: {'yes' if v else 'no'}  # from {n}" for fid, (n, v) in got.items()]
    for n, s in zip(names, subs, strict=True):
        if s.previous is not None or s.recommendations:
            m.warnings.append(f"{n}: its 'previous' and 'recommendations' sections are not merged; "
                              "add them to the merged file by hand")
    return audits, facts


def write_merged(paths: list[str | os.PathLike[str]], output: str | os.PathLike[str], *,
                 authority: str | None = None, tolerance: dict[str, float] | None = None,
                 overwrite: bool = False) -> Merged:
    from selfeval.sources.returnsfile import check_output

    check_output(output, overwrite)
    outp = Path(output).resolve()
    for p in paths:
        if Path(p).resolve() == outp:
            raise SelfevalError("the output is one of the inputs", file=str(output),
                                hint="write the merged file under a new name")
    m = merge(paths, authority=authority, tolerance=tolerance)
    from selfeval.core import yamlsafe

    raw, locator = yamlsafe.loads(m.text, str(output))
    submission.parse(raw, file=str(output), locator=locator)  # the merged file must itself check
    write_atomic(output, m.text)
    return m
