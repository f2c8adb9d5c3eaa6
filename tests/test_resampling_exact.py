"""The resampling loops (issue 25) give, to the last bit, what the loops they replaced gave.

The reference functions below are the algorithms of the package before the change, copied:
one generator, the same draws in the same order, large batches, one matrix product per sum.
Each new function is compared with them by exact equality (``np.array_equal``) on random small
inputs: integer counts and words (the exact, batched path), fractional ones (the path kept as
it was), years, timestamps and few distinct times with many ties (the trend's short formula and
its fallback to the documented one).
"""

import time
import tracemalloc

import numpy as np
import pytest

import discourse as dc
from discourse.stance import _resample, _slope_resampling, rates
from discourse.stance.rate_comparison import document_permutation_p


# -- the algorithms before the change (copied) ---------------------------------------------
def old_bootstrap_rates(doc_counts, doc_words, doc_unit, n_units, *, per=1000, confidence=0.95,
                        n_resamples=9999, random_state=0):
    n_cat = doc_counts.shape[1]
    low = np.full((n_units, n_cat), np.nan)
    high = np.full((n_units, n_cat), np.nan)
    if n_resamples == 0:
        return low, high
    rng = np.random.default_rng(random_state)
    alpha = 1 - confidence
    for u in range(n_units):
        docs = np.flatnonzero((doc_unit == u) & (doc_words > 0))
        k = len(docs)
        if k < 5:
            continue
        c, w = doc_counts[docs].astype(float), doc_words[docs]
        rates_ = np.empty((n_resamples, n_cat))
        batch = max(1, 2_000_000 // k)
        for start in range(0, n_resamples, batch):
            size = min(batch, n_resamples - start)
            picks = rng.integers(0, k, size=(size, k))
            times = np.bincount((picks + k * np.arange(size)[:, None]).ravel(),
                                minlength=size * k).reshape(size, k).astype(float)
            rates_[start:start + size] = (times @ c) / (times @ w)[:, None] * per
        low[u], high[u] = np.quantile(rates_, [alpha / 2, 1 - alpha / 2], axis=0)
    return low, high


def _old_at_least(stat, observed):
    finite = np.isfinite(observed)
    tol = 1e-12 * np.maximum(np.abs(np.where(finite, observed, 0.0)), 1.0)
    close = stat >= np.where(finite, observed - tol, np.inf)
    return close & ~np.isnan(stat)


def _old_log_rate_ratio(cf, wf, total_c, total_w):
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.log(cf) - np.log(wf)) - (np.log(total_c - cf) - np.log(total_w - wf))


def old_document_permutation_p(doc_counts, doc_words, in_focus, n_resamples, random_state):
    n_cat = doc_counts.shape[1]
    if n_resamples == 0:
        return np.full(n_cat, np.nan)
    c, w = np.asarray(doc_counts, dtype=float), np.asarray(doc_words, dtype=float)
    labels = np.asarray(in_focus, dtype=bool)
    total_c, total_w = c.sum(0), w.sum()
    observed = np.abs(_old_log_rate_ratio(c[labels].sum(0), w[labels].sum(), total_c, total_w))
    rng = np.random.default_rng(random_state)
    batch = max(1, min(n_resamples, 4_000_000 // max(len(labels), 1)))
    extreme = np.zeros(n_cat, dtype=np.int64)
    done = 0
    while done < n_resamples:
        size = min(batch, n_resamples - done)
        m = rng.permuted(np.tile(labels, (size, 1)), axis=1).astype(float)
        stat = np.abs(_old_log_rate_ratio(m @ c, (m @ w)[:, None], total_c, total_w))
        extreme += _old_at_least(stat, observed).sum(0)
        done += size
    p = (1 + extreme) / (1 + n_resamples)
    return np.where(total_c > 0, p, 1.0)


def old_weighted_slope(counts, words, times, *, per=1000):
    times = np.asarray(times, dtype=float)
    w = np.asarray(words, dtype=float)
    tbar = (times * w).sum(-1, keepdims=True) / w.sum(-1, keepdims=True)
    dev = times - tbar
    den = (w * dev ** 2).sum(-1)
    num = np.einsum("...d,...dc->...c", dev, np.asarray(counts, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return per * num / den[..., None]


def old_trend_permutation_p(counts, words, times, observed, n_resamples, rng):
    n_docs = len(times)
    batch = max(1, min(n_resamples, 2_000_000 // max(n_docs, 1)))
    extreme = np.zeros(counts.shape[1], dtype=np.int64)
    done = 0
    while done < n_resamples:
        size = min(batch, n_resamples - done)
        dealt = rng.permuted(np.tile(times, (size, 1)), axis=1)
        stat = np.abs(old_weighted_slope(counts[None], words[None], dealt, per=1))
        extreme += _old_at_least(stat, np.abs(observed)).sum(0)
        done += size
    return (1 + extreme) / (1 + n_resamples)


def old_bootstrap_slope(counts, words, times, confidence, n_resamples, rng):
    n_docs, n_cat = counts.shape
    batch = max(1, min(n_resamples, 2_000_000 // max(n_docs, 1)))
    slopes = np.empty((n_resamples, n_cat))
    wt, wtt, nt = words * times, words * times ** 2, counts * times[:, None]
    done = 0
    while done < n_resamples:
        size = min(batch, n_resamples - done)
        picks = rng.integers(0, n_docs, size=(size, n_docs))
        drawn = np.bincount((picks + n_docs * np.arange(size)[:, None]).ravel(),
                            minlength=size * n_docs).reshape(size, n_docs).astype(float)
        total_w = drawn @ words
        tbar = (drawn @ wt) / total_w
        den = drawn @ wtt - total_w * tbar ** 2
        num = drawn @ nt - tbar[:, None] * (drawn @ counts)
        with np.errstate(divide="ignore", invalid="ignore"):
            slopes[done:done + size] = np.where(den[:, None] > 1e-12 * (drawn @ wtt)[:, None],
                                                num / den[:, None], np.nan)
        done += size
    alpha = 1 - confidence
    kept = np.isfinite(slopes).all(1)
    if not kept.any():
        return np.full(n_cat, np.nan), np.full(n_cat, np.nan)
    return tuple(np.quantile(slopes[kept], [alpha / 2, 1 - alpha / 2], axis=0))


# -- random inputs ---------------------------------------------------------------------------
def _times(rng, kind: str, n: int) -> np.ndarray:
    t = {"years": lambda: rng.integers(1990, 2021, n).astype(float),
         "ties": lambda: rng.integers(0, 3, n).astype(float) * 7,
         "fractions": lambda: np.round(rng.uniform(1900, 2000, n), 1),
         "timestamps": lambda: rng.integers(1_600_000_000, 1_600_086_400, n).astype(float),
         }[kind]()
    if len(np.unique(t)) < 2:
        t[0] += 1
    return t


def _same(a, b) -> bool:
    return all(np.array_equal(x, y, equal_nan=True) for x, y in zip(a, b, strict=True))


@pytest.fixture(params=[None, 64], ids=["batch", "tiny-batch"])
def batch(request, monkeypatch):
    """The default batches, and batches of at most 64 elements: many batch boundaries."""
    if request.param:
        monkeypatch.setattr(_resample, "BATCH", request.param)
        monkeypatch.setattr(_resample, "MAX_BATCH", request.param)
    return request.param


@pytest.mark.parametrize("seed", range(3))
def test_bootstrap_rates_equal_the_old_loop(seed, batch):
    rng = np.random.default_rng(seed)
    for case in range(40):
        n = int(rng.integers(0, 60 if case % 8 else 3000))
        n_units = int(rng.integers(1, 5))
        counts = rng.poisson(rng.uniform(0, 3), size=(n, int(rng.integers(1, 4))))
        words = rng.integers(0, 40, n).astype(float)
        if case % 3 == 0:  # fractions: the sums are not exact, the old path is kept
            counts, words = counts * 1.5, words + rng.random(n)
        unit = rng.integers(0, n_units, n)
        b, state = int(rng.integers(0, 300)), int(rng.integers(0, 1000))
        args = (counts, words, unit, n_units)
        kw = dict(per=100, confidence=0.9, n_resamples=b, random_state=state)
        assert _same(rates.bootstrap_rates(*args, **kw), old_bootstrap_rates(*args, **kw)), case


@pytest.mark.parametrize("seed", range(3))
def test_document_permutation_p_equals_the_old_loop(seed, batch):
    rng = np.random.default_rng(10 + seed)
    for case in range(40):
        n = int(rng.integers(2, 50 if case % 8 else 5000))
        counts = rng.poisson(rng.uniform(0, 2), size=(n, int(rng.integers(1, 4)))).astype(float)
        words = rng.integers(1, 40, n).astype(float)
        if case % 3 == 0:
            counts, words = counts * 0.7, words + rng.random(n)
        labels = rng.random(n) < rng.uniform(0.1, 0.9)
        labels[0], labels[-1] = True, False
        b, state = int(rng.integers(0, 400)), int(rng.integers(0, 1000))
        new = document_permutation_p(counts, words, labels, b, state)
        old = old_document_permutation_p(counts, words, labels, b, state)
        assert np.array_equal(new, old, equal_nan=True), case


@pytest.mark.parametrize("kind", ["years", "ties", "fractions", "timestamps"])
def test_trend_loops_equal_the_old_loops(kind, batch):
    rng = np.random.default_rng(len(kind))
    for case in range(30):
        n = int(rng.integers(3, 40 if case % 6 else 2500))
        t = _times(rng, kind, n)
        w = rng.integers(1, 50, n).astype(float)
        c = rng.poisson(rng.uniform(0, 2), size=(n, int(rng.integers(1, 4)))).astype(float)
        if case % 5 == 0:  # a single hit: many permutations tie with the observed slope
            c[:] = 0
            c[0, 0] = 1
        observed = old_weighted_slope(c, w, t, per=1)
        b, state = int(rng.integers(1, 300)), int(rng.integers(0, 100))
        new = _slope_resampling.permutation_p(c, w, t, observed, b, np.random.default_rng(state))
        old = old_trend_permutation_p(c, w, t, observed, b, np.random.default_rng(state))
        assert np.array_equal(new, old), case
        new = _slope_resampling.bootstrap_slope(c, w, t, 0.9, b, np.random.default_rng(state))
        old = old_bootstrap_slope(c, w, t, 0.9, b, np.random.default_rng(state))
        assert _same(new, old), case


def test_the_short_slope_is_used_and_ties_go_to_the_documented_formula(monkeypatch):
    """Years take the short formula (no row to the slow one); exact ties take the slow one."""
    rows = []
    real = _slope_resampling.weighted_slope

    def counting(counts, words, times, *, per=1000):
        rows.append(np.asarray(times).shape[0] if np.ndim(times) == 2 else 0)
        return real(counts, words, times, per=per)

    monkeypatch.setattr(_slope_resampling, "weighted_slope", counting)
    rng = np.random.default_rng(0)
    t = rng.integers(1990, 2021, 300).astype(float)
    w = rng.integers(1, 50, 300).astype(float)
    c = rng.poisson(0.5, size=(300, 2)).astype(float)
    _slope_resampling.permutation_p(c, w, t, real(c, w, t, per=1), 500, np.random.default_rng(1))
    assert sum(rows) == 0
    # six documents of equal length, one hit: a third of the orderings give the same |slope|
    c = np.array([[1.0], [0], [0], [0], [0], [0]])
    w, t = np.full(6, 10.0), np.array([0.0, 0, 1, 1, 2, 2])
    got = _slope_resampling.permutation_p(c, w, t, real(c, w, t, per=1), 999,
                                          np.random.default_rng(0))
    assert 0 < sum(rows) < 999
    slow = old_trend_permutation_p(c, w, t, real(c, w, t, per=1), 999, np.random.default_rng(0))
    assert np.array_equal(got, slow)


def test_the_trend_is_unchanged_end_to_end():
    rng = np.random.default_rng(3)
    texts = ["It may rain.", "Perhaps we might go.", "It rains.", "We certainly go home now.",
             "Maybe it is so, perhaps.", "The sun shines."]
    frame = {"doc_id": [f"d{i}" for i in range(40)],
             "year": rng.integers(1990, 2000, 40),
             "text": [" ".join(rng.choice(texts, 3)) for _ in range(40)]}
    import pandas as pd

    c = dc.from_frame(pd.DataFrame(frame))
    m = dc.find_markers(c)
    tr = dc.trend(c, m, n_resamples=300, random_state=5)
    by_doc = dc.marker_rates(c, m, n_resamples=0)
    cats = list(dict.fromkeys(by_doc["category"].astype(str)))
    n = by_doc["n"].to_numpy(float).reshape(40, len(cats))
    w = c.documents["n_words"].to_numpy(float)
    t = c.documents["year"].to_numpy(float)
    rng = np.random.default_rng(5)
    slope = old_weighted_slope(n, w, t, per=1)
    p = old_trend_permutation_p(n, w, t, slope, 300, rng)
    lo, hi = old_bootstrap_slope(n, w, t, 0.95, 300, rng)
    test = tr.test.set_index("category").loc[cats]
    hits = n.sum(0) > 0
    assert np.array_equal(test["p_value"].to_numpy()[hits], p[hits])
    assert np.array_equal(test["slope_ci_low"].to_numpy(), lo * 1000, equal_nan=True)
    assert np.array_equal(test["slope_ci_high"].to_numpy(), hi * 1000, equal_nan=True)


# -- the pieces ------------------------------------------------------------------------------
def test_batches_draw_the_documented_numbers():
    rng = np.random.default_rng(0)
    for k, b, rows in [(1, 5, 2), (7, 13, 3), (300, 11, 4), (5, 3, 100)]:
        drawn = np.random.default_rng(k).integers(0, k, (b, k))
        want = np.array([np.bincount(r, minlength=k) for r in drawn], dtype=float)
        got = np.vstack([t for _, t in _resample.bootstrap_counts(
            np.random.default_rng(k), k, b, rows)])
        assert np.array_equal(got, want)
        x = rng.integers(0, 9, k)
        want = np.random.default_rng(k).permuted(np.tile(x, (b, 1)), axis=1)
        got = np.vstack([d for _, d in _resample.permuted_rows(np.random.default_rng(k), x, b,
                                                                rows)])
        assert np.array_equal(got, want)


def test_exact_sums():
    assert _resample.exact_sums(np.arange(5.0), np.ones((3, 2)), n_terms=1000)
    assert not _resample.exact_sums(np.array([1.0, 2.5]), n_terms=2)
    assert not _resample.exact_sums(np.array([1.0, np.nan]), n_terms=2)
    assert not _resample.exact_sums(np.array([2.0 ** 40]), n_terms=2 ** 13)
    assert _resample.exact_sums(np.array([2.0 ** 40]), n_terms=2 ** 12 - 1)
    assert _resample.exact_sums(np.array([]), n_terms=5)


def test_one_document_per_unit_is_not_quadratic():
    """by="doc_id" used to scan every document for every unit: 100,000 units took ~10 s."""
    n = 200_000
    counts = np.ones((n, 2), dtype=np.int64)
    start = time.perf_counter()
    low, _ = rates.bootstrap_rates(counts, np.full(n, 10.0), np.arange(n), n)
    assert time.perf_counter() - start < 10  # a bound that only quadratic work exceeds
    assert np.isnan(low).all()


def test_memory_is_bounded_at_100000_documents():
    n = 100_000
    rng = np.random.default_rng(0)
    counts = rng.poisson(0.3, size=(n, 9))
    words = rng.integers(1, 40, n).astype(float)
    labels = rng.random(n) < 0.5
    as_float = counts.astype(float)
    peaks = []
    for run in (lambda: rates.bootstrap_rates(counts, words, labels.astype(int), 2,
                                              n_resamples=200),
                lambda: document_permutation_p(as_float, words, labels, 200, 0)):
        tracemalloc.start()
        try:
            run()
            peaks.append(tracemalloc.get_traced_memory()[1] / 2 ** 20)
        finally:
            tracemalloc.stop()
    # about 26 and 24 MB (inputs as float included); the old batches of 2 and 4 million
    # elements needed about 66 and 65 MB here
    assert max(peaks) < 40, peaks
    rows = _resample.batch_rows(n, exact=True, legacy=40, n_sums=21)
    assert rows * n <= _resample.MAX_BATCH


def test_several_comparisons_share_the_shuffles_and_get_their_own_p_values(batch):
    rng = np.random.default_rng(7)
    for case in range(12):
        n = int(rng.integers(3, 60 if case % 4 else 3000))
        counts = rng.poisson(rng.uniform(0, 2), size=(n, 2)).astype(float)
        words = rng.integers(1, 40, n).astype(float)
        if case % 3 == 0:  # fractions: each comparison on its own, as before
            words = words + 0.5
        group = rng.integers(0, 3, n)
        labels = np.array([group == g for g in range(3)])
        b, state = int(rng.integers(1, 300)), int(rng.integers(0, 100))
        both = document_permutation_p(counts, words, labels, b, state)
        assert both.shape == (3, 2)
        for row, got in zip(labels, both, strict=True):
            assert np.array_equal(got, old_document_permutation_p(counts, words, row, b, state))


def test_compare_rates_each_against_the_rest_equals_one_call_per_comparison():
    import pandas as pd

    rng = np.random.default_rng(1)
    texts = ["It may rain.", "Perhaps we might go.", "It rains.", "We certainly go home now.",
             "Maybe it is so, perhaps.", "The sun shines.", "I think so."]
    c = dc.from_frame(pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(60)], "group": rng.choice(["x", "y", "z"], 60),
        "text": [" ".join(rng.choice(texts, 2)) for _ in range(60)]}))
    m = dc.find_markers(c)
    together = dc.compare_rates(c, m, by="group", n_resamples=500, random_state=4)
    assert sorted(together.focus.unique()) == ["x", "y", "z"]  # each against the rest
    for g in ["x", "y", "z"]:
        alone = dc.compare_rates(c, m, by="group", focus=g, n_resamples=500, random_state=4)
        part = together[together.focus == g].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, pd.DataFrame(alone), check_exact=True)


def test_unit_documents_equal_a_scan_per_unit():
    rng = np.random.default_rng(2)
    for _ in range(30):
        n = int(rng.integers(0, 80))
        unit = rng.integers(-1, 6, n)  # -1 and 5: outside range(n_units), never a unit's
        words = rng.integers(0, 3, n).astype(float)
        got = list(_resample.unit_documents(unit, words, 5))
        assert [u for u, _ in got] == list(range(5))
        for u, docs in got:
            assert np.array_equal(docs, np.flatnonzero((unit == u) & (words > 0)))


def test_blas_runs_on_one_thread_only_while_exact_sums_are_formed():
    import threadpoolctl  # a dependency (pyproject.toml)

    def blas():
        return [i["num_threads"] for i in threadpoolctl.threadpool_info()
                if i["user_api"] == "blas"]

    before = blas()
    with _resample.blas_threads(True):
        assert set(blas()) == {1}
    assert blas() == before
    with _resample.blas_threads(False):  # inexact sums: BLAS as configured, as before
        assert blas() == before
