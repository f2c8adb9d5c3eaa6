"""Issue 24: one check at the door of every public function (``discourse._doors.DOORS``).

Every public function of ``dc.__all__`` that takes a corpus or a table is given None, a wrong
table, an empty table and NaN/inf values, and answers with an :class:`InputError` that names
the argument, never with an AttributeError, a KeyError or scipy's message from deep inside.
"""

import inspect

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse._doors import DOORS, IsCorpus, IsSides, IsTable, IsTopics, _resolve

TAKES = {"corpus", "counts", "counts_by_doc", "markers", "corpus_or_documents", "keyness",
         "log_odds", "tf_idf", "rates", "profile", "topics", "aligned", "lengths", "null",
         "attributions", "comparison", "documents"}


@pytest.fixture(scope="module")
def corpus():
    return dc.from_frame(pd.DataFrame({
        "doc_id": ["a", "b"], "text": ["It may rain today. Perhaps not.", "It will rain."],
        "group": ["x", "y"], "extra": [{"k": 1}, {"k": 2}]}))


def _public():
    for name in dc.__all__:
        obj = getattr(dc, name)
        if inspect.isfunction(obj):
            yield name, obj


def test_every_public_function_that_takes_a_corpus_or_a_table_has_a_door():
    missing = [name for name, fn in _public()
               if set(inspect.signature(fn).parameters) & TAKES and name not in DOORS
               and name not in ("from_frame", "report_context")]  # they check their own
    assert not missing, f"add {missing} to discourse._doors.DOORS"
    assert all(getattr(dc, name).__discourse_door__ for name in DOORS if hasattr(dc, name))


def _cases():
    for fn, args in DOORS.items():
        for arg, spec in args.items():
            if not getattr(spec, "optional", False):
                yield pytest.param(fn, arg, "none", id=f"{fn}-{arg}-None")
            yield pytest.param(fn, arg, "wrong", id=f"{fn}-{arg}-wrong")
            yield pytest.param(fn, arg, "empty", id=f"{fn}-{arg}-empty")
            if isinstance(spec, IsTable) and spec.finite:
                yield pytest.param(fn, arg, "nan", id=f"{fn}-{arg}-NaN")
                yield pytest.param(fn, arg, "inf", id=f"{fn}-{arg}-inf")
            if isinstance(spec, IsCorpus) and spec.by:
                yield pytest.param(fn, arg, "dicts", id=f"{fn}-{arg}-by-dicts")


def _defaults(fn) -> dict:
    return {k: p.default for k, p in inspect.signature(getattr(dc, fn)).parameters.items()
            if p.default is not inspect.Parameter.empty}


def _value(fn, arg, case, corpus):
    spec = DOORS[fn][arg]
    if case == "none":
        return None
    if case == "empty":
        return pd.DataFrame()
    if case == "wrong":
        if isinstance(spec, IsSides):
            return "x"
        if isinstance(spec, IsCorpus):
            return "texts/" if spec.documents_too else corpus.documents
        return corpus
    if case == "dicts":
        return corpus
    columns = _resolve(spec.columns, _defaults(fn))
    bad = np.nan if case == "nan" else np.inf
    table = pd.DataFrame({c: ["x"] for c in columns})
    for c in _resolve(spec.finite, _defaults(fn)):
        table[c] = [bad]
    return table


@pytest.mark.parametrize(("fn", "arg", "case"), list(_cases()))
def test_the_door_refuses_with_the_arguments_name(corpus, fn, arg, case):
    kwargs = {arg: _value(fn, arg, case, corpus)}
    spec = DOORS[fn][arg]
    for name in getattr(spec, "columns", ()):  # a column named by an argument without default
        if name.startswith("{") and name[1:-1] not in _defaults(fn):
            kwargs[name[1:-1]] = "group"
    if case == "dicts":
        kwargs[DOORS[fn][arg].by] = "extra"
    with pytest.raises(dc.InputError) as err:
        getattr(dc, fn)(**kwargs)
    msg = str(err.value)
    assert msg.startswith(f"{fn}: ") and (arg in msg or "by=" in msg), msg
    assert "Traceback" not in msg
    if case in ("nan", "inf"):
        assert ("missing (NaN)" if case == "nan" else "infinite") in msg


def test_the_cases_of_the_issue(corpus):
    counts = dc.count_terms(corpus)
    cases = [
        (lambda: dc.keyness(pd.DataFrame({"doc_id": ["a", "b"], "term": [np.nan, "x"],
                                          "n": [1, 2]}), focus="a"),
         r"counts\['term'\] is missing \(NaN\)"),
        (lambda: dc.keyness(pd.DataFrame({"doc_id": ["a", "b"], "term": ["y", "x"],
                                          "n": [1.0, np.inf]}), focus="a"),
         r"counts\['n'\] is infinite"),
        (lambda: dc.count_terms(corpus.documents), "count_terms: corpus must be a discourse "
                                                   "Corpus.*not one of its tables"),
        (lambda: dc.fit_topics(counts), "fit_topics: corpus must be a discourse Corpus"),
        (lambda: dc.marker_rates(corpus, None), "marker_rates: markers= must be a markers "
                                                r"table, from dc\.find_markers"),
        (lambda: dc.style_profile(None), "style_profile: corpus must be .* got None"),
        (lambda: dc.actors(None), "actors: corpus must be .* got None"),
        (lambda: dc.kwic(corpus.tokens, "may"), "kwic: corpus must be a discourse Corpus"),
        (lambda: dc.count_terms(corpus, by="extra"), "by='extra' holds dict values"),
        (lambda: dc.from_frame(pd.DataFrame([["a", "One."]], columns=pd.MultiIndex.from_tuples(
            [("doc_id", ""), ("text", "")]))), "MultiIndex columns"),
    ]
    for call, says in cases:
        with pytest.raises(dc.InputError, match=says):
            call()


def test_good_input_passes_the_door(corpus):
    counts = dc.count_terms(corpus)
    assert len(dc.keyness(counts, focus="a"))
    markers = dc.find_markers(corpus)
    assert len(dc.marker_rates(corpus, markers))
    assert len(dc.marker_rates(corpus, markers.iloc[:0]))  # no marker found is an answer
    assert isinstance(DOORS["plot_topic_shares"]["topics"], IsTopics)
