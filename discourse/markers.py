"""Stance markers: every hedge, booster, attribution, attitude, self-mention, engagement and
informal marker in a corpus, with the lexicon entry and the context rule behind each hit.

How it works
------------
1. **Lexicon match.** Every form of the lexicon (:func:`discourse.load_lexicon`) is tokenized
   like the corpus and matched on the ``norm`` column in one pass over the token table: the
   token codes are mapped to lexicon-vocabulary ids (a lookup per distinct token, not per
   token), and a prefix tree of the forms is walked for all positions at once with numpy, one
   step per token of the longest form. Forms never cross a sentence. Within a category the
   longest match wins ("made it clear" over "clear"); different categories may share tokens
   ("in my view" is a hedge and "my" a self-mention).
2. **Context rules.** Each rule has an id; every hit records the last rule that decided it in
   the ``rule`` column (``lexicon`` when no rule changed or confirmed it). A rule applies to the
   lexicon rows whose ``context`` column carries its tag, so a user's lexicon can use them too.

============================  ==============================================================
rule                          what it does
============================  ==============================================================
``lexicon``                   no context rule changed or confirmed the hit
``dual_role``                 the entry is listed in two categories, so the same words make
                              one hit in each ("reportedly": hedge and attribution)
``negated_booster``           a booster after a negation is a hedge: "not clear", "far from
                              clear", "not certain", "not always" (tag ``negation``)
``negated_hedge``             a hedge of doubt after a negation is a booster: "no doubt",
                              "without a doubt", "never doubted" (tag ``negation``)
``may_month``                 "May" capitalised inside a sentence, or opening one before a
                              number, is the month or a name: no hedge (tag ``month``)
``us_country``                "US" in capitals is the country: no self-mention (``country``)
``roman_numeral``             "I" after "War", "Phase", "Part", ... (tag ``pronoun_i``)
``approximator_quantity``     "about", "around", "some", "close to" count only before a
                              quantity: "about 20", "some 200 people", "around a third"
                              (tag ``quantity``)
``modal_ability``             "can/could" of ability or permission is no hedge where that is
                              decidable: a personal subject of "can", a request ("Could you"),
                              an ability verb ("could see", "can afford"), an elliptical
                              "as soon as they can", purpose "so they could" (tag ``ability``;
                              the shipped lexicon lists "could" only: see LEXICON.md on "can")
``modal_negated``             "can not / could not / could never" is no hedge (``ability``)
``would_hypothetical``        "would" in a sentence with a condition ("if", "unless",
                              "otherwise", "were to") is a hedge (tag ``would``)
``would_reported``            "would" in a sentence with a reporting or thinking verb and no
                              condition is future-in-the-past of reported speech: no hedge
``would_volition``            "would like / love / prefer / rather": no hedge
``certainty_frame``           "clear", "plain", "evident", "obvious", "true" are boosters only
                              in certainty frames ("it is clear", "made it clear", "very
                              clear", "clear that/whether"); "certain", "sure", "confident",
                              "convinced" only predicatively ("I am sure", "certain to"), never
                              "make sure" (tags ``frame_it``, ``frame_personal``)
``concessive``                "even if / even though / even as / even so" is no booster
                              (tag ``concessive``)
``third_party``               a reporting verb with a third-party speaker is attribution:
                              "experts say", "says Berzina", "Putin argues" (tags ``speaker``,
                              ``speaker_epistemic``)
``first_person``              "I/we believe, think, suspect" is a hedge
                              (``speaker_epistemic``); "I say, we argue" is no attribution
                              (``speaker``)
``no_speaker``                a reporting-verb form with no speaker is no attribution: a noun
                              ("the claim", "a suspect"), an infinitive ("hard to say"), an
                              imperative, "you/let's say"
``imperative``                directives ("Consider", "Note that", "Imagine") count only when
                              they open a sentence (tag ``imperative``)
``s_contraction``             noun + 's counts as the contraction of "is/has" only before
                              "been", "not", "a", "the", a participle, ...
                              (tag ``s_contraction``)
``not_before_to``             "supposed" before "to" is deontic: no hedge (``not_before_to``)
``fixed_phrase``              a form inside a fixed phrase of :data:`FIXED_PHRASES` is no
                              marker: "as soon as possible", "think tank", "an even split",
                              "claimed 10,000 lives", "all told" (tag ``fixed_phrase``)
``inside_phrase``             a booster inside a longer hedge phrase, or a hedge inside a
                              longer booster phrase, is part of that phrase: "almost
                              certainly" is one hedge, not a hedge and a booster (any tag)
``modal_noun``                "might" or "must" used as a noun is no modal: "military might",
                              "Russia's might", "a must" (tag ``modal_noun``)
============================  ==============================================================

The rules read a few tokens around the hit (same sentence only); each is a handful of numpy
operations on the hits, never a loop over tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ._backend import dispatch
from ._validate import InputError, as_list
from .lexicon import (
    CATEGORIES,
    CONTEXT_TAGS,
    _default_lexicon,
    check_lexicon,
    form_tokens,
    split_forms,
)
from .lexicon import load_lexicon as _load_lexicon

MARKER_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "text", "category",
                  "subcategory", "entry", "rule"]

RULES = {
    "lexicon": "no context rule changed or confirmed the hit",
    "dual_role": "the entry is listed in two categories: one hit in each",
    "negated_booster": "a booster after a negation is a hedge",
    "negated_hedge": "a hedge of doubt after a negation is a booster",
    "may_month": '"May" the month or a name is no hedge',
    "us_country": '"US" in capitals is the country',
    "roman_numeral": '"I" as a roman numeral',
    "approximator_quantity": "an approximator counts only before a quantity",
    "modal_ability": '"can/could" of ability or permission is no hedge',
    "modal_negated": '"can not / could not" is no hedge',
    "would_hypothetical": '"would" with a condition in its sentence is a hedge',
    "would_reported": '"would" in reported speech is no hedge',
    "would_volition": '"would like/love/prefer/rather" is no hedge',
    "certainty_frame": "a certainty adjective counts only in a certainty frame",
    "concessive": 'concessive "even if/though/as/so" is no booster',
    "third_party": "a reporting verb with a third-party speaker is attribution",
    "first_person": '"I/we believe" is a hedge; "I/we say" no attribution',
    "no_speaker": "a reporting-verb form without a speaker is no attribution",
    "imperative": "a directive counts only when it opens a sentence",
    "s_contraction": "noun + 's counts as a contraction only before a verb-like word",
    "not_before_to": '"supposed to" is no hedge',
    "fixed_phrase": "a form inside a fixed phrase is no marker",
    "inside_phrase": "a booster inside a hedge phrase (or the reverse) is part of it",
    "modal_noun": '"might/must" as a noun is no modal',
}
"""Rule ids recorded in the ``rule`` column, with what each does."""

_CLAIM_OBJECTS = frozenset({"lives", "life", "victory", "victories", "title", "titles", "seat",
                            "seats", "credit", "ownership", "asylum", "benefits", "compensation",
                            "damages"})
FIXED_PHRASES = {
    # matched form: (words right before it, words one or two tokens after it)
    "possible": (frozenset({"as", "if", "where", "wherever", "whenever", "best", "everything",
                            "anything", "all", "whatever"}), frozenset()),
    "even": (frozenset({"a", "an", "break", "breaks", "broke", "breaking", "get", "got",
                        "getting"}), frozenset({"number", "numbers", "keel"})),
    "think": (frozenset(), frozenset({"tank", "tanks"})),
    "thinks": (frozenset(), frozenset({"tank", "tanks"})),
    "told": (frozenset({"all"}), frozenset()),
    **{f: (frozenset(), _CLAIM_OBJECTS) for f in ("claim", "claims", "claimed", "claiming")},
}
"""Fixed phrases that rule ``fixed_phrase`` excludes: for each matched form (its ``norm``),
the words that make a fixed phrase right before it, or one or two tokens after it."""

# -- word sets the rules read ------------------------------------------------------------------
_NEGATORS = frozenset({"not", "no", "never", "nor", "neither", "hardly", "scarcely", "cannot",
                       "nobody", "nothing"})
_DEGREE = frozenset({
    "entirely", "altogether", "completely", "fully", "totally", "wholly", "quite", "so", "very",
    "too", "all", "at", "yet", "always", "exactly", "particularly", "immediately", "necessarily",
    "increasingly", "perfectly", "abundantly", "crystal", "absolutely", "sufficiently",
    "painfully", "now", "already", "also", "still", "even", "pretty", "really", "longer",
    "any", "terribly", "as", "much", "more", "patently", "blindingly", "starkly", "just",
})
_COPULA = frozenset({
    "is", "was", "are", "were", "be", "been", "being", "am", "seem", "seems", "seemed", "appear",
    "appears", "appeared", "become", "becomes", "became", "becoming", "remain", "remains",
    "remained", "look", "looks", "looked", "isn't", "wasn't", "aren't", "weren't", "it's",
    "that's", "what's", "'tis", "this's",
})
# booster negation: degree words, copulas and "it" may stand between ("nor is it clear")
_NEG_SKIP_BOOSTER = _DEGREE | _COPULA | {"it", "that", "this", "seem", "to"}
_NEG_SKIP_DOUBT = frozenset({"a", "any", "the", "reasonable", "shadow", "of", "there", "is",
                             "was", "be", "much", "real", "serious", "in", "can", "could"})
_NEG_DOUBT = _NEGATORS | {"without", "beyond", "little"}
_IT_SUBJECT = frozenset({"it", "this", "that", "what", "which", "so", "much", "one", "thing",
                         "nothing", "all"})
_AUX = frozenset({"has", "have", "had", "will", "would", "may", "might", "could", "can",
                  "should", "must", "does", "did", "do", "not", "also", "now", "already", "soon",
                  "quickly", "never", "always", "then", "thus", "therefore", "still", "'ll",
                  "surely", "certainly", "probably"})
_MAKE = frozenset({"make", "makes", "made", "making"})
_INTENSIFIER = frozenset({"very", "perfectly", "abundantly", "crystal", "absolutely", "quite",
                          "increasingly", "entirely", "completely", "fully", "so", "too",
                          "painfully", "sufficiently", "patently", "blindingly", "starkly",
                          "utterly"})
_COMPLEMENT = frozenset({"that", "whether", "how", "why", "what", "who", "whom", "when", "where",
                         "if", "which"})
_PERSONAL_NEXT = frozenset({"that", "to", "whether", "about", "how", "what", "who", "why", "when",
                            "where", "if"})
_PRONOUN_CONTRACTIONS = frozenset({
    "i'm", "you're", "we're", "they're", "he's", "she's", "it's", "that's", "there's", "who's",
    "what's", "here's", "where's", "how's", "let's", "i'd", "you'd", "he'd", "she'd", "we'd",
    "they'd", "i've", "you've", "we've", "they've", "i'll", "you'll", "he'll", "she'll",
    "we'll", "they'll", "it'll", "that'll",
})
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "trillion", "trillions", "dozen", "dozens", "half", "twice", "thrice", "double", "triple",
})
_QUANTITY_NOUNS = frozenset({
    "dozen", "hundred", "thousand", "million", "billion", "trillion", "third", "quarter",
    "fifth", "tenth", "half", "year", "month", "week", "day", "hour", "minute", "decade",
    "century", "mile", "kilometre", "kilometer", "percent", "per", "score", "fortnight",
})
_QUANTITY_LEAD = frozenset({"a", "an", "$", "£", "€", "¥", "another", "us$"})
_NUMBER_RE = re.compile(r"^[$£€¥]?\d[\d.,:/]*(?:%|s|k|m|bn|th|st|nd|rd|pc)?$")
_ABILITY_VERBS = frozenset({"afford", "see", "hear", "smell", "taste", "understand", "manage",
                            "remember", "recall", "speak", "read", "swim", "drive", "tell",
                            "count", "recognise", "recognize", "imagine", "sense", "stand",
                            "cope", "handle"})
_PERSONAL = frozenset({"i", "you", "we", "he", "she", "they", "who", "anyone", "everyone",
                       "someone", "somebody", "anybody", "everybody", "nobody", "people", "one",
                       "users", "customers", "readers", "visitors", "members", "citizens"})
_REQUEST_SUBJECT = frozenset({"i", "you", "we", "he", "she", "they"})
_CONDITION = frozenset({"if", "unless", "otherwise", "suppose", "supposing", "imagine",
                        "hypothetically", "provided", "whether"})
_REPORT_VERBS = frozenset({
    "said", "says", "say", "saying", "told", "tells", "announced", "promised", "vowed", "pledged",
    "warned", "predicted", "insisted", "claimed", "argued", "believed", "believes", "thought",
    "thinking", "hoped", "hoping", "expected", "expecting", "knew", "decided", "agreed",
    "confirmed", "stated", "added", "explained", "noted", "wrote", "reported", "indicated",
    "assured", "feared", "signalled", "signaled", "declared", "estimated", "guaranteed",
    "suggested", "acknowledged", "admitted", "conceded", "speculated", "hinted", "threatened",
    "assumed", "imagined", "predicting", "claiming", "insisting", "warning", "promising",
})
_VOLITION = frozenset({"like", "love", "prefer", "rather", "hate", "welcome"})
_CONCESSIVE = frozenset({"if", "though", "as", "so"})
_SPEAKER_SKIP = _AUX | {
    "often", "repeatedly", "long", "publicly", "privately", "openly", "recently", "once", "later",
    "previously", "even", "further", "just", "really", "actually", "reportedly", "allegedly",
    "apparently", "indeed", "firmly", "strongly", "genuinely", "truly", "sincerely", "clearly",
    "widely", "generally", "commonly", "only", "shall", "is", "are", "was", "were", "be", "been",
    "being", "frequently", "sometimes", "usually", "rightly", "wrongly", "mistakenly",
}
_FIRST_PERSON = frozenset({"i", "we", "i'm", "we're", "i've", "we've", "i'd", "we'd", "i'll",
                           "we'll"})
_NOT_A_SPEAKER = frozenset({
    "you", "you're", "you'd", "you've", "you'll", "y'all", "let's", "let", "to", "the", "a", "an",
    "these", "those", "his", "her", "its", "their", "our", "my", "your", "of", "in", "on", "for",
    "with", "by", "from", "at", "as", "about", "into", "than", "no", "any", "every", "each",
    "whose", "such", "another", "upon", "over", "under", "without", "within", "against",
    "through", "like", "unlike", "per", "via", "towards", "toward", "whatever", "whichever",
})
_ROMAN_BEFORE = frozenset({"war", "phase", "chapter", "part", "type", "stage", "class", "article",
                           "title", "section", "volume", "vol", "act", "schedule", "grade",
                           "level", "division", "tier", "book", "appendix", "annex", "series",
                           "henry", "louis", "charles", "elizabeth", "james", "george", "edward",
                           "william", "richard", "nicholas", "alexander", "peter", "catherine"})
_MONTH_BEFORE = frozenset({"in", "of", "since", "until", "till", "by", "early", "late", "mid",
                           "last", "next", "this", "during", "from", "through", "on",
                           "before", "after", "theresa"})
# before a noun "might/must" (never before the modal: "this might", "all might" are modals)
_NOUN_BEFORE_MODAL = frozenset({
    "the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "of", "military",
    "economic", "naval", "nuclear", "industrial", "financial", "sheer", "full", "great",
    "considerable", "growing", "superior", "combined",
})
_S_NEXT = frozenset({
    "been", "not", "no", "a", "an", "the", "got", "gotten", "gonna", "going", "just", "still",
    "never", "always", "also", "already", "now", "all", "so", "very", "too", "only", "really",
    "done", "become", "had", "gone", "seen", "taken", "given", "shown", "said", "asked",
    "spoken", "told", "tried", "decided", "agreed", "refused", "failed", "managed", "trying",
    "getting", "coming", "doing", "making", "taking", "saying", "looking", "losing", "winning",
    "talking", "hiding", "planning", "waiting", "gaining", "using", "playing", "working",
    "running", "starting", "telling", "asking", "hoping", "seeking", "pushing", "holding",
    "keeping", "putting", "being", "probably", "likely", "certainly", "definitely", "clearly",
    "about", "here", "there",
})


# -- the compiled lexicon --------------------------------------------------------------------
@dataclass(frozen=True)
class _Compiled:
    lex: pd.DataFrame
    vocab: pd.Index            # exact single tokens of the forms
    wild: tuple                # (suffix, vocab id) of wildcard forms
    keys: np.ndarray           # sorted trie transition keys: state * width + vocab id
    next_state: np.ndarray
    terminal: np.ndarray       # form id of each state, -1 if none
    width: int
    max_len: int
    form_ptr: np.ndarray       # rows of form f: form_rows[form_ptr[f]:form_ptr[f + 1]]
    form_rows: np.ndarray
    row_cat: np.ndarray        # category index of each lexicon row
    row_tags: dict             # tag -> boolean array over rows
    row_dual: np.ndarray       # entry listed in more than one category


def _compile(lex: pd.DataFrame) -> _Compiled:
    forms: dict[tuple, list[int]] = {}
    for r, (entry, fcell) in enumerate(zip(lex.entry, lex.forms, strict=True)):
        for form in split_forms(fcell or entry):
            forms.setdefault(form_tokens(form), []).append(r)
    vocab_list = sorted({t for f in forms for t in f})
    vocab = {t: i for i, t in enumerate(vocab_list)}
    width = len(vocab_list) + 1
    trans: dict[tuple[int, int], int] = {}
    terminal = [-1]
    form_keys = list(forms)
    for fid, toks in enumerate(form_keys):
        state = 0
        for t in toks:
            key = (state, vocab[t])
            if key not in trans:
                trans[key] = len(terminal)
                terminal.append(-1)
            state = trans[key]
        terminal[state] = fid
    keys = np.array([s * width + v for s, v in trans], dtype=np.int64)
    nxt = np.array(list(trans.values()), dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    counts = [len(forms[f]) for f in form_keys]
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    rows = np.array([r for f in form_keys for r in forms[f]], dtype=np.int64)
    cat_index = {c: i for i, c in enumerate(CATEGORIES)}
    tags = {t: np.array([t in c.split() for c in lex.context], dtype=bool) for t in CONTEXT_TAGS}
    n_cat = lex.groupby("entry")["category"].transform("nunique").to_numpy()
    return _Compiled(
        lex=lex, vocab=pd.Index(vocab_list, dtype=object),
        wild=tuple((t[1:], vocab[t]) for t in vocab_list if t.startswith("*")),
        keys=keys[order], next_state=nxt[order], terminal=np.array(terminal, dtype=np.int64),
        width=width, max_len=max((len(f) for f in form_keys), default=0), form_ptr=ptr,
        form_rows=rows, row_cat=lex.category.map(cat_index).to_numpy().astype(np.int64),
        row_tags=tags, row_dual=n_cat > 1,
    )


@lru_cache(maxsize=1)
def _default_compiled() -> _Compiled:
    return _compile(_default_lexicon())


def _resolve(lexicon) -> _Compiled:
    if lexicon is None:
        return _default_compiled()
    if isinstance(lexicon, pd.DataFrame):
        return _compile(check_lexicon(lexicon, where="lexicon"))
    return _compile(_load_lexicon(lexicon))


# -- token context ---------------------------------------------------------------------------
class _Tokens:
    """Arrays of a token table and vectorised look-ups around hit positions."""

    def __init__(self, tokens: pd.DataFrame):
        self.n = len(tokens)
        norm = tokens["norm"]
        if not isinstance(norm.dtype, pd.CategoricalDtype):
            norm = norm.astype("category")
        text = tokens["text"]
        if not isinstance(text.dtype, pd.CategoricalDtype):
            text = text.astype("category")
        self.cats = pd.Index(np.asarray(norm.cat.categories, dtype=object).astype(str),
                             dtype=object)
        # int32 throughout: these arrays are as long as the token table
        self.codes = norm.cat.codes.to_numpy().astype(np.int32)
        self.text_cats = np.asarray(text.cat.categories, dtype=object).astype(str)
        self.text_codes = text.cat.codes.to_numpy().astype(np.int32)
        self.is_word = tokens["is_word"].to_numpy().astype(bool)
        self.is_punct = tokens["is_punct"].to_numpy().astype(bool)
        doc = tokens["doc_id"].cat.codes.to_numpy()
        sent = tokens["sent_id"].to_numpy()
        new = np.ones(self.n, dtype=bool)
        new[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
        self.sent_no = np.cumsum(new, dtype=np.int32) - 1
        self.sid = self.sent_no  # one number per sentence of the corpus: equal iff same sentence
        self.sent_start = np.flatnonzero(new)
        cs = np.cumsum(self.is_word, dtype=np.int32) - self.is_word  # words before each token
        self.words_before = cs - cs[self.sent_start][self.sent_no] if self.n else cs
        self._flags: dict = {}
        cats = self.cats
        self.nt = np.asarray(cats.str.endswith("n't"), dtype=bool) if len(cats) else np.zeros(
            0, bool)

    def flag(self, words) -> np.ndarray:
        """Boolean over norm categories: is the category in ``words``?"""
        key = frozenset(words)
        if key not in self._flags:
            self._flags[key] = np.asarray(self.cats.isin(list(key)), dtype=bool)
        return self._flags[key]

    def valid(self, p: np.ndarray, ref: np.ndarray) -> np.ndarray:
        """Is position ``p`` a token of the same sentence as ``ref``?"""
        ok = (p >= 0) & (p < self.n)
        out = np.zeros(len(p), dtype=bool)
        out[ok] = self.sid[p[ok]] == self.sid[ref[ok]]
        return out

    def has(self, p, ref, flags: np.ndarray) -> np.ndarray:
        ok = self.valid(p, ref)
        out = np.zeros(len(p), dtype=bool)
        out[ok] = flags[self.codes[p[ok]]]
        return out

    def isin(self, p, ref, words) -> np.ndarray:
        return self.has(p, ref, self.flag(words))

    def norm(self, p, ref) -> np.ndarray:
        ok = self.valid(p, ref)
        out = np.full(len(p), "", dtype=object)
        out[ok] = np.asarray(self.cats, dtype=object)[self.codes[p[ok]]]
        return out

    def surface(self, p) -> np.ndarray:
        return self.text_cats[self.text_codes[p]]

    def negator(self, p, ref, extra=frozenset()) -> np.ndarray:
        words = _NEGATORS | extra if extra else _NEGATORS
        ok = self.valid(p, ref)
        out = np.zeros(len(p), dtype=bool)
        c = self.codes[p[ok]]
        out[ok] = self.flag(words)[c] | self.nt[c]
        return out

    def scan_left(self, ref: np.ndarray, skip, max_steps: int, *, skip_nt=False) -> np.ndarray:
        """Position of the first token left of ``ref`` not in ``skip`` (-1: none in sentence)."""
        p = ref - 1
        flags = self.flag(skip)
        for _ in range(max_steps):
            ok = self.valid(p, ref)
            c = np.where(ok, self.codes[np.clip(p, 0, max(self.n - 1, 0))], 0)
            skipping = ok & (flags[c] | (self.nt[c] if skip_nt else False))
            if not skipping.any():
                break
            p = np.where(skipping, p - 1, p)
        return np.where(self.valid(p, ref), p, -1)


def _number_flags(cats: pd.Index) -> np.ndarray:
    s = pd.Series(np.asarray(cats, dtype=object)).astype(str)
    num = s.str.match(_NUMBER_RE.pattern).to_numpy(dtype=bool)
    word = s.str.split("-").str[0].isin(list(_NUMBER_WORDS)).to_numpy(dtype=bool)
    return num | word


# -- matching --------------------------------------------------------------------------------
def _match(tk: _Tokens, comp: _Compiled):
    """All lexicon matches: first token, last token, lexicon row (arrays)."""
    empty = np.zeros(0, dtype=np.int64)
    if tk.n == 0 or comp.max_len == 0:
        return empty, empty, empty
    cat_vid = comp.vocab.get_indexer(tk.cats).astype(np.int64)
    for suffix, vid in comp.wild:
        m = (cat_vid < 0) & np.asarray(tk.cats.str.endswith(suffix), dtype=bool)
        cat_vid[m] = vid
    v = cat_vid[tk.codes]

    def step(state, vid):
        q = state * comp.width + vid
        i = np.searchsorted(comp.keys, q)
        i = np.minimum(i, len(comp.keys) - 1)
        return np.where(comp.keys[i] == q, comp.next_state[i], -1)

    starts = np.flatnonzero(v >= 0)
    state = step(np.zeros(len(starts), dtype=np.int64), v[starts])
    keep = state >= 0
    starts, state = starts[keep], state[keep]
    out_s, out_e, out_f = [], [], []
    k = 0
    while len(starts):
        term = comp.terminal[state]
        m = term >= 0
        out_s.append(starts[m])
        out_e.append(starts[m] + k)
        out_f.append(term[m])
        k += 1
        if k >= comp.max_len:
            break
        p = starts + k
        ok = p < tk.n
        starts, state, p = starts[ok], state[ok], p[ok]
        ok = (tk.sid[p] == tk.sid[starts]) & (v[p] >= 0)
        starts, state, p = starts[ok], state[ok], p[ok]
        state = step(state, v[p])
        ok = state >= 0
        starts, state = starts[ok], state[ok]
    s, e, f = (np.concatenate(x) if x else empty for x in (out_s, out_e, out_f))
    # one hit per lexicon row of each matched form
    n_rows = comp.form_ptr[f + 1] - comp.form_ptr[f]
    idx = np.repeat(np.arange(len(f)), n_rows)
    within = np.arange(len(idx)) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    rows = comp.form_rows[comp.form_ptr[f][idx] + within]
    s, e = s[idx], e[idx]
    return _longest(s, e, rows, comp.row_cat, tk.n)


def _longest(s, e, rows, row_cat, n):
    """Within each category keep the longest match, leftmost first, among overlapping ones."""
    cat = row_cat[rows]
    multi = np.flatnonzero(e > s)
    if len(multi) == 0:
        return s, e, rows
    order = multi[np.lexsort((-(e[multi] - s[multi]), s[multi], cat[multi]))]
    accepted, last_end = [], {}
    for i in order.tolist():
        c = cat[i]
        if s[i] > last_end.get(c, -1):
            accepted.append(i)
            last_end[c] = e[i]
    accepted = np.array(accepted, dtype=np.int64)
    lens = e[accepted] - s[accepted] + 1
    tok = np.repeat(s[accepted], lens) + (np.arange(lens.sum()) - np.repeat(
        np.cumsum(lens) - lens, lens))
    covered = np.repeat(cat[accepted], lens) * (n + 1) + tok
    single = np.flatnonzero(e == s)
    single = single[~np.isin(cat[single] * (n + 1) + s[single], covered)]
    keep = np.sort(np.concatenate([single, accepted]))
    return s[keep], e[keep], rows[keep]


# -- rules -----------------------------------------------------------------------------------
class _Hits:
    def __init__(self, s, e, rows, comp: _Compiled):
        self.s, self.e, self.rows = s, e, rows
        lex = comp.lex
        self.category = lex.category.to_numpy(dtype=object)[rows].copy()
        self.subcategory = lex.subcategory.to_numpy(dtype=object)[rows].copy()
        self.entry = lex.entry.to_numpy(dtype=object)[rows]
        self.rule = np.full(len(rows), "lexicon", dtype=object)
        self.rule[comp.row_dual[rows]] = "dual_role"
        self.keep = np.ones(len(rows), dtype=bool)
        self.tags = {t: m[rows] for t, m in comp.row_tags.items()}

    def decide(self, idx, mask, rule, *, keep=None, category=None, subcategory=None):
        idx = idx[mask]
        self.rule[idx] = rule
        if keep is not None:
            self.keep[idx] = keep
        if category is not None:
            self.category[idx] = category
        if subcategory is not None:
            self.subcategory[idx] = subcategory


def _negated(tk: _Tokens, h: _Hits, idx: np.ndarray) -> np.ndarray:
    """Is each hit preceded by a negation (with the skips its category allows)?"""
    out = np.zeros(len(idx), dtype=bool)
    for cat, skip, extra, steps in (("booster", _NEG_SKIP_BOOSTER, frozenset(), 4),
                                    ("hedge", _NEG_SKIP_DOUBT, _NEG_DOUBT, 5)):
        sel = np.flatnonzero(h.category[idx] == cat)
        if not len(sel):
            continue
        ref = h.s[idx[sel]]
        p = tk.scan_left(ref, skip, steps)
        neg = tk.negator(p, ref, extra)
        if cat == "booster":  # two-word negators: far from, less than; by no means
            w1, w2 = tk.norm(p, ref), tk.norm(p - 1, ref)
            neg |= ((w1 == "from") & (w2 == "far")) | ((w1 == "than") & (w2 == "less"))
            neg |= (w1 == "means") & (w2 == "no")
        out[sel] = neg
    return out


def _apply_rules(tk: _Tokens, h: _Hits, numbers: np.ndarray) -> None:
    def tagged(tag):
        return np.flatnonzero(h.tags[tag] & h.keep)

    # "almost certainly": the booster is part of a longer hedge phrase (and the reverse)
    for inner, outer in (("booster", "hedge"), ("hedge", "booster")):
        phrase = np.flatnonzero((h.category == outer) & (h.e > h.s))
        if not len(phrase):
            continue
        lens = h.e[phrase] - h.s[phrase] + 1
        covered = np.repeat(h.s[phrase], lens) + (np.arange(lens.sum()) - np.repeat(
            np.cumsum(lens) - lens, lens))
        idx = np.flatnonzero(h.category == inner)
        inside = np.isin(h.s[idx], covered) & np.isin(h.e[idx], covered)
        inside &= (h.e[idx] - h.s[idx]) < lens.max()
        h.decide(idx, inside, "inside_phrase", keep=False)

    # negation is read first: a negated certainty adjective is in a frame by definition
    neg_idx = tagged("negation")
    negated = np.zeros(len(h.s), dtype=bool)
    negated[neg_idx] = _negated(tk, h, neg_idx)

    # "May" the month or a name
    idx = tagged("month")
    if len(idx):
        ref = h.s[idx]
        title = tk.surface(ref) == "May"
        initial = tk.words_before[ref] == 0
        before_num = tk.has(ref + 1, ref, numbers)
        month_prev = tk.isin(ref - 1, ref, _MONTH_BEFORE)
        h.decide(idx, title & (~initial | before_num | month_prev), "may_month", keep=False)

    idx = tagged("country")
    if len(idx):
        h.decide(idx, tk.surface(h.s[idx]) == "US", "us_country", keep=False)

    idx = tagged("pronoun_i")
    if len(idx):
        ref = h.s[idx]
        h.decide(idx, (tk.surface(ref) == "I") & tk.isin(ref - 1, ref, _ROMAN_BEFORE),
                 "roman_numeral", keep=False)

    idx = tagged("quantity")
    if len(idx):
        end = h.e[idx]
        q = end + 1
        ok = tk.has(q, end, numbers)
        ok |= tk.isin(q, end, _QUANTITY_LEAD) & (tk.has(q + 1, end, numbers)
                                                 | tk.isin(q + 1, end, _QUANTITY_NOUNS))
        h.decide(idx, ok, "approximator_quantity")
        h.decide(idx, ~ok, "approximator_quantity", keep=False)

    idx = tagged("ability")
    if len(idx):
        ref = h.s[idx]
        nxt = ref + 1
        negated_modal = tk.isin(nxt, ref, {"not", "never"})
        ability = tk.isin(nxt, ref, _ABILITY_VERBS)
        # elliptical: "as soon as they can.", "if you could,"
        ability |= ~(tk.valid(nxt, ref) & tk.is_word[np.clip(nxt, 0, max(tk.n - 1, 0))])
        ability |= (tk.words_before[ref] == 0) & tk.isin(nxt, ref, _REQUEST_SUBJECT)
        is_can = tk.norm(ref, ref) == "can"
        subj = tk.scan_left(ref, _SPEAKER_SKIP - {"can", "could"}, 3)
        ability |= is_can & tk.isin(subj, ref, _PERSONAL)
        ability |= tk.isin(ref - 2, ref, {"so"}) | (tk.isin(ref - 3, ref, {"so"})
                                                    & tk.isin(ref - 2, ref, {"that"}))
        h.decide(idx, ability & ~negated_modal, "modal_ability", keep=False)
        h.decide(idx, negated_modal, "modal_negated", keep=False)

    idx = tagged("would")
    if len(idx):
        ref = h.s[idx]
        volition = tk.isin(ref + 1, ref, _VOLITION)
        cond_tok = tk.flag(_CONDITION)[tk.codes]
        were_to = np.zeros(tk.n, dtype=bool)
        if tk.n > 1:
            were_to[:-1] = (tk.flag({"were"})[tk.codes[:-1]] & tk.flag({"to"})[tk.codes[1:]]
                            & (tk.sid[:-1] == tk.sid[1:]))
        n_sent = int(tk.sent_no[-1]) + 1
        cond = np.bincount(tk.sent_no[cond_tok | were_to], minlength=n_sent) > 0
        rep = np.bincount(tk.sent_no[tk.flag(_REPORT_VERBS)[tk.codes]], minlength=n_sent) > 0
        sn = tk.sent_no[ref]
        h.decide(idx, volition, "would_volition", keep=False)
        h.decide(idx, ~volition & cond[sn], "would_hypothetical")
        h.decide(idx, ~volition & ~cond[sn] & rep[sn], "would_reported", keep=False)

    idx = tagged("frame_it")
    if len(idx):
        ref = h.s[idx]
        pb = tk.scan_left(ref, _DEGREE | _NEGATORS, 4)
        w_pb = tk.norm(pb, ref)
        subj = tk.scan_left(np.where(pb >= 0, pb, ref), _AUX, 3, skip_nt=True)
        cop = np.isin(w_pb, list(_COPULA))
        ok = cop & (np.isin(w_pb, ["it's", "that's", "what's", "'tis", "this's"])
                    | tk.isin(subj, ref, _IT_SUBJECT))
        # inverted: "nor is it clear", "is it clear"
        ok |= (w_pb == "it") & tk.isin(pb - 1, ref, _COPULA)
        ok |= ((w_pb == "it") & tk.isin(pb - 1, ref, _MAKE)) | np.isin(w_pb, list(_MAKE))
        ok |= tk.isin(ref - 1, ref, _INTENSIFIER)
        ok |= tk.isin(h.e[idx] + 1, ref, _COMPLEMENT)
        ok |= negated[idx]
        h.decide(idx, ok, "certainty_frame")
        h.decide(idx, ~ok, "certainty_frame", keep=False)

    idx = tagged("frame_personal")
    if len(idx):
        ref = h.s[idx]
        pb = tk.scan_left(ref, _DEGREE | _NEGATORS, 4)
        w_pb = tk.norm(pb, ref)
        make = np.isin(w_pb, list(_MAKE))
        link = np.isin(w_pb, list(_COPULA | {"feel", "feels", "felt", "'m", "'re"}))
        link |= np.isin(w_pb, list(_PRONOUN_CONTRACTIONS))
        ok = ~make & (link | tk.isin(h.e[idx] + 1, ref, _PERSONAL_NEXT) | negated[idx])
        h.decide(idx, ok, "certainty_frame")
        h.decide(idx, ~ok, "certainty_frame", keep=False)

    idx = tagged("concessive")
    if len(idx):
        h.decide(idx, tk.isin(h.e[idx] + 1, h.e[idx], _CONCESSIVE), "concessive", keep=False)

    for tag in ("speaker", "speaker_epistemic"):
        idx = tagged(tag)
        if not len(idx):
            continue
        ref = h.s[idx]
        pb = tk.scan_left(ref, _SPEAKER_SKIP, 4, skip_nt=True)
        w = tk.norm(pb, ref)
        start = pb < 0
        first = np.isin(w, list(_FIRST_PERSON))
        not_speaker = np.isin(w, list(_NOT_A_SPEAKER))
        punct = ~start & tk.is_punct[np.clip(pb, 0, max(tk.n - 1, 0))]
        after = ref + 1
        inverted = punct & tk.valid(after, ref) & tk.is_word[np.clip(after, 0, max(tk.n - 1, 0))]
        form = tk.norm(ref, ref).astype(str)
        past = np.char.endswith(form.astype("U"), "ed") | np.isin(form, ["said", "told",
                                                                         "thought"])
        possessive = (np.char.endswith(w.astype(str).astype("U"), "'s")
                      & ~np.isin(w, list(_PRONOUN_CONTRACTIONS)) & ~past)
        number = tk.has(pb, ref, numbers)  # "two suspected militants", "30 reported cases"
        third = ~start & ~first & ~not_speaker & ~possessive & ~number & (~punct | inverted)
        none = ~third & ~first
        h.decide(idx, third, "third_party")
        h.decide(idx, none, "no_speaker", keep=False)
        if tag == "speaker_epistemic":
            h.decide(idx, first, "first_person", category="hedge",
                     subcategory="epistemic verb (first person)")
        else:
            h.decide(idx, first, "first_person", keep=False)

    idx = tagged("imperative")
    if len(idx):
        ok = tk.words_before[h.s[idx]] == 0
        h.decide(idx, ok, "imperative")
        h.decide(idx, ~ok, "imperative", keep=False)

    idx = tagged("s_contraction")
    if len(idx):
        ok = tk.isin(h.e[idx] + 1, h.e[idx], _S_NEXT)
        h.decide(idx, ok, "s_contraction")
        h.decide(idx, ~ok, "s_contraction", keep=False)

    idx = tagged("not_before_to")
    if len(idx):
        h.decide(idx, tk.isin(h.e[idx] + 1, h.e[idx], {"to"}), "not_before_to", keep=False)

    idx = tagged("fixed_phrase")
    if len(idx):
        form = tk.norm(h.s[idx], h.s[idx])
        fixed = np.zeros(len(idx), dtype=bool)
        for key, (left, right) in FIXED_PHRASES.items():
            sel = np.flatnonzero(form == key)
            if not len(sel):
                continue
            ref, end = h.s[idx[sel]], h.e[idx[sel]]
            hit = tk.isin(ref - 1, ref, left) if left else np.zeros(len(sel), bool)
            if right:
                hit |= tk.isin(end + 1, end, right) | tk.isin(end + 2, end, right)
            fixed[sel] |= hit
        h.decide(idx, fixed, "fixed_phrase", keep=False)

    idx = tagged("modal_noun")
    if len(idx):
        ref = h.s[idx]
        prev = tk.norm(ref - 1, ref).astype(str)
        possessive = (np.char.endswith(prev.astype("U"), "'s")
                      & ~np.isin(prev, list(_PRONOUN_CONTRACTIONS)))
        nxt_ok = tk.valid(ref + 1, ref)
        nxt_word = nxt_ok & tk.is_word[np.clip(ref + 1, 0, max(tk.n - 1, 0))]
        noun = tk.isin(ref - 1, ref, _NOUN_BEFORE_MODAL) | possessive
        noun |= ~nxt_word & (tk.words_before[ref] > 0) & ~tk.isin(ref - 1, ref, _PERSONAL)
        h.decide(idx, noun, "modal_noun", keep=False)

    # negation flips what survived the rules above
    flip = negated & h.keep
    idx = np.flatnonzero(flip)
    if len(idx):
        b = h.category[idx] == "booster"
        h.decide(idx, b, "negated_booster", category="hedge", subcategory="negated booster")
        h.decide(idx, ~b, "negated_hedge", category="booster", subcategory="negated hedge")


# -- public ----------------------------------------------------------------------------------
@dispatch  # a Dask corpus: see discourse._backend
def find_markers(corpus, *, lexicon=None, categories=None, analyzed_only: bool = True,
                 keep_rejected: bool = False) -> pd.DataFrame:
    """Find every stance marker in a corpus: one row per hit, with its entry and rule.

    Parameters
    ----------
    corpus : Corpus
        Any corpus (``dc.load_example()``, ``dc.from_texts([...])``, ...).
    lexicon : DataFrame, str or Path, optional
        The lexicon: a table like :func:`discourse.load_lexicon` returns, or the path of a CSV
        file. Default: the shipped lexicon (see ``discourse/resources/LEXICON.md``).
    categories : str or list of str, optional
        Keep only hits of these categories (after the rules: a negated booster is a hedge).
        Default: all categories of the lexicon.
    analyzed_only : bool, default True
        Search only analysed paragraphs (``paragraphs.is_analyzed``, the body by default), the
        paragraphs whose words :func:`discourse.marker_rates` counts.
    keep_rejected : bool, default False
        Also return the lexicon matches that a context rule rejected, with a boolean column
        ``is_rejected`` (their ``rule`` says which rule rejected them). For checking the rules.

    Returns
    -------
    DataFrame
        One row per hit, in document order then by ``start``: ``doc_id`` (categorical, as in
        the corpus), ``para_id``, ``sent_id`` (of the hit's first token), ``start``, ``end``
        (offsets into ``documents.text``; a multiword hit runs from its first token's start to
        its last token's end, so ``text == documents.text[start:end]``), ``text`` (the words as
        written), ``category``, ``subcategory``, ``entry`` (the lexicon entry), ``rule`` (the
        context rule that decided the hit, :data:`RULES`; ``lexicon`` when none did).
        The same words may be two hits of two categories ("reportedly": hedge and
        attribution, rule ``dual_role``). RangeIndex. ``attrs["categories"]`` lists the
        categories searched, so that rates can show zero counts.

    Notes
    -----
    Matching is on ``norm`` (casefolded, curly quotes straight); the case-sensitive rules
    ("May", "US", "I") read the token ``text``. See the module docstring for every rule.

    References
    ----------
    Hyland, K. (2005). *Metadiscourse: Exploring Interaction in Writing*. London: Continuum.
    Hyland, K. (2005). Stance and engagement: a model of interaction in academic discourse.
    *Discourse Studies* 7(2), 173-192. https://doi.org/10.1177/1461445605050365

    Examples
    --------
    >>> import discourse as dc
    >>> c = dc.from_texts(["It is far from clear that prices may fall, experts say."])
    >>> find_markers(c)[["text", "category", "entry", "rule"]]
        text     category  entry             rule
    0  clear        hedge  clear  negated_booster
    1    may        hedge    may          lexicon
    2    say  attribution    say      third_party
    """
    if not hasattr(corpus, "tokens") or not hasattr(corpus, "analyzed"):
        raise InputError(f"corpus must be a discourse Corpus (dc.load_example(), "
                         f"dc.from_texts(...)), got {type(corpus).__name__}.")
    comp = _resolve(lexicon)
    present = [c for c in CATEGORIES if c in set(comp.lex.category)]
    wanted = as_list(categories) if categories is not None else present
    unknown = [c for c in wanted if c not in CATEGORIES]
    if unknown:
        raise InputError(f"categories={unknown} are not stance categories; use "
                         f"{', '.join(CATEGORIES)}.")
    # tag the whole token table (no copy of it) and keep the hits of analysed paragraphs: a hit
    # and every context rule stay inside one sentence, so this equals tagging the analysed rows
    tokens = corpus.tokens
    tk = _Tokens(tokens)
    s, e, rows = _match(tk, comp)
    h = _Hits(s, e, rows, comp)
    if len(rows):
        _apply_rules(tk, h, _number_flags(tk.cats))
    sel = np.isin(h.category.astype(str), wanted) if len(rows) else np.zeros(0, bool)
    if analyzed_only and len(rows):
        sel &= corpus.analyzed_mask("tokens")[h.s]
    if not keep_rejected:
        sel &= h.keep
    sel = np.flatnonzero(sel)
    s, e = h.s[sel], h.e[sel]
    doc_codes = tokens["doc_id"].cat.codes.to_numpy()[s] if len(s) else np.zeros(0, np.int8)
    names = tokens["doc_id"].cat.categories
    texts = [corpus.text_of(d) for d in names]
    t_start = tokens["start"].to_numpy()
    t_end = tokens["end"].to_numpy()
    starts, ends = t_start[s], t_end[e]
    out = pd.DataFrame({
        "doc_id": pd.Categorical.from_codes(doc_codes, dtype=tokens["doc_id"].dtype),
        "para_id": tokens["para_id"].to_numpy()[s],
        "sent_id": tokens["sent_id"].to_numpy()[s],
        "start": starts,
        "end": ends,
        "text": pd.array([texts[d][a:b] for d, a, b in zip(doc_codes.tolist(), starts.tolist(),
                                                           ends.tolist(), strict=True)],
                         dtype="str"),
        "category": pd.array(h.category[sel].astype(str), dtype="str"),
        "subcategory": pd.array(h.subcategory[sel].astype(str), dtype="str"),
        "entry": pd.array(h.entry[sel].astype(str), dtype="str"),
        "rule": pd.array(h.rule[sel].astype(str), dtype="str"),
    })
    if keep_rejected:
        out["is_rejected"] = ~h.keep[sel]
    cat_order = out["category"].map({c: i for i, c in enumerate(CATEGORIES)})
    order = np.lexsort((out["entry"].to_numpy(dtype=object).astype(str), cat_order.to_numpy(),
                        out["end"].to_numpy(), out["start"].to_numpy(), doc_codes))
    out = out.iloc[order].reset_index(drop=True)
    out.attrs["categories"] = [c for c in CATEGORIES if c in wanted]
    return out


def rule_counts(markers: pd.DataFrame) -> pd.DataFrame:
    """How often each context rule decided a hit: one row per rule and category.

    Parameters
    ----------
    markers : DataFrame
        The output of :func:`find_markers` (with ``keep_rejected=True`` to see rejections too).

    Returns
    -------
    DataFrame
        ``rule``, ``category``, ``n`` (hits kept), ``n_rejected`` (0 without an
        ``is_rejected`` column), sorted by ``n + n_rejected`` descending, then ``rule``.

    Examples
    --------
    >>> import discourse as dc
    >>> m = find_markers(dc.from_texts(["In May we may go, not always by car."]),
    ...                  keep_rejected=True)
    >>> rule_counts(m)
                  rule      category  n  n_rejected
    0          lexicon         hedge  1           0
    1          lexicon  self_mention  1           0
    2        may_month         hedge  0           1
    3  negated_booster         hedge  1           0
    """
    rej = markers["is_rejected"].to_numpy(dtype=bool) if "is_rejected" in markers else np.zeros(
        len(markers), dtype=bool)
    df = pd.DataFrame({"rule": markers["rule"].astype(str), "category":
                       markers["category"].astype(str), "kept": ~rej, "rejected": rej})
    out = df.groupby(["rule", "category"], sort=False).agg(n=("kept", "sum"),
                                                         n_rejected=("rejected", "sum"))
    out = out.reset_index().astype({"n": "int64", "n_rejected": "int64"})
    out["_t"] = out.n + out.n_rejected
    out = out.sort_values(["_t", "rule", "category"], ascending=[False, True, True],
                          kind="stable")
    return out.drop(columns="_t").reset_index(drop=True)
