"""One vocabulary (CONTRIBUTING.md): every public signature and every public output table.

The parameter names of every callable in ``dc.__all__`` must be words of :data:`ALLOWED`: a new
name fails here until it is added on purpose (and to CONTRIBUTING.md when it is a new idea).
Old spellings (:data:`OLD`) must not appear in any signature; they live on only through
``discourse._compat`` and warn. Output tables: counts are ``n``/``n_<what>``, intervals
``ci_low``/``ci_high`` (``<stat>_ci_low``), booleans ``is_*``/``has_*``, side columns name the
side ``focus``/``reference``.
"""

import inspect
import re
import warnings

import pandas as pd
import pytest

import discourse as dc

# Every parameter name a public function may have. Add a word here only when it is a new idea
# (and say so in CONTRIBUTING.md); a second word for an idea already here is a stray.
ALLOWED = {
    # tables and their columns
    "corpus", "corpus_or_documents", "markers", "counts", "counts_by_doc", "keyness",
    "log_odds", "tf_idf", "topics", "rates", "profile", "aligned", "attributions_table",
    "documents", "df", "ddf", "paragraphs", "text", "texts", "path", "lengths", "null",
    "terms", "comparison", "comparisons", "matches", "findings", "typical", "attributions", "coded",
    "by", "term", "n", "doc_id", "docs", "unit", "time", "bins", "trend",
    # sides
    "focus", "reference", "sides", "fn",
    # how much and how
    "top", "size", "n_resamples", "random_state", "confidence", "alpha", "pooled_alpha",
    "window", "min_freq", "min_docs", "min_similarity", "min_words", "per", "quantile",
    "n_topics", "max_iter", "min_df", "ngram", "idf", "prior", "unweighted", "stem",
    "regex", "case_sensitive", "pattern", "shown",
    # choosing what is read or kept
    "doc_ids", "categories", "category", "units", "measures", "stat", "lexicon", "extend",
    "analyzed_only", "keep_rejected", "drop_stop", "drop_punct", "fill_zeros", "stopwords",
    "extra_stopwords", "actors", "aliases", "mentions", "recognizer", "certainty", "model",
    "sections", "analyze", "empty", "name", "max_bytes", "encoding", "recursive", "n_jobs",
    "progress", "read_csv_kwargs", "kwargs", "n_words", "may_prompt", "may_blurb",
    # views
    "ax", "labels", "focus_label", "reference_label", "title", "max_chars", "kwic_per_term",
    "reading_view",
    "context_chars", "kwic_chars", "what", "why", "condition", "doc_noun", "markdown",
}

# Old spellings: never in a signature (they live in discourse._compat and warn).
OLD = {"top_n": "top", "n_terms": "top", "max_rows": "top", "n_boot": "n_resamples",
       "n_bootstrap": "n_resamples", "n_permutations": "n_resamples",
       "n_shuffles": "n_resamples", "conf_level": "confidence", "a": "focus",
       "b": "reference", "source": "focus", "target": "reference", "value": "stat",
       "kwic_window": "context_chars"}


def _public_callables():
    for name in dc.__all__:
        obj = getattr(dc, name)
        if inspect.isclass(obj):
            continue
        if callable(obj):
            yield name, obj


def _params(obj):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return []
    return list(sig.parameters.values())


def test_every_name_in_all_exists():
    missing = [n for n in dc.__all__ if not hasattr(dc, n)]
    assert not missing


@pytest.mark.parametrize("name", [n for n, _ in _public_callables()])
def test_signature_uses_the_vocabulary(name):
    obj = getattr(dc, name)
    params = _params(obj)
    stray = [p.name for p in params if p.name not in ALLOWED]
    old = [f"{p.name} (now {OLD[p.name]})" for p in params if p.name in OLD]
    assert not old, f"dc.{name} still spells {old}"
    assert not stray, (f"dc.{name} has parameter(s) {stray} outside the vocabulary: use a word "
                       "of CONTRIBUTING.md, or add a new idea there and to ALLOWED")


@pytest.mark.parametrize("name", [n for n, _ in _public_callables()])
def test_counts_named_n_are_column_names(name):
    # "n" may only name a column (default "n"); how many rows is top=
    for p in _params(getattr(dc, name)):
        if p.name == "n":
            assert p.default == "n", f"dc.{name}(n={p.default!r}): how many rows is top="


@pytest.mark.parametrize("name", [n for n, _ in _public_callables()])
def test_corpus_comes_before_markers(name):
    names = [p.name for p in _params(getattr(dc, name))]
    if "corpus" in names and "markers" in names:
        assert names.index("corpus") < names.index("markers"), f"dc.{name}{names}"


def test_old_names_are_still_accepted_with_a_warning():
    c = dc.from_texts({"a": "It may rain. We think so.", "b": "It is clearly true."})
    with pytest.deprecated_call(match="n_resamples"):
        old = dc.style_profile(c, n_boot=20)
    assert old.equals(dc.style_profile(c, n_resamples=20))
    with pytest.deprecated_call(match="corpus comes first"):
        dc.marker_rates(dc.find_markers(c), c)


# -- output tables ------------------------------------------------------------------------------
OLD_COLUMNS = re.compile(r"^(count|words|docs|documents|sentences|a|b|epistemic|scope_hedge)$"
                         r"|_count$|^count_|^(words|docs)_|_a$|_b$|^source_|^target_"
                         r"|^boot_(low|high)$")
# names that merely look like old ones: a column naming a cited source, its place and kind
NOT_OLD = {"source", "source_start", "source_end", "source_rule", "source_kind",
           "source_actor"}


def _tables():
    texts = {
        "d1": "The minister said that prices may rise. Perhaps they will. It is clear.",
        "d2": "Experts say the plan could fail. We must act now. I think so, honestly.",
        "d3": "According to the report, growth was strong. It certainly was. May rain.",
        "d4": "Clearly this is true. If it fails, we lose. She argued that it might work.",
    }
    c = dc.from_frame(pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                                    "group": ["x", "x", "y", "y"]}))
    m = dc.find_markers(c)
    counts = dc.count_terms(c, by="group")
    by_doc = dc.count_terms(c, by=["group", "doc_id"])
    tables = {
        "documents": c.documents, "paragraphs": c.paragraphs, "sentences": c.sentences,
        "tokens": c.tokens, "find_markers": m, "count_terms": counts,
        "keyness": dc.keyness(counts, by="group"),
        "keyness_docs": dc.keyness(by_doc, by="group", docs="doc_id"),
        "tf_idf": dc.tf_idf(counts, by="group"), "log_odds": dc.log_odds(counts, by="group"),
        "distinctive_terms": dc.distinctive_terms(by_doc, by="group", focus="x"),
        "tf_idf_by_side": dc.tf_idf_by_side(by_doc, by="group", focus="x"),
        "marker_rates": dc.marker_rates(c, m, by="group", n_resamples=99),
        "compare_rates": dc.compare_rates(c, m, by="group", n_resamples=99),
        "style_profile": dc.style_profile(c, by="group", n_resamples=50),
        "style_profile_sides": dc.style_profile(c, by="group", focus="x", n_resamples=50),
        "align_sentences": dc.align_sentences(c, focus="d1", reference="d2", markers=m,
                                              n_resamples=5, min_similarity=0),
        "similarity_null": dc.similarity_null(c, focus="d1", reference="d2", markers=m,
                                              n_resamples=5),
        "sentence_stance": dc.sentence_stance(c, m),
        "attributions": dc.attributions(c, m), "cited_sources": dc.cited_sources(c),
        "actors": dc.actors(c), "actor_mentions": dc.actor_mentions(c),
        "find_names": dc.find_names(c), "kwic": dc.kwic(c, "may"),
        "collocations": dc.collocations(c, top=5, min_freq=1),
        "topics": dc.fit_topics(c, n_topics=2).terms, "lexicon": dc.load_lexicon(),
    }
    return tables


@pytest.fixture(scope="module")
def tables():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # no old spelling inside the package
        return _tables()


def test_output_columns_use_the_vocabulary(tables):
    problems = []
    for name, t in tables.items():
        assert isinstance(t, pd.DataFrame), name
        for col in map(str, t.columns):
            if col in NOT_OLD:
                continue
            if OLD_COLUMNS.search(col):
                problems.append(f"{name}.{col}: an old spelling")
            if re.search(r"_(low|high)$", col) and not re.search(r"(^|_)ci_(low|high)$", col):
                problems.append(f"{name}.{col}: an interval is ci_low/ci_high "
                                "(<stat>_ci_low where a table holds several)")
            if t[col].dtype == bool and not re.match(r"^(is|has)_", col):
                problems.append(f"{name}.{col}: a boolean is is_<what>")
            if re.match(r"^(is|has)_", col) and t[col].dtype != bool:
                problems.append(f"{name}.{col}: an is_ column holds booleans, not {t[col].dtype}")
    assert not problems, "\n".join(problems)


def test_side_columns_name_the_side(tables):
    for name in ("keyness", "compare_rates"):
        cols = set(tables[name].columns)
        assert {"n_focus", "n_reference", "focus", "reference"} <= cols, name
    cols = set(tables["align_sentences"].columns)
    assert {"focus_text", "reference_text", "focus_sent_id", "reference_sent_id"} <= cols
