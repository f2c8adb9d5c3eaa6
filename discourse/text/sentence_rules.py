"""Punkt's sentence decisions over a token table, and the per-text token flags they use.

:func:`sentence_starts` applies the decision rules of NLTK's Punkt (Kiss & Strunk 2006, untrained
parameters plus the shipped abbreviations, see :mod:`discourse.text.segment`) at candidate tokens
only, with numpy; :func:`token_kinds` computes, once per distinct token text, the flags they read.
The
corpus builder runs both in its worker processes, batch by batch: every rule looks at a token
and its neighbours within one paragraph, so batches of whole documents decide alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from . import segment
from .normalize import normalize

_NUMBER = re.compile(r"^-?[.,]?\d[\d,.-]*\.?$")  # Punkt's ##number## type
_CLOSING = set(segment.CLOSING)  # may follow a sentence end and still belong to the sentence
_ENDS, _WIDE_END = set(segment.SENTENCE_END) | {"."}, set(segment.WIDE_END)
_NONWORD = _CLOSING | set(";*:@({[!?")  # Punkt: what may follow a period without a space


_ALNUM = re.compile(r"[^\W_]")  # a character that str.isalnum() accepts (checked on all of them)


@lru_cache(maxsize=4096)
def _is_punct_char(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def token_kinds(values, stop: frozenset[str] = frozenset()) -> dict[str, np.ndarray]:
    """Per distinct token text: norm and the flags the tables and the sentence splitter use
    (``is_stop``: the norm is in ``stop``).

    The flags about punctuation are computed for the texts without a letter or digit only: a
    text with one is never punctuation, a period, an ellipsis or a closing quote.
    """
    abbrev = segment.abbreviations()
    # ASCII: normalize() is casefold(), which is lower() there (QUOTE_MAP maps no ASCII)
    norms = [t.lower() if t.isascii() else normalize(t) for t in values]
    is_word = np.array([_ALNUM.search(t) is not None for t in values], dtype=bool)
    other = np.flatnonzero(~is_word)
    signs = [values[i] for i in other.tolist()]

    def of_signs(flags) -> np.ndarray:
        out = np.zeros(len(values), dtype=bool)
        out[other] = np.array(flags, dtype=bool)
        return out

    return {
        "norm": np.array(norms, dtype=object),
        "is_word": is_word,
        "is_punct": of_signs([all(map(_is_punct_char, t)) for t in signs]),
        "is_stop": np.array([n in stop for n in norms], dtype=bool),
        "period": of_signs([t == "." for t in signs]),
        "qe": of_signs([bool(t) and set(t) <= _ENDS and t.strip(".") != "" for t in signs]),
        "wide_end": np.array([not _WIDE_END.isdisjoint(t) for t in values], dtype=bool),
        "dotted": np.array([len(t) > 2 and t.endswith(".") and t[-2] != "."
                            for t in values], dtype=bool),
        "abbrev": np.array([n.rstrip(".") in abbrev for n in norms], dtype=bool),
        "number": np.array([_NUMBER.match(t) is not None for t in values], dtype=bool),
        "lower": np.array([t[:1].islower() for t in values], dtype=bool),
        "nonword": of_signs([bool(t) and set(t) <= _NONWORD for t in signs]),
        "closing": of_signs([bool(t) and set(t) <= _CLOSING for t in signs]),
    }


def sentence_starts(codes, kinds, gap_before, para_first) -> np.ndarray:
    """Boolean mask of the tokens that start a sentence: Punkt's decision rules.

    The rules of NLTK's Punkt (Kiss & Strunk 2006) with its untrained parameters plus the
    shipped abbreviations, applied at candidate tokens only: a "?" or "!" ends a sentence; a
    period ends one unless it is glued to an abbreviation or initial ("Dr.", "A."), or to a
    number with a lower-case word next ("the 2. place"); a dotted initialism ("U.S.") ends one
    unless it is a known abbreviation; an ellipsis does not. The period must be followed by a
    space or by closing punctuation; closing quotes and brackets glued to it stay in the
    sentence, which then ends at the next space; a glued opening bracket starts the next one.
    Unlike NLTK, curly closing quotes count as closing punctuation, and a hyphenated word is
    not taken for an abbreviation by its last part ("c-jun."). A paragraph always starts a
    sentence.
    """
    n = len(codes)
    starts = para_first.copy()
    if n < 2:
        return starts
    cand_kind = kinds["period"] | kinds["qe"] | kinds["dotted"]
    cand = np.flatnonzero(cand_kind[codes[:-1]])  # a last token ends nothing
    code = codes[cand]
    glued = ~gap_before[cand]  # the candidate touches the token before it
    prev = codes[np.maximum(cand - 1, 0)]
    gap_idx = np.flatnonzero(gap_before)
    pos = np.searchsorted(gap_idx, cand, side="right")
    has_next = pos < len(gap_idx)
    nxt = gap_idx[np.minimum(pos, len(gap_idx) - 1)]
    next_lower = kinds["lower"][codes[nxt]]
    after = codes[cand + 1]
    after_ok = gap_before[cand + 1] | kinds["nonword"][after]
    wide = kinds["wide_end"][code]
    if wide.any():  # 。！？ need no space: the next sentence starts after any closing quote
        after_ok |= wide
        opens = np.flatnonzero(~kinds["closing"][codes])
        k = np.searchsorted(opens, cand[wide] + 1)
        has_next[wide] = k < len(opens)
        nxt[wide] = opens[np.minimum(k, len(opens) - 1)]
    period_break = kinds["period"][code] & ~(glued & kinds["abbrev"][prev])
    period_break &= ~(glued & kinds["number"][prev] & next_lower)
    breaks = (period_break | kinds["qe"][code]
              | (kinds["dotted"][code] & ~kinds["abbrev"][code])) & after_ok & has_next
    # the next sentence starts at the next space, or at a glued opening bracket: "end.(Next"
    glued_next = ~gap_before[cand + 1] & ~kinds["closing"][after]
    glued_next &= ~(kinds["qe"][after] | kinds["period"][after])  # "?!": one end, not two
    targets = np.where(glued_next, cand + 1, nxt)[breaks]
    cand = cand[breaks]
    # a break only opens a sentence inside the same paragraph (the next paragraph starts anyway)
    para_no = np.cumsum(para_first, dtype=np.int32)
    same = para_no[targets] == para_no[cand]
    starts[targets[same]] = True
    return starts
