"""The stance lexicon: shipped data, provenance, user files and their validation."""

import re
from importlib import resources

import pandas as pd
import pytest

import discourse as dc
from discourse.stance.lexicon import CATEGORIES, COLUMNS, CONTEXT_TAGS, form_tokens, split_forms
from discourse.stance.markers import RULES


@pytest.fixture(scope="module")
def lex():
    return dc.load_lexicon()


def _doc():
    return resources.files("discourse.resources").joinpath("LEXICON.md").read_text("utf-8")


def test_shipped_lexicon_shape(lex):
    assert list(lex.columns) == list(COLUMNS)
    assert isinstance(lex.index, pd.RangeIndex)
    assert set(lex.category) == set(CATEGORIES)
    assert (lex.entry != "").all() and (lex.source != "").all()
    # every form of every row tokenizes to something, and no form repeats within a category
    keys = [(c, " ".join(form_tokens(f))) for c, e, fs in zip(lex.category, lex.entry, lex.forms,
                                                                  strict=True)
            for f in split_forms(fs or e)]
    assert all(k[1] for k in keys)
    assert len(keys) == len(set(keys))


def test_required_entries_of_the_issue(lex):
    rows = lex.set_index(["entry", "category"])
    assert rows.loc[("suggest", "hedge"), "forms"] == "suggest|suggests|suggested|suggesting"
    for phrase in ["according to", "in fact", "at least", "it is clear that", "made it clear"]:
        assert phrase in set(lex.entry), phrase
    # "reportedly" is both a hedge and attribution: two rows
    assert set(lex.loc[lex.entry == "reportedly", "category"]) == {"hedge", "attribution"}
    informal = set(lex.loc[lex.category == "informal", "forms"].str.split("|").explode())
    assert {"ain't", "tryna", "gonna", "ol'"} <= informal


def test_context_tags_and_rules_are_documented(lex):
    doc = _doc()
    used = {t for c in lex.context for t in c.split()}
    assert used <= set(CONTEXT_TAGS)
    for tag in CONTEXT_TAGS:
        assert f"`{tag}`" in doc, tag
    for rule in RULES:
        assert f"`{rule}`" in doc or rule == "lexicon", rule


def test_sources_are_listed_in_the_provenance_file(lex):
    doc = _doc()
    sources = {s.strip() for cell in lex.source for s in cell.split(";")}
    for s in sources:
        if s == "team":
            continue
        author, year = re.match(r"(.+?) (\d{4})$", s).groups()
        first = author.split()[0].rstrip(",")
        assert re.search(rf"{re.escape(first)}.*\({year}\)", doc), s


def test_load_returns_a_copy(lex):
    lex2 = dc.load_lexicon()
    lex2.loc[0, "entry"] = "changed"
    assert dc.load_lexicon().loc[0, "entry"] == lex.loc[0, "entry"]


def test_user_file_replaces_or_extends(tmp_path, lex):
    p = tmp_path / "mine.csv"
    p.write_text("entry,category,forms\nmull,hedge,mull|mulls\n"
                 "innit,informal,\n", encoding="utf-8")
    own = dc.load_lexicon(p)
    assert own[["entry", "category", "forms"]].values.tolist() == [
        ["mull", "hedge", "mull|mulls"], ["innit", "informal", ""]]
    assert list(own.columns) == list(COLUMNS)
    p2 = tmp_path / "more.csv"
    p2.write_text("entry,category,forms\nmull,hedge,mull|mulls\n", encoding="utf-8")
    both = dc.load_lexicon(p2, extend=True)
    assert len(both) == len(lex) + 1
    c = dc.from_texts(["I mull it over."])
    assert dc.find_markers(c, lexicon=p2)["entry"].tolist() == ["mull"]


@pytest.mark.parametrize("content, problem", [
    ("entry,category\nmaybe,hedge\nwow,slang\n", r"mine\.csv, line 3: unknown category 'slang'"),
    ("entry,category,context\nmaybe,hedge,sometimes\n", r"line 2: unknown context tag 'sometimes'"),
    ("entry,category\n,hedge\n", r"line 2: the entry is empty"),
    ("entry,category\nmaybe,hedge\nmaybe,hedge\n", r"line 3: the form 'maybe' of category 'hedge' "
                                                  r"is already listed \(mine\.csv, line 2"),
    ("entry,category,forms\nmaybe,hedge,maybe||perhaps\n",
     r"line 2: entry 'maybe' has an empty form"),
    ("entry,category,forms\nx,informal,*a b\n", r"line 2: the wildcard form"),
    ("entry,type\nmaybe,hedge\n", r"line 1: the header has no column 'category'"),
    ("entry,category\nmaybe,hedge,extra\n", r"line 2: 3 fields where the header has 2"),
    ("", r"mine\.csv is empty"),
])
def test_bad_rows_name_file_line_and_problem(tmp_path, content, problem):
    p = tmp_path / "mine.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(dc.InputError, match=problem):
        dc.load_lexicon(p)


def test_line_numbers_count_quoted_multiline_fields(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text('entry,category,notes\nmaybe,hedge,"two\nlines"\nwow,slang,\n', encoding="utf-8")
    with pytest.raises(dc.InputError, match="line 4: unknown category"):
        dc.load_lexicon(p)


def test_extend_conflict_names_both_files(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text("entry,category\nperhaps,hedge\n", encoding="utf-8")
    with pytest.raises(dc.InputError, match=r"mine\.csv, line 2: .*stance_lexicon\.csv, line \d+"):
        dc.load_lexicon(p, extend=True)


def test_missing_file_and_bad_dataframe():
    with pytest.raises(dc.InputError, match="not found"):
        dc.load_lexicon("no/such/lexicon.csv")
    with pytest.raises(dc.InputError, match="extend=True needs a path"):
        dc.load_lexicon(extend=True)
    c = dc.from_texts(["It may rain."])
    with pytest.raises(dc.InputError, match="unknown category 'vibes'"):
        dc.find_markers(c, lexicon=pd.DataFrame({"entry": ["x"], "category": ["vibes"]}))
    with pytest.raises(dc.InputError, match="no column 'category'"):
        dc.find_markers(c, lexicon=pd.DataFrame({"entry": ["x"]}))


def test_forms_tokenize_like_the_corpus():
    assert form_tokens("It’s  clear that") == ("it's", "clear", "that")
    assert form_tokens("'em") == ("'", "em")
    assert form_tokens("*in'") == ("*in'",)
    assert split_forms(" a | b ") == ["a", "b"]


def test_the_lexicon_imports_nothing_from_the_views():
    # stance is floor 2, views floor 4: the category colours live in views.palette only
    import ast
    import inspect

    import discourse.stance.lexicon as lexicon

    tree = ast.parse(inspect.getsource(lexicon))
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [m for m in modules if "views" in m]
    assert not hasattr(lexicon, "CATEGORY_COLORS")
