"""Sentence-level stance: marker counts per sentence and a certainty score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .lexicon import CATEGORIES
from .rates import _categories, sentence_counts, sentence_table


def certainty_score(boosters, hedges) -> np.ndarray:
    """The certainty of a sentence from its booster and hedge counts, in (-1, 1).

    ``certainty = (boosters - hedges) / (boosters + hedges + 1)``

    Examples
    --------
    >>> certainty_score([0, 1, 0, 2, 1], [0, 0, 1, 0, 1]).round(3).tolist()
    [0.0, 0.5, -0.5, 0.667, 0.0]
    """
    b = np.asarray(boosters, dtype=float)
    h = np.asarray(hedges, dtype=float)
    return (b - h) / (b + h + 1.0)


def sentence_stance(corpus, markers: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per analysed sentence: its stance markers and how certain it sounds.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    markers : DataFrame, optional
        The output of :func:`discourse.find_markers` on ``corpus``. Default: found here with
        the shipped lexicon.

    Returns
    -------
    DataFrame
        One row per sentence of the analysed paragraphs, in corpus order: ``doc_id``,
        ``para_id``, ``sent_id``, ``text``, ``n_words`` (word tokens), one count column per
        category (``hedge``, ``booster``, ``attribution``, ``attitude``, ``self_mention``,
        ``engagement``, ``informal``: the categories searched), ``certainty`` (see Notes) and
        ``is_hedged`` (at least one hedge). RangeIndex.

    Notes
    -----
    ``certainty = (booster - hedge) / (booster + hedge + 1)``, in (-1, 1): 0 for a sentence
    with neither (or as many of each), +0.5 for one booster, -0.5 for one hedge, -0.67 for two
    hedges, approaching -1 as hedges pile up. Why this form: a single hedge qualifies a whole
    claim whatever the sentence's length, so the score does not divide by the number of words
    (as ``(b - h) / sqrt(words)`` would, making a long hedged sentence sound surer than a short
    one); and each further marker adds less than the one before, because a claim hedged twice
    is not twice as uncertain. The ``+ 1`` keeps the score defined for a sentence without
    markers and shrinks it toward 0 when the evidence is one word. Attribution, attitude and
    the other categories do not enter the score: a reported claim can be stated with or without
    commitment, and that is what hedges and boosters mark.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It may perhaps rain. It will certainly rain. It rains."])
    >>> sentence_stance(c)[["text", "hedge", "booster", "certainty", "is_hedged"]].round(2)
                           text  hedge  booster  certainty  is_hedged
    0      It may perhaps rain.      2        0      -0.67       True
    1  It will certainly rain.      0        1       0.50      False
    2                 It rains.      0        0       0.00      False
    """
    if markers is None:
        from .markers import find_markers

        markers = find_markers(corpus)
    cats = _categories(markers, None)
    for needed in ("hedge", "booster"):  # the score needs both, even if not searched
        if needed not in cats:
            cats = [c for c in CATEGORIES if c in set(cats) | {needed}]
    sentences = sentence_table(corpus)
    counts = sentence_counts(markers, corpus, sentences, cats)
    out = sentences.copy()
    for j, c in enumerate(cats):
        out[c] = counts[:, j]
    out["certainty"] = certainty_score(out["booster"].to_numpy(), out["hedge"].to_numpy())
    out["is_hedged"] = out["hedge"].to_numpy() > 0
    return out
