"""Rules of dc.actors, one sentence (or two) written for each."""

import re

import pandas as pd
import pytest

import discourse as dc
from discourse.voices.gazetteer import load_gazetteer


def corpus_of(texts):
    return dc.from_texts(texts, sections=dc.all_body)


def totals(c, **kw):
    a = dc.actors(c, **kw)
    return a.groupby("actor").n.sum().to_dict(), a.drop_duplicates("actor").set_index("actor")


@pytest.mark.parametrize("text, actor, n", [
    # single-word names
    ("Talks stalled when Putin left. Later Putin returned.", "Putin", 2),
    ("Leaders met in Kyiv, where Zelensky spoke.", "Zelensky", 1),
    # a declared alias joins its entity
    ("Members of NATO met. Then NATO agreed.", "North Atlantic Treaty Organization", 2),
    ("They flew to the US and later to the United States.", "United States", 2),
    # possessives
    ("We read Putin's speech and Putin\u2019s letter.", "Putin", 2),
    # names with titles
    ("We met President Volodymyr Zelensky in spring.", "Volodymyr Zelensky", 1),
    ("We thanked Mr. Galeotti and Dr. Mark Galeotti.", "Mark Galeotti", 2),
    # sentence-initial names: counted when capitalised mid-sentence elsewhere or known
    ("Galeotti spoke first. Then came Galeotti again.", "Galeotti", 2),
    ("Ukraine is large. We saw it.", "Ukraine", 1),
])
def test_names_found(text, actor, n):
    got, _ = totals(corpus_of({"d": text}))
    assert got.get(actor) == n


@pytest.mark.parametrize("text, not_actor", [
    ("Thank you all. We thank you again.", "Thank"),  # written in lower case more often
    ("Yet Putin spoke.", "Yet"),  # a sentence opener
    ("The East European history is long.", "East European"),  # a nationality adjective
    ("The East European history is long.", "East"),
    ("We met on Monday in August and saw the Russian army.", "Monday"),
    ("We met on Monday in August and saw the Russian army.", "August"),
    ("We met on Monday in August and saw the Russian army.", "Russian"),
    ("Mr. Chairman, we thank you.", "Chairman"),  # a title with no name after it
    ("The GDP grew in the US.", "GDP"),
    ("Remembering President Reagan helps.", "Remembering President Reagan"),  # an -ing opener
])
def test_capitalised_non_actors(text, not_actor):
    got, _ = totals(corpus_of({"d": text}))
    assert not_actor not in got


def test_short_forms_are_an_entitys_own():
    c = corpus_of({"a": "We met Mark Galeotti. Later Galeotti left. Trade with South America "
                        "grew, and America gained. The States and the United States differ."})
    got, _ = totals(c)
    assert got["Mark Galeotti"] == 2  # the surname joins the person
    assert got["South America"] == 1 and got["America"] == 1  # a place never takes its last word
    assert got["United States"] == 1 and got["States"] == 1  # not declared: stays apart
    got, _ = totals(c, aliases={"States": "United States"})
    assert got["United States"] == 2 and "States" not in got


def test_a_place_before_a_name_found_elsewhere_is_cut_off():
    c = corpus_of({"a": "We met Barack Obama. This is the America Barack Obama believes in."})
    got, _ = totals(c)
    assert got == {"Barack Obama": 2, "America": 1}


def test_a_known_place_name_is_not_cut():
    got, _ = totals(corpus_of({"a": "We drove to Kansas City and to the City of Kansas."}))
    assert got["Kansas City"] == 1


def test_a_lone_given_name_makes_no_surname():
    got, k = totals(corpus_of({"a": "The GI Bill helped. We thank Bill for it."}))
    assert k.kind["GI Bill"] == "other" and got["GI Bill"] == 1


def test_a_surname_that_is_a_place_stays_the_place():
    got, _ = totals(corpus_of({"a": "George Washington was born in Virginia. We flew to "
                                    "Washington."}))
    assert got == {"George Washington": 1, "Virginia": 1, "Washington": 1}


def test_a_titled_surname_goes_to_the_person_with_that_title():
    c = corpus_of({"a": "Michelle Obama spoke of President Barack Obama. Michelle Obama smiled "
                        "and President Obama waved."})
    got, _ = totals(c)
    assert got["Barack Obama"] == 2 and got["Michelle Obama"] == 2


@pytest.mark.parametrize("text, actor, kind, evidence", [
    ("Trade with Ukraine grew.", "Ukraine", "place", "gazetteer: country"),
    ("Officials in Moscow met.", "Moscow", "place", "gazetteer: capital"),
    ("A village in Wales thrived.", "Wales", "place", "gazetteer: country"),
    ("Members of NATO met.", "North Atlantic Treaty Organization", "organisation",
     "gazetteer: international"),
    ("Most Americans agree.", "Americans", "group", "nationality: Americans"),
    ("The Senate Republicans agree.", "Senate Republicans", "group", "nationality: Republicans"),
    ("He joined the Valdai Club early.", "Valdai Club", "organisation", "org_word: Club"),
    ("We met President Zorblat in May.", "Zorblat", "person", "title: President"),
    ("Then Dr. Quux spoke.", "Quux", "person", "title: Dr"),
    ("So Ms. Quux spoke.", "Quux", "person", "title: Ms"),
    ("The war goes on, argues Quux.", "Quux", "person", "reporting_verb: argues"),
    ("So the analyst Quux Zorblat met us.", "Quux Zorblat", "person", "role: analyst"),
    ("We met Quux Zorblat, a leading journalist, there.", "Quux Zorblat", "person",
     "role: journalist"),
    ("So Mark Zorblat came.", "Mark Zorblat", "person", "given_name: Mark"),
    ("My kids, Rebecca and Quux, came.", "Rebecca", "person", "given_name: Rebecca"),
    ("My name is Quux Zorblat.", "Quux Zorblat", "person", "role: name is"),
    # the word after a name is no evidence of its kind (issue 23)
    ("The Zorblat administration fell.", "Zorblat", "other", "none"),
    ("The Federal Government claimed the land.", "Federal Government", "organisation",
     "not_person: Government"),
    ("The Southern States, our sisters, seceded.", "Southern States", "place",
     "not_person: States"),
    ("We swore on the Bible.", "Bible", "other", "not_person: Bible"),
    ("So the Federal Constitution stands.", "Federal Constitution", "other",
     "not_person: Constitution"),
    ("We read the Declaration of Independence.", "Declaration of Independence", "other",
     "not_person: Declaration"),
    ("Then Mr. Madison spoke.", "Madison", "person", "title: Mr"),
    ("We rowed the Quux River.", "Quux River", "place", "place_word: River"),
    ("He loves his Mother Russia.", "Mother Russia", "place", "gazetteer_word: Russia"),
    ("We read the New START treaty.", "New START", "other", "none"),
])
def test_kinds_and_their_evidence(text, actor, kind, evidence):
    _, k = totals(corpus_of({"d": text}))
    assert (k.kind[actor], k.kind_evidence[actor]) == (kind, evidence)


def test_kind_column_and_counts_per_document():
    c = corpus_of({"a": "So Putin argues. NATO waits. Then Putin says so.", "b": "Nothing here."})
    a = dc.actors(c, fill_zeros=True)
    assert list(a.columns) == ["actor", "doc_id", "n", "forms", "kind", "kind_evidence"]
    rows = {(r.actor, str(r.doc_id)): (r.n, r.kind) for r in a.itertuples()}
    assert rows[("Putin", "a")] == (2, "person") and rows[("Putin", "b")] == (0, "person")
    assert (dc.actors(c).n > 0).all() and ("Putin", "b") not in {
        (r.actor, str(r.doc_id)) for r in dc.actors(c).itertuples()}
    assert set(a.kind) <= {"person", "place", "organisation", "group", "other"}


def test_recognizer_seam():
    def rec(text):  # a stand-in for a real NER model: every "Zorblat" is an organisation
        return [(m.start(), m.end(), "organisation") for m in re.finditer("Zorblat", text)]

    c = corpus_of({"a": "The Zorblat met. Putin argued with zorblat and the Zorblat's head."})
    a = dc.actors(c, recognizer=rec)
    assert a.actor.tolist() == ["Zorblat"] and a.n.tolist() == [2]
    assert a.kind.tolist() == ["organisation"] and a.kind_evidence.tolist() == [
        "recognizer: organisation"]
    with pytest.raises(dc.InputError, match="recognizer"):
        dc.actors(c, recognizer="spacy")
    with pytest.raises(dc.InputError, match="recognizer"):
        dc.actors(c, recognizer=lambda t: [(0,)])


def test_mentions_round_trip_on_the_example(example):
    m = dc.actor_mentions(example)
    for r in m.itertuples():
        assert example.text_of(str(r.doc_id))[r.start:r.end] == r.text


def test_every_person_of_the_example_is_a_person_and_putin_leads(example):
    a = dc.actors(example)
    total = a.groupby("actor").n.sum().sort_values(ascending=False, kind="stable")
    assert total.index[0] == "Putin"
    kinds = a.drop_duplicates("actor").set_index("actor").kind
    # every person named in the analysed paragraphs, read by hand
    # ("Biden" occurs only in "the Biden administration": no evidence at the name itself)
    persons = ["Putin", "Fyodor Lukyanov", "Donald Trump", "Kristine Berzina",
               "Mark Galeotti", "Volodymyr Zelensky", "JD Vance", "Andrei Soldatov",
               "Monica White"]
    assert {p: kinds.get(p) for p in persons} == {p: "person" for p in persons}
    # Putin: counted by hand in the analysed paragraphs ("Putin" and "Putin's"/"Putin’s")
    text = " ".join(example.analyzed("paragraphs").text)
    assert total["Putin"] == len(re.findall(r"\bPutin\b", text))


def test_no_actor_counts_more_than_its_own_forms_occur():
    c = corpus_of({"a": "Barack Obama spoke. Barack Obama left. President Obama and Michelle "
                        "Obama waved. Trade with South America and America grew. The Federal "
                        "Government and the Government agreed. Almighty God and God.",
                   "b": "Obama met Governor Mitt Romney. Mitt Romney and Romney spoke with "
                        "Ann Romney."})
    a = dc.actors(c)
    text = " ".join(c.analyzed("paragraphs").text)
    g = load_gazetteer().names
    alias_of = dict(zip(g.name, g.actor, strict=True))
    for actor, grp in a.groupby("actor"):
        forms = grp.forms.iloc[0].split("; ")
        kind = grp.kind.iloc[0]
        for f in forms:  # each form is the actor's own
            assert f == actor or alias_of.get(f) == actor or (
                kind == "person" and f in (actor.split()[0], actor.split()[-1])), (actor, f)
        raw = sum(len(re.findall(rf"\b{re.escape(f)}\b", text)) for f in forms)
        assert grp.n.sum() <= raw, actor
    n = a.groupby("actor").n.sum()
    assert n["South America"] == 1 and n["America"] == 1
    # the lone "Obama" of b goes to the Obama named most in full; "President Obama" stays
    # apart (two Obamas, neither named with that title)
    assert n["Barack Obama"] == 3 and n["Michelle Obama"] == 1 and n["Obama"] == 1
    assert n["Mitt Romney"] == 3


def test_empty_and_bad_arguments():
    c = corpus_of({"a": "it may rain.", "b": "we think so."})
    assert dc.actors(c).empty and dc.actor_mentions(c).empty
    with pytest.raises(dc.InputError, match="aliases"):
        dc.actors(c, aliases=["x"])
    assert isinstance(dc.actors(c, min_words=2), pd.DataFrame)


def test_hyphenated_nationality_and_acronyms():
    got, k = totals(corpus_of({"a": "The African-American vote matters. His wife, NAFTA, "
                                    "and ISIS came up."}))
    assert "African-American" not in got
    assert k.kind["NAFTA"] == "other"  # an acronym takes no role noun as evidence
    assert k.kind["Islamic State"] == "organisation"


def test_a_titled_surname_of_several_untitled_persons_stays_apart():
    c = corpus_of({"a": "Barack Obama and Michelle Obama came. Michelle Obama spoke, then "
                        "President Obama."})
    got, _ = totals(c)
    assert got == {"Barack Obama": 1, "Michelle Obama": 2, "Obama": 1}


@pytest.mark.parametrize("text, actor, kind, evidence", [
    ("We lived on Garfield Street then.", "Garfield Street", "place", "place_word: Street"),
    ("We showed Virginians and Ohioans the plan.", "Virginians", "group",
     "demonym: Virginia"),
    ("We showed Virginians and Ohioans the plan.", "Ohioans", "group", "demonym: Ohio"),
    ("A plant in Wixom, Michigan closed.", "Wixom", "place", "in_place: Michigan"),
    # "Young" is a given name, but these texts write "young" in lower case more often
    ("The young and the young at heart came. So, Young America, hear us.", "Young America",
     "place", "gazetteer_word: America"),
    ("We saw Washington, D.C. last year.", "District of Columbia", "place",
     "gazetteer: us_district"),
])
def test_more_place_and_group_evidence(text, actor, kind, evidence):
    _, k = totals(corpus_of({"d": text}))
    assert (k.kind[actor], k.kind_evidence[actor]) == (kind, evidence)


def test_a_possessive_is_no_subject_of_a_reporting_verb():
    _, k = totals(corpus_of({"a": "So Quux's declared goals are odd."}))
    assert k.kind_evidence["Quux"] != "reporting_verb: declared"


def test_find_names_flags_sentence_openers_in_is_initial():
    c = corpus_of(["Putin spoke. Later President Volodymyr Zelensky met Putin."])
    names = dc.find_names(c)
    assert names.name.tolist() == ["Putin", "Volodymyr Zelensky", "Putin"]
    assert names.is_initial.tolist() == [True, False, False]
    assert names.is_initial.dtype == bool and "initial" not in names.columns
    with pytest.deprecated_call(match="is_initial"):  # the old name still reads, and warns
        assert names["initial"].tolist() == names.is_initial.tolist()
    spans = dc.find_names(c, recognizer=lambda text: [(0, 5)])
    assert spans.is_initial.tolist() == [False] and spans.recognizer_kind.isna().all()


def test_institutions_are_never_persons_nor_absorb_a_pronoun_or_short_form():
    c = corpus_of({"a": "The Federal Government claimed the land. The Government was wrong. "
                        "He said so. President Zorblat spoke, and he left."})
    k = dc.actors(c).drop_duplicates("actor").set_index("actor").kind
    assert k["Federal Government"] == "organisation" and k.get("Government") != "person"
    assert "Government" not in set(k.index) or k["Government"] == "organisation"


def test_washington_by_context():
    c = corpus_of({"a": "George Washington led the army. Later Washington resigned. "
                        "We flew to Washington."})
    m = dc.actors(c, mentions=True)
    assert m.actor.tolist() == ["George Washington", "George Washington", "Washington"]
    assert m.kind.tolist()[-1] == "place"


def test_a_shouted_sentence_adds_no_common_word_to_a_name():
    """An all-caps word the corpus writes in lower case ("WILL", "BACK") is no part of a name."""
    text = ("We will win, and we will be back. Donald Trump will lead. He will come back. "
            "Trump will win. DONALD TRUMP WILL HAVE YOUR BACK.")
    a = dc.actors(dc.from_texts({"a": text}))
    assert not any(w in name.split() for name in a["actor"] for w in ("WILL", "HAVE", "BACK"))
    assert "Donald Trump" in set(a["actor"])
