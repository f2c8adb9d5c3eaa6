"""How many processes build_corpus uses by default (discourse/text/corpus.py, _default_jobs):
two only for large corpora and only when a second core is idle; the tables are the same."""

import pytest

from discourse.text import corpus as corpus_module


@pytest.mark.parametrize(("n_chars", "cores", "load", "want"), [
    (19_999_999, 2, 0.1, 1),  # small corpus (1M words: 5.5M characters): one process
    (20_000_000, 2, 0.1, 2),  # large, quiet machine
    (20_000_000, 2, 1.49, 2),  # this process's own work keeps the load near 1
    (20_000_000, 2, 1.5, 1),  # the second core is busy
    (50_000_000, 2, 8.0, 1),  # a shared, loaded machine
    (50_000_000, 8, 6.0, 2),  # a laptop with cores to spare
    (50_000_000, 1, 0.0, 1),  # one core
])
def test_default_jobs(monkeypatch, n_chars, cores, load, want):
    monkeypatch.setattr(corpus_module.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(corpus_module.os, "getloadavg", lambda: (load, load, load))
    assert corpus_module._default_jobs(n_chars) == want
