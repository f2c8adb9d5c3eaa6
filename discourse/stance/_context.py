"""Token context: the arrays of a token table and vectorised look-ups around positions.

The context rules of the stance markers (and any other rule that reads "the word before" or
"the first word left of here that is not an adverb") ask questions of a few tokens around many
positions at once. :class:`TokenContext` answers them with numpy over the whole token table,
never a loop over tokens, and never across a sentence boundary: a position outside the
sentence of its reference answers "no" (or ``""``, or ``-1``).

Examples
--------
>>> import numpy as np
>>> import discourse as dc
>>> tk = TokenContext(dc.from_texts(["We may go. It rains."]).tokens)
>>> tk.norm(np.array([1, 4]), np.array([1, 3])).tolist()  # token 4 is in the next sentence
['may', '']
>>> tk.scan_left(np.array([2]), {"may"}, 3).tolist()  # first token left of "go" not "may"
[0]
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..text.batches import ids_within
from ._rulebook import WORDS

NUMBER_RE = re.compile(r"^[$£€¥]?\d[\d.,:/]*(?:%|s|k|m|bn|th|st|nd|rd|pc)?$")
"""A token that is a number: "40", "$3.5bn", "1990s", "12%", "3rd"."""


class TokenContext:
    """Arrays of a token table and vectorised look-ups around positions (same sentence only)."""

    def __init__(self, tokens: pd.DataFrame, vocab: dict | None = None):
        self.n = len(tokens)
        norm = tokens["norm"]
        if not isinstance(norm.dtype, pd.CategoricalDtype):
            norm = norm.astype("category")
        text = tokens["text"]
        if not isinstance(text.dtype, pd.CategoricalDtype):
            text = text.astype("category")
        # what depends on the categories alone (``vocab``: shared by the parts of one table,
        # which share its categories; see :func:`shared_vocab`)
        self.vocab = {} if vocab is None else vocab
        if "cats" not in self.vocab:
            self.vocab.update(_vocab_arrays(norm.cat.categories, text.cat.categories))
        self.cats, self.text_cats, self.nt = (self.vocab[k] for k in ("cats", "text_cats", "nt"))
        self._flags: dict = self.vocab.setdefault("flags", {})
        # int32 throughout, and views of the table's own arrays where they are already so:
        # these arrays are as long as the token table, and fresh memory is what costs here
        self.codes = norm.cat.codes.to_numpy().astype(np.int32, copy=False)
        self.text_codes = text.cat.codes.to_numpy().astype(np.int32, copy=False)
        self.is_word = tokens["is_word"].to_numpy().astype(bool, copy=False)
        self.is_punct = tokens["is_punct"].to_numpy().astype(bool, copy=False)
        doc = tokens["doc_id"].cat.codes.to_numpy()
        sent = tokens["sent_id"].to_numpy()
        new = np.ones(self.n, dtype=bool)
        np.not_equal(doc[1:], doc[:-1], out=new[1:])
        new[1:] |= sent[1:] != sent[:-1]
        self.sent_no = np.cumsum(new, dtype=np.int32)
        self.sent_no -= 1
        self.sid = self.sent_no  # one number per sentence of the corpus: equal iff same sentence
        self.sent_start = np.flatnonzero(new)
        self.sent_doc = doc[self.sent_start]  # the document of each sentence
        del new
        self._words_cum = None

    def words_before_at(self, p: np.ndarray) -> np.ndarray:
        """Word tokens before each position ``p`` in its sentence."""
        if self._words_cum is None:
            self._words_cum = np.cumsum(self.is_word, dtype=np.int32)
        cs, w = self._words_cum, self.is_word
        s0 = self.sent_start[self.sent_no[p]]
        return (cs[p] - w[p]) - (cs[s0] - w[s0])

    @property
    def words_before(self) -> np.ndarray:
        """Word tokens before each token in its sentence (the whole table's array)."""
        return self.words_before_at(np.arange(self.n))

    def flag(self, words) -> np.ndarray:
        """Boolean over norm categories: is the category in ``words``?"""
        key = words if isinstance(words, frozenset) else frozenset(words)
        if key not in self._flags:
            # one dict lookup per word (the dict built once), not a new hash table over the
            # whole vocabulary per call (``Index.isin``) nor a new Index of the words
            # (``Index.get_indexer``, about 1 ms a call): ~450 word sets a run
            if "code_of" not in self.vocab:  # norm category -> code, built on first use
                self.vocab["code_of"] = {c: i for i, c in enumerate(self.cats.tolist())}
            get = self.vocab["code_of"].get
            idx = [i for i in map(get, key) if i is not None]
            flags = np.zeros(len(self.cats), dtype=bool)
            flags[idx] = True
            self._flags[key] = flags
        return self._flags[key]

    def valid(self, p: np.ndarray, ref: np.ndarray) -> np.ndarray:
        """Is position ``p`` a token of the same sentence as ``ref``?"""
        # read at p clipped into the table, then drop the positions outside it: no boolean
        # selections (called some 3,000 times a run, on up to all hits)
        out = self.sid.take(p, mode="clip") == self.sid[ref]
        out &= p >= 0
        out &= p < self.n
        return out

    def has(self, p, ref, flags: np.ndarray) -> np.ndarray:
        out = self.valid(p, ref)
        out &= flags[self.codes.take(p, mode="clip")]
        return out

    def isin(self, p, ref, words) -> np.ndarray:
        return self.has(p, ref, self.flag(words))

    def norm(self, p, ref) -> np.ndarray:
        ok = self.valid(p, ref)
        out = np.full(len(p), "", dtype=object)
        out[ok] = np.asarray(self.cats, dtype=object)[self.codes[p[ok]]]
        return out

    def surface(self, p) -> np.ndarray:
        return self.text_cats[self.text_codes[p]]

    def capitalised(self, p, ref) -> np.ndarray:
        """Is position ``p`` a token of ``ref``'s sentence written with a capital (worked out
        once per distinct text)?"""
        if "capital" not in self.vocab:  # per text category: written with a capital
            self.vocab["capital"] = np.array([str(t)[:1].isupper() for t in self.text_cats],
                                             dtype=bool)
        out = self.valid(p, ref)
        out &= self.vocab["capital"][self.text_codes.take(p, mode="clip")]
        return out

    def negator(self, p, ref, negators, extra=frozenset()) -> np.ndarray:
        words = negators | extra if extra else negators
        ok = self.valid(p, ref)
        out = np.zeros(len(p), dtype=bool)
        c = self.codes[p[ok]]
        out[ok] = self.flag(words)[c] | self.nt[c]
        return out

    def scan_left(self, ref: np.ndarray, skip, max_steps: int, *, skip_nt=False) -> np.ndarray:
        """Position of the first token left of ``ref`` not in ``skip`` (-1: none in sentence)."""
        p = ref - 1
        flags = self.flag(skip)
        for _ in range(max_steps):
            ok = self.valid(p, ref)
            c = np.where(ok, self.codes[np.clip(p, 0, max(self.n - 1, 0))], 0)
            # a "n't" form is skipped only with skip_nt, even where it is in ``skip`` ("isn't"
            # is a copula, but "isn't clear" is negated)
            skipping = ok & ((flags[c] & ~self.nt[c]) | (self.nt[c] if skip_nt else False))
            if not skipping.any():
                break
            p = np.where(skipping, p - 1, p)
        return np.where(self.valid(p, ref), p, -1)


def sentence_tokens(tk: TokenContext, sents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of every token of the sentences ``sents`` (sentence numbers), in order, and
    for each the index into ``sents`` of its sentence.

    >>> import discourse as dc
    >>> tk = TokenContext(dc.from_texts(["We may go. It rains. If so, go."]).tokens)
    >>> [a.tolist() for a in sentence_tokens(tk, np.array([0, 2]))]
    [[0, 1, 2, 3, 7, 8, 9, 10, 11], [0, 0, 0, 0, 1, 1, 1, 1, 1]]
    """
    first = tk.sent_start[sents]
    end = np.append(tk.sent_start, tk.n)[np.asarray(sents) + 1]
    lens = end - first
    owner = np.repeat(np.arange(len(sents)), lens)
    return np.repeat(first, lens) + ids_within(lens), owner


def _vocab_arrays(norms: pd.Index, texts: pd.Index) -> dict:
    """The norm categories as strings, the text categories, and which norms end in "n't"."""
    cats = np.asarray(norms, dtype=object)
    # str() of each, as a NumPy str array makes them (it drops trailing NULs): a no-op, not a
    # copy, for strings without NUL
    if pd.api.types.infer_dtype(cats, skipna=False) != "string" or "\0" in "".join(cats):
        cats = cats.astype(str)
    cats = pd.Index(cats, dtype=object)
    return {"cats": cats, "text_cats": np.asarray(texts, dtype=object),
            "nt": np.array([c.endswith("n't") for c in cats], dtype=bool)}


def shared_vocab(tokens: pd.DataFrame) -> dict | None:
    """A ``vocab`` for the :class:`TokenContext` of every part of ``tokens`` (its row slices),
    when ``norm`` and ``text`` are categorical: the parts then share their categories, and what
    is worked out per category (flags of word sets, number words, the lexicon's ids) is worked
    out once for the table, not once per part. ``None`` otherwise."""
    cat = pd.CategoricalDtype
    return {} if all(isinstance(tokens[c].dtype, cat) for c in ("norm", "text")) else None


def sentence_sets(tk: TokenContext, keys) -> dict:
    """For each word set of ``keys`` (frozensets of norms): does each sentence hold one of its
    words? A boolean array over the sentences per set, from one pass over the token table for
    up to 64 sets (a bit each), not one pass per set.

    >>> import discourse as dc
    >>> tk = TokenContext(dc.from_texts(["We may go. It rains. If so, go."]).tokens)
    >>> {tuple(sorted(k)): v.tolist() for k, v in sentence_sets(
    ...     tk, (frozenset({"go"}), frozenset({"if", "rains"}))).items()}
    {('go',): [True, False, True], ('if', 'rains'): [False, True, True]}
    """
    out: dict = {}
    for at in range(0, len(keys), 64):
        chunk = keys[at:at + 64]
        bits = np.zeros(len(tk.cats), dtype=np.uint64)  # per norm: the sets it belongs to
        for j, key in enumerate(chunk):
            bits[tk.flag(key)] |= np.uint64(1) << np.uint64(j)
        pos = np.flatnonzero((bits != 0)[tk.codes])
        sent_bits = np.zeros(len(tk.sent_start), dtype=np.uint64)
        np.bitwise_or.at(sent_bits, tk.sent_no[pos], bits[tk.codes[pos]])
        for j, key in enumerate(chunk):
            out[key] = (sent_bits & (np.uint64(1) << np.uint64(j))) != 0
    return out


def number_flags(cats: pd.Index, number_words) -> np.ndarray:
    """Boolean over norm categories: a number ("40", "3.5bn") or a number word ("forty-two")."""
    words = frozenset(number_words)
    match, first = NUMBER_RE.match, frozenset("$£€¥")
    # NUMBER_RE opens with a currency sign or a digit (\d: Unicode Nd, what isdecimal reads):
    # the regex runs only on words that do
    return np.array([(c[:1] in first or c[:1].isdecimal()) and match(c) is not None
                     or (c.split("-", 1)[0] if "-" in c else c) in words
                     for c in map(str, cats)], dtype=bool)


def clip(tk: TokenContext, p: np.ndarray) -> np.ndarray:
    """Positions ``p`` clipped into the token table (for reading arrays at -1 or past the end)."""
    return np.clip(p, 0, max(tk.n - 1, 0))


def possessive(words: np.ndarray) -> np.ndarray:
    """Is each word a noun with 's (not a pronoun contraction like "it's")?"""
    w = words.astype(str).astype("U")
    return np.char.endswith(w, "'s") & ~np.isin(words, list(WORDS["pronoun_contractions"]))
