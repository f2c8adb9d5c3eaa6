import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import discourse as dc

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def profile(example):
    return dc.style_profile(example, n_resamples=200)


def test_one_row_per_measure_and_one_marker_per_text(profile):
    measures = ["mean_sentence_length", "ttr", "contraction_rate"]
    ax = dc.plot_style_profile(profile, measures=measures)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["mean sentence length (words)", "type-token ratio",
                      "contractions per 1,000 words"]
    markers = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(markers) == 3 * 2
    # ttr has no interval: 2 measures with intervals x 2 texts = 4 bars
    bars = [ln for ln in ax.get_lines() if ln.get_marker() in ("None", "", None)
            and len(ln.get_xdata()) == 2 and ln.get_ydata()[0] == ln.get_ydata()[1]]
    assert len(bars) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["cepa_essay", "news_rewrite"]
    plt.close(ax.figure)


def test_rows_are_scaled_by_their_largest_value(profile):
    ax = dc.plot_style_profile(profile, measures=["mean_sentence_length"])
    xs = sorted(ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_marker() == "o")
    top = max(profile.mean_sentence_length_ci_high)
    expected = sorted(profile.mean_sentence_length / top)
    assert np.allclose(xs, expected)
    # the printed numbers are the measures themselves
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == sorted(f"{v:.3g}" for v in profile.mean_sentence_length)
    plt.close(ax.figure)


def test_draws_on_a_given_axes(profile):
    fig, ax = plt.subplots()
    assert dc.plot_style_profile(profile, ax=ax) is ax
    plt.close(fig)


def test_bad_input(profile):
    with pytest.raises(dc.InputError, match="colour"):
        dc.plot_style_profile(profile, measures=["colour"])
    with pytest.raises(dc.InputError, match="style_profile"):
        dc.plot_style_profile(profile.iloc[0:0])
