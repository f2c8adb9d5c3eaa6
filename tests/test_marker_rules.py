"""Every context rule of the stance markers fires where it should and not where it must not.

One sentence written for each case. ``fires``: the rule decides a hit on ``text`` (its ``rule``
column says so, kept or rejected). ``must not``: the same words are matched, and this rule does
not decide them.
"""

import runpy
from pathlib import Path

import pytest

import discourse as dc
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
    ("would_hypothetical", "That would be a mistake.", "would", False),
    ("would_reported", "He said he would resign.", "would", True),
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
    ("no_speaker", "The claim that the war is defensive is false.", "claim", True),
    ("no_speaker", "Analysts claim the war is defensive.", "claim", False),
    ("noun_use", "Conflicting claims about economic thought persist.", "thought", True),
    ("noun_use", "Economists thought the rate would rise.", "thought", False),
    ("belief_verb", "Experts believe the drug works.", "believe", True),
    ("belief_verb", "We believe in America.", "believe", False),
    ("belief_object", "We believe in America.", "believe", True),
    ("belief_object", "We believe that it works.", "believe", False),
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


def test_every_rule_has_a_firing_and_a_non_firing_case():
    fires = {r for r, *_, f in CASES if f}
    not_fires = {r for r, *_, f in CASES if not f}
    assert fires == set(RULES) and not_fires == set(RULES)


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
    ("Officials announced the deal.", "announced", "attribution", "reporting verb", False),
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
