"""Term counts: the tidy ``(unit..., term, n)`` table every contrast starts from.

Counts are built from the categorical codes of the token table (a grouped count on integer
codes), never by walking over tokens in Python, so they stay fast on millions of tokens.
"""

from __future__ import annotations

import contextvars

import numpy as np
import pandas as pd

from .._backend import dispatch
from .._memory import small_pages
from .._validate import InputError, as_list, check_int
from ..text.stoplists import is_custom, stop_mask
from ._key_runs import _compact, _runs  # noqa: F401  (_compact: tests)

_TOKEN_UNITS = ("doc_id", "para_id", "sent_id")
#: set by :func:`discourse.scale._coded_counts.count_terms_coded` (what a Dask partition sends):
#: the single-term table keeps ``term`` as a categorical of the
#: terms' ranks (no strings are made)
_TERM_CODES = contextvars.ContextVar("term_codes", default=False)


def _unit_columns(corpus, tokens: pd.DataFrame, by: list[str]) -> dict[str, object]:
    """The ``by`` columns aligned with ``tokens``; document metadata is mapped onto tokens."""
    docs = corpus.documents
    out = {}
    for col in by:
        if col in _TOKEN_UNITS:
            out[col] = tokens[col]
            continue
        if col == "group" and "group" not in docs.columns:
            raise InputError(
                "by='group' needs a 'group' column in corpus.documents, and this corpus has "
                "none. Give one when reading the texts (e.g. dc.from_frame(df) with a 'group' "
                "column), or count by='doc_id'.")
        if col not in docs.columns or col == "text":
            meta = ", ".join(repr(c) for c in docs.columns if c not in ("doc_id", "text"))
            raise InputError(
                f"by={col!r} is neither a token unit ({', '.join(_TOKEN_UNITS)}) nor a metadata "
                f"column of corpus.documents (metadata: {meta or 'none'}).")
        values = docs[col]
        if values.isna().any():
            missing = docs.doc_id[values.isna()].tolist()
            raise InputError(f"by={col!r}: documents {missing[:5]} have no {col!r} value; fill "
                             f"corpus.documents[{col!r}] for every document.")
        per_doc = pd.Categorical(values.to_numpy(), categories=pd.unique(values.to_numpy()))
        # tokens.doc_id is categorical over the documents' ids, in document order
        codes = per_doc.codes[tokens["doc_id"].cat.codes.to_numpy()]
        out[col] = pd.Categorical.from_codes(codes, dtype=per_doc.dtype)
    return out


@dispatch  # a Dask corpus: see discourse._backend
@small_pages
def count_terms(corpus, *, by="doc_id", term: str = "norm", ngram: int = 1,
                drop_stop: bool = True, drop_punct: bool = True,
                fill_zeros: bool = False, stopwords=None,
                extra_stopwords=None) -> pd.DataFrame:
    """Count terms per unit (document, paragraph, sentence or group) in analysed paragraphs.

    Parameters
    ----------
    corpus : Corpus
        The corpus; only tokens of analysed paragraphs (``corpus.analyzed("tokens")``) count.
    by : str or list of str, default "doc_id"
        The unit: token columns ``"doc_id"``, ``"para_id"``, ``"sent_id"`` (ids count within
        a document, so use ``["doc_id", "para_id"]`` for paragraphs) and/or metadata columns of
        ``corpus.documents``, such as ``"group"``.
    term : str, default "norm"
        The token column counted (``"norm"`` or ``"text"``).
    ngram : int, default 1
        Length of the counted sequences. An n-gram is a run of ``ngram`` consecutive tokens of
        one sentence (n-grams never cross a sentence boundary) none of which is dropped by
        ``drop_stop``/``drop_punct``; its term is the tokens joined by one space.
    drop_stop : bool, default True
        Drop stop words (see ``stopwords``); n-grams containing one are dropped.
    drop_punct : bool, default True
        Drop every token that is not a word (``is_word`` false: punctuation and symbols);
        n-grams containing one are dropped, so no n-gram runs across a comma.
    fill_zeros : bool, default False
        Also return the zero rows: every (unit, term) pair of the units and terms that occur.
    stopwords : str, path or list of str, optional
        Which words are stop words: the name of a shipped list (``"snowball"``, the default,
        which is the corpus's ``tokens.is_stop``; ``"sklearn"``, fuller), the path of a text
        file with one word a line, or the words (see :mod:`discourse.text.stoplists`). Matched
        against each token's ``norm``.
    extra_stopwords : list of str, optional
        Words dropped on top of ``stopwords`` (e.g. ``["shall", "let"]`` on speeches).

    Returns
    -------
    DataFrame
        One row per (unit, term): the ``by`` columns (``doc_id`` categorical in document
        order), ``term`` (str) and ``n`` (int64), sorted by unit, then ``n`` descending, then
        ``term``. RangeIndex. The units are those with at least one counted term.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts({"a": "Wars end. Wars, wars!", "b": "Peace ends wars."})
    >>> count_terms(c)
      doc_id  term  n
    0      a  wars  3
    1      a   end  1
    2      b  ends  1
    3      b peace  1
    4      b  wars  1
    >>> count_terms(c, extra_stopwords=["wars"])
      doc_id   term  n
    0      a    end  1
    1      b   ends  1
    2      b  peace  1
    >>> count_terms(c, ngram=2, fill_zeros=True)
      doc_id        term  n
    0      a    wars end  1
    1      a   ends wars  0
    2      a  peace ends  0
    3      b   ends wars  1
    4      b  peace ends  1
    5      b    wars end  0
    """
    custom_stop = drop_stop and is_custom(stopwords, extra_stopwords)
    by = as_list(by)
    if not by:
        raise InputError("by must name at least one unit column, e.g. by='doc_id'.")
    if len(set(by)) != len(by):
        raise InputError(f"by={by!r} names a column twice.")
    if "term" in by or "n" in by:
        raise InputError("by may not contain 'term' or 'n': those are the output columns.")
    check_int(ngram, name="ngram", minimum=1, hint="(1 for words, 2 for bigrams, ...)")
    if term not in corpus.tokens.columns:
        raise InputError(f"term={term!r} is not a token column; use 'norm' or 'text'.")
    needed = dict.fromkeys(["doc_id", "sent_id", term, "is_word", "is_stop"]
                           + (["norm"] if custom_stop else [])
                           + [c for c in by if c in _TOKEN_UNITS])
    # the whole table (no copy) with the analysed mask folded into `keep` below: n-grams never
    # cross a sentence, and a sentence is analysed or not as a whole
    tokens = corpus.tokens[list(needed)]

    units = _unit_columns(corpus, tokens, by)
    terms = tokens[term]
    if not isinstance(terms.dtype, pd.CategoricalDtype):
        terms = terms.astype("category")
    codes = terms.cat.codes.to_numpy()
    categories = np.asarray(terms.cat.categories, dtype=object)

    keep = corpus.analyzed_mask("tokens")
    if drop_punct:
        keep &= tokens["is_word"].to_numpy()
    if drop_stop:
        keep &= ~stop_mask(tokens, stopwords, extra_stopwords)

    n_tok = len(tokens)
    if ngram == 1:  # the kept tokens themselves (no array of every row number)
        if not fill_zeros:
            out = _count_sorted(units, by, codes, categories, keep=keep)
            if out is not None:
                return out
        keep = keep.copy()
    first = np.arange(max(n_tok - ngram + 1, 0))
    ok = keep[first].copy()
    if ngram > 1:
        # tokens of one sentence are contiguous rows: same (document, sentence) at both ends
        doc = tokens["doc_id"].cat.codes.to_numpy().astype(np.int64)
        sent = tokens["sent_id"].to_numpy().astype(np.int64)
        last = first + ngram - 1
        ok &= (doc[first] == doc[last]) & (sent[first] == sent[last])
        for j in range(1, ngram):
            ok &= keep[first + j]
    starts = first[ok]
    gram_cols = [f"_t{j}" for j in range(ngram)]
    out = _count_keys(units, by, codes, len(categories), starts, ngram)
    if out is None:  # too many combinations for one 64-bit key: pandas groupby
        df = pd.DataFrame(units).take(starts).reset_index(drop=True)
        for j, g in enumerate(gram_cols):
            df[g] = codes[starts + j]
        out = df.groupby(by + gram_cols, observed=True, sort=False).size().rename(
            "n").reset_index()
    words = categories[out[gram_cols[0]].to_numpy()]
    for g in gram_cols[1:]:
        words = words + " " + categories[out[g].to_numpy()]
    out = out.drop(columns=gram_cols)
    # object array straight to pandas strings: astype(str) would make fixed-width numpy
    # strings as wide as the longest term, gigabytes on a large corpus
    out.insert(len(by), "term", pd.array(words if len(words) else [], dtype="str"))
    out["n"] = out["n"].astype("int64")

    if fill_zeros:
        out = fill_zero_rows(out, by)
    return _sort(out, by)


def fill_zero_rows(counts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Add the zero rows: every (unit, term) pair of the units and terms present, ``n`` = 0."""
    if not len(counts):
        return counts
    unit_rows = counts[by].drop_duplicates()
    term_rows = pd.DataFrame({"term": pd.unique(counts["term"])})
    grid = unit_rows.merge(term_rows, how="cross")
    out = grid.merge(counts, on=by + ["term"], how="left")
    out["n"] = out["n"].fillna(0).astype("int64")
    return out


def _unit_digits(units: dict, by: list[str], starts: np.ndarray):
    """Each unit column at the counted tokens as non-negative int64 digits, with their radices
    and the functions that turn digits back into the column; ``None`` when a column is not
    categorical or non-negative integers."""
    digits, radices, decoders = [], [], []
    for col in by:
        values = units[col]
        if isinstance(values.dtype, pd.CategoricalDtype):
            cat_codes = values.cat.codes.to_numpy() if isinstance(values, pd.Series) else \
                values.codes
            d = np.asarray(cat_codes)[starts].astype(np.int64)
            radix = max(len(values.dtype.categories), 1)
            decoders.append(lambda k, dt=values.dtype: pd.Categorical.from_codes(k, dtype=dt))
        else:
            arr = np.asarray(values)
            if not np.issubdtype(arr.dtype, np.integer) or (len(arr) and arr.min() < 0):
                return None
            d = arr[starts].astype(np.int64)
            radix = int(arr.max()) + 1 if len(arr) else 1
            decoders.append(lambda k, dt=arr.dtype: k.astype(dt))
        digits.append(d)
        radices.append(radix)
    return digits, radices, decoders


def _count_sorted(units: dict, by: list[str], codes: np.ndarray, categories: np.ndarray,
                  starts: np.ndarray | None = None, *,
                  keep: np.ndarray | None = None) -> pd.DataFrame | None:
    """Single terms counted and put in the table's order by two integer sorts (a count per
    possible key instead of the first when there are few units: groups), no hashing and
    no sort of strings (on 10M tokens counting per document took 2.9 s with a hash
    factorisation and a sort of the table, 0.6 s this way, and half the memory).

    Each term code becomes its rank in the terms' string order (code-point order, as pandas
    sorts strings), so one int64 key ``unit * n_terms + rank`` sorts into (unit, term) order;
    runs of equal keys are the counts. A second key ``(unit, max_n - n, rank)`` sorted gives
    the table's order (unit, ``n`` descending, term), and every column is read back from it.
    ``None`` (the caller then counts another way) when a unit column is not integer codes or a
    key would not fit in 63 bits. The counted tokens are ``starts``, or those where ``keep`` is
    true (their positions are then dropped as soon as the keys are made: at 10M words they
    are 44 MB at the peak of the call)."""
    if keep is not None:
        starts = np.flatnonzero(keep)
    found = _unit_digits(units, by, starts)
    n_terms = max(len(categories), 1)
    if found is None or not len(starts):
        return None
    digits, radices, decoders = found
    unit_bits = float(np.sum(np.log2(np.maximum(radices, 1))))
    if unit_bits + np.log2(n_terms) >= 62:
        return None
    order, by_rank = _string_order(categories)
    rank = np.empty(len(categories), dtype=np.int32 if n_terms < 2**31 else np.int64)
    rank[order] = np.arange(len(categories))
    key = digits.pop(0)  # the unit key, built in place: (((d0 * r1) + d1) * r2 + d2) ...
    for d, r in zip(digits, radices[1:], strict=True):
        key *= r
        key += d
        del d
    del digits
    key *= n_terms
    key += rank[codes[starts]]
    del starts
    space = int(np.prod(radices, dtype=np.float64) * n_terms)
    if space <= len(key):  # few units (groups): a count per possible key, no sort
        n = np.bincount(key, minlength=space)
        key = np.flatnonzero(n)
        n = n[key]
    else:
        key, n = _runs(key)
    if unit_bits + np.log2(n_terms) + np.log2(int(n.max()) + 1) >= 62:
        return None
    return _in_table_order(key, n, n_terms, radices, by, decoders, by_rank)


def _in_table_order(key: np.ndarray, n: np.ndarray, n_terms: int, radices: list, by: list[str],
                    decoders: list, terms) -> pd.DataFrame:
    """The counts table from the sorted distinct keys ``unit * n_terms + rank`` and their
    counts ``n``, in the table's order (unit, ``n`` descending, term); ``terms``: the terms by
    rank. Both arrays are reused in place."""
    top = int(n.max()) + 1
    # unit * n_terms + term  ->  (unit * top + (top - 1 - n)) * n_terms + term, in place
    term = key % n_terms
    key -= term
    key *= top
    key += term
    del term
    np.subtract(top - 1, n, out=n)
    n *= n_terms
    key += n
    del n
    key.sort(kind="stable")  # the table's order: unit, n descending, term
    term = key % n_terms
    key //= n_terms
    n = key % top
    key //= top
    cols: dict = {}
    for col, r in zip(reversed(by[1:]), reversed(radices[1:]), strict=True):
        cols[col] = key % r
        key //= r
    cols[by[0]] = key
    out = pd.DataFrame({col: dec(cols.pop(col)) for col, dec in zip(by, decoders, strict=True)})
    out["term"] = _coded_terms(terms, term) if _TERM_CODES.get() else _strings_at(terms, term)
    del term
    np.subtract(top - 1, n, out=n)
    out["n"] = n
    return out


def _string_order(values: np.ndarray) -> tuple[np.ndarray, object]:
    """The positions of the distinct strings ``values`` in code-point order (what ``sorted``
    gives), and the strings in that order: sorted by Arrow, which compares UTF-8 bytes, in
    the order of the code points, when it can hold them (an Arrow array), else by Python (an
    object array; a term that is not a string, or a lone surrogate)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        names = pa.array(values, type=pa.large_string())
    except (pa.ArrowException, UnicodeEncodeError, TypeError):
        order = np.array(sorted(range(len(values)), key=values.__getitem__), dtype=np.int64)
        return order, values[order]
    order = pc.sort_indices(names)
    return order.to_numpy().astype(np.int64), names.take(order)


def _coded_terms(values, positions: np.ndarray) -> pd.Categorical:
    """``values[positions]`` as a categorical: ``values`` (distinct strings, in code-point
    order) are its categories, ``positions`` its codes."""
    return pd.Categorical.from_codes(positions, dtype=pd.CategoricalDtype(
        pd.Index(pd.array(values, dtype="str")), ordered=False))


def _strings_at(values, positions: np.ndarray):
    """``values[positions]`` (Python strings, or an Arrow array of them) as a pandas string
    array, taken in Arrow."""
    import pyarrow as pa

    if not isinstance(values, pa.Array):
        values = pa.array(values, type=pa.large_string())
    return pd.array(values.take(pa.array(positions)), dtype="str")


def _count_keys(units: dict, by: list[str], codes: np.ndarray, n_terms: int,
                starts: np.ndarray, ngram: int) -> pd.DataFrame | None:
    """Count (unit..., gram codes) combinations through one mixed-radix int64 key: a hash
    factorisation and a bincount, instead of a multi-column groupby (several times faster and
    leaner on millions of tokens). ``None`` when the key would not fit in 63 bits."""
    found = _unit_digits(units, by, starts)
    if found is None:
        return None
    digits, radices, decoders = found
    codes = codes.astype(np.int64, copy=False)
    for j in range(ngram):
        digits.append(codes[starts + j])
        radices.append(max(n_terms, 1))
    if np.sum(np.log2(np.maximum(radices, 1))) >= 62:
        return None
    key = np.zeros(len(starts), dtype=np.int64)
    for d, r in zip(digits, radices, strict=True):
        key = key * r + d
    index, uniq = pd.factorize(key, sort=False)
    n = np.bincount(index, minlength=len(uniq)).astype("int64")
    cols: dict = {}
    rest = np.asarray(uniq, dtype=np.int64)
    parts = []
    for r in reversed(radices):
        parts.append(rest % r)
        rest = rest // r
    parts.reverse()
    for col, part, dec in zip(by, parts[:len(by)], decoders, strict=True):
        cols[col] = dec(part)
    for j in range(ngram):
        cols[f"_t{j}"] = parts[len(by) + j]
    cols["n"] = n
    return pd.DataFrame(cols)


def _sort(out: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    keys = by + ["n", "term"]
    asc = [True] * len(by) + [False, True]
    return out.sort_values(keys, ascending=asc, kind="stable").reset_index(drop=True)
