"""Plots: Axes returned, the expected bars and labels, non-overlapping log-odds labels."""

import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes

import discourse as dc
from discourse._validate import InputError


@pytest.fixture(scope="module")
def counts(example):
    return dc.count_terms(example)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_keyness_bars_both_ways(example, counts):
    focus, ref = example.doc_ids
    key = dc.keyness(counts, focus=focus, reference=ref)
    before = dict(matplotlib.rcParams)
    ax = dc.plot_keyness(key, top=7)
    assert isinstance(ax, Axes)
    assert dict(matplotlib.rcParams) == before  # no global style change
    assert len(ax.patches) == 14
    widths = [p.get_width() for p in ax.patches]
    assert all(w > 0 for w in widths[:7]) and all(w < 0 for w in widths[7:])
    expected = key.term.head(7).tolist() + key.term.tail(7).tolist()
    assert [t.get_text() for t in ax.texts] == expected
    assert widths[0] == pytest.approx(key.g2.iloc[0])
    assert focus in ax.get_title() and ref in ax.get_title()


def test_plot_keyness_log_ratio_on_a_given_ax(counts, example):
    key = dc.keyness(counts, focus=example.doc_ids[0])
    fig, ax = plt.subplots()
    out = dc.plot_keyness(key, top=3, stat="log_ratio", ax=ax)
    assert out is ax
    assert [p.get_width() for p in ax.patches] == pytest.approx(
        key.log_ratio.head(3).tolist() + key.log_ratio.tail(3).tolist())
    with pytest.raises(InputError):
        dc.plot_keyness(key, stat="p_value")


def test_plot_log_odds_labels_do_not_overlap(counts):
    lo = dc.log_odds(counts)
    ax = dc.plot_log_odds(lo, top=10)
    assert isinstance(ax, Axes)
    assert len(ax.collections) == 2  # one scatter per document
    labels = ax.texts
    assert 10 <= len(labels) <= 20
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    # the top term of each document is labelled
    for _doc, d in lo.groupby("doc_id", observed=True):
        top = d.sort_values(["log_odds_weighted", "term"], ascending=[False, True]).term.iloc[0]
        assert top in [t.get_text() for t in labels]


def test_plot_tf_idf_panels(counts):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        t = dc.tf_idf(counts)
    ax = dc.plot_tf_idf(t, top=5)
    assert isinstance(ax, Axes)
    assert len(ax.child_axes) == 2
    for panel, (doc, d) in zip(ax.child_axes, t.groupby("doc_id", observed=True), strict=True):
        assert panel.get_title() == str(doc)
        assert len(panel.patches) == 5
        top = d.sort_values(["tf_idf", "term"], ascending=[False, True]).term.head(5).tolist()
        # read top to bottom: largest first
        ticks = sorted(panel.get_yticklabels(), key=lambda x: -x.get_position()[1])
        assert [x.get_text() for x in ticks] == top


def test_plot_topic_shares(example):
    res = dc.fit_topics(example, n_topics=4)
    ax = dc.plot_topic_shares(res)
    assert len(ax.patches) == 2 * 4
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f"{k}: {res.labels[k]}" for k in range(4)]
    # segment widths are the shares (first topic drawn first, for each document)
    first = [p.get_width() for p in ax.patches[:2]]
    want = res.documents[res.documents.topic == 0].share.tolist()
    assert first == pytest.approx(want)
    ax2 = dc.plot_topic_shares(res.documents)
    assert len(ax2.patches) == 8


def test_plot_tf_idf_stat_and_the_old_name():
    t = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["war", "peace", "trade"],
                      "tf_idf": [0.3, 0.1, 0.2], "tf_idf_mean": [0.05, 0.4, 0.0]})
    ax = dc.plot_tf_idf(t, stat="tf_idf_mean")
    # a: peace (0.4) above war (0.05); b: trade is 0, not shown
    assert [[p.get_width() for p in panel.patches] for panel in ax.child_axes] == [[0.4, 0.05],
                                                                                   []]
    assert ax.child_axes[0].get_xlabel() == "tf_idf_mean"
    with pytest.deprecated_call(match=r"plot_tf_idf\(value=\) is now plot_tf_idf\(stat=\)"):
        old = dc.plot_tf_idf(t, value="tf_idf_mean")
    assert [[p.get_width() for p in panel.patches] for panel in old.child_axes] == [[0.4, 0.05],
                                                                                    []]
