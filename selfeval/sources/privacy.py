"""What a message about a workbook may quote: never child data.

Error messages are pasted into emails and tickets. A cell's value is quoted only when it could
not be a name, an identifier or a date of birth: never from a column that holds them, and only
when it looks like the kind expected (digits for a number or date). A value that is "not a
date" may be a name: then the message names the cell and what was expected, not what is there.
Headers and sheet names are quoted only as far as they are made of words an Annex A or selfeval
workbook uses ("Continuous Assessment Start Date - Ava Wright" is "a header that starts with
'Continuous Assessment Start Date'").
"""

from __future__ import annotations

import difflib
import re

_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9 .,]*%?")
_DATE_LIKE = re.compile(r"[0-9]{1,4}([ ./-][0-9]{1,4}){0,2}( [0-9:.]+)?")
_EXCEL_ERROR = re.compile(r"#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!)", re.I)
_WORD = re.compile(r"[A-Za-z]+|[0-9]+")

COMMON_WORDS = frozenset("""
list lists sheet sheets annex a notes note pivot summary cover contents data table tables readme
about metrics audit answers facts template instructions guidance lookup lookups codes key keys
definitions copy of new old final draft version v and the of for to in on by with or no yes
""".split())
"""Words of sheet names and headers that say nothing about a child."""


def value_may_be_quoted(kind: str, value: object) -> bool:
    """Whether a cell's value may appear in a message about it (its column is not personal):
    only a short value that looks like the kind expected, so never a name or an identifier."""
    text = " ".join(str(value).split())
    if not text or len(text) > 20:
        return False
    if _EXCEL_ERROR.fullmatch(text):  # #REF!, #N/A, #DIV/0!: Excel's words, not the user's
        return True
    if kind == "date":
        return _DATE_LIKE.fullmatch(text) is not None
    if kind in ("count", "number", "percent"):
        return _NUMBER_LIKE.fullmatch(text) is not None
    return False


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    """A number, a word of ``vocabulary``, its abbreviation ("Cont" for "continuous") or a close
    spelling ("authorization" for "authorisation")."""
    w = word.lower()
    if w.isdigit() or w in vocabulary:
        return True
    if len(w) >= 4 and any(v.startswith(w) and len(v) >= len(w) + 3 for v in vocabulary):
        return True
    return len(w) >= 5 and bool(difflib.get_close_matches(w, vocabulary, n=1, cutoff=0.85))


def known_words(text: str, vocabulary: frozenset[str] = COMMON_WORDS) -> bool:
    """Whether every word of ``text`` is in ``vocabulary`` (or a number), so it may be quoted."""
    words = _WORD.findall(text)
    return bool(words) and all(_known(w, vocabulary) for w in words)


def known_prefix(text: str, vocabulary: frozenset[str]) -> str:
    """The longest start of ``text`` made only of words in ``vocabulary`` (or numbers)."""
    kept: list[str] = []
    for token in text.split():
        words = _WORD.findall(token)
        if words and all(_known(w, vocabulary) for w in words):
            kept.append(token)
        else:
            break
    return " ".join(kept).rstrip(" -–:,(")


def words_of(*texts: str) -> frozenset[str]:
    """The words of some headers or titles, as a vocabulary for :func:`known_words`."""
    return frozenset(w.lower() for t in texts for w in _WORD.findall(t))
