"""Reading behind the numbers: keyword in context (KWIC) lines and collocations."""

from __future__ import annotations

import fnmatch
import re
import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._compat import renamed
from .._validate import InputError, check_int
from . import segment
from .corpus import Corpus
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


# -- what kwic reads of a corpus, built once per corpus ------------------------------------------
_COLUMNS = ("doc_id", "para_id", "sent_id", "start", "end", "norm", "text")


@dataclass(eq=False)
class _Index:
    """The token table as kwic reads it: views of its columns (no copy), which rows are
    analysed, where each paragraph's run of rows starts, the documents' texts; the codes and
    categories of ``norm`` and ``text`` (converted once)."""

    stamp: tuple
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    para: np.ndarray
    sent: np.ndarray
    doc_dtype: pd.CategoricalDtype
    mask: np.ndarray | None  # analysed rows (None: every row)
    n_rows: int  # analysed rows
    runs: np.ndarray  # first row of each run of rows with the same doc and paragraph
    run_stops: np.ndarray  # one past its last row
    spans_ok: bool  # rows by (doc, start), non-empty, not overlapping: a run is its own span
    texts: list
    words: dict = field(default_factory=dict)  # column -> (codes, categories, code of a str)


def _stamp(tokens: pd.DataFrame, paragraphs: pd.DataFrame) -> tuple:
    """What the index was built from: the tables, their lengths and the memory of each column
    read (a column replaced, or the analysed paragraphs changed, builds the index anew)."""
    arrays = [tokens[c].array for c in _COLUMNS] + [paragraphs["is_analyzed"].array]
    return (id(tokens), id(paragraphs), len(tokens),
            *(id(a) if isinstance(a, pd.Categorical) else np.asarray(a).ctypes.data
              for a in arrays))


def _build_index(corpus, analyzed_only: bool, stamp: tuple) -> _Index:
    tokens, paragraphs = corpus.tokens, corpus.paragraphs
    doc = tokens["doc_id"].cat.codes.to_numpy()
    start, end = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    para = tokens["para_id"].to_numpy()
    mask = None
    if analyzed_only and not paragraphs["is_analyzed"].all():
        mask = corpus.analyzed_mask("tokens")
    new = np.r_[True, (doc[1:] != doc[:-1]) | (para[1:] != para[:-1])] if len(doc) else doc
    same = doc[1:] == doc[:-1]
    spans_ok = bool((end > start).all() and (doc >= 0).all() and (doc[1:] >= doc[:-1]).all()
                    and (start[1:][same] >= end[:-1][same]).all())
    names = tokens["doc_id"].cat.categories
    runs = np.flatnonzero(new)
    return _Index(stamp, doc, start, end, para, tokens["sent_id"].to_numpy(),
                  tokens["doc_id"].dtype, mask, len(doc) if mask is None else int(mask.sum()),
                  runs, np.r_[runs[1:], len(doc)].astype(np.int64), spans_ok,
                  [corpus.text_of(names[d]) for d in range(len(names))])


_INDEXES: dict[int, tuple[weakref.ref, dict]] = {}
"""The kwic indexes of the corpora still alive, by id (dropped with the corpus): notebook 03
asks about 60 concordances of one corpus, and each read the whole token table again."""


def _index(corpus, analyzed_only: bool) -> _Index:
    """The :class:`_Index` of ``corpus`` (built at the first call, rebuilt if a table read
    changed)."""
    stamp = _stamp(corpus.tokens, corpus.paragraphs)
    k = id(corpus)
    entry = _INDEXES.get(k)
    if entry is None or entry[0]() is not corpus:
        entry = (weakref.ref(corpus, lambda _r, k=k: _INDEXES.pop(k, None)), {})
        _INDEXES[k] = entry
    ix = entry[1].get(analyzed_only)
    if ix is None or ix.stamp != stamp:
        ix = entry[1][analyzed_only] = _build_index(corpus, analyzed_only, stamp)
    return ix


def _words(ix: _Index, tokens: pd.DataFrame, col: str):
    """Codes of a word column, its categories as strings, and str -> code when they are
    distinct (converted once)."""
    if col not in ix.words:
        values = tokens[col]
        if not isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("category")
        cats = pd.Series(np.asarray(values.cat.categories, dtype=object).astype(str))
        code_of = ({c: i for i, c in enumerate(cats)} if cats.is_unique else None)
        ix.words[col] = (values.cat.codes.to_numpy(), cats, code_of)
    return ix.words[col]


def _hit(cats: pd.Series, code_of, part: str, case_sensitive: bool) -> np.ndarray:
    """The codes of the categories one pattern token matches."""
    want = part if case_sensitive else normalize(part)
    if "*" in part or "?" in part:
        flags = 0 if case_sensitive else re.IGNORECASE
        return np.flatnonzero(cats.str.match(fnmatch.translate(want), flags=flags).to_numpy())
    if code_of is not None:
        return np.array([code_of[want]] if want in code_of else [], dtype=np.int64)
    return np.flatnonzero((cats == want).to_numpy())


def _rows_of(codes: np.ndarray, hit: np.ndarray, n_cats: int, at=None) -> np.ndarray:
    """Boolean per row (of ``at``, default all): does its code lie in ``hit``? A missing value
    (code -1) reads as the last category, as indexing by the code did."""
    values = codes if at is None else codes[at]
    if len(hit) == 1:
        ok = values == hit[0]
        return ok | (values == -1) if hit[0] == n_cats - 1 else ok
    table = np.zeros(n_cats, dtype=bool)
    table[hit] = True
    return table[values] if n_cats else np.zeros(len(values), dtype=bool)


def _token_matches(ix: _Index, tokens: pd.DataFrame, pattern: str, case_sensitive: bool):
    """Rows (first, last) of the whole token table of every run of tokens that matches the
    pattern inside one analysed paragraph."""
    parts = _pattern_tokens(pattern)
    if not parts:
        raise InputError(f"pattern={pattern!r} has no tokens to look for.")
    codes, cats, code_of = _words(ix, tokens, "text" if case_sensitive else "norm")
    k, n = len(parts), len(codes)
    first = np.flatnonzero(_rows_of(codes, _hit(cats, code_of, parts[0], case_sensitive),
                                    len(cats)))
    first = first[first + k - 1 < n]
    for j, part in enumerate(parts[1:], start=1):
        hit = _hit(cats, code_of, part, case_sensitive)
        first = first[_rows_of(codes, hit, len(cats), at=first + j)]
    if k > 1:  # a phrase stays inside one paragraph of one document
        last = first + k - 1
        first = first[(ix.doc[first] == ix.doc[last]) & (ix.para[first] == ix.para[last])]
    if ix.mask is not None:
        first = first[ix.mask[first]]
    return first, first + k - 1


def _analysed(ix: _Index, name: str) -> np.ndarray:
    """A column of the index, analysed rows only, as int64 (the general path)."""
    values = getattr(ix, name)
    return (values if ix.mask is None else values[ix.mask]).astype(np.int64)


def _context_general(ix: _Index, m_doc, m_start, m_end, window: int):
    """Token rows around each match, found by its offsets (any match, any token table):
    ``left_from, left_stop, right_from, right_stop, first`` (rows of the analysed tokens),
    and those tokens' ``start``, ``end`` and ``sent_id``."""
    doc, t_start, t_end = _analysed(ix, "doc"), _analysed(ix, "start"), _analysed(ix, "end")
    para = _analysed(ix, "para")
    # tokens are sorted by (document, start) and never overlap, so these keys are monotonic
    key_start = (doc << 32) | t_start
    key_end = (doc << 32) | t_end
    first_tok = np.searchsorted(key_end, (m_doc << 32) | m_start, side="right")
    first_tok = np.minimum(first_tok, len(doc) - 1)
    left_stop = first_tok  # tokens before this index end at or before the match start
    right_from = np.searchsorted(key_start, (m_doc << 32) | m_end, side="left")
    # first and one-past-last token row of each token's paragraph
    new_para = np.r_[True, (doc[1:] != doc[:-1]) | (para[1:] != para[:-1])]
    para_first = np.maximum.accumulate(np.where(new_para, np.arange(len(doc)), 0))
    run_id = np.cumsum(new_para) - 1
    run_end = np.r_[np.flatnonzero(new_para)[1:], len(doc)]
    p_first = para_first[first_tok]
    p_stop = run_end[run_id[first_tok]]
    left_from = np.maximum(left_stop - window, p_first)
    right_stop = np.minimum(right_from + window, p_stop)
    sent = ix.sent if ix.mask is None else ix.sent[ix.mask]
    return (left_from, left_stop, right_from, right_stop, first_tok), t_start, t_end, sent


def _context_runs(ix: _Index, first: np.ndarray, last: np.ndarray, window: int):
    """:func:`_context_general` for runs of tokens, read from their rows: the first token
    that ends after the match starts is the run's first, the first that starts at or after
    its end the one after its last (tokens sorted, non-empty, not overlapping); a paragraph's
    rows are consecutive in the whole table as in the analysed rows."""
    run = np.searchsorted(ix.runs, first, side="right") - 1
    p_first, p_stop = ix.runs[run], ix.run_stops[run]
    left_from = np.maximum(first - window, p_first)
    right_stop = np.minimum(last + 1 + window, p_stop)
    return (left_from, first, last + 1, right_stop, first), ix.start, ix.end, ix.sent


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
    if not isinstance(corpus, Corpus):  # a Dask corpus says what to do instead
        corpus.analyzed("tokens") if analyzed_only else corpus.tokens  # noqa: B018
    ix = _index(corpus, analyzed_only)
    if regex:
        paragraphs = corpus.analyzed("paragraphs") if analyzed_only else corpus.paragraphs
        m_doc, m_start, m_end = _regex_matches(corpus, paragraphs, pattern, case_sensitive)
    else:
        first, last = _token_matches(ix, corpus.tokens, pattern, case_sensitive)
        m_doc, m_start, m_end = (ix.doc[first].astype(np.int64),
                                 ix.start[first].astype(np.int64),
                                 ix.end[last].astype(np.int64))
    if len(m_doc) == 0 or ix.n_rows == 0:
        out = pd.DataFrame({c: pd.Series(dtype="int64") for c in KWIC_COLUMNS})
        out["doc_id"] = pd.Categorical([], dtype=ix.doc_dtype)
        for c in ("left", "match", "right"):
            out[c] = pd.array([], dtype="str")
        return out
    if regex or not ix.spans_ok:
        rows, t_start, t_end, sent = _context_general(ix, m_doc, m_start, m_end, window)
    else:
        rows, t_start, t_end, sent = _context_runs(ix, first, last, window)
    left_from, left_stop, right_from, right_stop, first_tok = rows
    # the context's first and last character (an empty context: the match's own edge)
    lo = np.where(left_from < left_stop, t_start[left_from], m_start).tolist()
    hi = np.where(right_stop > right_from, t_end[np.maximum(right_stop - 1, 0)], m_end).tolist()
    texts = [ix.texts[d] for d in m_doc.tolist()]
    starts, ends = m_start.tolist(), m_end.tolist()
    left = [t[a:b] for t, a, b in zip(texts, lo, starts, strict=True)]
    match = [t[a:b] for t, a, b in zip(texts, starts, ends, strict=True)]
    right = [t[a:b] for t, a, b in zip(texts, ends, hi, strict=True)]
    out = pd.DataFrame({
        "doc_id": pd.Categorical.from_codes(m_doc, dtype=ix.doc_dtype),
        "sent_id": sent[first_tok],
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
