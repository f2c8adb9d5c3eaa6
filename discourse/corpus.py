"""The :class:`Corpus`: four tidy tables (documents, paragraphs, sentences, tokens) and how they
are built from a table of raw texts.

Every row of every table has ``start``/``end`` offsets into ``documents.text`` of its document,
so ``text[start:end] == row.text`` always holds and any number can be traced back to the words
behind it. Ids (``para_id``, ``sent_id``, ``tok_id``) are 0-based and count within a document.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from . import segment
from ._validate import InputError, as_list
from .batches import Batch, byte_offsets, merge_codes, segment_batch
from .normalize import normalize
from .sections import SECTIONS, SectionRules, label_sections

DEFAULT_ANALYZE = ("body", "summary")  # a summary (bullets) is the author's own words


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The shipped English stopword list (Snowball; see ``resources/stopwords_en.txt``).

    Examples
    --------
    >>> "the" in stopwords(), "putin" in stopwords()
    (True, False)
    """
    raw = resources.files("discourse.resources").joinpath("stopwords_en.txt").read_text("utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


@dataclass(frozen=True, repr=False)
class Corpus:
    """A corpus as four tidy tables.

    Attributes
    ----------
    documents : DataFrame
        One row per document: ``doc_id`` (str), ``text`` (the raw text exactly as decoded),
        ``n_chars``, ``n_words`` (word tokens in analysed paragraphs), then any metadata columns
        (``group``, when present, is the grouping that contrasts use).
    paragraphs : DataFrame
        One row per paragraph: ``doc_id, para_id, start, end, text, section, section_rule,
        is_analyzed`` (see :mod:`discourse.sections`).
    sentences : DataFrame
        One row per sentence: ``doc_id, para_id, sent_id, start, end, text``.
    tokens : DataFrame
        One row per token: ``doc_id, para_id, sent_id, tok_id, start, end, text, norm, is_word,
        is_punct, is_stop``. ``norm`` is casefolded with curly quotes made straight.
    name : str
        A short name, used for report folders.

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It is clear. It may rain."])
    >>> c.sentences[["sent_id", "text"]]
       sent_id          text
    0        0  It is clear.
    1        1   It may rain.
    >>> c.tokens.norm.tolist()
    ['it', 'is', 'clear', '.', 'it', 'may', 'rain', '.']
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    name: str = "corpus"
    _texts: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if not self._texts:
            object.__setattr__(self, "_texts", dict(zip(self.documents.doc_id,
                                                        self.documents.text, strict=True)))

    # -- access ---------------------------------------------------------------------------
    @property
    def doc_ids(self) -> list[str]:
        """The document ids, in corpus order."""
        return self.documents.doc_id.tolist()

    def text_of(self, doc_id: str) -> str:
        """The raw text of one document."""
        try:
            return self._texts[doc_id]
        except KeyError:
            raise InputError(f"no document {doc_id!r} in this corpus; it has "
                             f"{', '.join(map(repr, self.doc_ids[:10]))}"
                             f"{' ...' if len(self.doc_ids) > 10 else ''}.") from None

    def analyzed(self, table: str = "tokens", *, columns=None) -> pd.DataFrame:
        """Rows of ``table`` that lie in analysed paragraphs (``is_analyzed``), RangeIndex.

        Parameters
        ----------
        table : {"tokens", "sentences", "paragraphs"} or DataFrame
            The table to filter (a DataFrame needs ``doc_id`` and ``para_id`` columns).
        columns : list of str, optional
            Only these columns: on a large corpus this saves copying the whole table.

        Examples
        --------
        >>> import discourse as dc
        >>> c = dc.from_texts(["Headline here\\n\\nThe body says more than that.\\n\\nRead More"])
        >>> c.analyzed("sentences").text.tolist()
        ['The body says more than that.']
        """
        df = getattr(self, table) if isinstance(table, str) else table
        mask = None if self.paragraphs.is_analyzed.all() else self.analyzed_mask(df)
        if columns is not None:
            df = df[list(columns)]
        return df if mask is None else df[mask].reset_index(drop=True)

    def analyzed_mask(self, table: str = "tokens") -> np.ndarray:
        """Boolean array: does each row of ``table`` (a name or a DataFrame with ``doc_id`` and
        ``para_id``) lie in an analysed paragraph?"""
        df = getattr(self, table) if isinstance(table, str) else table
        if self.paragraphs.is_analyzed.all():
            return np.ones(len(df), dtype=bool)
        if df is self.paragraphs:
            return df.is_analyzed.to_numpy()
        return _analyzed_mask(df, self.paragraphs)

    def with_analyzed(self, sections: Iterable[str]) -> Corpus:
        """Return a new corpus that analyses the paragraphs of the given sections.

        Examples
        --------
        >>> import discourse as dc
        >>> c = dc.from_texts(["Headline here\\n\\nThe body says more than that."])
        >>> c.with_analyzed(["body", "headline"]).documents.n_words.tolist()
        [8]
        """
        sections = as_list(sections)
        unknown = sorted(set(sections) - set(self.paragraphs.section.unique()) - set(SECTIONS))
        if unknown:
            raise InputError(f"sections={unknown} are not sections of this corpus; known "
                             f"sections are {', '.join(SECTIONS)}.")
        paragraphs = self.paragraphs.assign(is_analyzed=self.paragraphs.section.isin(sections))
        documents = self.documents.copy()
        documents["n_words"] = _count_words(self.tokens, paragraphs, documents.doc_id)
        return Corpus(documents, paragraphs, self.sentences, self.tokens, self.name, self._texts)

    # -- display --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.documents)

    def summary(self) -> pd.DataFrame:
        """One row per document: paragraphs, analysed paragraphs, sentences, tokens, words."""
        d = self.documents[["doc_id"]].copy()
        cat = lambda s: s.astype(str)  # noqa: E731
        d["paragraphs"] = d.doc_id.map(cat(self.paragraphs.doc_id).value_counts()).fillna(0)
        analysed = self.paragraphs[self.paragraphs.is_analyzed]
        d["analyzed_paragraphs"] = d.doc_id.map(cat(analysed.doc_id).value_counts()).fillna(0)
        d["sentences"] = d.doc_id.map(cat(self.sentences.doc_id).value_counts()).fillna(0)
        d["tokens"] = d.doc_id.map(cat(self.tokens.doc_id).value_counts()).fillna(0)
        d["words"] = self.documents.n_words
        cols = ["paragraphs", "analyzed_paragraphs", "sentences", "tokens", "words"]
        d[cols] = d[cols].astype("int64")
        return d

    def __repr__(self) -> str:
        return (f"<Corpus {self.name!r}: {len(self.documents)} documents, "
                f"{len(self.paragraphs)} paragraphs, {len(self.sentences)} sentences, "
                f"{len(self.tokens)} tokens, {int(self.documents.n_words.sum())} analysed words>")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + self.summary().head(20).to_html(index=False)


def _analyzed_mask(df: pd.DataFrame, paragraphs: pd.DataFrame) -> np.ndarray:
    """Boolean mask: does each row of ``df`` (``doc_id``, ``para_id``) lie in an analysed
    paragraph? One array lookup through the paragraphs' positions, no join."""
    doc_ids = paragraphs.doc_id.cat.categories
    para_doc = paragraphs.doc_id.cat.codes.to_numpy()
    n_para = np.bincount(para_doc, minlength=len(doc_ids))
    first = np.concatenate([[0], np.cumsum(n_para)[:-1]])
    if isinstance(df.doc_id.dtype, pd.CategoricalDtype) and df.doc_id.cat.categories.equals(
            doc_ids):
        codes = df.doc_id.cat.codes.to_numpy()
    else:
        codes = pd.Categorical(df.doc_id.astype(str), categories=doc_ids).codes
    para = df.para_id.to_numpy()
    ok = (codes >= 0) & (para >= 0)
    ok[ok] = para[ok] < n_para[codes[ok]]
    mask = np.zeros(len(df), dtype=bool)
    flags = paragraphs.is_analyzed.to_numpy()
    mask[ok] = flags[first[codes[ok]] + para[ok]]
    return mask


def _count_words(tokens: pd.DataFrame, paragraphs: pd.DataFrame, doc_ids: pd.Series) -> np.ndarray:
    keep = tokens.is_word.to_numpy() & _analyzed_mask(tokens, paragraphs)
    counts = np.bincount(tokens.doc_id.cat.codes.to_numpy()[keep],
                         minlength=len(tokens.doc_id.cat.categories))
    per_doc = pd.Series(counts, index=tokens.doc_id.cat.categories)
    return doc_ids.map(per_doc).fillna(0).astype("int64").to_numpy()


# -- building ----------------------------------------------------------------------------------
_NUMBER = re.compile(r"^-?[.,]?\d[\d,.-]*\.?$")  # Punkt's ##number## type
_CLOSING = set(segment.CLOSING)  # may follow a sentence end and still belong to the sentence
_ENDS, _WIDE_END = set(segment.SENTENCE_END) | {"."}, set(segment.WIDE_END)
_NONWORD = _CLOSING | set(";*:@({[!?")  # Punkt: what may follow a period without a space


def _encode_texts(texts: list[str]):
    """All texts UTF-8 encoded and joined, with each text's first character and first byte
    (one more entry for the end); ``None`` when a text cannot be UTF-8 (lone surrogates, only
    possible from Python strings)."""
    try:
        data = b"".join([t.encode("utf-8") for t in texts])
    except UnicodeEncodeError:
        return None
    char_off = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in texts], out=char_off[1:])
    return data, char_off, byte_offsets(data, int(char_off[-1]), char_off)


def _arrow_strings(data: bytes, offsets: np.ndarray, n: int):
    import pyarrow as pa

    kind, width = (pa.large_string(), np.int64) if len(data) >= 2**31 else (pa.string(), np.int32)
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets.astype(width)),
                                           pa.py_buffer(data)])


def _text_slices(encoded, texts: list[str], doc: np.ndarray, starts: np.ndarray,
                 ends: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``texts[doc][start:end]`` for every row, as a pandas string array, without a Python
    string per row: Arrow reads the encoded texts (:func:`_encode_texts`) at the rows' byte
    offsets (with the gaps between rows as elements in between) and keeps the rows. Rows must
    be grouped by document and ordered without overlap within one, as sentences and paragraphs
    are. ``doc=None``: the whole texts."""
    import pyarrow as pa

    if encoded is None:  # lone surrogates (only from Python strings): Python strings
        if doc is None:
            return pd.array(texts, dtype="str")
        return pd.array([texts[d][a:b] for d, a, b in zip(doc.tolist(), starts.tolist(),
                                                           ends.tolist(), strict=True)],
                        dtype="str")
    data, char_off, doc_bytes = encoded
    if doc is None:
        return pd.array(_arrow_strings(data, doc_bytes, len(texts)), dtype="str")
    if not len(doc):
        return pd.array([], dtype="str")
    k = len(doc)
    offsets = np.empty(2 * k, dtype=np.int64)  # row starts and ends, in one concatenated text
    offsets[0::2] = byte_offsets(data, int(char_off[-1]), starts + char_off[doc])
    offsets[1::2] = byte_offsets(data, int(char_off[-1]), ends + char_off[doc])
    rows_and_gaps = _arrow_strings(data, offsets, 2 * k - 1)
    rows = rows_and_gaps.take(pa.array(np.arange(0, 2 * k - 1, 2)))
    return pd.array(rows, dtype="str")


def _segment_all(texts: list[str], rules: SectionRules, n_jobs: int,
                 progress: bool) -> list[Batch]:
    """Run :func:`discourse.batches.segment_batch` over all documents, in ``n_jobs``
    processes; one :class:`~discourse.batches.Batch` per batch, in document order."""
    from tqdm import tqdm  # plain tqdm: tqdm.auto warns in notebooks without ipywidgets

    batch = max(1, min(2000, len(texts) // (4 * n_jobs) or 1))
    chunks = [texts[i:i + batch] for i in range(0, len(texts), batch)]
    bar = tqdm(total=len(texts), desc="segmenting", unit="doc", disable=not progress)
    results = []
    if n_jobs > 1 and len(chunks) > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=ctx) as pool:
            for chunk, res in zip(chunks, pool.map(segment_batch, chunks,
                                                   [rules] * len(chunks)), strict=True):
                results.append(res)
                bar.update(len(chunk))
    else:
        for chunk in chunks:
            results.append(segment_batch(chunk, rules))
            bar.update(len(chunk))
    bar.close()
    return results


_ALNUM = re.compile(r"[^\W_]")  # a character that str.isalnum() accepts (checked on all of them)


@lru_cache(maxsize=4096)
def _is_punct_char(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _token_kinds(values: np.ndarray) -> dict[str, np.ndarray]:
    """Per distinct token text: norm and the flags the tables and the sentence splitter use.

    The flags about punctuation are computed for the texts without a letter or digit only: a
    text with one is never punctuation, a period, an ellipsis or a closing quote.
    """
    stop = stopwords()
    abbrev = segment.abbreviations()
    norms = [normalize(t) for t in values]
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


def _sentence_starts(codes, kinds, gap_before, para_first) -> np.ndarray:
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


def build_corpus(documents: pd.DataFrame, *, sections: SectionRules | None = None,
                 analyze: Iterable[str] = DEFAULT_ANALYZE, name: str = "corpus",
                 n_jobs: int | None = None, progress: bool | None = None) -> Corpus:
    """Build a :class:`Corpus` from a table of raw texts.

    Parameters
    ----------
    documents : DataFrame
        Columns ``doc_id`` (unique str) and ``text`` (str), then any metadata. Checked by the
        readers (:func:`discourse.from_frame` and friends), which are the usual way in.
    sections : callable, optional
        ``f(list of paragraph texts) -> list of (section, rule)`` for one document. Default:
        :func:`discourse.sections.label_sections`; :func:`discourse.sections.all_body` turns
        section detection off.
    analyze : iterable of str, default ("body", "summary")
        Sections whose paragraphs are analysed (``is_analyzed``).
    name : str, default "corpus"
        A short name for the corpus.
    n_jobs : int, optional
        Processes for segmenting. Default: 1 for corpora under 2 million characters, else 2.
    progress : bool, optional
        Show a progress bar. Default: only for corpora over 20 million characters.

    Returns
    -------
    Corpus
    """
    rules = sections or label_sections
    analyze = set(as_list(analyze))
    doc_ids = [str(d) for d in documents.doc_id.tolist()]
    texts = documents.text.tolist()
    doc_len = np.array([len(t) for t in texts], dtype=np.int64)
    total = int(doc_len.sum())
    if n_jobs is None:
        n_jobs = 1 if total < 2_000_000 else min(2, os.cpu_count() or 1)
    if progress is None:
        progress = total > 20_000_000
    batches = _segment_all(texts, rules, n_jobs, progress)

    n_docs = len(texts)

    n_para, n_tok, para_span, tok_span, tok_para = (
        np.concatenate([getattr(b, name) for b in batches] + [empty]) for name, empty in [
            ("n_para", np.zeros(0, np.int64)), ("n_tok", np.zeros(0, np.int64)),
            ("para_span", np.zeros((0, 2), np.int32)), ("tok_span", np.zeros((0, 2), np.int32)),
            ("tok_para", np.zeros(0, np.int32))])
    labels = [lab for b in batches for lab in b.labels]
    codes, values = merge_codes(batches)
    del batches
    para_doc = np.repeat(np.arange(n_docs, dtype=np.int32), n_para)
    tok_doc = np.repeat(np.arange(n_docs, dtype=np.int32), n_tok)
    para_first_idx = np.concatenate([[0], np.cumsum(n_para)[:-1]])
    tok_first_idx = np.concatenate([[0], np.cumsum(n_tok)[:-1]]).astype(np.int32)
    n = len(tok_span)

    # a token opens a paragraph where its paragraph or document changes; it follows a space
    # where it does not touch the token before
    para_first = np.ones(n, dtype=bool)
    para_first[1:] = (tok_para[1:] != tok_para[:-1]) | (tok_doc[1:] != tok_doc[:-1])
    gap_before = np.ones(n, dtype=bool)
    gap_before[1:] = tok_span[1:, 0] > tok_span[:-1, 1]
    gap_before |= para_first

    kinds = _token_kinds(values)
    sent_start = _sentence_starts(codes, kinds, gap_before, para_first)
    del gap_before, para_first
    first_tok = np.flatnonzero(sent_start)
    sent_of_tok = np.cumsum(sent_start, dtype=np.int32)
    sent_of_tok -= 1
    del sent_start
    last_tok = np.concatenate([first_tok[1:] - 1, [n - 1]]) if len(first_tok) else first_tok
    n_sent = np.bincount(tok_doc[first_tok], minlength=n_docs) if len(first_tok) else \
        np.zeros(n_docs, np.int64)
    sent_first_idx = np.concatenate([[0], np.cumsum(n_sent)[:-1]])

    cats = pd.CategoricalDtype(doc_ids)
    encoded = _encode_texts(texts)  # once, for the text columns of all three tables

    def doc_col(idx):
        return pd.Categorical.from_codes(idx, dtype=cats)

    text_cat = pd.Categorical.from_codes(codes, categories=pd.Index(values, dtype=object))
    norm_codes, norm_values = pd.factorize(kinds["norm"])
    tokens = pd.DataFrame({
        "doc_id": doc_col(tok_doc),
        "para_id": tok_para,
        "sent_id": sent_of_tok - sent_first_idx.astype(np.int32)[tok_doc],
        "tok_id": np.arange(n, dtype=np.int32) - tok_first_idx[tok_doc],
        "start": tok_span[:, 0],
        "end": tok_span[:, 1],
        "text": text_cat,
        "norm": pd.Categorical.from_codes(norm_codes[codes].astype(np.int32),
                                          categories=pd.Index(norm_values, dtype=object)),
        "is_word": kinds["is_word"][codes],
        "is_punct": kinds["is_punct"][codes],
        "is_stop": kinds["is_stop"][codes],
    }, copy=False)  # the arrays are ours: no consolidating copy (hundreds of MB at 10M rows)

    s_doc = tok_doc[first_tok]
    s_s, s_e = tok_span[first_tok, 0], tok_span[last_tok, 1]
    sentences = pd.DataFrame({
        "doc_id": doc_col(s_doc),
        "para_id": tok_para[first_tok],
        "sent_id": (np.arange(len(first_tok)) - sent_first_idx[s_doc]).astype(np.int32),
        "start": s_s,
        "end": s_e,
        "text": _text_slices(encoded, texts, s_doc, s_s, s_e),
    })

    p_sec = [sec for sec, _ in labels]
    section = pd.Categorical(p_sec, categories=sorted(set(SECTIONS) | set(p_sec),
                                                      key=lambda s: (s not in SECTIONS, s)))
    paragraphs = pd.DataFrame({
        "doc_id": doc_col(para_doc),
        "para_id": (np.arange(len(para_doc)) - para_first_idx[para_doc]).astype(np.int32),
        "start": para_span[:, 0],
        "end": para_span[:, 1],
        "text": _text_slices(encoded, texts, para_doc, para_span[:, 0], para_span[:, 1]),
        "section": section,
        "section_rule": pd.Categorical([rule for _, rule in labels]),
        "is_analyzed": np.isin(np.array(p_sec, dtype=object), list(analyze)).astype(bool),
    })

    out = pd.DataFrame({"doc_id": pd.array(doc_ids, dtype="str"),
                        "text": _text_slices(encoded, texts, None, None, None)})
    del encoded
    out["n_chars"] = doc_len
    # words in analysed paragraphs: the paragraph of each token by its position in the table
    analysed = paragraphs.is_analyzed.to_numpy()[para_first_idx[tok_doc] + tok_para]
    out["n_words"] = np.bincount(tok_doc[analysed & kinds["is_word"][codes]],
                                 minlength=n_docs).astype(np.int64)
    for c in documents.columns:
        if c not in ("doc_id", "text"):
            out[c] = documents[c].to_numpy()
    # the texts as Python strings, shared with text_of(): no second copy
    return Corpus(out, paragraphs, sentences, tokens, name, dict(zip(doc_ids, texts, strict=True)))
