"""Determinism: the same input gives identical tables and report pages (except the run date),
twice in one process and in fresh interpreters with different hash seeds (set and dict order of
strings changes with ``PYTHONHASHSEED``; nothing may depend on it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pandas as pd
import pandas.testing as pdt
import pytest

import discourse as dc
from discourse.report import site as report_pages
from discourse.report.context import build_context

RUN_DATE = re.compile(r"rendered on \d{4}-\d{2}-\d{2} \(UTC\)")


def analyses(corpus) -> dict[str, pd.DataFrame]:
    """Every table the package computes for a two-document comparison."""
    a, b = corpus.doc_ids[:2]
    counts = dc.count_terms(corpus)
    topics = dc.fit_topics(corpus, n_topics=3)
    markers = dc.find_markers(corpus)
    return {
        "documents": corpus.documents,
        "paragraphs": corpus.paragraphs,
        "sentences": corpus.sentences,
        "tokens": corpus.tokens,
        "markers": markers,
        "counts": counts,
        "bigrams": dc.count_terms(corpus, ngram=2),
        "keyness": dc.keyness(counts, focus=a, reference=b),
        "log_odds": dc.log_odds(counts),
        "topic_terms": topics.terms,
        "topic_units": topics.units,
        "topic_documents": topics.documents,
        "rates": dc.marker_rates(corpus, markers),
        "compare_rates": dc.compare_rates(corpus, markers, focus=a, reference=b),
        "kwic": dc.kwic(corpus, "russia*"),
    }


def pages(corpus) -> dict[str, str]:
    context = build_context(corpus)
    return {
        "reading": report_pages.reading_html(context),
        "index": RUN_DATE.sub("rendered on <date>", report_pages.index_html(
            context, pages=[("01_corpus_overview.html", "Corpus overview")])),
    }


@pytest.fixture(scope="module")
def twice():
    return [dc.load_example() for _ in range(2)]


@pytest.fixture(scope="module")
def tables(twice):
    return [analyses(c) for c in twice]


@pytest.mark.parametrize("name", ["documents", "paragraphs", "sentences", "tokens", "markers",
                                  "counts", "bigrams", "keyness", "log_odds", "topic_terms",
                                  "topic_units", "topic_documents", "rates", "compare_rates",
                                  "kwic"])
def test_same_input_same_tables(tables, name):
    first, second = (t[name] for t in tables)
    assert len(first) > 0, name
    pdt.assert_frame_equal(first, second, check_exact=True)


def test_same_input_same_report_pages(twice):
    first, second = (pages(c) for c in twice)
    assert first["reading"] == second["reading"]
    assert first["index"] == second["index"]
    assert "rendered on <date>" in first["index"]  # the run date was the only thing removed


def test_index_differs_only_in_the_run_date(twice):
    raw = report_pages.index_html(build_context(twice[0]), pages=[])
    assert len(RUN_DATE.findall(raw)) == 1
    lines = [line for line in raw.splitlines() if not RUN_DATE.search(line)]
    assert lines == [line for line in report_pages.index_html(
        build_context(twice[1]), pages=[]).splitlines() if not RUN_DATE.search(line)]


DIGEST = textwrap.dedent("""
    import hashlib, json, sys
    sys.path.insert(0, sys.argv[1])
    import discourse as dc
    from test_determinism import analyses, pages
    c = dc.load_example()
    out = {}
    for name, df in analyses(c).items():
        text = df.dtypes.to_string() + df.to_csv(index=True, float_format=repr)
        out[name] = hashlib.sha256(text.encode()).hexdigest()
    for name, html in pages(c).items():
        out[name] = hashlib.sha256(html.encode()).hexdigest()
    print(json.dumps(out))
""")


def _digests(seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
    tests_dir = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run([sys.executable, "-c", DIGEST, tests_dir], capture_output=True,
                         text=True, env=env, check=True, timeout=300)
    return json.loads(out.stdout.splitlines()[-1])


def test_same_results_under_other_hash_seeds():
    one, two = _digests("1"), _digests("12345")
    assert set(one) >= {"tokens", "markers", "keyness", "topic_terms", "reading", "index"}
    differ = sorted(k for k in one if one[k] != two[k])
    assert not differ, f"these depend on PYTHONHASHSEED: {differ}"
