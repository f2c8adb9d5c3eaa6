"""The fast paths of the voices give exactly what the plain token-by-token rules give.

:func:`discourse.actors` and :func:`discourse.attributions` work out their word rules once per
distinct token text, jump from name candidate to name candidate and look sentences up by
number. Each piece is checked here against a slow, obvious version on texts where they could
differ (possessives, curly apostrophes, titles, initials, hyphenated pairs, several
documents).
"""

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.voices import _arrays, actor_aliases, attribution_sources, names

TEXTS = {
    "a": "President Volodymyr Zelensky met Putin\u2019s envoy. Mr. Smith said so. John F. "
         "Kennedy and the Romney-Ryan ticket. Kennedy's words. NATO-led forces.",
    "b": "Thank you. Now Berzina says Russia may stall, according to Kristine Berzina. "
         "DONALD TRUMP WILL HAVE YOUR BACK, said Trump. Experts say more.",
    "c": "Russia and the United States. Putin spoke in Washington; George Washington did "
         "not. Romney and Ryan agreed, says Ryan.",
}


@pytest.fixture(scope="module")
def corpus():
    return dc.from_texts(TEXTS, sections=dc.all_body)


def _runs_token_by_token(r):
    """Rule 2's runs as first written: a look at every token."""
    n, i, out = len(r.text), 0, []
    while i < n:
        if not (r.elig[i] or r.title_dot[i]) or r.title_dot[i]:
            i += 1
            continue
        j = i + 1
        while j < n and r.same_prev[j] and not r.ends[j - 1] and not r.poss[j - 1]:
            if r.elig[j] and not (r.acronym[j - 1] and r.acronym[j]):
                j += 1
            elif r.title_dot[j] and j + 1 < n and r.elig[j + 1]:
                j += 1
            elif (r.conn[j] and j + 1 < n and r.elig[j + 1] and r.same_prev[j + 1]
                  and not r.initial[j]):
                j += 2
            else:
                break
        out.append((i, j))
        i = j
    return out


@pytest.mark.parametrize("which", ["texts", "example"])
def test_runs_jump_to_the_same_runs_as_a_token_by_token_scan(corpus, which):
    c = corpus if which == "texts" else dc.load_example()
    r = names._Runs(c.analyzed("tokens"))
    runs = list(r.runs())
    assert runs == _runs_token_by_token(r)
    assert len(runs) > (10 if which == "texts" else 100)


def test_token_flags_equal_the_flags_of_every_token(corpus):
    tok = corpus.analyzed("tokens")
    arr = _arrays.TokenArrays(tok)
    text, norm = tok.text.astype(str).to_numpy(dtype=object), tok.norm.astype(str)
    r = names._Runs(tok)
    # per distinct text / norm / piece, then spread: the same as asking every token
    np.testing.assert_array_equal(names._text_in(arr, names.CONNECTORS),
                                  pd.Series(text).isin(names.CONNECTORS).to_numpy())
    stop = set(dc.stoplist("snowball"))
    np.testing.assert_array_equal(arr.norm_in(stop), norm.isin(stop).to_numpy())
    pieces = [names._piece_of(t) for t in text]
    assert r.piece.tolist() == [p[0] for p in pieces]
    assert r.poss.tolist() == [p[3] for p in pieces]
    s = pd.Series(r.piece, dtype=object)
    cap_mid, lower = names._word_stats(r._codes, r._uniq, r.cap, ~r.initial)
    assert cap_mid == s[r.cap & ~r.initial].value_counts().to_dict()
    assert lower == s[~r.cap].str.lower().value_counts().to_dict()
    # by hand: "says" and "said" twice each; "Putin" once inside a sentence ("met Putin's"; the
    # other starts its sentence), "Washington" twice
    assert lower["says"] == 2 and lower["said"] == 2 and "thank" not in lower
    assert cap_mid["Putin"] == 1 and cap_mid["Washington"] == 2


def test_sentence_key_tells_sentences_apart(corpus):
    tok = corpus.analyzed("tokens")
    key = _arrays.TokenArrays(tok).sent_key
    pairs = list(zip(tok.doc_id.astype(str), tok.sent_id, strict=True))
    for i in range(1, len(pairs)):
        assert (key[i] == key[i - 1]) == (pairs[i] == pairs[i - 1])
    assert len(set(key.tolist())) == len(set(pairs)) == len(corpus.analyzed("sentences"))


def test_own_actors_match_whole_words_with_possessives(corpus):
    tok = corpus.analyzed("tokens")
    men = actor_aliases.match_mentions(tok, actor_aliases.user_aliases(
        {"Putin": ["Putin"], "Kennedy": ["John F. Kennedy"], "US": ["United States"]}))
    # by hand: Putin's (a) and Putin (c); "John F. Kennedy" is not whole in the tokens ("F", ".")
    # so its last word finds Kennedy and Kennedy's (a); United States (c); no overlaps
    assert sorted(zip(men.actor, men.doc_id, men.name, strict=True)) == [
        ("Kennedy", "a", "Kennedy"), ("Kennedy", "a", "Kennedy"),
        ("Putin", "a", "Putin"), ("Putin", "c", "Putin"), ("US", "c", "United States")]
    first = men["first"].to_numpy()
    assert sorted(tok.text.astype(str).to_numpy()[first]) == sorted(
        ["Putin\u2019s", "Putin", "Kennedy", "Kennedy's", "United"])


def test_cue_sentences_equal_a_lookup_by_pairs(corpus):
    s = corpus.sentences
    m = pd.DataFrame({"doc_id": ["c", "a", "b", "zz"], "sent_id": [1, 0, 2, 0]})
    para, text = attribution_sources._cue_sentences(s, m)
    by_pair = {(str(d), int(i)): (int(p), t) for d, i, p, t in
               zip(s.doc_id, s.sent_id, s.para_id, s.text, strict=True)}
    assert para == [by_pair[("c", 1)][0], by_pair[("a", 0)][0], by_pair[("b", 2)][0], None]
    assert text == [by_pair[("c", 1)][1], by_pair[("a", 0)][1], by_pair[("b", 2)][1], ""]


def test_actor_counts_keep_the_documents_as_categories_in_corpus_order(corpus):
    out = dc.actors(corpus)
    assert list(out.doc_id.cat.categories) == corpus.doc_ids
    # most mentioned first, then by name, then by document; counted by hand from the texts
    putin = out[out.actor == "Putin"]
    assert putin.doc_id.astype(str).tolist() == ["a", "c"] and putin.n.tolist() == [1, 1]
    assert (out.groupby("actor", sort=False).n.sum().diff().dropna() <= 0).all()
