"""compare_rates' document permutation and marker_rates' bootstrap against slow loops."""

import numpy as np
import pandas as pd
import pytest

import discourse as dc

HEDGED = ["It may rain today.", "Perhaps we might go.", "It rains.", "We go home now.",
          "Maybe it is so, perhaps.", "The sun shines."]


def many_docs(n_a=6, n_b=5, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for group, k, bias in (("A", n_a, 0.6), ("B", n_b, 0.2)):
        for d in range(k):
            n_sent = int(rng.integers(2, 6))
            sents = [HEDGED[int(i)] if rng.random() < bias else HEDGED[2 + int(i) % 2]
                     for i in rng.integers(0, 6, n_sent)]
            rows.append({"doc_id": f"{group}{d}", "group": group, "text": " ".join(sents)})
    return dc.from_frame(pd.DataFrame(rows))


def per_doc(corpus, markers):
    kept = markers[~markers.is_rejected] if "is_rejected" in markers else markers
    hits = kept.groupby(kept.doc_id.astype(str), observed=True).size()
    docs = corpus.documents
    return (np.array([hits.get(d, 0) for d in docs.doc_id.astype(str)], dtype=float),
            docs.n_words.to_numpy(dtype=float), docs.group.astype(str).to_numpy())


def test_document_permutation_equals_a_slow_loop():
    c = many_docs()
    m = dc.find_markers(c, categories="hedge")
    r = dc.compare_rates(c, m, by="group", focus="A", reference="B", n_resamples=999)
    row = r.iloc[0]
    assert row.permutation_unit == "document"
    hits, words, group = per_doc(c, m)
    keep = words > 0
    hits, words, labels = hits[keep], words[keep], group[keep] == "A"

    def stat(mask):
        ca, wa = sum(hits[mask]), sum(words[mask])
        cb, wb = sum(hits[~mask]), sum(words[~mask])
        if ca == 0 or cb == 0:
            return np.inf
        return abs(np.log((ca / wa) / (cb / wb)))

    observed = stat(labels)
    rng = np.random.default_rng(0)
    k = 0
    for _ in range(999):
        k += stat(rng.permuted(labels)) >= observed - 1e-9
    assert row.p_permutation == pytest.approx((1 + k) / 1000)
    # per-document rates, mean and sd (ddof = 1) per side
    rates = hits / words * 1000
    assert row.doc_rate_mean_focus == pytest.approx(rates[labels].mean())
    assert row.doc_rate_sd_focus == pytest.approx(rates[labels].std(ddof=1))
    assert row.doc_rate_mean_reference == pytest.approx(rates[~labels].mean())
    assert (row.n_docs_focus, row.n_docs_reference) == (labels.sum(), (~labels).sum())
    assert row.n_focus == hits[labels].sum()


def test_exhaustive_document_permutation():
    # 3 + 3 documents: the p-value converges to the exact one over C(6, 3) = 20 splits
    from itertools import combinations
    c = many_docs(3, 3, seed=2)
    m = dc.find_markers(c, categories="hedge")
    hits, words, group = per_doc(c, m)
    labels = group == "A"

    def stat(mask):
        ca, cb = hits[mask].sum(), hits[~mask].sum()
        if ca == 0 or cb == 0:
            return np.inf
        return abs(np.log((ca / words[mask].sum()) / (cb / words[~mask].sum())))

    splits = [np.isin(np.arange(6), idx) for idx in combinations(range(6), 3)]
    exact = np.mean([stat(s) >= stat(labels) - 1e-9 for s in splits])
    r = dc.compare_rates(c, m, by="group", focus="A", n_resamples=20000)
    assert r.p_permutation.iloc[0] == pytest.approx(exact, abs=0.015)


def test_sentences_permuted_only_for_two_single_documents():
    c = many_docs(1, 1)
    m = dc.find_markers(c, categories="hedge")
    r = dc.compare_rates(c, m, by="group", n_resamples=99)
    assert r.permutation_unit.iloc[0] == "sentence"
    assert np.isnan(r.doc_rate_sd_focus.iloc[0])
    c2 = many_docs(1, 3)
    r2 = dc.compare_rates(c2, dc.find_markers(c2, categories="hedge"), by="group",
                          n_resamples=99)
    assert r2.permutation_unit.iloc[0] == "document"


def test_focus_and_its_alias():
    c = many_docs()
    m = dc.find_markers(c, categories="hedge")
    new = dc.compare_rates(c, m, by="group", focus="B", reference="A", n_resamples=0)
    with pytest.deprecated_call(match=r"compare_rates\((a|b)=\) is now compare_rates\("):
        old = dc.compare_rates(c, m, by="group", a="B", b="A", n_resamples=0)
    pd.testing.assert_frame_equal(new, old)
    assert new.focus.iloc[0] == "B" and "a" not in new.columns
    with pytest.raises(dc.InputError, match="give focus= only"):
        dc.compare_rates(c, m, by="group", focus="A", a="A")


def test_bootstrap_interval_equals_a_slow_loop():
    c = many_docs(7, 4)
    m = dc.find_markers(c, categories="hedge")
    r = dc.marker_rates(c, m, by="group", n_resamples=400, random_state=3).set_index("group")
    assert np.isnan(r.boot_ci_low["B"])  # four documents: no bootstrap
    assert r.n_docs["A"] == 7 and r.n_docs["B"] == 4
    hits, words, group = per_doc(c, m)
    a = group == "A"
    h, w = hits[a], words[a]
    rng = np.random.default_rng(3)
    rates = []
    for picks in rng.integers(0, 7, size=(400, 7)):
        rates.append(sum(h[i] for i in picks) / sum(w[i] for i in picks) * 1000)
    assert r.boot_ci_low["A"] == pytest.approx(np.quantile(rates, 0.025))
    assert r.boot_ci_high["A"] == pytest.approx(np.quantile(rates, 0.975))
    assert r.boot_ci_low["A"] <= r.rate["A"] <= r.boot_ci_high["A"]
