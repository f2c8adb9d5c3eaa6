import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.sides import comparable_corpus, comparisons, default_by, label_strings, resolve_sides


def docs(groups):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(groups))], "group": groups})


def test_two_groups_in_file_order():
    s = comparisons(docs(["b", "a", "b"]))
    assert len(s) == 1
    assert (s[0].focus, s[0].reference, s[0].mode, s[0].left_out) == ("b", ("a",), "pair", ())


def test_more_groups_each_against_the_rest():
    s = comparisons(docs(["x", "y", "z", "y"]))
    assert [c.focus for c in s] == ["x", "y", "z"]
    assert [c.reference for c in s] == [("y", "z"), ("x", "z"), ("x", "y")]
    assert all(c.mode == "rest" and c.reference_label == "the rest" for c in s)


def test_a_chosen_pair_leaves_the_others_out():
    s = comparisons(docs(["x", "y", "z", "w"]), focus="z", reference="x")
    assert len(s) == 1 and s[0].describe() == "z against x"
    assert s[0].left_out == ("y", "w") and s[0].chosen


def test_focus_alone_is_against_the_rest():
    s = comparisons(docs(["x", "y", "z"]), focus="y")
    assert len(s) == 1 and s[0].reference == ("x", "z") and s[0].mode == "rest"


@pytest.mark.parametrize("choice, match", [
    ({"focus": "nope"}, "'x', 'y', 'z'"), ({"focus": "x", "reference": "x"}, "both"),
    ({"reference": "x"}, "without focus")])
def test_bad_choices_are_refused_with_the_groups(choice, match):
    with pytest.raises(dc.InputError, match=match):
        comparisons(docs(["x", "y", "z"]), **choice)


def test_integer_boolean_and_blank_labels():
    assert label_strings(pd.Series([1, 2.0, True, None, " ", " a "])).tolist() == \
        ["1", "2", "True", None, None, "a"]
    s = resolve_sides(docs([1, 2, None, 1]), focus=2)
    assert (s.focus, s.reference, s.unlabelled) == ("2", ("1",), ("d2",))
    s = resolve_sides(docs([True, False]))
    assert (s.focus, s.reference) == ("True", ("False",))


def test_nothing_to_compare():
    with pytest.raises(dc.InputError, match="nothing to compare"):
        comparisons(pd.DataFrame({"doc_id": ["only"]}))
    one_group = docs(["x", "x"])
    assert default_by(one_group) == "doc_id"
    assert comparisons(one_group)[0].describe() == "d0 against d1"


def test_comparable_corpus_drops_unlabelled_and_keeps_offsets():
    c = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b", "c"], "group": [1, None, 2],
                                    "text": ["It may rain.", "Cats purr.", "Dogs bark. Yes."]}))
    s = resolve_sides(c)
    sub = comparable_corpus(c, s)
    assert sub.documents.doc_id.tolist() == ["a", "c"]
    assert sub.documents.group.tolist() == ["1", "2"]
    for table in ("paragraphs", "sentences", "tokens"):
        t = getattr(sub, table)
        assert set(t.doc_id.astype(str)) == {"a", "c"}
        assert all(sub.text_of(d)[b:e] == x for d, b, e, x in
                   zip(t.doc_id.astype(str), t.start, t.end, t.text.astype(str), strict=True))
    # a count that needs every document labelled works on it, with string labels
    counts = dc.count_terms(sub, by="group")
    assert set(counts.group.astype(str)) == {"1", "2"}
    # nothing to change: the same object
    plain = dc.from_frame(pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
                                        "text": ["One.", "Two."]}))
    assert comparable_corpus(plain, resolve_sides(plain)) is plain


def test_the_sides_of_a_notebook_never_come_from_the_environment(monkeypatch):
    """DISCOURSE_FOCUS, DISCOURSE_REFERENCE and DISCOURSE_BY are not read (issue 21): the
    report hands its comparisons to its notebooks; by hand, they are arguments."""
    from discourse.report.context import build_context

    c = dc.from_frame(pd.DataFrame({"doc_id": list("abc"), "group": ["x", "y", "z"],
                                    "text": ["One.", "Two.", "Three."]}))
    monkeypatch.delenv("DISCOURSE_SNAPSHOT", raising=False)
    monkeypatch.setenv("DISCOURSE_FOCUS", "z")
    monkeypatch.setenv("DISCOURSE_REFERENCE", "x")
    monkeypatch.setenv("DISCOURSE_BY", "doc_id")
    assert [s.describe() for s in build_context(c).comparisons] == [
        "x against the rest (y, z)", "y against the rest (x, z)", "z against the rest (x, y)"]
    assert build_context(c, focus="z", reference="x").main.describe() == "z against x"
    with pytest.raises(dc.InputError, match="'x', 'y', 'z'"):
        build_context(c, focus="z", reference="w")
    with pytest.deprecated_call(match="report_context"):
        assert len(dc.report_comparisons(c)) == 3


def test_many_documents_without_groups_give_one_comparison():
    from discourse.sides import MAX_DOCUMENT_COMPARISONS

    few = pd.DataFrame({"doc_id": [f"d{i}" for i in range(MAX_DOCUMENT_COMPARISONS)]})
    assert len(comparisons(few)) == MAX_DOCUMENT_COMPARISONS
    many = pd.DataFrame({"doc_id": [f"d{i}" for i in range(3000)]})
    s = comparisons(many)
    assert len(s) == 1 and s[0].focus == "d0" and len(s[0].reference) == 2999
    text = dc.describe_comparisons(s)
    assert text.startswith("Compared (doc_id): d0 against the other 2,999 documents.")
    assert "add a group column" in text and "d2999" not in text


@pytest.mark.parametrize("values", [
    pd.Series([1, "a ", None, " ", True, 2.0]),  # mixed objects: 1, 1.0, True stay apart
    pd.Series([1.0, 2.5, np.nan, 3.0]),
    pd.Series([1, 2, 3]),
    pd.Series(["01", "1", " x", None], dtype="string"),
    pd.Series(pd.Categorical(["b", "a", None, "b "])),
    pd.Series([True, False]),
    pd.Series(["café", "cafe\u0301"]),
    pd.Series(pd.array([1, None, 3], dtype="Int64")),
    pd.Series([], dtype="float64"),
])
def test_label_strings_converts_each_distinct_value_as_one_at_a_time(values):
    from discourse.sides import _label

    slow = [None if pd.isna(v) else _label(v) for v in values.astype(object)]  # the plain loop
    assert label_strings(values).tolist() == slow
