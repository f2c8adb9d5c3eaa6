"""Reading behind the numbers: keyword in context (KWIC) lines and collocations."""

from __future__ import annotations

import fnmatch
import re

import numpy as np
import pandas as pd

from .._compat import renamed
from .._validate import InputError, check_int
from . import segment
from .normalize import normalize
from .stoplists import stoplist

KWIC_COLUMNS = ["doc_id", "sent_id", "start", "end", "left", "match", "right"]


def _pattern_tokens(pattern: str) -> list[str]:
    """Split a word or phrase pattern into tokens as the corpus tokenizer would.

    A whitespace-separated piece with ``*`` or ``?`` is kept whole, as a glob.
    """
    out = []
    for piece in pattern.split():
        if "*" in piece or "?" in piece:
            out.append(piece)
        else:
            s, e = segment.token_spans(piece)
            out.extend(piece[a:b] for a, b in zip(s.tolist(), e.tolist(), strict=True))
    return out


def _token_matches(tokens: pd.DataFrame, pattern: str, case_sensitive: bool) -> np.ndarray:
    """Row positions (first, last) of every run of tokens that matches the pattern."""
    col = "text" if case_sensitive else "norm"
    parts = _pattern_tokens(pattern)
    if not parts:
        raise InputError(f"pattern={pattern!r} has no tokens to look for.")
    values = tokens[col]
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("category")
    cats = pd.Series(np.asarray(values.cat.categories, dtype=object).astype(str))
    codes = values.cat.codes.to_numpy()
    n, k = len(tokens), len(parts)
    if n < k:
        return np.zeros((0, 2), dtype=np.int64)
    first = np.arange(n - k + 1)
    ok = np.ones(len(first), dtype=bool)
    for j, part in enumerate(parts):
        want = part if case_sensitive else normalize(part)
        if "*" in part or "?" in part:
            flags = 0 if case_sensitive else re.IGNORECASE
            hit = cats.str.match(fnmatch.translate(want), flags=flags).to_numpy()
        else:
            hit = (cats == want).to_numpy()
        ok &= hit[codes[first + j]] if len(hit) else False
    if k > 1:  # a phrase stays inside one paragraph of one document
        doc = tokens["doc_id"].cat.codes.to_numpy()
        para = tokens["para_id"].to_numpy()
        last = first + k - 1
        ok &= (doc[first] == doc[last]) & (para[first] == para[last])
    starts = first[ok]
    return np.column_stack([starts, starts + k - 1]).astype(np.int64)


def _regex_matches(corpus, paragraphs: pd.DataFrame, pattern: str, case_sensitive: bool):
    """doc code, start, end of every non-empty regex match inside the given paragraphs."""
    try:
        rx = re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
    except re.error as err:
        raise InputError(f"pattern={pattern!r} is not a valid regular expression: {err}. "
                         "Use regex=False to look for a word or phrase.") from None
    d_out, s_out, e_out = [], [], []
    doc_codes = paragraphs["doc_id"].cat.codes.to_numpy()
    doc_names = paragraphs["doc_id"].cat.categories
    for d, s, e in zip(doc_codes.tolist(), paragraphs["start"].tolist(),
                       paragraphs["end"].tolist(), strict=True):
        text = corpus.text_of(doc_names[d])
        for m in rx.finditer(text, s, e):
            if m.end() > m.start():
                d_out.append(d)
                s_out.append(m.start())
                e_out.append(m.end())
    return (np.array(d_out, dtype=np.int64), np.array(s_out, dtype=np.int64),
            np.array(e_out, dtype=np.int64))


def kwic(corpus, pattern: str, *, window: int = 8, regex: bool = False,
         case_sensitive: bool = False, analyzed_only: bool = True) -> pd.DataFrame:
    """Keyword-in-context lines: every match of a word, phrase or regex, with its context.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    pattern : str
        A word (``"multipolarity"``), a phrase (``"root causes"``: consecutive tokens) or, with
        ``regex=True``, a regular expression searched in the raw text. Words and phrases are
        tokenized like the corpus and matched on ``norm`` (case-insensitive, curly quotes
        straight); a piece with ``*`` or ``?`` is a glob (``"russia*"``).
    window : int, default 8
        Tokens of context on each side (punctuation tokens count), never beyond the match's
        paragraph.
    regex : bool, default False
        Treat ``pattern`` as a Python regular expression (``re``), searched inside each
        paragraph.
    case_sensitive : bool, default False
        Match words on ``text`` instead of ``norm``; regexes without ``re.IGNORECASE``.
    analyzed_only : bool, default True
        Search only analysed paragraphs (those the counts use); False searches every paragraph.

    Returns
    -------
    DataFrame
        One row per match, in document order then by ``start``: ``doc_id`` (categorical),
        ``sent_id`` (the sentence where the match starts), ``start``, ``end`` (offsets of the
        match in ``documents.text``), ``left``, ``match``, ``right``: slices of the raw text,
        so spacing and line breaks are kept: ``left + match + right`` is a piece of the text.
        RangeIndex.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "Peace, they say, is near. They say  “peace” often."})
    >>> kwic(c, "peace", window=2)
      doc_id  sent_id  start  end    left  match    right
    0      a        0      0    5          Peace   , they
    1      a        1     37   42  say  “  peace  ” often
    >>> kwic(c, "they say")[["sent_id", "match"]]
       sent_id     match
    0        0  they say
    1        1  They say
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise InputError(f"pattern={pattern!r} must be a non-empty string.")
    check_int(window, name="window", minimum=0, hint="(tokens on each side)")
    tokens = corpus.analyzed("tokens") if analyzed_only else corpus.tokens
    doc = tokens["doc_id"].cat.codes.to_numpy().astype(np.int64)
    t_start = tokens["start"].to_numpy().astype(np.int64)
    t_end = tokens["end"].to_numpy().astype(np.int64)
    para = tokens["para_id"].to_numpy().astype(np.int64)

    if regex:
        paragraphs = corpus.analyzed("paragraphs") if analyzed_only else corpus.paragraphs
        m_doc, m_start, m_end = _regex_matches(corpus, paragraphs, pattern, case_sensitive)
    else:
        runs = _token_matches(tokens, pattern, case_sensitive)
        m_doc, m_start, m_end = doc[runs[:, 0]], t_start[runs[:, 0]], t_end[runs[:, 1]]
    if len(m_doc) == 0 or len(tokens) == 0:
        out = pd.DataFrame({c: pd.Series(dtype="int64") for c in KWIC_COLUMNS})
        out["doc_id"] = pd.Categorical([], dtype=tokens["doc_id"].dtype)
        for c in ("left", "match", "right"):
            out[c] = pd.array([], dtype="str")
        return out

    # tokens are sorted by (document, start) and never overlap, so these keys are monotonic
    key_start = (doc << 32) | t_start
    key_end = (doc << 32) | t_end
    first_tok = np.searchsorted(key_end, (m_doc << 32) | m_start, side="right")
    first_tok = np.minimum(first_tok, len(tokens) - 1)
    left_stop = first_tok  # tokens before this index end at or before the match start
    right_from = np.searchsorted(key_start, (m_doc << 32) | m_end, side="left")
    # first and one-past-last token row of each token's paragraph
    new_para = np.r_[True, (doc[1:] != doc[:-1]) | (para[1:] != para[:-1])]
    para_first = np.maximum.accumulate(np.where(new_para, np.arange(len(tokens)), 0))
    run_id = np.cumsum(new_para) - 1
    run_end = np.r_[np.flatnonzero(new_para)[1:], len(tokens)]
    p_first = para_first[first_tok]
    p_stop = run_end[run_id[first_tok]]
    left_from = np.maximum(left_stop - window, p_first)
    right_stop = np.minimum(right_from + window, p_stop)

    names = tokens["doc_id"].cat.categories
    texts = [corpus.text_of(names[d]) for d in range(len(names))]
    left, match, right = [], [], []
    for d, s, e, lf, ls, rf, rs in zip(m_doc.tolist(), m_start.tolist(), m_end.tolist(),
                                       left_from.tolist(), left_stop.tolist(),
                                       right_from.tolist(), right_stop.tolist(), strict=True):
        text = texts[d]
        left.append(text[t_start[lf]:s] if lf < ls else "")
        match.append(text[s:e])
        right.append(text[e:t_end[rs - 1]] if rs > rf else "")
    out = pd.DataFrame({
        "doc_id": pd.Categorical.from_codes(m_doc, dtype=tokens["doc_id"].dtype),
        "sent_id": tokens["sent_id"].to_numpy()[first_tok],
        "start": m_start,
        "end": m_end,
        "left": pd.array(left, dtype="str"),
        "match": pd.array(match, dtype="str"),
        "right": pd.array(right, dtype="str"),
    })
    return out.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)


@renamed(n="top", doc_id="doc_ids")
def collocations(corpus, *, doc_ids=None, top: int = 20, min_freq: int = 2, window: int = 2,
                 drop_stop: bool = True) -> pd.DataFrame:
    """Word pairs that occur together more than chance, by NLTK's log-likelihood ratio.

    Parameters
    ----------
    corpus : Corpus
        The corpus; only analysed paragraphs are read.
    doc_ids : str or list of str, optional
        The document(s) to read: one id or a list. Default: all documents. (Formerly
        ``doc_id=``, which still works and warns.)
    top : int, default 20
        Number of pairs returned (the best ``top``). (Formerly ``n=``, which still works and
        warns.)
    min_freq : int, default 2
        Pairs seen fewer times are dropped (``apply_freq_filter``).
    window : int, default 2
        NLTK's ``window_size``: 2 counts adjacent pairs; larger counts pairs up to
        ``window - 1`` words apart.
    drop_stop : bool, default True
        Drop pairs with a stop word of the Snowball list, ``dc.stoplist("snowball")``
        (``apply_word_filter``).

    Returns
    -------
    DataFrame
        One row per pair: ``w1``, ``w2`` (norms, in text order), ``n`` (times seen within the
        window), ``score`` (the log-likelihood ratio, Dunning 1993). Sorted by ``score``
        descending, then ``w1``, ``w2``. RangeIndex.

    Notes
    -----
    ``nltk.collocations.BigramCollocationFinder.from_words`` on the word tokens' ``norm`` (only
    ``is_word`` tokens), scored with ``BigramAssocMeasures.likelihood_ratio``. Pairs never span
    a sentence boundary or punctuation: each sentence is separated from the next, and each
    punctuation token replaced, by a gap NLTK skips (``None`` padding).

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics* 19(1), 61-74. https://aclanthology.org/J93-1003

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["Root causes matter. The root causes, again. Causes differ."])
    >>> collocations(c, min_freq=2).round(3)
         w1      w2  n  score
    0  root  causes  2  5.716
    """
    check_int(window, name="window", minimum=2)
    tokens = corpus.analyzed("tokens")
    if doc_ids is not None:
        wanted = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
        for d in wanted:
            corpus.text_of(d)  # a clear error for an unknown id
        tokens = tokens[tokens["doc_id"].isin(wanted).to_numpy()]
    tokens = tokens[tokens["is_word"].to_numpy() | tokens["is_punct"].to_numpy()]
    gap = [None] * (window - 1)
    words = np.asarray(tokens["norm"].astype(str), dtype=object)
    words[~tokens["is_word"].to_numpy()] = None
    sent_key = (tokens["doc_id"].cat.codes.to_numpy().astype(np.int64) << 32) | tokens[
        "sent_id"].to_numpy().astype(np.int64)
    bounds = np.flatnonzero(np.diff(sent_key)) + 1
    stream: list = []
    for sentence in np.split(words, bounds):
        stream.extend(sentence.tolist())
        stream.extend(gap)
    # nltk (0.9 s to import) only where collocations are asked for
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    finder = BigramCollocationFinder.from_words(stream, window_size=window)
    finder.apply_freq_filter(min_freq)
    if drop_stop:
        stop = stoplist("snowball")
        finder.apply_word_filter(lambda w: w in stop)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    out = pd.DataFrame({
        "w1": pd.array([p[0] for p, _ in scored], dtype="str"),
        "w2": pd.array([p[1] for p, _ in scored], dtype="str"),
        "n": np.array([finder.ngram_fd[p] for p, _ in scored], dtype="int64"),
        "score": np.array([s for _, s in scored], dtype=float),
    })
    out = out.sort_values(["score", "w1", "w2"], ascending=[False, True, True], kind="stable")
    return out.head(top).reset_index(drop=True)
