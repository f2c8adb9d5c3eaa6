"""Plots: the Axes returned, one series per unit, the positions of markers."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.views.plot_markers import marker_positions

matplotlib.use("Agg")


def test_plot_marker_rates(example):
    import matplotlib.pyplot as plt

    m = dc.find_markers(example)
    rates = dc.marker_rates(example, m)
    ax = dc.plot_marker_rates(rates)
    assert isinstance(ax, matplotlib.axes.Axes)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(dict.fromkeys(rates.category))
    assert len(ax.containers) == 2  # one errorbar series per document
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["cepa_essay (1,070 words)", "news_rewrite (849 words)"]  # + summary
    # the dots sit at the rates
    x = ax.containers[0][0].get_xdata()
    want = rates[rates.doc_id == "cepa_essay"].rate.to_numpy()
    assert np.allclose(x, want)
    fig, ax2 = plt.subplots()
    assert dc.plot_marker_rates(rates, categories=["hedge", "booster"], ax=ax2) is ax2
    plt.close("all")
    with pytest.raises(dc.InputError, match="not in rates"):
        dc.plot_marker_rates(rates, categories=["hedges"])
    with pytest.raises(dc.InputError, match="rates has no column"):
        dc.plot_marker_rates(m)


def test_marker_positions_by_hand():
    c = dc.from_texts(["We may go. Then maybe we stay."])
    p = marker_positions(c, dc.find_markers(c))
    # words: We may go Then maybe we stay (7); "We" has 0 words before, "may" 1, "maybe" 4,
    # "we" 5
    assert p.text.tolist() == ["We", "may", "maybe", "we"]
    assert p.position.tolist() == pytest.approx([0, 1 / 7, 4 / 7, 5 / 7])


def test_plot_marker_dispersion(example):
    import matplotlib.pyplot as plt

    m = dc.find_markers(example)
    ax = dc.plot_marker_dispersion(example, m, categories=["hedge", "booster", "informal"])
    assert isinstance(ax, matplotlib.axes.Axes)
    assert len(ax.collections) == 2 * 3
    assert ax.get_yticklabels()[0].get_text() == "cepa_essay · hedge"
    n_hedge_essay = ((m.doc_id == "cepa_essay") & (m.category == "hedge")).sum()
    offsets = ax.collections[0].get_offsets()
    assert len(offsets) == n_hedge_essay
    assert np.all((offsets[:, 0] >= 0) & (offsets[:, 0] <= 1))
    plt.close("all")
    ax = dc.plot_marker_dispersion(example, m, doc_ids="news_rewrite")
    assert len(ax.collections) == 9  # every category, condition and obligation included
    plt.close("all")
    with pytest.raises(dc.InputError, match="no document"):
        dc.plot_marker_dispersion(example, m, doc_ids="nope")


def test_old_argument_order_warns_and_draws_the_same(example):
    import matplotlib.pyplot as plt

    from discourse.views.palette import CATEGORY_COLORS

    m = dc.find_markers(example)
    new = dc.plot_marker_dispersion(example, m, categories=["hedge"])
    with pytest.deprecated_call(match="plot_marker_dispersion\\(corpus, markers\\)"):
        old = dc.plot_marker_dispersion(m, example, categories=["hedge"])
    assert [t.get_text() for t in old.get_yticklabels()] == [
        t.get_text() for t in new.get_yticklabels()]
    for a, b in zip(old.collections, new.collections, strict=True):
        assert np.array_equal(a.get_offsets(), b.get_offsets())
    assert matplotlib.colors.to_hex(new.collections[0].get_edgecolor()[0]).upper() == \
        CATEGORY_COLORS["hedge"]
    with pytest.deprecated_call(match="marker_positions\\(corpus, markers\\)"):
        old_pos = marker_positions(m, example)
    pd.testing.assert_frame_equal(old_pos, marker_positions(example, m))
    plt.close("all")
