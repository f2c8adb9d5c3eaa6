"""The fast paths of the style profile give exactly what the plain formulas give.

Each fast piece of :mod:`discourse.register` (the bootstrap by counts, MTLD factor by factor,
the word rules once per distinct word, the quote marks in one search) is checked against a
slow, obvious version written here, on data where the two could differ.
"""

import re

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.register import measures, style


# -- the bootstrap: counts @ X is the sum of the drawn rows ----------------------------------------
def _bootstrap_by_rows(X, *, n_resamples, random_state):
    """The bootstrap as first written: add up the drawn rows of each column."""
    n = len(X)
    rng = np.random.default_rng(random_state)
    chunk = max(1, 2_000_000 // max(n, 1))
    sums = []
    for b0 in range(0, n_resamples, chunk):
        idx = rng.integers(0, n, size=(min(chunk, n_resamples - b0), n))
        sums.append(np.stack([X[:, j][idx].sum(axis=1) for j in range(X.shape[1])], axis=-1))
    stats = style._stats(np.concatenate(sums).astype(float), n)
    return {k: np.nanpercentile(v, [2.5, 97.5]) if np.isfinite(v).any() else
            np.array([np.nan, np.nan]) for k, v in stats.items()}


@pytest.mark.parametrize("n", [1, 7, 300, 90_000])  # 90,000 rows: chunks of 22 resamples
def test_bootstrap_equals_adding_the_drawn_rows(n):
    rng = np.random.default_rng(n)
    X = np.column_stack([rng.integers(1, 60, n), rng.integers(1, 90, n),
                         *(rng.integers(0, 3, n) for _ in range(6))]).astype(float)
    fast = style._bootstrap(X, n_resamples=250, random_state=3)
    slow = _bootstrap_by_rows(X, n_resamples=250, random_state=3)
    assert fast.keys() == slow.keys()
    for k in fast:
        np.testing.assert_array_equal(fast[k], slow[k])  # exactly: whole numbers added


# -- MTLD: factor by factor equals word by word ----------------------------------------------------
def _mtld_word_by_word(codes, threshold):
    values = []
    for seq in (list(codes), list(codes)[::-1]):
        factors, seen, n, ttr = 0.0, set(), 0, 1.0
        for c in seq:
            n += 1
            seen.add(c)
            ttr = len(seen) / n
            if ttr <= threshold:
                factors, seen, n, ttr = factors + 1.0, set(), 0, 1.0
        if n > 0:
            factors += (1.0 - ttr) / (1.0 - threshold)
        values.append(len(seq) / factors if factors > 0 else float("nan"))
    return float(np.mean(values))


@pytest.mark.parametrize("vocab, length, threshold", [
    (3, 40, 0.72), (50, 2_000, 0.72), (2_000, 20_000, 0.72), (400, 5_000, 0.5),
    (30, 1_000, 0.9), (10_000, 3_000, 0.72)])  # the last: long factors, the window grows
def test_mtld_equals_the_word_by_word_loop(vocab, length, threshold):
    rng = np.random.default_rng(vocab + length)
    codes = rng.zipf(1.3, size=length) % vocab
    assert measures.mtld_of_codes(codes, threshold=threshold) == \
        _mtld_word_by_word(codes, threshold)


def test_mtld_when_the_last_word_ends_a_factor():
    # "a b a": forward ttr 1, 1, 2/3 <= .72 ends a factor at the last word: no partial factor
    assert measures.mtld_of_codes(np.array([0, 1, 0])) == _mtld_word_by_word([0, 1, 0], 0.72)
    assert np.isnan(measures.mtld_of_codes(np.array([], dtype=np.int64)))


# -- the word rules once per distinct word ---------------------------------------------------------
TEXTS = {
    "a": "It's late and they've gone. Putin's been there; Russia's army isn't. I said \"we "
         "will win this war\" today. US troops and us. Three 2021 '90s 3rd one.",
    "b": "You can't say y'all ain't goin' nowhere, ma'am. He's a \u201cvery fine man "
         "indeed\u201d. What's next? \"Root causes\" again?",
    "c": "Nothing here. Let's see what's left: the 1990s, twenty dogs, and Trump's the "
         "man.",
}


def _features_by_token(words):
    """The word rules of dc.style_profile, token by token, in plain Python."""
    norm = words.norm.astype(str).tolist()
    text = words.text.astype(str).tolist()
    key = list(zip(words.doc_id.astype(str), words.sent_id, strict=True))
    rows = []
    for i, w in enumerate(norm):
        nxt = norm[i + 1] if i + 1 < len(norm) and key[i + 1] == key[i] else ""
        stem = re.sub(r"'s$", "", w)
        s_contr = w.endswith("'s") and (stem in measures._S_PRONOUNS or nxt in measures._S_NEXT)
        clitic = bool(re.search(r"(?:n't|'re|'ve|'ll|'m|'d)$", w)) and len(w) > 3
        other = w in measures._CONTRACTED or bool(re.search(r"[a-z]in'$", w))
        number = (bool(re.fullmatch(r"'?\d[\d,.]*(?:s|st|nd|rd|th)?", w))
                  or w in measures.NUMBER_WORDS)
        rows.append((int(measures.count_syllables([w])[0]), clitic or s_contr or other,
                     w in measures.FIRST_PERSON and text[i] != "US",
                     w in measures.SECOND_PERSON, number))
    return pd.DataFrame(rows, columns=["syllables", "contractions", "first_person",
                                       "second_person", "numbers"])


def test_sentence_sums_equal_token_by_token_sums():
    c = dc.from_texts(TEXTS, sections=dc.all_body)
    tok = c.analyzed("tokens")
    words = tok[tok.is_word.to_numpy()].reset_index(drop=True)
    got = measures.sentence_sums(c, words)
    feats = _features_by_token(words)
    feats["words"] = 1
    feats["doc_id"], feats["sent_id"] = words.doc_id.astype(str), words.sent_id
    want = feats.groupby(["doc_id", "sent_id"], sort=False).sum().reset_index()
    for col in ["words", "syllables", "contractions", "first_person", "second_person",
                "numbers"]:
        assert got[col].tolist() == want[col].astype(int).tolist(), col
    # by hand: It's, they've, Putin's (been), isn't; can't, y'all, ain't, goin', ma'am, He's,
    # What's; Let's, what's, Trump's (the); not Russia's (army)
    assert got.contractions.sum() == 14
    assert got.questions.tolist() == [s.rstrip(" \"'\u201d)").endswith("?")
                                      for s in got.text]


def test_sentence_sums_when_a_sentence_is_not_in_one_run():
    c = dc.from_texts(TEXTS, sections=dc.all_body)
    tok = c.analyzed("tokens")
    words = tok[tok.is_word.to_numpy()].reset_index(drop=True)
    # the same words, sentences interleaved (each sentence's words keep their order): the
    # first word of every sentence, then the second of every sentence, ...
    sentence = words.groupby(["doc_id", "sent_id"], observed=True, sort=False).ngroup()
    within = words.groupby(["doc_id", "sent_id"], observed=True, sort=False).cumcount()
    mixed = words.iloc[np.lexsort((sentence.to_numpy(), within.to_numpy()))]
    assert (np.diff(sentence.to_numpy()[np.lexsort((sentence.to_numpy(),
                                                    within.to_numpy()))]) < 0).any()
    pd.testing.assert_frame_equal(measures.sentence_sums(c, mixed),
                                  measures.sentence_sums(c, words))


def test_quote_marks_of_joined_texts_equal_one_search_per_document():
    c = dc.from_texts(TEXTS, sections=dc.all_body)
    ids = pd.Index(c.doc_ids)
    big = int(c.documents.n_chars.max()) + 1
    want = [ids.get_loc(d) * big + m.start() for d in c.doc_ids
            for m in measures._QUOTE_MARK.finditer(c.text_of(d))]
    got = measures._quote_marks(c, c.doc_ids, ids, big)
    assert got.tolist() == want and len(want) == 6


def test_doc_codes_with_categories_in_another_order():
    col = pd.Series(pd.Categorical(["b", "a", "b", None], categories=["b", "a", "z"]))
    assert measures.doc_codes(col, ["a", "b"]).tolist() == [1, 0, 1, -1]
    assert measures.doc_codes(col.astype(object), ["a", "b"])[:3].tolist() == [1, 0, 1]
    same = pd.Series(pd.Categorical(["a", "b", "a"], categories=["a", "b"]))
    assert measures.doc_codes(same, pd.Index(["a", "b"])).tolist() == [0, 1, 0]


def test_old_import_paths_still_work():
    from discourse.register.align import STANCE_CATEGORIES, _get_markers, _Space  # noqa: F401
    from discourse.register.style import (  # noqa: F401
        FIRST_PERSON,
        MTLD_THRESHOLD,
        count_syllables,
        mtld,
    )

    assert count_syllables is measures.count_syllables and mtld is measures.mtld
