"""The index never contradicts itself and says what it set aside (issue 22): both tests of the
stance table, the rule in the Methods box, the verdict worded as notebook 03 words it, the words
analysed per group with a warning, no silent "none" for key terms, and two figures drawn from
the numbers of the tables."""

import warnings
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.report import build as build_report
from discourse.report import site as report_pages
from discourse.report.context import build_context
from discourse.stats.distinctive import NoTermWarning
from discourse.views.plot_index import plot_rate_ratios

PLAIN = ["The committee met on Tuesday and discussed the budget for the coming year.",
         "Members reviewed the accounts, the staff plans and the schedule of works.",
         "The chair thanked the volunteers and closed the meeting before noon."]


class _Tables(HTMLParser):
    """Every table of a page as lists of cell texts (header row first)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _tables(html: str) -> list[list[list[str]]]:
    p = _Tables()
    p.feed(html)
    return p.tables


def _one_document_carries_the_hedges() -> dc.Corpus:
    """Six documents a side; one document of A holds nearly every hedge: a difference over
    words that the documents do not show."""
    rng = np.random.default_rng(1)
    texts, groups = [], []
    for g in ("A", "B"):
        for i in range(6):
            body = " ".join(rng.permutation(PLAIN))
            if g == "A" and i == 0:
                body += " " + " ".join(["Perhaps it may rain, possibly."] * 15)
            texts.append(body)
            groups.append(g)
    return dc.from_frame(pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)],
                                       "group": groups, "text": texts}))


@pytest.fixture(scope="module")
def hedged_index():
    c = _one_document_carries_the_hedges()
    return report_pages.index_html(build_context(c), pages=[])


def test_the_stance_table_shows_both_tests_and_the_verdict_of_notebook_03(hedged_index):
    stance = next(t for t in _tables(hedged_index) if t[0][0] == "category")
    head = stance[0]
    assert "p over words (exact, Holm)" in head and "p over documents (permutation)" in head
    hedge = next(r for r in stance[1:] if r[0] == "hedge")
    words, docs = (float(hedge[head.index(c)]) for c in ("p over words (exact, Holm)",
                                                        "p over documents (permutation)"))
    assert words < 0.05 <= docs
    verdict = hedge[head.index("verdict")]
    assert verdict.startswith("over words only, not over documents")  # never a bare "no"
    # the sentence above the table and notebook 03's finding say the same
    assert "Over words only, not over documents (it may come from a few documents): hedge" \
        in hedged_index
    assert "larger than chance over words" in hedged_index


def test_the_methods_box_states_the_rule_exactly(hedged_index):
    assert "A category differs when its Holm-adjusted p over words is below 0.05 and, when the " \
        "documents were permuted, the permutation p is below 0.05 too" in hedged_index
    assert "A category differs when its adjusted p is below 0.05, also" not in hedged_index


def test_no_key_term_is_said_with_the_smallest_p_and_the_screening_list(hedged_index):
    assert "over-used in <b>A</b>: none" not in hedged_index
    assert "no word passed the document-level test (smallest p over documents:" in hedged_index
    assert "Screening list, strongest G&sup2; over pooled words (not a test over documents" \
        in hedged_index
    assert "perhaps 15 vs 0" in hedged_index  # the words a student came for, with their counts


def test_distinctive_terms_says_when_no_term_passes():
    c = _one_document_carries_the_hedges()
    counts = dc.count_terms(c, by=["group", "doc_id"])
    with pytest.warns(NoTermWarning, match=r"passed the document-level test .*smallest"):
        out = dc.distinctive_terms(counts, by="group", focus="A")
    assert "screening list" in out.attrs["message"]
    with warnings.catch_warnings():  # and says nothing when terms pass
        warnings.simplefilter("error", NoTermWarning)
        dc.distinctive_terms(counts, by="group", focus="A", min_docs=100, pooled_alpha=np.inf)


def test_the_index_has_a_figure_of_rate_ratios_and_one_of_key_terms(hedged_index):
    figures = hedged_index.count('<img class="figure" src="data:image/png;base64,')
    assert figures == 2
    assert 'alt="Rate ratios A / B of every stance category' in hedged_index
    assert 'alt="Key terms of A and B' in hedged_index


def test_the_rate_ratio_figure_draws_the_numbers_of_the_table():
    c = _one_document_carries_the_hedges()
    cmp = dc.compare_rates(c, dc.find_markers(c), sides=dc.comparisons(c)[0])
    fig = plot_rate_ratios(cmp, focus="A", reference="B")
    ax = fig.axes[0]
    dots = [line for line in ax.lines if line.get_marker() in ("o", ">", "<")]
    drawn = {label.get_text(): None for label in ax.get_yticklabels()}
    hit = cmp[(cmp.n_focus + cmp.n_reference) > 0]
    assert len(dots) == len(hit) and list(drawn) == cmp.category.astype(str).tolist()
    finite = hit[np.isfinite(hit.rate_ratio) & (hit.rate_ratio > 0)]
    xs = sorted(float(d.get_xdata()[0]) for d in dots if d.get_marker() == "o")
    assert xs == pytest.approx(sorted(finite.rate_ratio.astype(float)))


def _web_and_plain() -> dc.Corpus:
    page = ("Rivers Are Rising\n\nBy Jane Doe\n\n" + " ".join(PLAIN) + "\n\nSubscribe to our "
            "newsletter for the latest news\n\nRead More\n\nMost Read\n\nJane Doe is a senior "
            "fellow at the Institute, where she writes about rivers and the towns by them.\n\n"
            "© 2025 The Valley Times. All rights reserved.")
    texts = [page, page.replace("Rivers", "Lakes"), " ".join(PLAIN), " ".join(PLAIN[::-1])]
    return dc.from_frame(pd.DataFrame({"doc_id": list("abcd"), "group": ["web", "web", "plain",
                                                                          "plain"],
                                       "text": texts}))


def test_the_index_states_the_words_analysed_per_group_and_warns_once():
    c = _web_and_plain()
    html = report_pages.index_html(build_context(c), pages=[])
    table = next(t for t in _tables(html) if t[0][:2] == ["group", "words"])
    rows = {r[0]: r for r in table[1:]}
    assert rows["plain"][3] == "100.0%" and rows["plain"][4] == "none"
    assert float(rows["web"][3].rstrip("%")) < 95 and "prompt" in rows["web"][4]
    warned = [line for line in html.splitlines() if line.startswith('<p class="warning">')]
    assert len(warned) == 1 and "of the words of web were set aside" in warned[0]


def test_analyze_all_keeps_every_word(tmp_path):
    path = tmp_path / "web.csv"
    c = _web_and_plain()
    c.documents[["doc_id", "group", "text"]].to_csv(path, index=False)
    body = build_report.preflight(path, out=tmp_path / "out")
    every = build_report.preflight(path, out=tmp_path / "out", analyze="all")
    assert every.corpus.paragraphs.is_analyzed.all()
    assert (every.corpus.documents.n_words.sum() > body.corpus.documents.n_words.sum())
    html = report_pages.index_html(every.context, pages=[])
    assert '<p class="warning">' not in html
    with pytest.raises(dc.InputError, match="analyze"):
        build_report.preflight(path, out=tmp_path / "out", analyze="some")


def test_the_command_line_and_make_pass_analyze():
    from discourse import cli

    assert cli.parser().parse_args(["report", "x", "--analyze", "all"]).analyze == "all"
    assert cli.parser().parse_args(["report"]).analyze == "body"
    argv = cli.make_argv({"DISCOURSE_MAKE_SET": "ANALYZE", "DISCOURSE_MAKE_ANALYZE": "all"})
    assert argv == ["report", "--analyze=all"]
