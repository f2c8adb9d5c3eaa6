"""Every context rule of the stance markers fires where it should and not where it must not.

One sentence written for each case. ``fires``: the rule decides a hit on ``text`` (its ``rule``
column says so, kept or rejected). ``must not``: the same words are matched, and this rule does
not decide them.
"""

import runpy
from pathlib import Path

import pytest

import discourse as dc
from discourse.stance._engine import engine_rules
from discourse.stance._rulebook import CONTEXT_TAGS, RULES, WORDS, rule_table
from discourse.stance.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]

CASES = [
    # (rule, sentence, text of the hit, fires?)
    ("lexicon", "Prices may fall.", "may", True),
    ("lexicon", "The sky is clear.", "clear", False),
    ("dual_role", "He reportedly left.", "reportedly", True),
    ("dual_role", "He probably left.", "probably", False),
    ("inside_phrase", "It will almost certainly rain.", "certainly", True),
    ("inside_phrase", "He is almost there and certainly late.", "certainly", False),
    ("negated_booster", "It is not clear that he won.", "clear", True),
    ("negated_booster", "It isn't clear that he won.", "clear", True),  # a "n't" copula negates
    ("negated_booster", "Families who aren't sure what Monday will bring.", "sure", True),
    ("negated_booster", "The answer is very clear.", "clear", False),
    ("negated_hedge", "There is no doubt that he lied.", "doubt", True),
    ("negated_hedge", "That casts doubt on the result.", "doubt", False),
    ("may_month", "Elections are held in May.", "May", True),
    ("may_month", "Prices may fall.", "may", False),
    ("us_country", "The US will not attend.", "US", True),
    ("us_country", "Give us a chance.", "us", False),
    ("roman_numeral", "World War I ended in 1918.", "I", True),
    ("roman_numeral", "I ended the war.", "I", False),
    ("approximator_quantity", "About 40 people came.", "About", True),
    ("approximator_quantity", "They roughly agreed.", "roughly", False),
    ("modal_ability", "From the hill he could see the coast.", "could", True),
    ("modal_ability", "The ceasefire could collapse.", "could", False),
    ("modal_negated", "Inflation could not fall.", "could", True),
    ("modal_negated", "Inflation could fall.", "could", False),
    ("would_hypothetical", "If it rained, we would stay.", "would", True),
    ("not_a_source", "One thing history tells us is that nothing lasts.", "tells", True),
    ("not_a_source", "One thing the experts tell us is that nothing lasts.", "tell", False),
    ("would_hypothetical", "That would be a mistake.", "would", False),
    ("would_reported", "She thought the war would end soon.", "would", True),
    ("would_reported", "That would be a mistake.", "would", False),
    ("would_volition", "I would like a cup of tea.", "would", True),
    ("would_volition", "That would be a mistake.", "would", False),
    ("certainty_frame", "It is obvious that they lost.", "obvious", True),
    ("certainty_frame", "Obviously they lost.", "Obviously", False),
    ("concessive", "Even if it rains, we march.", "Even", True),
    ("concessive", "It is not even close.", "even", False),
    ("third_party", "Critics say the vote was rigged.", "say", True),
    ("third_party", "It is hard to say.", "say", False),
    ("first_person", "Let me say this plainly.", "say", True),
    ("first_person", "Critics say the vote was rigged.", "say", False),
    ("first_person_past", "In my last message I urged that the tariff be reduced.", "urged",
     True),
    ("first_person_past", "I have often urged that the tariff be reduced.", "urged", False),
    ("no_speaker", "It is easy to claim that the war is defensive.", "claim", True),
    ("no_speaker", "Analysts claim the war is defensive.", "claim", False),
    ("noun_use", "Conflicting claims about economic thought persist.", "thought", True),
    ("noun_use", "Economists thought the rate would rise.", "thought", False),
    ("belief_holder", "Experts believe the drug works.", "believe", True),
    ("belief_verb", "We hypothesize that the gene is active.", "hypothesize", True),
    ("belief_holder", "The press thought it was perfect.", "thought", True),
    ("belief_verb", "We believe in America.", "believe", False),
    ("belief_object", "We believe in America.", "believe", True),
    ("belief_object", "We believe that it works.", "believe", False),
    ("belief_attributed", "Governor Smith believes that taxes are too high.", "believes", True),
    ("belief_attributed", "Experts believe the drug works.", "believe", False),
    ("booster_attributed", "Our soldiers and sailors know that this is not true.", "know that",
     True),
    ("booster_attributed", "We know that this is not true.", "know that", False),
    ("modal_reported", "If peace existed, Putin speculated, NATO would not have expanded.",
     "would", True),
    ("modal_reported", "Officials said the plan was sound, but if adopted it would fail.",
     "would", False),
    ("not_condition", "She asked if he would come.", "if", True),
    ("not_condition", "We will go if it is dry.", "if", False),
    ("imperative", "Consider the case of Finland.", "Consider", True),
    ("imperative", "You can always apologise.", "You", False),
    ("s_contraction", "The battlefield's been quiet for weeks.", "battlefield's", True),
    ("s_contraction", "They aren't here.", "aren't", False),
    ("not_before_to", "He is supposed to arrive today.", "supposed", True),
    ("not_before_to", "Its supposed status is a fiction.", "supposed", False),
    ("fixed_phrase", "A Russian think tank published it.", "think", True),
    ("fixed_phrase", "Many think the deal is dead.", "think", False),
    ("modal_noun", "Russia's military might is waning.", "might", True),
    ("modal_noun", "They might win.", "might", False),
]


def _decided(sentence: str) -> list[tuple[str, str]]:
    m = dc.find_markers(dc.from_texts([sentence]), keep_rejected=True)
    return list(zip(m.text, m.rule, strict=True))


@pytest.mark.parametrize("rule, sentence, text, fires", CASES,
                         ids=[f"{r}-{'fires' if f else 'not'}" for r, _, _, f in CASES])
def test_rule(rule, sentence, text, fires):
    decided = _decided(sentence)
    assert text in [t for t, _ in decided], f"{text!r} is not matched at all: {decided}"
    assert ((text, rule) in decided) is fires, decided


ENGINE = engine_rules()


@pytest.mark.parametrize("rule", ENGINE, ids=[r["id"] for r in ENGINE])
def test_engine_rule_fires_and_does_not_fire_on_its_own_examples(rule):
    """Each data-driven rule carries a sentence where it fires and one where it does not (a
    "keep only if" rule records itself on both sides: kept where it fires, rejected elsewhere)."""
    def decided(sentence):
        m = dc.find_markers(dc.from_texts([sentence]), keep_rejected=True)
        return list(zip(m.rule, m.is_rejected, strict=True))

    fired, quiet = decided(rule["fires"]), decided(rule["does_not_fire"])
    assert quiet, rule["does_not_fire"]
    if rule["action"] == "keep only if":
        assert (rule["id"], False) in fired and (rule["id"], False) not in quiet, (fired, quiet)
    else:
        assert rule["id"] in [r for r, _ in fired], fired
        assert rule["id"] not in [r for r, _ in quiet], quiet


def test_engine_rules_are_well_formed():
    for rule in ENGINE:
        assert rule["action"] in {"reject", "confirm", "keep only if", "accept", "recategorise"}, (
            rule["id"])
        assert rule.get("stage", "early") in {"early", "late", "final"}, rule["id"]
        assert rule["fires"] and rule["does_not_fire"], rule["id"]
        for pattern in rule["when"] + rule.get("unless", []):
            assert set(pattern) <= {"before", "after", "skip", "window", "before_window",
                                    "after_window", "sentence_has", "sentence_lacks",
                                    "next_sentence_starts", "previous_sentence_has",
                                    "capitalised", "hit_ends"}, (rule["id"], pattern)
            for slot in (w for side in ("before", "after") for p in pattern.get(side, [])
                         for w in p.split()):
                for alt in slot.split("|"):
                    assert not alt.startswith("@") or alt[1:] in WORDS, (rule["id"], alt)


def test_every_rule_has_a_firing_and_a_non_firing_case():
    fires = {r for r, *_, f in CASES if f} | {r["id"] for r in ENGINE}
    not_fires = {r for r, *_, f in CASES if not f} | {r["id"] for r in ENGINE}
    assert fires == set(RULES) and not_fires == set(RULES)


@pytest.mark.parametrize("sentence, text, rule, kept", [
    ("May God bless America.", "May", "modal_optative", False),
    ("And may we know unity.", "may", "modal_optative", False),
    ("It may rain, so that all may see.", "may", "lexicon", True),
    ("Whatever the cost may be, we go on.", "may", "modal_concessive", False),
    ("Come what may, we stand.", "may", "modal_concessive", False),
    ("Statutes as may be necessary were passed.", "may", "modal_legal", False),
    ("The veto may be overcome by a vote of two-thirds.", "may", "modal_legal", False),
    ("He said he would resign.", "would", "would_future_past", False),
    ("Every morning he would walk every day to the mill.", "would", "would_habitual", False),
    ("I would like some tea.", "would", "would_volition", False),
    ("Would you please sit down.", "Would", "would_polite", False),
    ("It is considered the best.", "is considered", "lexicon", True),
    ("It remains to be seen whether it works.", "remains to be seen", "lexicon", True),
    ("She is widely regarded as the favourite.", "regarded as", "lexicon", True),
])
def test_modal_and_doxastic_readings(sentence, text, rule, kept):
    m = dc.find_markers(dc.from_texts([sentence]), keep_rejected=True, categories="hedge")
    row = m[m.text == text]
    assert len(row) >= 1, m[["text", "rule"]].values.tolist()
    decided = list(zip(row.rule, row.is_rejected, strict=True))
    assert (rule, not kept) in decided, decided


@pytest.mark.parametrize("sentence, text, category", [
    ("We must act now.", "must", "obligation"),
    ("It must be true that he left.", "must", "booster"),
    ("She must have known.", "must", "booster"),
    ("You should vote.", "should", "obligation"),
    ("We ought to help.", "ought to", "obligation"),
    ("We need to talk.", "need to", "obligation"),
    ("They have to pay.", "have to", "obligation"),
    ("It is necessary that we act.", "It is necessary", "obligation"),
])
def test_obligation_and_epistemic_must(sentence, text, category):
    m = dc.find_markers(dc.from_texts([sentence]))
    assert (text, category) in list(zip(m.text, m.category.astype(str), strict=True)), m[
        ["text", "category"]].values.tolist()


@pytest.mark.parametrize("sentence, text", [
    ("It has to do with trust.", "has to"),
    ("Should you need help, call us.", "Should"),
])
def test_not_obligation(sentence, text):
    m = dc.find_markers(dc.from_texts([sentence]))
    assert text not in m[m.category == "obligation"].text.tolist()


@pytest.mark.parametrize("sentence, text, kept", [
    ("War was declared.", "declared", False),
    ("New States have been admitted.", "admitted", False),
    ("Lies told for power do harm.", "told", False),
    ("The Southern States that are planting cotton prosper.", "States that", False),
    ("He said that the war was over.", "said", True),
    ('"We will win," he said.', "said", True),
    ("He said, if we win, we stay.", "said", True),
    ("Smith said the plan would fail.", "said", True),
    ("According to Smith, it failed.", "According to", True),
    ("It was declared that the war was over.", "declared", True),
    ("War was not declared, yet armies marched.", "declared", False),
    ("The Federal Government has claimed powers not granted to it.", "claimed", False),
    ("My predecessor's claim that the tariff protects labor is false.", "claim", True),
])
def test_attribution_needs_reported_content(sentence, text, kept):
    m = dc.find_markers(dc.from_texts([sentence]), keep_rejected=True,
                        categories="attribution")
    row = m[m.text == text]
    if kept:
        assert len(row) and not row.is_rejected.any(), m[["text", "rule", "is_rejected"]]
    else:
        assert row.is_rejected.all(), m[["text", "rule", "is_rejected"]]


# new classes of the lexicon, written for each
@pytest.mark.parametrize("sentence, text, category, subcategory, epistemic", [
    ("About 40 people came.", "About", "hedge", "scope: approximator", False),
    ("Prices often rise.", "often", "hedge", "scope: frequency or generality", False),
    ("It is partly true.", "partly", "hedge", "scope: downtoner", False),
    ("Prices may rise.", "may", "hedge", "epistemic modal", True),
    ("Analysts expect prices to rise.", "expect", "hedge", "belief verb", True),
    ("The outcome is uncertain.", "uncertain", "hedge", "epistemic adjective", True),
    ("There is a possibility of rain.", "possibility", "hedge", "epistemic noun", True),
    ("We go unless it rains.", "unless", "condition", "conditional", True),
    ("Provided that it is dry, we go.", "Provided that", "condition", "conditional", True),
    ("In the event of rain, we stay.", "In the event of", "condition", "conditional", True),
    ("Officials announced that the deal was off.", "announced", "attribution", "reporting verb",
     False),
    ("He is said to be ill.", "is said to", "attribution", "unnamed source", False),
    ("The claim by Smith was false.", "claim by", "attribution", "source noun", False),
    ("It is utterly wrong.", "utterly", "booster", "intensifier", False),
])
def test_new_classes(sentence, text, category, subcategory, epistemic):
    m = dc.find_markers(dc.from_texts([sentence]))
    row = m[(m.text == text) & (m.category == category)]
    assert len(row) == 1, m[["text", "category"]].values.tolist()
    assert row.subcategory.iloc[0] == subcategory and bool(row.is_epistemic.iloc[0]) is epistemic


@pytest.mark.parametrize("sentence, text", [
    ("Let me say that plainly.", "say"),
    ("I need not argue the point.", "argue"),
    ("We believe the plan works.", "believe"),
    ("Conflicting claims abound.", "claims"),
    ("Economic thought has changed.", "thought"),
])
def test_no_third_party_attribution(sentence, text):
    m = dc.find_markers(dc.from_texts([sentence]))
    assert not ((m.text == text) & (m.category == "attribution")).any()


def test_a_beacon_of_hope_is_no_attitude():
    m = dc.find_markers(dc.from_texts(["It was a beacon of hope. Hope is the best hope. "
                                       "We hope it works."]))
    att = m[m.category == "attitude"]
    assert att.text.tolist() == ["We hope"] and att.sent_id.tolist() == [2]


def test_experts_believe_is_two_hits():
    m = dc.find_markers(dc.from_texts(["Experts believe it works."]))
    assert sorted(m[m.text == "believe"].category) == ["attribution", "hedge"]


def test_rules_file_is_consistent():
    rules = rule_table()
    assert rules.id.is_unique
    used = {t for ts in rules.tag for t in ts.split()}
    assert used <= set(CONTEXT_TAGS)
    lex_tags = {t for c in load_lexicon().context for t in c.split()}
    assert lex_tags <= set(CONTEXT_TAGS)
    assert {"if", "unless"} <= WORDS["condition"] and "without" in WORDS["neg_doubt"]


def test_lexicon_doc_is_generated_from_the_data():
    doc = (ROOT / "discourse" / "resources" / "LEXICON.md").read_text("utf-8")
    script = runpy.run_path(str(ROOT / "scripts" / "build_lexicon_docs.py"))
    assert script["render"]() == doc, "run python scripts/build_lexicon_docs.py"


@pytest.mark.parametrize("name", ["judged_hits_conv2012_before.csv",
                                  "judged_hits_conv2012_after.csv"])
def test_hand_judged_samples_are_well_formed(name):
    """The hand-judged samples ``make eval`` reads: yes/no for every hit, a reason for every no."""
    import pandas as pd

    d = pd.read_csv(ROOT / "tests" / "fixtures" / name, keep_default_na=False)
    assert list(d.columns) == ["category", "entry", "rule", "hit", "context", "correct",
                               "reason"]
    assert set(d.correct) <= {"yes", "no"} and (d.reason[d.correct == "no"] != "").all()
    assert (d.groupby("category").size() == 30).all()
    assert d.context.str.contains(r"\[", regex=True).all()


def test_hit_ends_reads_the_hits_last_token():
    # "shows that" brings its clause even when an adverbial comes first; "declared" alone does not
    c = dc.from_texts({"a": "The report of the Commissioner shows that during the year 1891, in "
                            "most States, wages rose. War was declared."})
    m = dc.find_markers(c, analyzed_only=False)
    att = m[m.category == "attribution"]
    assert att.text.tolist() == ["shows that"]


@pytest.mark.parametrize("text, expected", [
    ("Shortly after, I was apprised that a war steamer was being fitted out.", ["apprised that"]),
    ("I have been told that this is no time to speak of it.", ["told"]),
    ("The war has been represented as unjust and unnecessary.", ["been represented as"]),
    # the writer's own words then, with their content: a source other than the writer now
    ("I said that the plant closed.", ["said"]),
    ("I say that the plant closed.", []),  # the writer's own words now
])
def test_a_report_the_writer_received_is_attribution(text, expected):
    m = dc.find_markers(dc.from_texts({"a": text}), analyzed_only=False)
    assert m[m.category == "attribution"].text.tolist() == expected


def test_negators_are_a_feature_of_the_certainty_score():
    from discourse.stance.rates import sentence_table
    from discourse.stance.sentences import CERTAINTY_FEATURES, certainty_features

    c = dc.from_texts({"a": "The drug did not increase survival. We don't know. It works."})
    f = certainty_features(c, dc.find_markers(c), sentence_table(c))
    assert "negation" in CERTAINTY_FEATURES
    assert f["negation"].tolist() == [1.0, 1.0, 0.0]  # "not"; "don't"; none


@pytest.mark.parametrize("text, booster, attribution", [
    ("Putin's aides have made it clear their long-term goals haven't changed.", [],
     ["made it clear"]),
    ("We have made it clear that we will defend our allies.", ["made it clear"], []),
    ("Recent months have made it clear that the regime has changed.", ["made it clear"], []),
])
def test_what_somebody_else_made_clear_is_attribution(text, booster, attribution):
    m = dc.find_markers(dc.from_texts({"a": text}), analyzed_only=False)
    assert m[m.category == "booster"].text.tolist() == booster
    assert m[m.category == "attribution"].text.tolist() == attribution


def test_a_belief_verb_with_its_holder_after_it_is_attribution_only():
    m = dc.find_markers(dc.from_texts({"a": "Russia might act, speculates Berzina."}),
                        analyzed_only=False)
    assert m[m.text == "speculates"].category.tolist() == ["attribution"]


@pytest.mark.parametrize("text, category, hit", [
    ("Had the canal been in operation, the shortage would have been avoided.", "condition",
     "Had"),
    ("Were I to omit raising a warning voice, I could scarcely be justified.", "condition",
     "Were"),
    ("These powers may be used, should their exercise be required.", "condition", "should"),
    ("The Postmaster General is assured that next year the receipts will grow.", "attribution",
     "assured"),
    ("That Department estimates that the postage collected amounted to five dollars.",
     "attribution", "estimates that"),
])
def test_inverted_conditions_and_reports_of_older_prose(text, category, hit):
    m = dc.find_markers(dc.from_texts({"a": text}), analyzed_only=False)
    assert hit in m[m.category == category].text.tolist()


@pytest.mark.parametrize("text", ["Were the changes made?", "The rates, as we saw, had the effect.",
                                  "It is estimated that the receipts will grow."])
def test_no_inverted_condition_or_report_here(text):
    m = dc.find_markers(dc.from_texts({"a": text}), analyzed_only=False)
    assert not m.category.isin(["condition", "attribution"]).any()


@pytest.mark.parametrize("text, expected", [
    ("Allies aren't buying Putin's promises that he'd stop fighting.", ["promises that"]),
    ("Trump's envoy claims Putin wants more than a deal.", ["claims"]),
    ("He claims the land he wants.", []),  # claim = own; no clause after it
])
def test_a_promise_noun_and_a_bare_clause_after_claims(text, expected):
    m = dc.find_markers(dc.from_texts({"a": text}), analyzed_only=False)
    assert m[m.category == "attribution"].text.tolist() == expected
