"""The condition language of rule packs: one small class per kind, registered by key.

Conditions are data parsed into these objects, never evaluated code. Evaluation is three-valued:
``True``, ``False`` or ``None`` (unknown: the evidence is missing). ``evaluate`` also returns
what it looked at, so a report can show the value against the threshold; ``decide`` returns the
value alone (the same value, about ten times faster), for passes that need only statuses.
"""

from selfeval.core.conditions.base import (
    COMPARISONS,
    POPULATION,
    AuditMethod,
    Condition,
    Context,
    Namer,
    Observation,
    Outcome,
    Ref,
    wilson,
)
from selfeval.core.conditions.comparative import (
    GROUP_WORDS,
    Worsened,
    WorseThanGroup,
    WorseThanNational,
)
from selfeval.core.conditions.logic import All, Any_, Not
from selfeval.core.conditions.measures import AuditShare, FactIs, MetricCompare
from selfeval.core.conditions.parsing import KINDS, ConditionError, parse

__all__ = ["COMPARISONS", "GROUP_WORDS", "KINDS", "POPULATION", "All", "Any_", "AuditMethod", "AuditShare",
           "Condition", "ConditionError", "Context", "FactIs", "MetricCompare", "Namer", "Not", "Observation",
           "Outcome", "Ref", "WorseThanGroup", "WorseThanNational", "Worsened", "parse", "wilson"]
