"""Stop word lists: the shipped ones, a user's own, and the token mask they give.

Which words count as "stop words" is the user's choice. :func:`discourse.count_terms` and
:func:`discourse.fit_topics` take ``stopwords=`` (a list of words, the path of a text file with
one word a line, or the name of a shipped list) and ``extra_stopwords=`` (words added to it).

Shipped lists (``discourse/resources/``, provenance and licence in each file's header):

* ``"snowball"`` (the default, 174 words): Porter's Snowball English stop list (BSD 3-clause).
  Function words only: pronouns, articles, auxiliaries, prepositions, conjunctions.
* ``"sklearn"`` (318 words): scikit-learn's ``ENGLISH_STOP_WORDS`` (BSD 3-clause), the Glasgow
  IR group's list. Fuller: it also drops "will", "us", "upon", "may", "must", "should", number
  words and a few content words ("bill", "fire", "system", "interest"; Nothman et al. 2018).

Why Snowball is the default: this package studies stance, and the fuller list removes exactly
the modals ("will", "may", "must", "should") that carry hedging and certainty; its content-word
quirks ("bill", "fire", "system") would silently delete words a political corpus is about.
Snowball only removes words no reader would call content. On speeches, where "will", "us" and
"upon" crowd the top of every topic, pass ``stopwords="sklearn"``, and add what your genre
repeats with ``extra_stopwords=["shall", "let"]``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import InputError
from .normalize import normalize

STOPLISTS = {"snowball": "stopwords_en.txt", "sklearn": "stopwords_en_sklearn.txt"}
"""Names of the shipped lists -> their file in ``discourse/resources``."""
DEFAULT_STOPLIST = "snowball"
"""The list the corpus's ``tokens.is_stop`` column is built from."""


def _words(raw: str) -> frozenset[str]:
    return frozenset(normalize(w.strip()) for w in raw.splitlines()
                     if w.strip() and not w.lstrip().startswith("#"))


@cache
def _shipped(name: str) -> frozenset[str]:
    raw = resources.files("discourse.resources").joinpath(STOPLISTS[name]).read_text("utf-8")
    return _words(raw)


def stoplist(stopwords=DEFAULT_STOPLIST, *, extra_stopwords=None) -> frozenset[str]:
    """The set of stop words that ``stopwords=`` and ``extra_stopwords=`` describe.

    Parameters
    ----------
    stopwords : str, path or iterable of str, default "snowball"
        The name of a shipped list (``"snowball"``, ``"sklearn"``; see :data:`STOPLISTS`), the
        path of a UTF-8 text file with one word a line (lines starting with ``#`` skipped), or
        the words themselves. ``None`` means the default list.
    extra_stopwords : iterable of str, optional
        Words added to the list.

    Returns
    -------
    frozenset of str
        The words, normalised as token ``norm`` values are (casefolded, straight quotes), so
        that ``"Let"`` in a list removes the token "let".

    Examples
    --------
    >>> "will" in stoplist(), "will" in stoplist("sklearn")
    (False, True)
    >>> sorted(stoplist(["Shall"], extra_stopwords=["let"]))
    ['let', 'shall']
    """
    if stopwords is None:
        stopwords = DEFAULT_STOPLIST
    if isinstance(stopwords, str | Path):
        text = str(stopwords)
        if text in STOPLISTS:
            words = _shipped(text)
        elif Path(text).is_file():
            try:
                words = _words(Path(text).read_text("utf-8"))
            except UnicodeDecodeError:
                raise InputError(f"stopwords={text!r}: the file is not UTF-8 text. Save it as "
                                 "UTF-8, one word a line.") from None
        else:
            raise InputError(
                f"stopwords={text!r} is neither a shipped list ({', '.join(map(repr, STOPLISTS))})"
                f" nor an existing file. Pass a list name, the path of a text file with one word "
                f"a line, or a list of words (e.g. stopwords=['the', 'of']).")
    else:
        words = frozenset(normalize(str(w)) for w in _iter_words(stopwords, "stopwords"))
    if extra_stopwords is not None:
        words = words | frozenset(normalize(str(w))
                                  for w in _iter_words(extra_stopwords, "extra_stopwords"))
    return words


def _iter_words(values, name: str) -> list:
    if isinstance(values, str):
        return [values]
    try:
        return [v for v in values if isinstance(v, str) and v.strip()]
    except TypeError:
        raise InputError(f"{name}={values!r} must be a list of words (or, for stopwords, a "
                         f"list name or a file path).") from None


def is_custom(stopwords, extra_stopwords) -> bool:
    """Whether the choice differs from the corpus's own ``is_stop`` column (the default list)."""
    return not (extra_stopwords is None
                and (stopwords is None or (isinstance(stopwords, str)
                                           and stopwords == DEFAULT_STOPLIST)))


def stop_mask(tokens: pd.DataFrame, stopwords=None, extra_stopwords=None) -> np.ndarray:
    """Boolean mask of the rows of ``tokens`` whose ``norm`` is a stop word.

    With the default list this is ``tokens.is_stop``; otherwise the list is matched against
    the distinct ``norm`` values once and the answer spread over the rows by category code.

    Examples
    --------
    >>> t = pd.DataFrame({"norm": pd.Categorical(["we", "will", "win"]),
    ...                   "is_stop": [True, False, False]})
    >>> stop_mask(t).tolist(), stop_mask(t, "sklearn").tolist()
    ([True, False, False], [True, True, False])
    """
    if not is_custom(stopwords, extra_stopwords):
        return tokens["is_stop"].to_numpy(dtype=bool)
    words = stoplist(stopwords, extra_stopwords=extra_stopwords)
    norms = tokens["norm"]
    if not isinstance(norms.dtype, pd.CategoricalDtype):
        norms = norms.astype("category")
    hit = np.asarray(pd.Index(norms.cat.categories.astype(str)).isin(list(words)), dtype=bool)
    codes = norms.cat.codes.to_numpy()
    return np.where(codes >= 0, hit[np.maximum(codes, 0)], False)
