"""Register and style: sentence length, lexical diversity, readability and informality per text.

:func:`style_profile` answers "is the rewrite simpler, or only more casual?" with one row per
document (or group), or one row per side of a comparison (``focus=`` or ``sides=``, decided by
:mod:`discourse.sides`): counts, sentence length, type-token ratio and MTLD, Flesch reading ease
and Flesch-Kincaid grade, and rates of contractions, first- and second-person pronouns,
questions, direct quotations and numbers. Figures built from sentences come with a bootstrap 95%
interval over sentences. Only analysed paragraphs count (:meth:`discourse.Corpus.analyzed`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._compat import renamed, with_old_columns
from .._validate import InputError, check_choice
from ..sides import Sides, one_comparison, side_masks
from .measures import (  # noqa: F401 - the measures keep their old import path here
    FIRST_PERSON,
    MTLD_THRESHOLD,
    NUMBER_WORDS,
    SECOND_PERSON,
    SUMS,
    count_syllables,
    doc_codes,
    mtld,
    mtld_of_codes,
    sentence_sums,
)

_RATE_PER = 1000


# -- the statistics (point estimate and bootstrap share one formula) ---------------------------
def _stats(S: np.ndarray, n: int | np.ndarray) -> dict[str, np.ndarray]:
    """Profile figures from column sums ``S`` (..., len(SUMS)) over ``n`` sentences."""
    w, syl = S[..., 0], S[..., 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        wps, spw = w / n, syl / w
        return {
            "mean_sentence_length": wps,
            "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
            "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
            "contraction_rate": _RATE_PER * S[..., 4] / w,
            "first_person_rate": _RATE_PER * S[..., 5] / w,
            "second_person_rate": _RATE_PER * S[..., 6] / w,
            "number_rate": _RATE_PER * S[..., 7] / w,
            "question_share": S[..., 2] / n,
            "quotation_share": S[..., 3] / n,
        }


def _bootstrap(X: np.ndarray, *, n_resamples: int,
               random_state: int) -> dict[str, np.ndarray]:
    """Percentile 95% intervals of :func:`_stats` over ``n_resamples`` resamples of the
    sentences.

    A resample's column sums are ``counts @ X``, ``counts`` how often it drew each sentence:
    the same sums as adding the drawn rows (whole numbers, added exactly), at a fraction of
    the memory traffic.
    """
    n = len(X)
    rng = np.random.default_rng(random_state)
    chunk = max(1, 2_000_000 // max(n, 1))
    sums = []
    for b0 in range(0, n_resamples, chunk):
        idx = rng.integers(0, n, size=(min(chunk, n_resamples - b0), n))
        counts = np.empty(idx.shape)
        for r, drawn in enumerate(idx):
            counts[r] = np.bincount(drawn, minlength=n)
        sums.append(counts @ X)
    stats = _stats(np.concatenate(sums).astype(float), n)
    return {k: np.nanpercentile(v, [2.5, 97.5]) if np.isfinite(v).any() else
            np.array([np.nan, np.nan]) for k, v in stats.items()}


_OLD_COLUMNS = {"words": "n_words", "sentences": "n_sentences",
                **{f"{k}_{end}": f"{k}_ci_{end}" for k in _stats(np.zeros(8), 1)
                   for end in ("low", "high")}}
"""Old column names of :func:`style_profile` (still readable, with a warning): new names."""


@renamed(n_boot="n_resamples")
def style_profile(corpus, *, by: str | None = None, focus=None, reference=None, sides=None,
                  n_resamples: int = 2000, random_state: int = 0) -> pd.DataFrame:
    """Style and register profile of each document (or group of documents), or of two sides.

    Parameters
    ----------
    corpus : Corpus
        The corpus; only its analysed paragraphs count.
    by : str, optional
        A column of ``corpus.documents`` (such as ``"group"``) whose values are the units.
        Default ``"doc_id"`` (with ``sides=``, the sides' column).
    focus, reference : str or list of str, optional
        Compare two sides, decided by :func:`discourse.sides.one_comparison` (labels compared
        as strings; ``focus`` alone: it against the rest; ``reference`` without ``focus`` is
        refused). The result then has two rows, one per side (in the order the corpus first
        names them), with a ``side`` column (``"focus"`` or ``"reference"``) after ``by``;
        several values of one side are pooled into one row, labelled ``"the rest"`` when they
        are every other unit, else joined by ``" + "``.
    sides : Sides, optional
        The same as ``focus``/``reference``, already decided (e.g.
        ``dc.comparisons(corpus, by="group")[0]``).
    n_resamples : int, default 2000
        Bootstrap resamples of the sentences for the 95% intervals.
    random_state : int, default 0
        Seed of the bootstrap; every unit is resampled with the same seed, so a unit's interval
        does not depend on the other units.

    Returns
    -------
    DataFrame
        Without ``focus`` and ``sides``, one row per unit (in corpus order): a profile of every
        unit, this function's explicit choice for ``focus=None`` (give ``focus=`` or ``sides=``
        for a two-sided profile). Columns:

        - ``<by>``: the unit (``side`` follows it for a two-sided profile).
        - ``n_words``: word tokens (``is_word``); ``n_sentences``: sentences with at least one
          word.
        - ``mean_sentence_length`` (words per sentence), ``median_sentence_length``.
        - ``ttr``: type-token ratio, distinct ``norm`` / words.
        - ``mtld``: MTLD over the unit's words in text order (see :func:`mtld`).
        - ``syllables_per_word`` (see :func:`count_syllables`).
        - ``flesch_reading_ease``, ``flesch_kincaid_grade``.
        - ``contraction_rate``, ``first_person_rate``, ``second_person_rate``, ``number_rate``:
          per 1,000 words.
        - ``question_share``, ``quotation_share``: share of sentences (0-1).
        - ``<figure>_ci_low`` and ``<figure>_ci_high`` for every figure computed from sentences
          (mean sentence length, both Flesch scores, the four rates and the two shares): a
          bootstrap 95% interval.

        The old column names (``words``, ``sentences``, ``<figure>_low``, ``<figure>_high``)
        are still readable, with a :class:`DeprecationWarning`.

    Notes
    -----
    With ``W`` words, ``S`` sentences and ``Y`` syllables of a unit:

    - Flesch reading ease ``= 206.835 - 1.015 W/S - 84.6 Y/W`` (Flesch 1948); higher is easier.
    - Flesch-Kincaid grade ``= 0.39 W/S + 11.8 Y/W - 15.59`` (Kincaid et al. 1975): a US school
      grade.
    - A *contraction* is a word ending in ``n't, 're, 've, 'll, 'm, 'd``; a pronoun or
      *there/here/wh-word* with ``'s`` ("it's", "there's"); a noun with ``'s`` followed by a word
      that rules out a possessive (been, not, a, an, the, no, never, got, gone, going, just,
      always, already, still: "Putin's been"); 'em, 'cause, 'til, y'all, ol', ma'am, or a
      g-dropping ``-in'``. ``'s`` before a participle ("Putin's trying") is ambiguous with a
      possessive ("Russia's standing") and not counted: the rate is a lower bound.
    - *First person*: I, me, my, mine, myself, we, us (not "US"), our, ours, ourselves and their
      contractions, let's; *second person*: you, your, yours, yourself, yourselves, y'all, ya and
      contractions.
    - A *number* is a token of digits (``2021``, ``219,000``, ``'90s``, ``3rd``) or a spelled-out
      cardinal from two up (``one`` is left out: mostly a pronoun).
    - A *question* is a sentence whose last character, closing quotes and brackets aside, is
      ``?``. A sentence is in a *direct quotation* when it overlaps a span between a pair of
      double quotes (straight or curly, paired in order within a paragraph) holding at least
      4 words; shorter quoted spans are scare quotes ("root causes"). Quoted titles of 4 words or
      more are counted too.
    - Intervals: the sentences of the unit are resampled with replacement ``n_resamples``
      times and each figure is recomputed from the resampled sums (for a rate, sum of hits /
      sum of words); the interval is the 2.5th and 97.5th percentile (percentile bootstrap;
      Efron & Tibshirani 1993). It reflects sampling variation over sentences only.

    References
    ----------
    Flesch, R. (1948). A new readability yardstick. Journal of Applied Psychology, 32(3), 221-233.
    https://doi.org/10.1037/h0057532

    Kincaid, J. P., Fishburne, R. P., Rogers, R. L., & Chissom, B. S. (1975). Derivation of new
    readability formulas for Navy enlisted personnel. Research Branch Report 8-75.
    https://doi.org/10.21236/ADA006655

    McCarthy, P. M., & Jarvis, S. (2010). https://doi.org/10.3758/BRM.42.2.381

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "I can't see it. Can you?", "b": "The committee deliberated."})
    >>> p = style_profile(c, n_resamples=200)
    >>> p[["doc_id", "n_words", "n_sentences", "mean_sentence_length", "question_share"]]
      doc_id  n_words  n_sentences  mean_sentence_length  question_share
    0      a        6            2                   3.0             0.5
    1      b        3            1                   3.0             0.0
    """
    keys = [c for c in corpus.documents.columns if c not in ("text", "n_chars", "n_words")]
    if by is not None:
        check_choice(by, keys, name="by")
    if n_resamples < 1:
        raise InputError(f"n_resamples={n_resamples!r} must be a positive number of bootstrap "
                         "resamples.")
    side_of = None
    if focus is not None or reference is not None or sides is not None:
        # by defaults to "doc_id" here (not to the corpus's groups), or to the sides' column
        two = one_comparison(corpus, fn="style_profile", sides=sides,
                             by=by if by is not None or sides is not None else "doc_id",
                             focus=focus, reference=reference)
        by = two.by
        unit_of, side_of = _side_units(corpus, two)
    else:
        by = by or "doc_id"
        unit_of = pd.Series(corpus.documents[by].to_numpy(), index=corpus.documents.doc_id)
    units = pd.unique(unit_of.dropna().to_numpy())
    if not len(units) or not int(corpus.documents.n_words.sum()):
        raise InputError("the corpus has no words in its analysed paragraphs: there is no "
                         "style to profile. Check corpus.paragraphs.is_analyzed, or "
                         "corpus.with_analyzed([...]).")

    tokens = corpus.analyzed("tokens")
    words = tokens[tokens.is_word.to_numpy()]
    sent = sentence_sums(corpus, words)
    unit_code = {u: i for i, u in enumerate(units)}
    # unit number of each document (-1: in no unit, a blank label or outside both sides)
    doc_unit = np.r_[unit_of.map(unit_code).fillna(-1).to_numpy(dtype=np.int64), -1]
    sent_unit = doc_unit[doc_codes(sent.doc_id, corpus.doc_ids)]
    word_unit = doc_unit[doc_codes(words.doc_id, corpus.doc_ids)]
    norms = words.norm.cat.codes.to_numpy() if isinstance(words.norm.dtype, pd.CategoricalDtype) \
        else pd.factorize(words.norm)[0]
    # row numbers of each unit, in text order (stable sort)
    sent_rows = _rows_of(sent_unit, len(units))
    word_rows = _rows_of(word_unit, len(units))
    sums = sent[SUMS].to_numpy(dtype=float)
    rows = [{by: unit, **_unit_row(sums[sent_rows[i]], norms[word_rows[i]],
                                   n_resamples=n_resamples, random_state=random_state)}
            for i, unit in enumerate(units)]

    order = [by, "n_words", "n_sentences"]
    for k in _stats(np.zeros(8), 1):
        order += [k, f"{k}_ci_low", f"{k}_ci_high"]
        if k == "mean_sentence_length":
            order += ["median_sentence_length", "ttr", "mtld", "syllables_per_word"]
    out = pd.DataFrame(rows, columns=order)
    out[["n_words", "n_sentences"]] = out[["n_words", "n_sentences"]].astype("int64")
    if side_of is not None:
        out.insert(1, "side", [side_of.get(u) for u in out[by]])
    return with_old_columns(out, _OLD_COLUMNS)


def _unit_row(X: np.ndarray, unit_norms: np.ndarray, *, n_resamples: int,
              random_state: int) -> dict:
    """The profile of one unit: its sentences' sums ``X`` (rows of :data:`SUMS`) and the
    ``norm`` codes of its words in text order."""
    n, n_words = len(X), len(unit_norms)
    row = {"n_words": n_words, "n_sentences": n}
    point = _stats(X.sum(axis=0), n) if n else {k: np.nan for k in _stats(np.zeros(8), 1)}
    ci = _bootstrap(X, n_resamples=n_resamples, random_state=random_state) if n else {}
    row["median_sentence_length"] = float(np.median(X[:, 0])) if n else np.nan
    row["ttr"] = len(np.unique(unit_norms)) / n_words if n_words else np.nan
    row["mtld"] = mtld_of_codes(unit_norms) if n_words else np.nan
    row["syllables_per_word"] = X[:, 1].sum() / n_words if n_words else np.nan
    for k, v in point.items():
        row[k] = float(v)
        low, high = ci.get(k, (np.nan, np.nan))
        row[f"{k}_ci_low"], row[f"{k}_ci_high"] = float(low), float(high)
    return row


def _rows_of(unit: np.ndarray, n_units: int) -> list[np.ndarray]:
    """Row numbers of each unit 0..n_units-1, in order; rows of unit -1 are dropped."""
    order = np.argsort(unit, kind="stable")
    order = order[unit[order] >= 0]
    return np.split(order, np.cumsum(np.bincount(unit[order], minlength=n_units))[:-1])


def _side_units(corpus, sides: Sides) -> tuple[pd.Series, dict]:
    """The row label of each document's side (None outside both sides) and {label: side}.

    A side of one value is labelled by it; of several, ``"the rest"`` when they are every
    other value of ``sides.by`` in the corpus's order, else the values joined by ``" + "``.
    """
    rest = [g for g in sides.groups if g not in sides.focus_labels]

    def name(labels: tuple[str, ...]) -> str:
        if len(labels) == 1:
            return labels[0]
        return "the rest" if list(labels) == rest else " + ".join(labels)

    f_name, r_name = name(sides.focus_labels), name(sides.reference)
    in_focus, in_reference = side_masks(corpus.documents[sides.by], sides)
    side = np.where(in_focus, f_name, np.where(in_reference, r_name, None))
    unit_of = pd.Series(side, index=corpus.documents.doc_id.to_numpy(), dtype=object)
    return unit_of, {f_name: "focus", r_name: "reference"}
