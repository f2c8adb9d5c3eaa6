"""What a style profile measures on words and sentences: syllables, MTLD, and per sentence the
sums of words, syllables, contractions, pronouns and numbers, questions and direct quotations.

:func:`discourse.style_profile` (:mod:`discourse.register.style`) adds these up per unit and
bootstraps them. Every word rule is worked out once per distinct word (the ``norm`` and
``text`` categories of the tokens table), not once per token.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["FIRST_PERSON", "MTLD_THRESHOLD", "NUMBER_WORDS", "SECOND_PERSON", "count_syllables",
           "mtld", "sentence_sums"]

MTLD_THRESHOLD = 0.72

#: first-person pronouns and their contractions (``norm`` forms). "us" written "US" is excluded.
FIRST_PERSON = frozenset(
    "i me my mine myself we us our ours ourselves i'm i've i'd i'll we're we've we'd we'll "
    "let's".split())
#: second-person pronouns and their contractions (``norm`` forms).
SECOND_PERSON = frozenset(
    "you your yours yourself yourselves you're you've you'd you'll y'all ya".split())
#: subjects whose ``'s`` is a contraction of *is/has*, never a possessive.
_S_PRONOUNS = frozenset(
    "it he she that there here what who where when why how let everyone everything "
    "nobody nothing someone something somebody".split())
#: words after which a noun's ``'s`` cannot be a possessive ("Putin's been", "Putin's a").
_S_NEXT = frozenset(
    "been not a an the no never got gone going just always already still".split())
#: other contracted forms that are neither ``n't`` nor a pronoun with a clitic.
_CONTRACTED = frozenset("'em 'cause 'til y'all ol' ma'am".split())
#: spelled-out cardinal numbers counted as numbers ("one" is left out: mostly a pronoun).
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion dozen hundreds thousands millions billions "
    "dozens".split())

_QUOTE_MIN_WORDS = 4
_QUOTE_MARK = re.compile('["\u201c\u201d]')
#: the per-sentence sums, in the order the profile's statistics read them
SUMS = ["words", "syllables", "questions", "quotations", "contractions", "first_person",
        "second_person", "numbers"]


# -- syllables ---------------------------------------------------------------------------------
def count_syllables(words) -> np.ndarray:
    """Count the syllables of each word with a documented spelling rule.

    Parameters
    ----------
    words : str or sequence of str
        Words (tokens); case and curly apostrophes do not matter.

    Returns
    -------
    ndarray of int64
        One count per word, at least 1.

    Notes
    -----
    The rule, applied to the word lower-cased and stripped of accents:

    1. Count the groups of consecutive vowels, ``y`` included (``[aeiouy]+``) among the letters
       ``a-z`` (apostrophes, digits and hyphens removed).
    2. If there is more than one group, subtract one for a silent ending whose ``e`` forms a group
       of its own after a consonant: final ``-e`` ("make"), ``-ed`` unless after ``t``/``d``
       ("asked", but "wanted"), ``-es`` unless after ``s, x, z, c, g, ch, sh`` ("times", but
       "uses", "pages"). Consonant + ``-le``, ``-les``, ``-led`` keeps its syllable ("table",
       "tables", "troubled").
    3. Add one for ``n't`` after a consonant other than ``r`` ("didn't", "wasn't"; not "can't",
       "don't", "aren't").
    4. At least one syllable per word; a token without letters (a numeral such as "2021")
       counts as one.

    A spelling rule errs on words with vowel hiatus ("idea" gets 2, "create" 1); the readability
    formulas average over many words, where such errors partly cancel.

    Examples
    --------
    >>> count_syllables(["table", "whole", "asked", "wanted", "didn't", "multipolarity"]).tolist()
    [2, 1, 1, 2, 2, 6]
    """
    s = pd.Series([words] if isinstance(words, str) else list(words), dtype=object).astype(str)
    w = (s.str.replace("\u2019", "'", regex=False).str.lower()
         .str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii"))
    letters = w.str.replace(r"[^a-z]", "", regex=True)
    groups = letters.str.count(r"[aeiouy]+").astype("int64")
    silent = (letters.str.contains(r"[^aeiouy]e$")
              | letters.str.contains(r"[^aeiouydt]ed$")
              | letters.str.contains(r"(?:[bdfhjklmnpqrtvw]|(?<![cs])h)es$"))
    keeps_le = letters.str.contains(r"[^aeiouy]l(?:e|es|ed)$")
    groups = groups - ((groups > 1) & silent & ~keeps_le).astype("int64")
    groups = groups + w.str.contains(r"[bcdfghjklmnpqstvwxz]n't$").astype("int64")
    return np.maximum(groups.to_numpy(dtype="int64"), 1)


# -- lexical diversity ---------------------------------------------------------------------------
def _previous_same(codes: np.ndarray) -> np.ndarray:
    """For each position, the last earlier position holding the same code (-1: none)."""
    order = np.argsort(codes, kind="stable")
    prev = np.full(len(codes), -1, dtype=np.int64)
    same = codes[order[1:]] == codes[order[:-1]]
    prev[order[1:][same]] = order[:-1][same]
    return prev


def _mtld_one_way(codes: np.ndarray, threshold: float) -> float:
    """Factors of one MTLD pass (McCarthy & Jarvis 2010) over integer word codes.

    MTLD is sequential (the running type-token ratio restarts after each factor), so the pass
    goes factor by factor; within a factor starting at ``s``, the types among words ``s..k``
    are the words whose previous occurrence lies before ``s``, counted for a window of words
    at once (the window grows until the factor ends or the text does).
    """
    prev = _previous_same(codes)
    n, s, factors = len(codes), 0, 0.0
    while s < n:
        width = 128
        while True:
            e = min(n, s + width)
            ttr = np.cumsum(prev[s:e] < s) / np.arange(1, e - s + 1)
            ends = np.flatnonzero(ttr <= threshold)
            if len(ends):
                factors += 1.0
                s += int(ends[0]) + 1
                break
            if e == n:  # the words left form a partial factor
                return factors + (1.0 - float(ttr[-1])) / (1.0 - threshold)
            width *= 4
    return factors


def mtld_of_codes(codes: np.ndarray, *, threshold: float = MTLD_THRESHOLD) -> float:
    """:func:`mtld` of words given as integer codes (equal words, equal codes)."""
    codes = np.asarray(codes)
    if len(codes) == 0:
        return float("nan")
    values = []
    for seq in (codes, codes[::-1]):
        f = _mtld_one_way(seq, threshold)
        values.append(len(codes) / f if f > 0 else float("nan"))
    return float(np.mean(values))


def mtld(words, *, threshold: float = MTLD_THRESHOLD) -> float:
    """Measure of Textual Lexical Diversity (MTLD) of a sequence of words.

    Parameters
    ----------
    words : sequence of hashable
        The words in text order (already normalised: ``corpus.tokens.norm`` of word tokens).
    threshold : float, default 0.72
        The type-token ratio at which a factor ends (McCarthy & Jarvis 2010).

    Returns
    -------
    float
        The mean of the forward and backward MTLD; NaN when no factor is ever completed and the
        remainder has a type-token ratio of 1 (too short a text: every word distinct).

    Notes
    -----
    One pass reads the words in order, keeping the type-token ratio of the current stretch
    (types / tokens since the last factor ended). Whenever that ratio falls to ``threshold`` or
    below, one full factor is counted and the stretch restarts. The words left at the end form a
    partial factor ``(1 - ttr) / (1 - threshold)``. The pass's value is ``N / factors``; MTLD is
    the mean of a forward and a backward (reversed text) pass.

    References
    ----------
    McCarthy, P. M., & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A validation study of
    sophisticated approaches to lexical diversity assessment. Behavior Research Methods, 42(2),
    381-392. https://doi.org/10.3758/BRM.42.2.381

    Examples
    --------
    >>> mtld("a b a b a b".split())  # a factor ends at each third word: 6 words / 2 factors
    3.0
    """
    codes = pd.factorize(pd.Series(list(words), dtype=object))[0]
    return mtld_of_codes(codes, threshold=threshold)


# -- word and sentence features ----------------------------------------------------------------
def _categories(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """``column.astype(str)`` as codes into its distinct values (a Series of the same string
    dtype, so that every string rule below runs on the same engine as on the column itself)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        k = len(column.cat.categories)
        codes = column.cat.codes.to_numpy().astype(np.int64)
        missing = codes < 0
        every = np.r_[np.arange(k), [-1] if missing.any() else []].astype(np.int64)
        codes[missing] = k  # a missing value reads as the last one (astype(str) of NaN)
        every = pd.Categorical.from_codes(every, dtype=column.dtype)
        return codes, pd.Series(every).astype(str)
    codes, uniques = pd.factorize(column.astype(str), use_na_sentinel=False)
    return codes.astype(np.int64), pd.Series(uniques, dtype=column.astype(str).dtype)


def _norm_flags(norm: pd.Series) -> pd.DataFrame:
    """The word rules on each distinct ``norm`` (see :func:`discourse.style_profile`)."""
    stem = norm.str.replace(r"'s$", "", regex=True)
    return pd.DataFrame({
        "syllables": count_syllables(norm),
        "clitic": (norm.str.contains(r"(?:n't|'re|'ve|'ll|'m|'d)$")
                   & norm.str.len().gt(3)).to_numpy(dtype=bool),
        "ends_s": norm.str.endswith("'s").to_numpy(dtype=bool),
        "s_pronoun": stem.isin(_S_PRONOUNS).to_numpy(dtype=bool),
        "s_next": norm.isin(_S_NEXT).to_numpy(dtype=bool),
        "other": (norm.isin(_CONTRACTED)
                  | norm.str.contains(r"[a-z]in'$")).to_numpy(dtype=bool),
        "first_person": norm.isin(FIRST_PERSON).to_numpy(dtype=bool),
        "second_person": norm.isin(SECOND_PERSON).to_numpy(dtype=bool),
        "numbers": (norm.str.fullmatch(r"'?\d[\d,.]*(?:s|st|nd|rd|th)?")
                    | norm.isin(NUMBER_WORDS)).to_numpy(dtype=bool),
    })


def _word_features(words: pd.DataFrame, key: np.ndarray) -> dict[str, np.ndarray]:
    """Per word token: syllables and contraction / pronoun / number flags. ``key`` numbers
    the sentence of each word; the word after a word is the next row of the same sentence."""
    codes, norms = _categories(words.norm)
    flags = _norm_flags(norms)
    t_codes, texts = _categories(words.text)
    is_us = texts.eq("US").to_numpy(dtype=bool)[t_codes]
    f = {c: flags[c].to_numpy()[codes] for c in flags.columns}
    nxt = np.zeros(len(codes), dtype=bool)  # is the next word of the sentence been, not, a, ...
    nxt[:-1] = f["s_next"][1:] & (key[1:] == key[:-1])
    contractions = f["clitic"] | (f["ends_s"] & (f["s_pronoun"] | nxt)) | f["other"]
    return {"syllables": f["syllables"].astype(np.int64), "contractions": contractions,
            "first_person": f["first_person"] & ~is_us, "second_person": f["second_person"],
            "numbers": f["numbers"]}


def doc_codes(column: pd.Series, doc_ids) -> np.ndarray:
    """The position in ``doc_ids`` (a list, or a :class:`pandas.Index` of them) of each value
    of ``column`` (-1: not there)."""
    index = doc_ids if isinstance(doc_ids, pd.Index) else pd.Index(list(doc_ids))
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy().astype(np.int64)
        categories = column.cat.categories.astype(str)
        if categories.equals(index):  # the tables' usual case: categories in corpus order
            return codes
        at = np.r_[index.get_indexer(categories), -1]
        return at[np.where(codes < 0, len(at) - 1, codes)]
    return index.get_indexer(column.astype(str))


def sentence_sums(corpus, words: pd.DataFrame) -> pd.DataFrame:
    """One row per analysed sentence with at least one word (in corpus order): ``doc_id,
    para_id, sent_id, start, end, text`` and the sums of :data:`SUMS`. ``words``: the word
    tokens of ``corpus.analyzed("tokens")``."""
    ids = pd.Index(corpus.doc_ids)
    sent_id = words.sent_id.to_numpy().astype(np.int64)
    width = int(sent_id.max()) + 1 if len(sent_id) else 1
    key = doc_codes(words.doc_id, ids) * width + sent_id
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, int)
    if (np.any(key[1:] < key[:-1]) and len(np.unique(key)) != len(starts)):
        # a sentence's words not in one run: put them together, in their order
        order = np.argsort(key, kind="stable")
        words, key = words.iloc[order], key[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    feats = _word_features(words, key)
    sums = {"words": np.diff(np.r_[starts, len(key)]).astype(np.int64)}
    for c, v in feats.items():
        sums[c] = np.add.reduceat(v.astype(np.int64), starts) if len(starts) else v[:0]
    sentences = corpus.analyzed("sentences")
    s_key = (doc_codes(sentences.doc_id, ids) * width
             + sentences.sent_id.to_numpy().astype(np.int64))
    at = pd.Index(key[starts]).get_indexer(s_key)
    has = at >= 0
    out = sentences.loc[has, ["doc_id", "para_id", "sent_id", "start", "end", "text"]]
    out = out.reset_index(drop=True)
    for c in ("words", "syllables", "contractions", "first_person", "second_person",
              "numbers"):
        out[c] = sums[c][at[has]]
    out["questions"] = out.text.str.rstrip(" \t\n\"'\u201d\u2019)]").str.endswith("?")
    out["quotations"] = quoted_sentences(corpus, out, words, ids)
    return out


def _quote_marks(corpus, docs, ids: pd.Index, big: int) -> np.ndarray:
    """Every double quote mark of the documents ``docs``, in order, on the one axis: one
    search over their texts joined by a character that is no quote mark."""
    texts = [corpus.text_of(d) for d in docs]
    starts = np.cumsum([0] + [len(t) + 1 for t in texts])[:-1]
    at = np.array([m.start() for m in _QUOTE_MARK.finditer("\0".join(texts))], dtype=np.int64)
    which = np.searchsorted(starts, at, side="right") - 1
    return ids.get_indexer(list(docs)).astype(np.int64)[which] * big + (at - starts[which])


def quoted_sentences(corpus, sentences: pd.DataFrame, words: pd.DataFrame,
                     ids: pd.Index | None = None) -> np.ndarray:
    """Is each sentence part of a direct quotation (a double-quoted span of >= 4 words)?

    ``sentences`` must be in corpus order, ``words`` the word tokens of the analysed
    paragraphs. Offsets of all documents are put on one axis (``document number * (longest
    text + 1) + offset``) so that every step is a sorted search.
    """
    ids = pd.Index(corpus.doc_ids) if ids is None else ids
    big = int(corpus.documents.n_chars.max()) + 1

    def axis(table: pd.DataFrame, column: str) -> np.ndarray:
        return (doc_codes(table.doc_id, ids) * big
                + table[column].to_numpy().astype(np.int64))

    paragraphs = corpus.analyzed("paragraphs")
    p_start, p_end = axis(paragraphs, "start"), axis(paragraphs, "end")
    marks = _quote_marks(corpus, pd.unique(paragraphs.doc_id.astype(str)), ids, big)
    hit = np.zeros(len(sentences), dtype=bool)
    if len(marks) < 2:
        return hit
    # the analysed paragraph of each mark; marks pair in order within a paragraph
    p = np.searchsorted(p_start, marks, side="right") - 1
    inside = (p >= 0) & (marks < p_end[np.maximum(p, 0)])
    marks, p = marks[inside], p[inside]
    first = np.r_[True, p[1:] != p[:-1]]
    rank = np.arange(len(p)) - np.maximum.accumulate(np.where(first, np.arange(len(p)), 0))
    close = np.flatnonzero(rank % 2 == 1)
    opens, closes = marks[close - 1], marks[close]
    w = axis(words, "start")
    n_words = np.searchsorted(w, closes) - np.searchsorted(w, opens)
    opens, closes = opens[n_words >= _QUOTE_MIN_WORDS], closes[n_words >= _QUOTE_MIN_WORDS]
    if not len(closes):
        return hit
    s_start, s_end = axis(sentences, "start"), axis(sentences, "end")
    # quotes are disjoint and sorted: the first quote closing at or after a sentence's start
    # overlaps the sentence when it opens before the sentence ends
    k = np.searchsorted(closes, s_start, side="left")
    ok = k < len(closes)
    hit[ok] = opens[k[ok]] < s_end[ok]
    return hit
