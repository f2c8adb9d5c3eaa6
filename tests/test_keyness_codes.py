"""keyness over documents factorizes a categorical document column by its codes, and the terms
without a Python string a row (issue 25, point 3: millions of rows of counts with 100,000
documents); the table is the one the string path gives, checked here against that path
(the same counts with plain object columns) on random counts."""

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import discourse as dc
from discourse.stats.keyness import _doc_codes


def _counts(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_docs, n_rows = 40, 600
    docs = [f"d{i:02d}" for i in range(n_docs)]
    doc = rng.integers(0, n_docs, n_rows)
    terms = np.array(["storm", "flood", "é", "a b", "x", "nan", "None", "", "Storm", "1"] +
                     [f"t{i}" for i in range(60)], dtype=object)
    counts = pd.DataFrame({
        "group": np.where(doc % 3 == 0, "A", np.where(doc % 3 == 1, "B", "C")),
        # categories in another order than the rows', and some never used
        "doc_id": pd.Categorical([docs[i] for i in doc],
                                 categories=[*docs[::-1], "unused1", "unused2"]),
        "term": pd.array(terms[rng.integers(0, len(terms), n_rows)], dtype="str"),
        "n": rng.integers(0, 5, n_rows),
    })
    counts = counts.groupby(["group", "doc_id", "term"], observed=True, as_index=False,
                            sort=False).n.sum()  # one row per document and term
    assert isinstance(counts.doc_id.dtype, pd.CategoricalDtype)
    return counts


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("reference", ["B", None])
def test_keyness_over_documents_is_the_string_paths(seed, reference):
    counts = _counts(seed)
    plain = counts.astype({"doc_id": object, "term": object, "group": object})
    fast = dc.keyness(counts, by="group", focus="A", reference=reference, docs="doc_id")
    slow = dc.keyness(plain, by="group", focus="A", reference=reference, docs="doc_id")
    assert fast.p_docs.notna().any()
    assert_frame_equal(fast, slow)
    # by hand: the documents of each side that use each term
    used = plain[plain.n > 0]
    sides = {"focus": ["A"], "reference": ["B"] if reference else ["B", "C"]}
    for side, groups in sides.items():
        n_docs = used[used.group.isin(groups)].groupby("term").doc_id.nunique()
        got = fast.set_index("term")[f"n_docs_{side}"]
        assert got.to_dict() == n_docs.reindex(got.index, fill_value=0).to_dict()


def test_doc_codes_are_those_of_the_labels():
    col = pd.Series(pd.Categorical(["b", "a", "b", "c", "a"], categories=["c", "b", "a", "z"]))
    rows = np.array([True, True, True, False, True])
    doc, names = _doc_codes(col, rows)
    ref_doc, ref_names = pd.factorize(col.astype(str).to_numpy()[rows])
    assert doc.tolist() == ref_doc.tolist() == [0, 1, 0, 1]
    assert list(names) == list(ref_names) == ["b", "a"]
    # a missing label, or categories equal as strings: the string path
    for odd in (pd.Categorical(["a", None, "a"]), pd.Categorical([1, "1", 1])):
        doc, names = _doc_codes(pd.Series(odd), np.ones(3, dtype=bool))
        ref = pd.factorize(pd.Series(odd).astype(str).to_numpy())
        assert doc.tolist() == ref[0].tolist() and list(names) == list(ref[1])
