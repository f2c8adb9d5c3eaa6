"""The faster stance statistics (issue 25, point 3) give, to the last bit, what the documented
algorithms give.

* ``compare_rates``' permutation test keeps the last deals in memory and replays them for the
  next call on the same sides and seed (notebook 06 compares three labellings of the same
  sides): each call still equals the documented loop (``Generator.permuted`` of the labels,
  written out below), whatever was kept before;
* the sums of a deal or a bootstrap resample are formed in float32 when they are integers
  below 2**24 (exact there), in float64 otherwise;
* a fitted tagger's scores are summed from the corpus's tables instead of one dict per
  sentence, adding the same terms in the same order as Python's ``sum`` (plain before CPython
  3.12, compensated since);
* ``coding_sheet`` groups only the hits of the sentences it drew.
"""

import math

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.stance import _features, _resample, fit, rates
from discourse.stance._permutation_tests import document_permutation_p


@pytest.fixture(autouse=True)
def _nothing_kept():
    _resample._DEALT.clear()
    yield
    _resample._DEALT.clear()


# -- references: the documented draws, written out ---------------------------------------------
def reference_permutation_p(counts, words, in_focus, n_resamples, random_state):
    """The documented test: every deal a row of ``rng.permuted(tile(labels))``, float64."""
    c, w = np.asarray(counts, dtype=float), np.asarray(words, dtype=float)
    labels = np.asarray(in_focus, dtype=bool)
    total_c, total_w = c.sum(0), w.sum()

    def stat(m):
        with np.errstate(divide="ignore", invalid="ignore"):
            cf, wf = m @ c, (m @ w)[..., None]
            return np.abs((np.log(cf) - np.log(wf))
                          - (np.log(total_c - cf) - np.log(total_w - wf)))

    observed = stat(labels.astype(float)[None])[0]
    dealt = np.random.default_rng(random_state).permuted(
        np.tile(labels, (n_resamples, 1)), axis=1).astype(float)
    finite = np.isfinite(observed)
    tol = 1e-12 * np.maximum(np.abs(np.where(finite, observed, 0.0)), 1.0)
    s = stat(dealt)
    extreme = ((s >= np.where(finite, observed - tol, np.inf)) & ~np.isnan(s)).sum(0)
    return np.where(total_c > 0, (1 + extreme) / (1 + n_resamples), 1.0)


def python_sum(terms, *, compensated):
    """CPython's ``sum`` of floats: plain (3.11), or Neumaier's compensated sum (3.12 on,
    Objects/bltinmodule.c), written out."""
    total, comp = 0.0, 0.0
    for x in terms:
        t = total + x
        if compensated:
            comp += (total - t) + x if abs(total) >= abs(x) else (x - t) + total
        total = t
    return total + comp if compensated and comp and math.isfinite(comp) else total


# -- the deals kept in memory --------------------------------------------------------------------
@pytest.mark.parametrize("rows", [1, 3, 64])
def test_dealt_labels_are_the_documented_deals_drawn_or_replayed(rows):
    rng = np.random.default_rng(5)
    labels = rng.random((3, 37)) < 0.4
    want = [np.random.default_rng(11).permuted(np.tile(labels[0], (50, 1)), axis=1)]
    perm = np.random.default_rng(11).permuted(np.tile(np.arange(37), (50, 1)), axis=1)
    want_rows = [labels[c][perm] for c in range(3)]
    for _ in range(2):  # drawn, then replayed from memory
        got = np.concatenate([m for _, m in _resample.dealt_labels(11, labels[:1], 50, rows)],
                             axis=1)
        assert np.array_equal(got, np.stack(want))
        got = np.concatenate([m for _, m in _resample.dealt_labels(11, labels, 50, rows)],
                             axis=1)
        assert np.array_equal(got, np.stack(want_rows))
    assert _resample._DEALT["key"][0] == 11


def test_what_is_kept_is_only_replayed_for_the_same_seed_labels_and_resamples():
    labels = np.array([[True, False, True, False, False, True]])
    list(_resample.dealt_labels(1, labels, 20, 7))
    for seed, lab, n in ((2, labels, 20), (1, ~labels, 20), (1, labels, 21)):
        got = np.concatenate([m for _, m in _resample.dealt_labels(seed, lab, n, 7)], axis=1)
        want = np.random.default_rng(seed).permuted(np.tile(lab[0], (n, 1)), axis=1)
        assert np.array_equal(got[0], want), (seed, n)


def test_nothing_is_kept_past_the_cap_for_a_generator_or_a_deal_left_half_done(monkeypatch):
    labels = np.array([[True, False, True, False]])
    monkeypatch.setattr(_resample, "DEALT_CACHE_BYTES", 9)  # 10 resamples x 1 byte
    list(_resample.dealt_labels(0, labels, 10, 4))
    assert "key" not in _resample._DEALT
    list(_resample.dealt_labels(np.random.default_rng(0), labels, 5, 4))
    assert "key" not in _resample._DEALT
    deals = _resample.dealt_labels(0, labels, 8, 4)
    next(deals)  # the caller stopped after the first batch
    assert "key" not in _resample._DEALT


def test_repeated_permutation_tests_on_the_same_documents_equal_the_documented_test():
    rng = np.random.default_rng(3)
    for _case in range(12):
        n = int(rng.integers(2, 400))
        words = rng.integers(1, 60, n).astype(float)
        labels = rng.random(n) < 0.5
        labels[0], labels[-1] = True, False
        b, seed = int(rng.integers(1, 300)), int(rng.integers(0, 50))
        for _ in range(3):  # other counts on the same documents: the deals replayed
            counts = rng.poisson(rng.uniform(0, 2), (n, int(rng.integers(1, 4)))).astype(float)
            got = document_permutation_p(counts, words, labels, b, seed)
            assert np.array_equal(got, reference_permutation_p(counts, words, labels, b, seed))


@pytest.mark.parametrize("scale", [1.0, 2.0 ** 22, 2.0 ** 40])
def test_sums_past_float32s_exact_range_stay_exact(scale):
    # words summing to about 2**24 * scale / 10: float32 below 2**24, float64 above
    rng = np.random.default_rng(8)
    n = 40
    words = np.round(rng.integers(1, 9, n) * scale)
    counts = rng.poisson(1.0, (n, 2)) * np.round(scale)
    labels = np.arange(n) < 17
    got = document_permutation_p(counts, words, labels, 200, 4)
    assert np.array_equal(got, reference_permutation_p(counts, words, labels, 200, 4))


def test_compare_rates_of_three_labellings_equals_each_call_alone():
    texts = {f"d{i}": ("It may rain. " if i % 3 else "It will rain. ") * (1 + i % 4)
             + ("Perhaps so. " if i % 5 == 0 else "Surely. ") for i in range(30)}
    corpus = dc.from_frame(pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                                         "group": ["A", "B"] * 15}))
    stance = dc.sentence_stance(corpus)
    tables = [dc.find_markers(corpus), stance.assign(is_hedge=stance.is_hedged),
              stance.assign(is_hedge=stance.n_booster > 0)]
    together = [dc.compare_rates(corpus, t, by="group", n_resamples=500) for t in tables]
    for table, got in zip(tables, together, strict=True):
        _resample._DEALT.clear()
        pd.testing.assert_frame_equal(got, dc.compare_rates(corpus, table, by="group",
                                                            n_resamples=500))


# -- the bootstrap's sums --------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [1.0, 2.0 ** 20, 0.5])
def test_bootstrap_rates_equal_the_documented_resamples(scale):
    rng = np.random.default_rng(2)
    n = 60
    counts = rng.poisson(1.5, (n, 3)) * scale
    words = rng.integers(1, 80, n) * scale
    unit = np.arange(n) % 2
    lo, hi = rates.bootstrap_rates(counts, words, unit, 2, per=100, n_resamples=300,
                                   random_state=6)
    draws = np.random.default_rng(6)
    for u in range(2):
        docs = np.flatnonzero(unit == u)
        picks = draws.integers(0, len(docs), (300, len(docs)))
        c, w = counts[docs][picks].sum(1), words[docs][picks].sum(1)
        alpha = 1 - 0.95  # as the package computes it (not quite 0.05)
        want = np.quantile(c / w[:, None] * 100, [alpha / 2, 1 - alpha / 2], axis=0)
        if scale == 0.5:  # fractions: summed as before (another order), equal to rounding
            np.testing.assert_allclose([lo[u], hi[u]], want, rtol=1e-12)
        else:  # integers: exact in any order
            assert np.array_equal(lo[u], want[0]) and np.array_equal(hi[u], want[1])


# -- a fitted tagger's sums ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tagged():
    corpus = dc.from_texts({
        "a": "It may rain in May. Perhaps it will, perhaps not. It may, it may.",
        "b": "Clearly the plan works. About 40 people came, reportedly. I think so.",
        "c": "Nothing here. Words words words. It might possibly be about right.",
    })
    matches = dc.find_markers(corpus, analyzed_only=False, keep_rejected=True)
    units = _features.sentence_units(corpus, rates.sentence_table(corpus))
    dicts = _features.unit_features(corpus, matches, units)
    names = sorted({k for f in dicts for k in f})
    return corpus, matches, units, dicts, names


@pytest.mark.parametrize("compensated", [False, True])
def test_unit_sums_add_what_the_dicts_hold_in_their_order(tagged, monkeypatch, compensated):
    corpus, matches, units, dicts, names = tagged
    monkeypatch.setattr(_features, "_COMPENSATED", compensated)
    rng = np.random.default_rng(int(compensated))
    for case in range(20):  # magnitudes far apart: the order of the additions shows
        coef = {k: float(rng.choice([-1, 1]) * 10.0 ** rng.integers(-17, 17) * rng.random())
                for k in names if rng.random() < 0.8}
        want = [python_sum([coef.get(k, 0.0) * v for k, v in f.items()],
                           compensated=compensated) for f in dicts]
        got = _features.unit_sums(corpus, matches, units, coef)
        assert np.array_equal(got, np.array(want)), case


def test_unit_sums_equal_pythons_own_sum_and_the_model_gives_the_same_probabilities(tagged):
    corpus, matches, units, dicts, names = tagged
    coef = {k: (-1.0) ** i * 2.0 ** (i % 13 - 9) / 3 for i, k in enumerate(names)}
    got = _features.unit_sums(corpus, matches, units, coef)
    assert got.tolist() == [sum(coef.get(k, 0.0) * v for k, v in f.items()) for f in dicts]
    model = fit.StanceModel(category="hedge", intercept=-0.25, coefficients=coef,
                            scores=pd.DataFrame())
    sentences = rates.sentence_table(corpus)
    assert np.array_equal(fit.corpus_probability(model, corpus, sentences, matches),
                          model.probability(dicts))
    odd = fit.StanceModel(category="hedge", intercept=0.5, scores=pd.DataFrame(),
                          coefficients={k: np.float64(v) for k, v in coef.items()})
    assert _features.unit_sums(corpus, matches, units, odd.coefficients) is None  # the dicts
    assert np.array_equal(fit.corpus_probability(odd, corpus, sentences, matches),
                          odd.probability(dicts))


def test_a_sentence_without_features_sums_to_zero():
    corpus = dc.from_texts(["It may rain.", "..."])
    matches = dc.find_markers(corpus, analyzed_only=False, keep_rejected=True)
    got = _features.unit_sums(corpus, matches, lambda d, s: (np.asarray(d), 3),
                              {"w=rain": 2.0, "cat=hedge": 0.5})
    assert got.tolist() == [2.5, 0.0, 0.0]


# -- the coding sheet ------------------------------------------------------------------------------
def test_coding_sheet_cues_are_the_hits_of_each_drawn_sentence():
    texts = [f"It may rain {i}. Perhaps it might. Sun {i}. Possibly not, maybe." for i in range(40)]
    corpus = dc.from_texts(texts)
    markers = dc.find_markers(corpus)
    sheet = dc.coding_sheet(corpus, size=30, markers=markers)
    sents = corpus.sentences.set_index([corpus.sentences.doc_id.astype(str), "sent_id"])
    hedges = markers[markers.category.astype(str) == "hedge"]
    for row in sheet.itertuples():
        hits = hedges[(hedges.doc_id.astype(str) == row.doc_id)
                      & (hedges.sent_id == row.sent_id)].sort_values("start")
        base = sents.loc[(row.doc_id, row.sent_id), "start"]
        assert row.cues == "; ".join(hits.text.astype(str))
        assert row.cue_spans == "; ".join(f"{s - base}:{e - base}"
                                          for s, e in zip(hits.start, hits.end, strict=True))
    assert (sheet.cues != "").sum() == 15
