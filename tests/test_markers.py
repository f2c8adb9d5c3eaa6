"""find_markers: offsets, the lexicon match (against a naive reference), and every context rule
on sentences written for it: the rule fires where it should and not where it should not."""


import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.stance.lexicon import CATEGORIES, form_tokens, split_forms
from discourse.stance.markers import MARKER_COLUMNS, RULES, rule_counts


def hits(text, **kw):
    """(text, category, rule) of every hit in a one-document corpus."""
    m = dc.find_markers(dc.from_texts([text]), **kw)
    return [(t, c, r) for t, c, r in zip(m.text, m.category, m.rule, strict=True)]


def rejected(text):
    m = dc.find_markers(dc.from_texts([text]), keep_rejected=True)
    m = m[m.is_rejected]
    return [(t, r) for t, r in zip(m.text, m.rule, strict=True)]


# -- table shape and offsets ------------------------------------------------------------------
def test_columns_dtypes_and_order(example):
    m = dc.find_markers(example)
    assert list(m.columns) == MARKER_COLUMNS
    assert isinstance(m.index, pd.RangeIndex)
    assert list(m.doc_id.cat.categories) == example.doc_ids
    assert set(m.category) <= set(CATEGORIES) and set(m.rule) <= set(RULES)
    assert not m.isna().any().any()
    key = list(zip(m.doc_id.cat.codes, m.start, strict=True))
    assert key == sorted(key)
    assert m.attrs["categories"] == list(CATEGORIES)


def test_old_column_name_epistemic_warns_and_reads_is_epistemic():
    m = dc.find_markers(dc.from_texts(["About 40 may come, if it is dry."]))
    assert m.is_epistemic.tolist() == [False, True, True]  # scope hedge, modal, condition
    assert "epistemic" not in m.columns and MARKER_COLUMNS[-1] == "is_epistemic"
    with pytest.deprecated_call(match="column 'epistemic' is now 'is_epistemic'"):
        pd.testing.assert_series_equal(m["epistemic"], m["is_epistemic"])
    with pytest.deprecated_call(match="column 'epistemic' is now 'is_epistemic'"):
        assert m.epistemic.tolist() == [False, True, True]


def test_offsets_round_trip(example):
    m = dc.find_markers(example, analyzed_only=False)
    for d, s, e, t in zip(m.doc_id, m.start, m.end, m.text, strict=True):
        assert example.text_of(d)[s:e] == t
    # sentence and paragraph ids agree with the corpus tables
    sents = example.sentences.set_index(["doc_id", "sent_id"])
    for d, sid, pid, s, e in zip(m.doc_id, m.sent_id, m.para_id, m.start, m.end, strict=True):
        row = sents.loc[(d, sid)]
        assert row.start <= s and e <= row.end and row.para_id == pid


def test_multiword_hit_spans_first_to_last_token():
    text = "Critics, according  to\u00a0him, have made it clear."
    m = dc.find_markers(dc.from_texts([text]))
    row = m[m.entry == "according to"].iloc[0]
    assert (row.start, row.end) == (9, 22)  # "according" starts at 9, "to" ends at 22
    assert row.text == "according  to"
    # the critics' statement (attribution; rule booster_attributed drops its booster twin), and
    # never "clear" alone as well
    assert m[m.text.str.contains("clear")][["text", "category"]].values.tolist() == [
        ["made it clear", "attribution"]]


def test_curly_apostrophes_and_case_match():
    assert ("It’s clear that", "booster", "lexicon") in hits("It’s clear that we won.")
    assert ("ACCORDING TO", "attribution", "according_to_source") in hits("ACCORDING TO him, yes.")


def test_analyzed_only(example):
    body = dc.find_markers(example)
    everything = dc.find_markers(example, analyzed_only=False)
    # the CEPA blurb ("... may not represent those of the institutions") is boilerplate
    blurb = everything[everything.text.str.contains("may") & (everything.doc_id == "cepa_essay")
                       & (everything.para_id == 21)]
    assert len(blurb) == 1
    assert len(body[(body.doc_id == "cepa_essay") & (body.para_id == 21)]) == 0
    analysed = example.paragraphs[example.paragraphs.is_analyzed]
    pairs = set(zip(analysed.doc_id.astype(str), analysed.para_id, strict=True))
    assert all(p in pairs for p in zip(body.doc_id.astype(str), body.para_id, strict=True))


def test_inputs_not_mutated(example):
    before = example.tokens.copy()
    lex = dc.load_lexicon()
    lex_before = lex.copy()
    dc.find_markers(example, lexicon=lex)
    pd.testing.assert_frame_equal(example.tokens, before)
    pd.testing.assert_frame_equal(lex, lex_before)


def test_categories_filter_after_the_rules():
    # "not clear" is a booster in the lexicon and a hedge after the rules: it is a hedge
    assert [h[0] for h in hits("It is not clear, perhaps.", categories="hedge")] == [
        "clear", "perhaps"]
    assert hits("It is not clear.", categories=["booster"]) == []
    with pytest.raises(dc.InputError, match="not stance categories"):
        dc.find_markers(dc.from_texts(["x"]), categories=["hedges"])


def test_empty_and_one_word_corpora():
    assert len(dc.find_markers(dc.from_texts(["Maybe"]))) == 1
    m = dc.find_markers(dc.from_texts(["..."]))
    assert list(m.columns) == MARKER_COLUMNS and len(m) == 0


def test_not_a_corpus():
    with pytest.raises(dc.InputError, match="must be a discourse Corpus"):
        dc.find_markers(pd.DataFrame({"text": ["x"]}))


# -- the lexicon match against a naive reference -----------------------------------------------
def _naive(corpus, lex):
    """Longest match per category by a plain Python loop, for rows without context tags."""
    lex = lex[lex.context == ""]
    forms = {}
    for e, c, fs in zip(lex.entry, lex.category, lex.forms, strict=True):
        for f in split_forms(fs or e):
            forms.setdefault(c, {})[form_tokens(f)] = e
    out = []
    toks = corpus.analyzed("tokens")
    for (d, _), sent in toks.groupby(["doc_id", "sent_id"], observed=True, sort=False):
        norms = sent.norm.astype(str).tolist()
        for c, table in forms.items():
            longest = max(len(f) for f in table)
            i = 0
            while i < len(norms):
                for n in range(min(longest, len(norms) - i), 0, -1):
                    tup = tuple(norms[i:i + n])
                    if tup in table:
                        out.append((d, int(sent.start.iloc[i]), int(sent.end.iloc[i + n - 1]), c,
                                    table[tup]))
                        i += n - 1
                        break
                i += 1
    return sorted(out)


def test_match_agrees_with_naive_reference(example):
    lex = dc.load_lexicon()
    plain = lex[(lex.context == "") & ~lex.forms.str.contains(r"\*")]
    m = dc.find_markers(example, lexicon=plain)
    got = sorted(zip(m.doc_id.astype(str), m.start, m.end, m.category, m.entry, strict=True))
    want = _naive(example, plain)
    assert len(want) > 50
    assert got == want


# -- the rules, one written sentence each -------------------------------------------------------
FIRES = [
    # (sentence, hit text, category after the rule, rule)
    ("It is not clear whether the talks will work.", "clear", "hedge", "negated_booster"),
    ("It is far from clear that sanctions work.", "clear", "hedge", "negated_booster"),
    ("Nor is it entirely clear what he wants.", "clear", "hedge", "negated_booster"),
    ("Officials are not certain of the numbers.", "certain", "hedge", "negated_booster"),
    ("The plan does not always work.", "always", "hedge", "negated_booster"),
    ("I'm not sure the vote will pass.", "sure", "hedge", "negated_booster"),
    ("There is no doubt that he lied.", "doubt", "booster", "negated_hedge"),
    ("Without a doubt, the vote was rigged.", "doubt", "booster", "negated_hedge"),
    ("She never doubted the result.", "doubted", "booster", "negated_hedge"),
    ("There is little doubt about the outcome.", "doubt", "booster", "negated_hedge"),
    ("Some 200 people attended the rally.", "Some", "hedge", "approximator_quantity"),
    ("The war has killed about 20,000 soldiers.", "about", "hedge", "approximator_quantity"),
    ("Prices rose around 5% last year.", "around", "hedge", "approximator_quantity"),
    ("It took about a year to finish.", "about", "hedge", "approximator_quantity"),
    ("If the deal collapsed, prices would rise.", "would", "hedge", "would_hypothetical"),
    ("Prices would rise unless the bank acts.", "would", "hedge", "would_hypothetical"),
    ("It is clear that the economy is slowing.", "It is clear that", "booster", "lexicon"),
    ("We made it clear that talks were over.", "made it clear", "booster", "dual_role"),
    ("The minister made it clear that talks were over.", "made it clear", "attribution",
     "third_party"),
    ("The message was very clear to everyone.", "clear", "booster", "certainty_frame"),
    ("It was clear to everyone in the room.", "clear", "booster", "certainty_frame"),
    ("Is it clear who won?", "clear", "booster", "certainty_frame"),
    ("It is true that wages fell.", "true", "booster", "certainty_frame"),
    ("She was certain that the vote would pass.", "certain", "booster", "certainty_frame"),
    ("I am sure of it.", "sure", "booster", "certainty_frame"),
    ("Even China agreed to the plan.", "Even", "booster", "lexicon"),
    ("Many experts say the war will last.", "say", "attribution", "third_party"),
    ("The economy is weak, says Berzina.", "says", "attribution", "third_party"),
    ("\u201cIt is over,\u201d said the minister.", "said", "attribution", "third_party"),
    ("Putin argues that Ukraine is not a state.", "argues", "attribution", "third_party"),
    ("Russia might meddle in the elections, speculates Berzina.", "speculates",
     "attribution", "third_party"),
    ("The senator, who believes tariffs work, spoke first.", "believes", "attribution",
     "third_party"),
    ("I believe the policy will fail.", "believe", "hedge", "belief_holder"),
    ("We think the numbers are wrong.", "think", "hedge", "belief_holder"),
    ("Consider the case of Finland.", "Consider", "engagement", "imperative"),
    ("Note that the figures are provisional.", "Note that", "engagement", "imperative"),
    ("The battlefield's been quiet for weeks.", "battlefield's", "informal", "s_contraction"),
    ("Ukraine's losing ground in the east.", "Ukraine's", "informal", "s_contraction"),
    ("The US administration reportedly discovered it.", "reportedly", "hedge", "dual_role"),
    ("The US administration reportedly discovered it.", "reportedly", "attribution",
     "dual_role"),
    ("Could this be the end of the war?", "Could", "hedge", "lexicon"),
    ("The ceasefire could collapse at any moment.", "could", "hedge", "lexicon"),
    ("Prices may fall in June.", "may", "hedge", "lexicon"),
    ("The film is a bit long.", "a bit", "hedge", "lexicon"),  # a downtoner (reviews)
    ("Us and them: we all lose.", "Us", "self_mention", "lexicon"),
    ("I said no.", "I", "self_mention", "lexicon"),
]

REJECTS = [
    # (sentence, words the lexicon matched, rule that rejected them)
    ("Elections are held in May.", "May", "may_month"),
    ("Theresa May resigned.", "May", "may_month"),
    ("May 2024 was the hottest month.", "May", "may_month"),
    ("The US will not attend.", "US", "us_country"),
    ("World War I ended in 1918.", "I", "roman_numeral"),
    ("It was a story about the weather.", "about", "approximator_quantity"),
    ("Troops moved around the city.", "around", "approximator_quantity"),
    ("Some people disagree.", "Some", "approximator_quantity"),
    ("He stood close to the door.", "close to", "approximator_quantity"),
    ("From the hill he could see the coast.", "could", "modal_ability"),
    ("Could you send me the file?", "Could", "could_question"),
    ("They left as soon as they could.", "could", "could_narrative"),
    ("He saved money so he could buy a car.", "could", "could_in_clause"),
    ("Inflation could not fall.", "could", "modal_negated"),
    ("He said he would resign.", "would", "would_future_past"),
    ("She thought the war would end soon.", "would", "would_reported"),
    ("I would like a cup of tea.", "would", "would_volition"),
    ("They would rather wait.", "would", "would_volition"),
    ("The water was clear and cold on a clear day.", "clear", "certainty_frame"),
    ("The sky is clear.", "clear", "certainty_frame"),
    ("True multipolarity does not exist.", "True", "certainty_frame"),
    ("To a certain extent, yes.", "certain", "inside_phrase"),  # part of the hedge phrase
    ("A certain amount of risk remains.", "certain", "inside_phrase"),
    ("Make sure you vote.", "sure", "certainty_frame"),
    ("Even if it rains, we will march.", "Even", "concessive"),
    ("Even as they talk about peace, they fight.", "Even", "concessive"),
    ("Even though he won, he left.", "Even", "concessive"),
    ("It is hard to say.", "say", "no_speaker"),
    ("It is easy to claim that the war is defensive.", "claim", "no_speaker"),
    ("His claims were false.", "claims", "no_speaker"),
    ("Police arrested a suspect.", "suspect", "no_speaker"),
    ("Say what you like.", "Say", "no_speaker"),
    ("I say we go now.", "say", "first_person"),
    ("We must consider the costs.", "consider", "imperative"),
    ("Putin's goals are unchanged.", "Putin's", "s_contraction"),
    ("He is supposed to arrive today.", "supposed", "not_before_to"),
    ("Reply as soon as possible.", "possible", "fixed_phrase"),
    ("A Russian think tank published it.", "think", "fixed_phrase"),
    ("They have claimed 10,000 lives.", "claimed", "fixed_phrase"),
    ("It was an even split.", "even", "fixed_phrase"),
    ("All told, the trip cost $500.", "told", "fixed_phrase"),
    ("30 reported cases were found.", "reported", "no_speaker"),
    ("The deficit will almost certainly widen.", "certainly", "inside_phrase"),
    ("Russia's military might is waning.", "might", "modal_noun"),
    ("With all their might they pushed.", "might", "modal_noun"),
    ("A good map is a must.", "must", "modal_noun"),
]

KEPT_AS_IS = [
    # no rule changes these (the rule must not fire)
    ("He certainly did not win.", "certainly", "booster", "lexicon"),  # negation after
    ("It is not likely to rain.", "likely", "hedge", "lexicon"),  # not a hedge of doubt
    ("Doubts remain about the plan.", "Doubts", "hedge", "doubt_frame"),  # no negation
    ("That casts doubt on the result.", "doubt", "hedge", "doubt_frame"),
    ("It is not even among the top five.", "even", "booster", "lexicon"),  # not concessive
    ("That would be a mistake.", "would", "hedge", "lexicon"),  # no condition, no report
    ("Its supposed status is a fiction.", "supposed", "hedge", "lexicon"),
    ("A deal is possible this year.", "possible", "hedge", "lexicon"),  # no fixed phrase
    ("Critics claimed the vote was rigged.", "claimed", "attribution", "attribution_needs_clause"),
    ("They might, in theory, win.", "might", "hedge", "lexicon"),  # a modal after all
    ("Understanding this might help.", "might", "hedge", "lexicon"),
    ("You must leave now.", "must", "obligation", "lexicon"),
    ("It must be true.", "must", "booster", "must_epistemic"),
    ("The deficit will almost certainly widen.", "almost certainly", "hedge", "lexicon"),
    ("He is almost there and certainly late.", "certainly", "booster", "lexicon"),  # apart
]


@pytest.mark.parametrize("sentence, text, category, rule", FIRES + KEPT_AS_IS,
                         ids=lambda x: x if isinstance(x, str) and len(x) < 25 else None)
def test_rule_keeps_or_changes(sentence, text, category, rule):
    assert (text, category, rule) in hits(sentence)


@pytest.mark.parametrize("sentence, text, rule", REJECTS)
def test_rule_rejects(sentence, text, rule):
    assert text not in [h[0] for h in hits(sentence)]
    assert (text, rule) in rejected(sentence)


def test_every_rule_is_exercised():
    seen = {r for *_, r in FIRES + KEPT_AS_IS} | {r for *_, r in REJECTS}
    assert seen <= set(RULES)  # every id: tests/test_marker_rules.py


def test_dual_role_is_two_rows_on_the_same_words():
    m = dc.find_markers(dc.from_texts(["It is said to be cheap. He reportedly left."]))
    for words in ("It is said", "reportedly"):
        rows = m[m.text == words]
        assert sorted(rows.category) == ["attribution", "hedge"]
        assert set(rows.rule) == {"dual_role"} and rows.start.nunique() == 1


def test_categories_may_share_words_but_not_within_one():
    m = dc.find_markers(dc.from_texts(["In my view, it could not be ruled out."]))
    assert m[["text", "category"]].values.tolist() == [
        ["In my view", "hedge"], ["my", "self_mention"], ["could not be ruled out", "hedge"]]


def test_can_is_handled_when_a_lexicon_lists_it():
    lex = pd.concat([dc.load_lexicon(), pd.DataFrame([{
        "entry": "can", "category": "hedge", "subcategory": "epistemic modal", "forms": "can",
        "context": "ability"}])], ignore_index=True)
    c = dc.from_texts(["Prices can rise quickly. I can swim. Who can afford it? "
                       "Smoking can cause cancer."])
    m = dc.find_markers(c, lexicon=lex, categories="hedge", keep_rejected=True)
    assert m[["sent_id", "rule", "is_rejected"]].values.tolist() == [
        [0, "lexicon", False], [1, "modal_ability", True], [2, "modal_ability", True],
        [3, "lexicon", False]]
    # the shipped lexicon leaves "can" out (see LEXICON.md)
    assert hits("Prices can rise quickly.") == []


def test_wildcard_forms():
    assert ("goin'", "informal", "lexicon") in hits("We're goin' home.")


def test_rule_counts(example):
    m = dc.find_markers(example, keep_rejected=True)
    rc = rule_counts(m)
    assert list(rc.columns) == ["rule", "category", "n", "n_rejected"]
    assert rc.n.sum() == (~m.is_rejected).sum() and rc.n_rejected.sum() == m.is_rejected.sum()
    totals = (rc.n + rc.n_rejected).tolist()
    assert totals == sorted(totals, reverse=True)
    # without is_rejected everything counts as kept
    assert rule_counts(dc.find_markers(example)).n_rejected.sum() == 0


def test_example_counts_by_hand(example):
    """A few counts read off the two texts by hand."""
    m = dc.find_markers(example)
    news = m[m.doc_id == "news_rewrite"]
    # "According to Kristine Berzina" and "according to Galeotti"
    assert (news.entry == "according to").sum() == 2
    # "ain't", "tryna", "ol'", "ASAP" are informal in the rewrite
    assert {"ain't", "tryna", "ol'", "ASAP"} <= set(news[news.category == "informal"].text)
    essay = m[m.doc_id == "cepa_essay"]
    # the essay's only question marks: "What does Putin really want?" and "What could bring..."
    assert (essay.entry == "question").sum() == 2


def test_tags_a_repeated_corpus_the_same_way(example):
    # speed is measured by `make bench`, not here; here: 40 copies give 40 times the hits
    texts = [example.text_of(d) for d in example.doc_ids] * 40  # ~100,000 tokens
    m = dc.find_markers(dc.from_texts(texts))
    assert len(m) == 40 * len(dc.find_markers(dc.from_texts(texts[:2])))


def test_longest_match_resolution_by_hand():
    from discourse.stance.markers import _longest

    # token spans (first, last) and lexicon rows; rows 0-2 are category 0, row 3 category 1
    s = np.array([0, 2, 3, 2, 5])
    e = np.array([2, 3, 3, 2, 5])
    rows = np.array([0, 1, 2, 3, 2])
    row_cat = np.array([0, 0, 0, 1])
    ks, ke, kr = _longest(s, e, rows, row_cat, n=6)
    # (2, 3) overlaps (0, 2) at token 2 and loses; the single (3, 3) is then free; the
    # category-1 hit on token 2 is untouched; (5, 5) is alone
    assert sorted(zip(ks.tolist(), ke.tolist(), kr.tolist(), strict=True)) == [
        (0, 2, 0), (2, 2, 3), (3, 3, 2), (5, 5, 2)]


def test_category_is_categorical_of_the_searched_categories():
    c = dc.from_texts(["Prices may fall. It is clearly true."])
    m = dc.find_markers(c, categories=["booster", "hedge"])
    assert isinstance(m.category.dtype, pd.CategoricalDtype)
    assert list(m.category.cat.categories) == ["hedge", "booster"]  # CATEGORIES order
    assert list(dc.find_markers(c).category.cat.categories) == list(dc.stance.lexicon.CATEGORIES)
