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


# Whitespace as str.isspace() sees it: ASCII bytes deleted at once, the rest replaced one by one
_WS_ASCII = bytes(c for c in range(128) if chr(c).isspace())
_WS_OTHER = tuple(chr(c).encode("utf-8") for c in range(128, 0x3001) if chr(c).isspace())


def _byte_offsets(data: bytes, n_chars: int, positions: np.ndarray) -> np.ndarray:
    """UTF-8 byte offsets of the given character offsets of a text whose encoding is ``data``.

    Only multi-byte characters add bytes, so it looks up how many extra bytes the (usually few)
    lead bytes before each offset contribute, instead of a width for every character.
    """
    if len(data) == n_chars:  # ASCII: bytes are characters
        return positions.astype(np.int64)
    u8 = np.frombuffer(data, dtype=np.uint8)
    lead = np.flatnonzero(u8 >= 0xC0)
    extra = np.cumsum(1 + (u8[lead] >= 0xE0).astype(np.int64) + (u8[lead] >= 0xF0))
    lead_char = lead - np.concatenate([[0], extra[:-1]])  # character index of each lead
    extra = np.concatenate([[0], extra])
    return positions + extra[np.searchsorted(lead_char, positions, side="left")]


def _token_bytes(text: str, starts: np.ndarray, ends: np.ndarray):
    """The UTF-8 bytes of all tokens of ``text``, concatenated, and each token's byte length.

    The tokens are exactly the non-space characters of ``text``, in order, so their
    concatenation is the UTF-8 of ``text`` with the whitespace bytes removed: no Python string
    per token is made. Returns ``None`` for text that cannot be UTF-8 (lone surrogates, only
    possible from Python strings); the caller then slices token by token.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    stripped = data.translate(None, _WS_ASCII)
    if len(data) != len(text):
        for ws in _WS_OTHER:
            if ws in stripped:
                stripped = stripped.replace(ws, b"")
    lengths = _byte_offsets(data, len(text), ends) - _byte_offsets(data, len(text), starts)
    if len(stripped) != int(lengths.sum()):  # cannot happen: keep the slow path as a guard
        return None
    return stripped, lengths.astype(np.int32)


def _text_slices(texts: list[str], doc: np.ndarray, starts: np.ndarray,
                 ends: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``texts[doc][start:end]`` for every row, as a pandas string array, without a Python
    string per row: Arrow reads the encoded texts at the rows' byte offsets (with the gaps
    between rows as elements in between) and keeps the rows. Rows must be grouped by document
    and ordered without overlap within one, as sentences and paragraphs are."""
    import pyarrow as pa

    if not len(doc):
        return pd.array([], dtype="str")
    try:
        encoded = [t.encode("utf-8") for t in texts]
    except UnicodeEncodeError:  # lone surrogates (only from Python strings): Python strings
        return pd.array([texts[d][a:b] for d, a, b in zip(doc.tolist(), starts.tolist(),
                                                           ends.tolist(), strict=True)],
                        dtype="str")
    data = b"".join(encoded)
    del encoded
    char_off = np.concatenate([[0], np.cumsum([len(t) for t in texts])])
    k = len(doc)
    offsets = np.empty(2 * k, dtype=np.int64)  # row starts and ends, in one concatenated text
    offsets[0::2] = _byte_offsets(data, int(char_off[-1]), starts + char_off[doc])
    offsets[1::2] = _byte_offsets(data, int(char_off[-1]), ends + char_off[doc])
    kind, width = (pa.large_string(), np.int64) if len(data) >= 2**31 else (pa.string(), np.int32)
    rows_and_gaps = pa.Array.from_buffers(kind, 2 * k - 1, [
        None, pa.py_buffer(offsets.astype(width)), pa.py_buffer(data)])
    rows = rows_and_gaps.take(pa.array(np.arange(0, 2 * k - 1, 2)))
    return pd.array(rows, dtype="str")


def _segment_batch(texts: list[str], rules: SectionRules) -> list:
    """Per document: paragraph spans, their (section, rule) labels, token spans (flat), and the
    token bytes with their lengths (see :func:`_token_bytes`)."""
    out = []
    for text in texts:
        paras = segment.paragraph_spans(text)
        labels = list(rules([text[s:e] for s, e in paras]))
        if len(labels) != len(paras):
            raise InputError(f"the sections function returned {len(labels)} labels for "
                             f"{len(paras)} paragraphs; it must return one (section, rule) each.")
        starts, ends = segment.token_spans(text)
        para_starts = np.array([p for p, _ in paras], dtype=np.int32)
        tok_para = (np.searchsorted(para_starts, starts, side="right") - 1).astype(np.int32)
        out.append((np.array(paras, dtype=np.int32).reshape(-1, 2), labels,
                    np.stack([starts, ends], axis=1), tok_para,
                    _token_bytes(text, starts, ends)))
    return out


def _segment_all(texts: list[str], rules: SectionRules, n_jobs: int, progress: bool) -> list:
    """Run :func:`_segment_batch` over all documents, in ``n_jobs`` processes."""
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
            for chunk, res in zip(chunks, pool.map(_segment_batch, chunks,
                                                   [rules] * len(chunks)), strict=True):
                results.extend(res)
                bar.update(len(chunk))
    else:
        for chunk in chunks:
            results.extend(_segment_batch(chunk, rules))
            bar.update(len(chunk))
    bar.close()
    return results


def _token_strings(tbytes: list, texts: list[str], tok_doc: np.ndarray,
                   tok_span: np.ndarray):
    """Codes and distinct values of every token's text, from the per-document token bytes:
    Arrow cuts the bytes at the token lengths and dictionary-encodes them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if any(b is None for b in tbytes):  # slow path: a Python string per token
        values = np.array([texts[d][s:e] for d, (s, e) in zip(tok_doc.tolist(),
                                                               tok_span.tolist(), strict=True)],
                          dtype=object)
        return pd.factorize(values)
    data = b"".join(b[0] for b in tbytes)
    lengths = np.concatenate([b[1] for b in tbytes] + [np.zeros(0, np.int32)])
    large = len(data) >= 2**31
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64 if large else np.int32)
    np.cumsum(lengths, out=offsets[1:])
    kind = pa.large_string() if large else pa.string()
    arr = pa.Array.from_buffers(kind, len(lengths), [None, pa.py_buffer(offsets),
                                                     pa.py_buffer(data)])
    enc = pc.dictionary_encode(arr)
    return enc.indices.to_numpy(zero_copy_only=False), np.array(
        enc.dictionary.to_pylist(), dtype=object)


def _token_kinds(values: np.ndarray) -> dict[str, np.ndarray]:
    """Per distinct token text: norm and the flags the tables and the sentence splitter use."""
    stop = stopwords()
    abbrev = segment.abbreviations()
    norms = [normalize(t) for t in values]
    return {
        "norm": np.array(norms, dtype=object),
        "is_word": np.array([any(ch.isalnum() for ch in t) for t in values], dtype=bool),
        "is_punct": np.array([all(unicodedata.category(ch).startswith("P") for ch in t)
                              for t in values], dtype=bool),
        "is_stop": np.array([n in stop for n in norms], dtype=bool),
        "period": np.array([t == "." for t in values], dtype=bool),
        "qe": np.array([bool(t) and set(t) <= _ENDS and t.strip(".") != ""
                        for t in values], dtype=bool),
        "wide_end": np.array([not _WIDE_END.isdisjoint(t) for t in values], dtype=bool),
        "dotted": np.array([len(t) > 2 and t.endswith(".") and t[-2] != "."
                            for t in values], dtype=bool),
        "abbrev": np.array([n.rstrip(".") in abbrev for n in norms], dtype=bool),
        "number": np.array([bool(_NUMBER.match(t)) for t in values], dtype=bool),
        "lower": np.array([t[:1].islower() for t in values], dtype=bool),
        "nonword": np.array([bool(t) and set(t) <= _NONWORD for t in values], dtype=bool),
        "closing": np.array([bool(t) and set(t) <= _CLOSING for t in values], dtype=bool),
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
    per_doc = _segment_all(texts, rules, n_jobs, progress)

    n_docs = len(texts)
    n_para = np.array([len(r[0]) for r in per_doc], dtype=np.int64)
    n_tok = np.array([len(r[2]) for r in per_doc], dtype=np.int64)
    labels = [lab for r in per_doc for lab in r[1]]
    # take the per-document pieces apart so that each list is freed once concatenated
    paras, spans, tparas, tbytes = (list(x) for x in zip(
        *[(r[0], r[2], r[3], r[4]) for r in per_doc], strict=True)) if per_doc else ([],) * 4
    del per_doc
    para_span = np.concatenate(paras + [np.zeros((0, 2), np.int32)])
    tok_span = np.concatenate(spans + [np.zeros((0, 2), np.int32)])
    tok_para = np.concatenate(tparas + [np.zeros(0, np.int32)])
    del paras, spans, tparas
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

    codes, values = _token_strings(tbytes, texts, tok_doc, tok_span)
    del tbytes
    codes = np.asarray(codes, dtype=np.int32)
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
        "text": _text_slices(texts, s_doc, s_s, s_e),
    })

    p_sec = [sec for sec, _ in labels]
    section = pd.Categorical(p_sec, categories=sorted(set(SECTIONS) | set(p_sec),
                                                      key=lambda s: (s not in SECTIONS, s)))
    paragraphs = pd.DataFrame({
        "doc_id": doc_col(para_doc),
        "para_id": (np.arange(len(para_doc)) - para_first_idx[para_doc]).astype(np.int32),
        "start": para_span[:, 0],
        "end": para_span[:, 1],
        "text": _text_slices(texts, para_doc, para_span[:, 0], para_span[:, 1]),
        "section": section,
        "section_rule": pd.Categorical([rule for _, rule in labels]),
        "is_analyzed": np.isin(np.array(p_sec, dtype=object), list(analyze)).astype(bool),
    })

    out = pd.DataFrame({"doc_id": pd.array(doc_ids, dtype="str"),
                        "text": pd.array(texts, dtype="str")})
    out["n_chars"] = doc_len
    out["n_words"] = _count_words(tokens, paragraphs, out.doc_id)
    for c in documents.columns:
        if c not in ("doc_id", "text"):
            out[c] = documents[c].to_numpy()
    # the texts as Python strings, shared with text_of(): no second copy
    return Corpus(out, paragraphs, sentences, tokens, name, dict(zip(doc_ids, texts, strict=True)))
