"""Your own actors: matching the names and aliases you give :func:`discourse.actors`.

``dc.actors(corpus, actors=["Putin", "Kristine Berzina"])`` or ``actors={"Russia": ["Russia",
"Moscow", "Kremlin"]}`` counts exactly those: whole words, case-sensitive, a possessive "'s"
ignored, the last word of a multiword name or alias matched too, longest first and without
overlaps.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .._validate import InputError, as_list
from ._arrays import token_arrays

__all__ = ["match_mentions", "user_aliases"]

_POSSESSIVE = r"'s?$"


def _split_name(name: str) -> tuple[str, ...]:
    """The words of a name, each without a possessive."""
    return tuple(re.sub(_POSSESSIVE, "", w) for w in name.replace("\u2019", "'").split())


def user_aliases(spec) -> list[tuple[str, tuple[str, ...]]]:
    """(label, words) of each alias of ``actors=``, a multiword one's last word too."""
    spec = spec if isinstance(spec, dict) else {a: [a] for a in as_list(spec)}
    aliases = []
    for label, forms in spec.items():
        for form in as_list(forms):
            if not str(form).strip():
                raise InputError(f"actors: the alias {form!r} of {label!r} is empty.")
            parts = _split_name(str(form))
            aliases.append((str(label), parts))
            if len(parts) > 1:
                aliases.append((str(label), parts[-1:]))
    return list(dict.fromkeys(aliases))


def match_mentions(tok: pd.DataFrame, aliases: list[tuple[str, tuple[str, ...]]]
                   ) -> pd.DataFrame:
    """Non-overlapping whole-word mentions of your own aliases (longest first)."""
    arr = token_arrays(tok)
    # the rules run once per distinct token text, on the strings tok.text.astype(str) holds
    distinct = pd.Series(arr.text_uniques, dtype=tok.text.iloc[:0].astype(str).dtype)
    distinct = distinct.str.replace("\u2019", "'", regex=False).str.replace(
        _POSSESSIVE, "", regex=True).to_numpy(dtype=object)
    base = distinct[arr.text_codes]
    form_codes, forms = pd.factorize(distinct)
    codes = form_codes[arr.text_codes]  # equal forms, equal codes
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(forms) + 1))
    where = {u: i for i, u in enumerate(forms)}
    sent_key = arr.sent_key
    covered = np.zeros(len(tok), dtype=bool)
    hits = []
    for actor, alias in sorted(aliases, key=lambda x: (-len(x[1]), x[0], x[1])):
        L = len(alias)
        if L == 0 or alias[0] not in where:
            continue
        c = where[alias[0]]
        cand = order[bounds[c]:bounds[c + 1]]
        cand = cand[cand + L <= len(tok)]
        for k in range(1, L):
            cand = cand[(base[cand + k] == alias[k]) & (sent_key[cand + k] == sent_key[cand])]
        for i in cand.tolist():
            if not covered[i:i + L].any():
                covered[i:i + L] = True
                hits.append((actor, i, i + L - 1))
    h = pd.DataFrame(hits, columns=["actor", "first", "last"])
    f, last = h["first"].to_numpy().astype(np.int64), h["last"].to_numpy().astype(np.int64)
    text = arr.text
    return pd.DataFrame({
        "doc_id": arr.doc[f],
        "para_id": tok.para_id.to_numpy()[f].astype("int64"),
        "sent_id": tok.sent_id.to_numpy()[f].astype("int64"),
        "start": tok.start.to_numpy()[f].astype("int64"),
        "end": tok.end.to_numpy()[last].astype("int64"),
        "name": [" ".join(_split_name(" ".join(text[a:b + 1]))) for a, b in zip(f, last,
                                                                                  strict=True)],
        "title": "", "first": f, "last": last, "is_initial": False,
        "actor": h.actor.astype(object)})
