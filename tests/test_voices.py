import warnings

import pandas as pd
import pytest
from helpers import hand_markers

import discourse as dc
import discourse.stance.markers


def corpus_of(texts):
    return dc.from_texts(texts, sections=dc.all_body)


def cue_markers(corpus, cues, category="attribution"):
    """Hand-made markers of one category: one row per (doc_id, cue text)."""
    return hand_markers(corpus, [(d, cue, category) for d, cue in cues],
                        subcategory="reporting verb")


@pytest.mark.parametrize("sentence, cue, source, rule", [
    ("Russia may stall, says Berzina.", "says", "Berzina", "postposed"),
    ("Russia might mess with elections, speculates Berzina.", "speculates", "Berzina",
     "postposed"),
    ("The war drags on, says analyst Mark Galeotti.", "says", "Mark Galeotti", "postposed"),
    ("The talks stalled, says Monica White, an associate professor.", "says", "Monica White",
     "postposed"),
    ('"Many people find Putin untrustworthy," says Berzina.', "says", "Berzina", "postposed"),
    ("It was not enough for ol' Mother Russia, a claims Berzina.", "claims", "Berzina",
     "postposed"),
    ("Mark Galeotti, a leading Russia analyst, says Putin was fooled.", "says",
     "Mark Galeotti", "appositive"),
    ("Andrei Soldatov, a Russian investigative journalist, believes Putin wants quick wins.",
     "believes", "Andrei Soldatov", "appositive"),
    ("Experts say Putin's drivel is nonsense.", "say", "Experts", "preposed"),
    ("Still, it wasn't enough for Putin, experts say.", "say", "experts", "preposed"),
    ("If multipolarity existed, Putin speculated, NATO would not expand.", "speculated", "Putin",
     "preposed"),
    ("Putin always argues that Ukraine has no right to exist.", "argues", "Putin", "preposed"),
    # the source is the actor's own mention inside the phrase
    ("Trump's Chandu claims Putin is after more.", "claims", "Chandu", "preposed"),
    ("Many experts say the deal is near.", "say", "Many experts", "preposed"),
    # a pronoun with no antecedent is no source (source_kind says "unresolved (pronoun)")
    ("He says the war is over.", "says", None, "preposed"),
    ("He might find a buddy in Trump, who believes the strong should win.", "believes", "Trump",
     "relative"),
    ("According to Kristine Berzina, a managing director, Putin gave up his seat.",
     "According to", "Kristine Berzina", "according_to"),
    ("The future, according to Galeotti, depends on the US.", "according to", "Galeotti",
     "according_to"),
    ("According to the report, talks failed.", "According to", "the report", "according_to"),
    ("In the words of Mark Galeotti, it failed.", "words of", "Mark Galeotti", "source_phrase"),
    ("The claim by NATO officials was denied.", "claim by", "NATO officials", "source_phrase"),
    ("The US reportedly discovered this at the summit.", "reportedly", None, "unnamed"),
    ("It is claimed that the war is over.", "claimed", None, "passive"),
])
def test_source_patterns(sentence, cue, source, rule):
    c = corpus_of({"d": sentence})
    got = dc.attributions(c, cue_markers(c, [("d", cue)]))
    assert len(got) == 1
    row = got.iloc[0]
    assert row.text == cue and row.source_rule == rule
    if source is None:
        assert row.source is None and pd.isna(row.source_start) and pd.isna(row.source_end)
    else:
        assert row.source == source
        assert c.text_of("d")[row.source_start:row.source_end] == source
    assert row.sentence == sentence


def test_cue_that_includes_the_source():
    # a tagger may mark "says Berzina" or "experts say" as a whole
    c = corpus_of({"d": "Russia may stall, says Berzina. Experts say so."})
    got = dc.attributions(c, cue_markers(c, [("d", "says Berzina"), ("d", "Experts say")]))
    assert got.source.tolist() == ["Berzina", "Experts"]
    assert got.sent_id.tolist() == [0, 1]


def test_only_attribution_rows_and_no_duplicates():
    c = corpus_of({"d": "Russia may stall, says Berzina."})
    m = pd.concat([cue_markers(c, [("d", "says")]), cue_markers(c, [("d", "says")]),
                   cue_markers(c, [("d", "may")], category="hedge")], ignore_index=True)
    got = dc.attributions(c, m)
    assert got.text.tolist() == ["says"]
    assert list(got.columns) == ["doc_id", "para_id", "sent_id", "start", "end", "text",
                                 "source", "source_start", "source_end", "source_rule",
                                 "source_kind", "source_actor", "is_resolved", "resolved_from",
                                 "resolved_from_start", "resolved_from_end", "sentence"]
    assert got.index.equals(pd.RangeIndex(1))


def test_empty_markers_give_an_empty_table():
    c = corpus_of({"d": "Nothing is attributed here."})
    m = cue_markers(c, [("d", "Nothing")], category="hedge")
    got = dc.attributions(c, m)
    assert got.empty and "source" in got.columns


def test_missing_marker_columns_are_named():
    c = corpus_of({"d": "Experts say so."})
    with pytest.raises(dc.InputError, match="category"):
        dc.attributions(c, pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "start": [0],
                                         "end": [3]}))


def test_builtin_cues_when_the_tagger_is_missing(monkeypatch):
    def missing(*args, **kwargs):
        raise NotImplementedError("find_markers")

    monkeypatch.setattr(discourse.stance.markers, "find_markers", missing)
    c = corpus_of({"d": "Experts say the war is lost. I say it is not. The claim that it "
                        "ended is old. It reportedly ended, according to Berzina."})
    with pytest.warns(UserWarning, match="built-in"):
        got = dc.attributions(c)
    # kept: "say" with "Experts"; "reportedly" (unnamed); "according to" Berzina.
    # dropped: "I say" (first person) and the noun "claim" (no source found)
    assert got.text.tolist() == ["say", "reportedly", "according to"]
    assert got.source.tolist() == ["Experts", None, "Berzina"]


def test_example_sources(example):
    cues = [("news_rewrite", "According to"), ("news_rewrite", "speculates"),
            ("news_rewrite", "believes"), ("cepa_essay", "reportedly")]
    got = dc.attributions(example, cue_markers(example, cues))
    # rows in text order: the essay first
    assert got.source.tolist() == [None, "Kristine Berzina", "Berzina", "Andrei Soldatov"]
    assert got.source_rule.tolist() == ["unnamed", "according_to", "postposed", "appositive"]


# -- actors ---------------------------------------------------------------------------------------
def test_actors_merge_by_surname_and_count_per_document():
    c = corpus_of({"a": "We met Kristine Berzina. Later, Berzina left. Berzina's view is firm.",
                   "b": "Nobody met Berzina there. Then came Mark Galeotti."})
    got = dc.actors(c, fill_zeros=True)
    # a: "Kristine Berzina" + "Berzina" + "Berzina's" = 3; b: "Berzina" = 1
    assert got[["actor", "doc_id", "n"]].astype({"doc_id": str}).values.tolist() == [
        ["Kristine Berzina", "a", 3], ["Kristine Berzina", "b", 1],
        ["Mark Galeotti", "a", 0], ["Mark Galeotti", "b", 1]]
    assert dc.actors(c)[["actor", "n"]].values.tolist() == [
        ["Kristine Berzina", 3], ["Kristine Berzina", 1], ["Mark Galeotti", 1]]
    assert got.forms.iloc[0] == "Berzina; Kristine Berzina"


def test_actor_at_sentence_start_titles_and_connectors():
    c = corpus_of({"a": "Andrei Soldatov, a journalist, spoke. The Europeans agreed. They met "
                        "President Volodymyr Zelensky in the Ministry of Foreign Affairs."})
    names = set(dc.actors(c).actor)
    # "The Europeans" is a group (a plural of nationality), not a person
    assert names == {"Andrei Soldatov", "Volodymyr Zelensky", "Ministry of Foreign Affairs",
                     "Europeans"}


def test_no_surname_merge_for_a_word_used_before():
    c = corpus_of({"a": "Russia is big. Russia is cold. He loves his Mother Russia."})
    got = dc.actors(c)
    # "Russia" is a place: never the short form of "Mother Russia"
    assert dict(zip(got.actor, got.n, strict=True)) == {"Russia": 2, "Mother Russia": 1}


def test_user_actors_list_and_aliases():
    c = corpus_of({"a": "Putin spoke. Moscow agreed, and Kristine Berzina said Berzina's view "
                        "holds.", "b": "The Kremlin and Putin's aides."})
    got = dc.actors(c, actors={"Russia": ["Moscow", "Kremlin"], "Kristine Berzina":
                               ["Kristine Berzina"], "Putin": ["Putin"], "Nobody": ["Zorro"]},
                    fill_zeros=True)
    n = {(r.actor, str(r.doc_id)): r.n for r in got.itertuples()}
    assert n[("Putin", "a")] == 1 and n[("Putin", "b")] == 1
    assert n[("Russia", "a")] == 1 and n[("Russia", "b")] == 1
    assert n[("Kristine Berzina", "a")] == 2 and n[("Kristine Berzina", "b")] == 0
    assert n[("Nobody", "a")] == 0  # your actors stay, with zero counts, with fill_zeros
    assert dc.actors(c, actors=["Putin"]).n.tolist() == [1, 1]


def test_actor_mentions_round_trip():
    c = corpus_of({"a": "We met Kristine Berzina. Later, Berzina\u2019s aide left."})
    m = dc.actors(c, mentions=True)
    assert m.text.tolist() == ["Kristine Berzina", "Berzina"]  # the name, not its "'s"
    for r in m.itertuples():
        assert c.text_of(str(r.doc_id))[r.start:r.end] == r.text


def test_min_words_one_finds_single_names_and_still_merges():
    c = corpus_of({"a": "Yet Putin spoke. Donald Trump listened, and Trump nodded."})
    got = dc.actors(c, min_words=1)
    # "Yet" opens a sentence and is no name; "Trump" folds into "Donald Trump"
    assert dict(zip(got.actor, got.n, strict=True)) == {"Donald Trump": 2, "Putin": 1}
    with pytest.raises(dc.InputError, match="min_words"):
        dc.actors(c, min_words=0)


def test_example_actors(example):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = dc.actors(example)
    n = {(r.actor, str(r.doc_id)): r.n for r in got.itertuples()}
    assert n[("Kristine Berzina", "news_rewrite")] == 4  # Kristine Berzina + 3 x Berzina
    assert n[("Mark Galeotti", "news_rewrite")] == 4
    assert n[("Donald Trump", "cepa_essay")] == 1
    assert ("Mother Russia", "news_rewrite") in n and n[("Mother Russia", "news_rewrite")] == 1


def test_actors_on_a_corpus_without_names():
    # no capitalised run at all: an empty table, not an error
    c = dc.from_texts({"a": "it may rain today. we stay in.", "b": "no names here either."})
    out = dc.actors(c)
    assert len(out) == 0
    assert {"actor", "doc_id", "n"} <= set(out.columns)
    assert len(dc.actors(c, mentions=True)) == 0


# -- attribution rules of issue 14 ---------------------------------------------------------------
@pytest.mark.parametrize("sentence, cue", [
    ("Let me say that the plan works.", "say"),
    ("I need not argue these principles.", "argue"),
    ("We have long argued that taxes are too high.", "argued"),
    ("This is the country, as I trust and believe, that leads.", "believe"),
    ("Now, we Democrats believe in work.", "believe"),
    ("I've said it before.", "said"),
])
def test_a_first_person_subject_is_no_cited_source(sentence, cue):
    c = corpus_of({"d": sentence})
    assert dc.attributions(c, cue_markers(c, [("d", cue)])).empty


def test_contracted_pronoun_subject():
    c = corpus_of({"d": "Many Republicans came. They've said the plan fails."})
    row = dc.attributions(c, cue_markers(c, [("d", "said")])).iloc[0]
    assert (row.source, row.resolved_from, row.source_kind) == ("Republicans", "They've", "group")


def test_they_resolved_to_a_group_and_auxiliaries_skipped():
    c = corpus_of({"d": "Republicans say they don't believe in government."})
    row = dc.attributions(c, cue_markers(c, [("d", "believe")])).iloc[0]
    assert (row.source, row.source_kind, row.resolved_from) == ("Republicans", "group", "they")


def test_pronoun_resolved_to_the_nearest_person_of_the_paragraph():
    text = ("Mark Galeotti met NATO officials in Riga. He says the war is lost.\n\n"
            "He argues it again.")
    c = corpus_of({"d": text})
    got = dc.attributions(c, cue_markers(c, [("d", "says"), ("d", "argues")]))
    first, second = got.iloc[0], got.iloc[1]
    assert first.source == "Mark Galeotti" and first.is_resolved
    assert first.source_kind == "person" and first.source_actor == "Mark Galeotti"
    assert first.resolved_from == "He"
    assert text[first.resolved_from_start:first.resolved_from_end] == "He"
    assert text[first.source_start:first.source_end] == "Mark Galeotti"
    # a new paragraph names nobody before "He", but the sentences before it do: resolved
    assert second.source == "Mark Galeotti" and second.is_resolved


@pytest.mark.parametrize("sentence, cue, rule", [
    ("It is said that the war is over.", "said", "passive"),
    ("Putin is thought to be ill.", "thought", "passive"),
    ("The deal was reported by Reuters.", "reported", "passive_by"),
])
def test_passive_reporting_is_an_unnamed_source(sentence, cue, rule):
    c = corpus_of({"d": sentence})
    row = dc.attributions(c, cue_markers(c, [("d", cue)])).iloc[0]
    assert row.source_rule == rule
    if rule == "passive":
        assert row.source is None and row.source_kind == "unnamed (passive)"
    else:
        assert row.source == "Reuters" and row.source_kind == "organisation"


@pytest.mark.parametrize("sentence, cue, source, kind", [
    ("Experts say the deal is near.", "say", "Experts", "group"),
    ("The government claims the deal is near.", "claims", "The government", "organisation"),
    ("According to the report, talks failed.", "According to", "the report", "other"),
    ("NATO says the deal is near.", "says", "NATO", "organisation"),
    ("The war drags on, says analyst Mark Galeotti.", "says", "Mark Galeotti", "person"),
    # no person, group or organisation: no source
    ("These principles argue for reform.", "argue", None, "not found"),
    ("The data, says the clock, is old.", "says", None, "not found"),
    # a head noun of people (source_noun cues, or WordNet nouns of persons/organisations)
    ("A caring nurse practitioner told me so.", "told", "A caring nurse practitioner", "person"),
    ("Most economists believe it.", "believe", "Most economists", "group"),
    ("A lot of people believe this stuff.", "believe", "people", "group"),
    ("A wise congressman from Wisconsin has said so.", "said", "A wise congressman", "person"),
    ("Their Republican colleagues say so.", "say", "Their Republican colleagues", "group"),
    ("We met Barack Obama. The Obama campaign will tell you so.", "tell",
     "The Obama campaign", "organisation"),
])
def test_a_source_is_a_person_group_or_organisation(sentence, cue, source, kind):
    c = corpus_of({"d": sentence})
    row = dc.attributions(c, cue_markers(c, [("d", cue)])).iloc[0]
    assert (row.source, row.source_kind) == (source, kind)


def test_cited_sources_counts_actors_with_their_kind(example):
    got = dc.cited_sources(example, dc.attributions(example))
    news = got[got.doc_id == "news_rewrite"].set_index("source")
    # news_rewrite gives claims to Berzina 3 times (according to, speculates, says) and to
    # Galeotti 4 times (appositive says, says Galeotti, says analyst, according to Galeotti),
    # read by hand
    assert news.n["Kristine Berzina"] == 3 and news.n["Mark Galeotti"] == 4
    assert news.source_kind["Kristine Berzina"] == "person"
    assert set(got.source_kind) <= {"person", "group", "organisation", "place", "other",
                                    "unnamed (passive)", "unnamed (adverb)",
                                    "unnamed (indefinite)", "unresolved (pronoun)",
                                    "not found"}
