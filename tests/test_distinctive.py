"""distinctive_terms and tf_idf_by_side on corpora built in the test."""

import math

import numpy as np
import pandas as pd
import pytest

import discourse as dc


def speeches(n_per_side=8, seed=0):
    """Two parties; "springfield" 20 times in one left speech; "fairness" in every left speech."""
    rng = np.random.default_rng(seed)
    filler = [f"w{i}" for i in range(25)]
    rows = []
    for side in ("left", "right"):
        for d in range(n_per_side):
            words = list(rng.choice(filler, 60))
            if side == "left":
                words += ["fairness"] * 2
                if d == 0:
                    words += ["springfield"] * 20
            rows += [(side, f"{side}{d}", w) for w in words]
    df = pd.DataFrame(rows, columns=["group", "doc_id", "term"])
    return df.groupby(["group", "doc_id", "term"], as_index=False).size().rename(
        columns={"size": "n"})


def test_document_test_ranks_and_flags_concentration():
    counts = speeches()
    d = dc.distinctive_terms(counts, by="group", focus="left", doc_noun="speeches")
    focus = d[d.side == "focus"].set_index("term")
    assert set(d.test) == {"document"}
    assert "fairness" in focus.index and "springfield" not in focus.index
    assert "p_docs_adjusted" in d.ranked_by.iloc[0]
    # pooled, springfield is the top term and is flagged
    p = dc.distinctive_terms(counts, by="group", focus="left", min_docs=50, doc_noun="speeches")
    pf = p[p.side == "focus"].set_index("term")
    assert set(p.test) == {"pooled"} and pf.loc["springfield", "rank"] == 1
    assert pf.loc["springfield", "is_concentrated"]
    assert pf.loc["springfield", "note"] == "20 uses, all in one of 8 speeches"
    assert pf.loc["springfield", "n_top_doc"] == 20
    assert not pf.loc["fairness", "is_concentrated"] and pf.loc["fairness", "note"] == ""
    assert (p.groupby("side")["rank"].apply(lambda r: list(r) == list(range(1, len(r) + 1)))).all()


def test_few_documents_fall_back_to_pooled():
    counts = speeches(n_per_side=3)
    d = dc.distinctive_terms(counts, by="group", focus="left")
    assert set(d.test) == {"pooled"} and "fewer than 5" in d.ranked_by.iloc[0]


def test_tf_idf_by_side_by_hand():
    counts = pd.DataFrame({"group": ["L", "L", "L", "R", "R", "R"],
                           "doc_id": ["l1", "l1", "l2", "r1", "r2", "r2"],
                           "term": ["tax", "war", "tax", "tax", "jobs", "tax"],
                           "n": [1, 3, 2, 2, 2, 2]})
    t = dc.tf_idf_by_side(counts, by="group", focus="L").set_index(["side", "term"])
    # 4 documents; tax in all 4: idf 0; war in 1: ln 4; jobs in 1: ln 4
    assert t.loc[("focus", "war"), "tf_idf_mean"] == pytest.approx(0.75 * math.log(4) / 2)
    assert t.loc[("focus", "tax"), "tf_idf_mean"] == 0
    assert t.loc[("reference", "jobs"), "tf_idf_max"] == pytest.approx(0.5 * math.log(4))
    assert t.loc[("reference", "jobs"), "n_docs"] == 1
    assert t.loc[("reference", "tax"), "n_docs"] == 2 and t.loc[("reference", "tax"), "n"] == 4
    assert set(t.n_docs_in_side) == {2}
    top = dc.tf_idf_by_side(counts, by="group", focus="L", top=1)
    assert top.term.tolist() == ["war", "jobs"]


def test_pooled_alpha_inf_keeps_every_term_of_a_pair_of_texts():
    counts = pd.DataFrame({"group": ["a", "a", "b", "b"], "doc_id": ["d1", "d1", "d2", "d2"],
                           "term": ["war", "peace", "war", "trade"], "n": [3, 1, 1, 3]})
    strict = dc.distinctive_terms(counts, by="group", focus="a", reference="b")
    assert "war" not in set(strict.term)  # 3 vs 1 in eight words: not significant
    every = dc.distinctive_terms(counts, by="group", focus="a", reference="b",
                                 pooled_alpha=np.inf)
    assert set(every.test) == {"pooled"}
    assert sorted(every.term) == ["peace", "trade", "war"]  # every term with g2 != 0
    assert every.ranked_by.iloc[0].startswith("every term")


def test_old_column_names_warn_and_read_the_new_ones():
    p = dc.distinctive_terms(speeches(), by="group", focus="left", min_docs=50)
    springfield = (p.term == "springfield").to_numpy()
    with pytest.deprecated_call(match="'top_doc_n' is now 'n_top_doc'"):
        assert p["top_doc_n"][springfield].tolist() == [20]  # 20 uses in one speech (by hand)
    with pytest.deprecated_call(match="'docs_in_focus' is now 'n_docs_in_focus'"):
        assert set(p.docs_in_focus) == {8}
    counts = pd.DataFrame({"group": ["L", "L", "R"], "doc_id": ["l1", "l2", "r1"],
                           "term": ["tax", "tax", "jobs"], "n": [1, 1, 1]})
    t = dc.tf_idf_by_side(counts, by="group", focus="L")
    with pytest.deprecated_call(match="'docs' is now 'n_docs'"):
        assert t.docs.tolist() == [2, 1]  # tax in both L documents, jobs in the R one
    with pytest.deprecated_call(match="'docs_in_side' is now 'n_docs_in_side'"):
        assert t["docs_in_side"].tolist() == [2, 1]


def test_focus_defaults_and_sides():
    counts = speeches(n_per_side=6)
    d = dc.distinctive_terms(counts, by="group", focus="left")
    pd.testing.assert_frame_equal(dc.distinctive_terms(counts, by="group"), d)
    docs = counts[["doc_id", "group"]].drop_duplicates().reset_index(drop=True)
    s = dc.comparisons(docs)[0]  # left (first in the column) against right
    assert (s.by, s.focus, s.reference) == ("group", "left", ("right",))
    pd.testing.assert_frame_equal(dc.distinctive_terms(counts, sides=s),
                                  dc.distinctive_terms(counts, by="group", focus="left",
                                                       reference="right"))
    t = dc.tf_idf_by_side(counts, by="group", focus="left")
    pd.testing.assert_frame_equal(dc.tf_idf_by_side(counts, by="group"), t)
    pd.testing.assert_frame_equal(dc.tf_idf_by_side(counts, sides=s), t)
    # by hand: "fairness" twice in each of the 6 left speeches, never on the right
    fair = t[(t.side == "focus") & (t.term == "fairness")]
    assert fair.n.tolist() == [12] and fair.n_docs.tolist() == [6]


def test_three_groups_need_a_focus():
    counts = speeches(n_per_side=2)
    counts = pd.concat([counts, counts[counts.group == "right"].assign(
        group="centre", doc_id=lambda d: "c" + d.doc_id)], ignore_index=True)
    for fn in (dc.distinctive_terms, dc.tf_idf_by_side):
        with pytest.raises(dc.InputError, match=r"shows one comparison.*'left', 'right', "
                                                r"'centre'"):
            fn(counts, by="group")
        with pytest.raises(dc.InputError, match="needs by="):
            fn(counts, focus="left")
    rest = dc.tf_idf_by_side(counts, by="group", focus="left")
    assert set(rest.label[rest.side == "reference"]) == {"right + centre"}
