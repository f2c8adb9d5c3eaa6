"""The example corpus as tables: hand-checked sections, sentences, tokens and checksums."""

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import discourse as dc

DATA = Path(__file__).resolve().parents[1] / "data"


def test_data_checksums_hold():
    # the sums published in data/README.md (copied unchanged from shared/corpus/README.md)
    expected = {
        "cepa_essay.txt": "72810829f6175807d0b27bdd5422d441862319a275350630f216e8df50f51255",
        "news_rewrite.txt": "bdb6c02256f23f165cb2174346391f0d39fd56343b9f82f9cfa48f326b8a58a2",
    }
    readme = (DATA / "README.md").read_text("utf-8")
    for name, digest in expected.items():
        assert digest in readme
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest


def test_documents_table(example):
    docs = example.documents
    assert docs.doc_id.tolist() == ["cepa_essay", "news_rewrite"]
    # the raw text exactly as decoded (the files have no BOM)
    assert docs.text[0] == (DATA / "cepa_essay.txt").read_text("utf-8")
    assert docs.n_chars.tolist() == [len(t) for t in docs.text]
    assert docs.author[0] == "Evgeny Roshchin"
    assert {"title", "genre", "source", "notes", "file"} <= set(docs.columns)
    assert isinstance(docs.index, pd.RangeIndex)


def test_sections_of_the_essay(example):
    p = example.paragraphs[example.paragraphs.doc_id == "cepa_essay"]

    def section_of(prefix):
        (hit,) = p.section[p.text.str.startswith(prefix)].tolist()
        return hit
    # read off the file by hand: 19 article paragraphs with a newsletter prompt in the middle,
    # the author's bio, then the house blurb and related-article links
    assert section_of("Get the Latest") == "boilerplate"
    assert section_of("Sign up to receive regula") == "boilerplate"
    assert section_of("Evgeny\u202fRoshchin\u202fis a Visit") == "bio"
    assert section_of("Europe’s Edge\xa0is CEPA’s o") == "boilerplate"
    for link in ["War Without End", "Russia’s Shadow Warfare", "CEPA Forum 2025",
                 "Explore CEPA’s flagship e", "Learn More", "Europe's Edge", "War Without End"]:
        assert section_of(link) == "boilerplate", link
    body = p[p.section == "body"]
    assert len(body) == 18
    assert body.text.iloc[0].startswith("What does Putin really want?")
    assert body.text.iloc[-1].startswith("While the costs of such recognition")
    assert (p.is_analyzed == (p.section == "body")).all()


def test_sections_of_the_rewrite(example):
    p = example.paragraphs[example.paragraphs.doc_id == "news_rewrite"]
    assert p.section.tolist() == ["headline"] + ["body"] * 13 + ["summary"] * 3
    assert p.text.iloc[0] == ("Putin's global standing for Russia is deeply personal to him. "
                              "Un concealed ambitions revealed.")
    assert p.text.iloc[-1].startswith("- In the event of a ceasefire")


def test_sections_on_a_scraped_page_of_our_own():
    page = "\n".join([
        "Skip to main content",
        "Rivers Are Rising Faster Than Expected",
        "By Jane Doe",
        "",
        "Floods hit the valley again this spring. Officials say the levees held, but barely.",
        "Subscribe to our newsletter",
        "Engineers now think the old estimates were far too low, and that new walls are needed "
        "within a decade if the towns are to stay dry.",
        "Climate Watch",
        "The next section of the article continues here with more careful reporting on the dams.",
        "",
        "Jane Doe is a science correspondent based in Vienna who covers water and climate.",
        "The Valley Times is an independent newspaper. Views expressed are the author's own.",
        "Most Read",
        "Ten Things to Do This Weekend",
        "© 2025 The Valley Times. All rights reserved.",
    ])
    c = dc.from_texts({"page": page})
    got = c.paragraphs.section.tolist()
    assert got == ["boilerplate", "headline", "byline", "body", "boilerplate", "body", "heading",
                   "body", "bio", "boilerplate", "boilerplate", "boilerplate", "boilerplate"]
    # nothing is deleted: every paragraph is still in the table and in the tokens
    assert len(c.paragraphs) == 13
    assert c.analyzed("paragraphs").text.str.startswith(("Floods", "Engineers", "The next")).all()


def test_a_poem_is_not_page_furniture():
    poem = "The Road\n\nTwo roads diverged in a yellow wood\nAnd sorry I could not travel both\n" \
        "And be one traveler, long I stood\nAnd looked down one as far as I could"
    c = dc.from_texts([poem])
    assert c.paragraphs.section.tolist() == ["headline"] + ["body"] * 4


def test_sections_can_be_turned_off_and_chosen(example):
    c = dc.load_example(sections=dc.all_body)
    assert (c.paragraphs.section == "body").all() and c.paragraphs.is_analyzed.all()
    body_only = example.with_analyzed(["body"])  # the default analyses the summary bullets too
    assert example.documents.n_words[1] > body_only.documents.n_words[1]
    with pytest.raises(dc.InputError, match="not sections"):
        example.with_analyzed(["bodyy"])


def sentences_of(corpus, doc_id):
    s = corpus.sentences
    return s[s.doc_id == doc_id].text.tolist()


def test_sentence_boundaries(example):
    essay = sentences_of(example, "cepa_essay")
    assert essay[0] == "What does Putin really want?"
    assert essay[1].startswith("It’s a question") and essay[1].endswith("against Ukraine.")
    # "U.S." style abbreviation and an initial inside a sentence do not end it
    bio = [s for s in essay if s.startswith("Evgeny")][0]
    assert "Henry A. Kissinger Center" in bio and bio.endswith("international politics.")
    assert "This year’s meeting was titled “The Polycentric World: Instructions for Use.”" in essay
    news = sentences_of(example, "news_rewrite")
    # a quotation that is a sentence keeps its quotes; the attribution stays with it
    assert ('"Many people in Europe now find Putin fundamentally untrustworthy," says Berzina.'
            in news)
    assert '"The Europeans are very clear-eyed on the potential for future military engagement."' \
        in news
    assert news[0] == "Putin's global standing for Russia is deeply personal to him."
    assert news[1] == "Un concealed ambitions revealed."


def test_abbreviations_and_initials():
    c = dc.from_texts(["Dr. Smith met the U.S. envoy in Washington. He left at 5 p.m. on Monday."
                       " Then he met Henry A. Kissinger."])
    assert c.sentences.text.tolist() == [
        "Dr. Smith met the U.S. envoy in Washington.",
        "He left at 5 p.m. on Monday.",
        "Then he met Henry A. Kissinger.",
    ]


def tokens_of(text):
    return dc.from_texts([text]).tokens.text.astype(str).tolist()


@pytest.mark.parametrize("text, expected", [
    ("Putin's aides ain't tryna", ["Putin's", "aides", "ain't", "tryna"]),
    ("haven't changed since the '90s", ["haven't", "changed", "since", "the", "'90s"]),
    ("a great-power, bought-and-paid-for state", ["a", "great-power", ",",
                                                  "bought-and-paid-for", "state"]),
    ("more than 219,000 dead — and", ["more", "than", "219,000", "dead", "—", "and"]),
    ("the U.S. and Dr. Who", ["the", "U.S.", "and", "Dr", ".", "Who"]),
    ("“root causes”\u202fof", ["“", "root", "causes", "”", "of"]),
    ("enough for ol' Mother Russia", ["enough", "for", "ol'", "Mother", "Russia"]),
    ("Russia’s GDP", ["Russia’s", "GDP"]),
    ("- Putin wins 20% of it...", ["-", "Putin", "wins", "20", "%", "of", "it", "..."]),
    ("see https://cepa.org/x.", ["see", "https://cepa.org/x", "."]),
])
def test_tokens(text, expected):
    assert tokens_of(text) == expected


def test_token_columns(example):
    t = example.tokens
    assert list(t.columns) == ["doc_id", "para_id", "sent_id", "tok_id", "start", "end", "text",
                               "norm", "is_word", "is_punct", "is_stop"]
    row = t[(t.doc_id == "cepa_essay") & (t.text == "Putin’s")].iloc[0]
    assert row.norm == "putin's" and row.is_word and not row.is_stop and not row.is_punct
    dash = t[t.text == "—"].iloc[0]
    assert dash.is_punct and not dash.is_word
    assert t[t.norm == "the"].is_stop.all()
    assert str(t.tok_id.dtype) == "int32" and str(t.start.dtype) == "int32"


def test_norm_folds_case_and_quotes():
    assert dc.normalize("“It’s”") == "\"it's\""
    assert dc.normalize("STRASSE") == dc.normalize("Straße")


def test_sizes_of_the_example(example):
    # counted by hand from the files: 31 + 17 non-blank lines
    assert example.summary().paragraphs.tolist() == [31, 17]
    assert example.summary().analyzed_paragraphs.tolist() == [18, 16]  # + 3 summary bullets


def test_sentences_agree_with_nltk_punkt_on_the_example(example):
    # NLTK's own Punkt, with the same parameters, is the reference: on both texts every
    # paragraph splits the same way
    from discourse.text.segment import sentence_splitter

    for p in example.paragraphs.itertuples():
        text = example.text_of(p.doc_id)
        ref = [text[p.start + a:p.start + b]
               for a, b in sentence_splitter().span_tokenize(text[p.start:p.end])]
        s = example.sentences
        ours = s[(s.doc_id == p.doc_id) & (s.para_id == p.para_id)].text.tolist()
        assert ours == ref


@pytest.mark.parametrize("text, expected", [
    # where we differ from NLTK on purpose: curly closing quotes close the sentence
    ("He said “No.” Then he left.", ["He said “No.”", "Then he left."]),
    # an opening bracket glued to the period starts the next sentence
    ("It rose.(See below.) Then", ["It rose.", "(See below.)", "Then"]),
    ("It ended in 2. place and in October 2. Then", ["It ended in 2. place and in October 2.",
                                                      "Then"]),
    ("Wait... what? Yes!", ["Wait... what?", "Yes!"]),
    ("A sentence.Next to it", ["A sentence.Next to it"]),
])
def test_sentence_rules(text, expected):
    assert dc.from_texts([text]).sentences.text.tolist() == expected


@pytest.mark.parametrize("text", [
    "plain ascii text, with punctuation.",
    "Putin’s “root causes”\u202fof\u00a0the war — 20 % \u2028 next\u3000line "
    "👩\u200d💻 e\u0301t\u0085é",
    "日本語 のテキスト。 Ελληνικά κείμενα!",
])
def test_token_bytes_are_the_tokens_without_python_strings(text):
    # the scan's bytes (the text with whitespace removed, cut at byte lengths) equal slicing
    # token by token
    from discourse.text.segment import token_spans
    from discourse.text.token_scan import scan

    starts, ends = token_spans(text)
    sc = scan([text])
    pieces = [text[a:b].encode("utf-8") for a, b in zip(starts, ends, strict=True)]
    assert sc.data == b"".join(pieces)
    assert sc.tok_bytes.tolist() == [len(p) for p in pieces]


_WORD_PIECES = ["a", "é", "e\u0301", "日本", "👩\u200d💻", "\u200b", "’", "“", "-", "...", "U.S.",
                "don't", " ", "  ", "\u00a0", "\u202f", "\t", "\n", "\n\n", "\u2028", "\x85",
                "http://x.org/a", "\ufeff", "\x01", "\u3000", ",", "(", ")"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_WORD_PIECES), max_size=40)
                 .map("".join)))
def test_word_counts_from_tokens_equal_split(text):
    # the section rules get each paragraph's word count from the token spans instead of
    # str.split(): the two must agree on any text
    from discourse.text.batches import _words_per_paragraph
    from discourse.text.segment import paragraph_spans, token_spans

    paras = paragraph_spans(text)
    starts, ends = token_spans(text)
    pstarts = np.array([s for s, _ in paras], dtype=np.int32)
    tpara = (np.searchsorted(pstarts, starts, side="right") - 1).astype(np.int32)
    got = _words_per_paragraph(starts, ends, tpara, len(paras))  # paragraphs of one text
    assert got == [len(text[s:e].split()) for s, e in paras]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), st.sampled_from(
    [".", "?!", "...", "”", "’)", "(", "U.S.", "Dr.", "2.", "-1,5.", "a_", "_", "é.", "½", "—",
     "。", "！？", "a。", "؟", "।"])),
    min_size=1, max_size=30, unique=True))
def test_token_kinds_as_one_flag_per_character_computes_them(values):
    # the builder skips the punctuation flags of texts with a letter or digit; the slow
    # definition, character by character, must agree on every flag
    import unicodedata

    from discourse.text.sentence_rules import (
        _CLOSING,
        _ENDS,
        _NONWORD,
        _NUMBER,
        _WIDE_END,
        token_kinds,
    )

    kinds = token_kinds(np.array(values, dtype=object))
    slow = {
        "is_word": [any(ch.isalnum() for ch in t) for t in values],
        "is_punct": [all(unicodedata.category(ch).startswith("P") for ch in t) for t in values],
        "period": [t == "." for t in values],
        "qe": [bool(t) and set(t) <= _ENDS and t.strip(".") != "" for t in values],
        "wide_end": [not _WIDE_END.isdisjoint(t) for t in values],
        "number": [bool(_NUMBER.match(t)) for t in values],
        "nonword": [bool(t) and set(t) <= _NONWORD for t in values],
        "closing": [bool(t) and set(t) <= _CLOSING for t in values],
    }
    for name, want in slow.items():
        assert kinds[name].tolist() == want, name


# Plain texts without web furniture (issue 22): texts of our own making in the shapes of a
# licence (hard-wrapped legal prose whose lines end sentences mid-block, a copyright notice,
# numbered clauses), package descriptions (a synopsis line, short wrapped paragraphs) and a
# speech opening "Thank you. Thank you so much.", with a bio-shaped sentence in its middle.
_LICENCE = """\
                 THE EXAMPLE PUBLIC LICENSE
                    Version 1, March 2026

 Copyright (C) 2026 Example Foundation, Inc.
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.

                            Preamble

  The licenses for most software are designed to take away your freedom
to share and change it. By contrast, this license is intended to guarantee
your freedom to share and change the software, to make sure the software is
free for all its users. The copyright holder is the author of the work and
is the person who grants the rights. Each licensee is addressed as "you".
Licensees and recipients may be individuals or organizations.

  When we speak of free software, we are referring to freedom, not price.
Our licenses are designed to make sure that you have the freedom to
distribute copies of free software, that you receive source code or can get
it if you want it, that you can change the software or use pieces of it in
new free programs, and that you know you can do these things.

  0. Definitions.

  "The Program" refers to any copyrightable work licensed under this License.
The Licensor is a person or organization, the original author or a
contributor. "Copyright" also means copyright-like laws that apply to other
kinds of works, such as semiconductor masks. The "source code" for a work
means the preferred form of the work for making modifications to it.

  1. Conditions.

  You may convey verbatim copies of the Program's source code as you
receive it, in any medium, provided that you conspicuously and appropriately
publish on each copy an appropriate copyright notice; keep intact all
notices stating that this License and any non-permissive terms apply to
the code; and give all recipients a copy of this License along with the
Program. You may charge any price or no price for each copy that you convey.
"""

_PACKAGES = {
    "libexample-ssl": "Python wrapper module around the OpenSSL library\n"
    "High-level wrapper around a subset of the OpenSSL library, includes\n"
    " * SSL.Connection objects, wrapping the methods of Python's portable\n"
    "   sockets\n"
    " * Callbacks written in Python\n"
    " * Extensive error-handling mechanism, mirroring OpenSSL's error codes\n"
    "A lot of the object methods do nothing more than calling a corresponding\n"
    "function in the OpenSSL library.\n",
    "example-tools": "tools to generate and query example metadata\n"
    "Example is a metadata specification which permits software components to\n"
    "provide information about themselves to automated systems and end-users\n"
    "before the software is actually installed.\n"
    "The Example project provides facilities to easily access and transform\n"
    "this metadata, as well as a few additional services to allow building\n"
    "feature-rich software centers and similar applications.\n\n"
    "This package provides tools to generate, maintain and query the Example\n"
    "data pool of installed and available software, and enables integration\n"
    "with the package manager.\n",
}

_SPEECH = (
    "Thank you. Thank you so much. Thank you very much, everybody.\n"
    "It is a great honor to stand here tonight, in front of all of you, in this hall.\n"
    "Mary Jones is a teacher at the school down the road, where she has taught for thirty "
    "years.\n"
    "She told me that every child deserves a fair chance, and I believe her.\n"
    "So tonight I ask you for your vote, and I ask you to join me —\n"
    "Together we will build a country where every child gets that chance.\n"
    "Thank you, God bless you, and God bless America."
)


def _share_analysed(corpus) -> float:
    t = corpus.tokens[corpus.tokens.is_word].merge(
        corpus.paragraphs[["doc_id", "para_id", "is_analyzed"]], on=["doc_id", "para_id"])
    return float(t.is_analyzed.mean())


@pytest.mark.parametrize("texts", [{"licence": _LICENCE}, _PACKAGES, {"speech": _SPEECH}],
                         ids=["licence", "packages", "speech"])
def test_plain_text_without_web_furniture_keeps_its_words(texts):
    c = dc.from_texts(texts)
    assert _share_analysed(c) >= 0.95, c.paragraphs[~c.paragraphs.is_analyzed].text.tolist()


def test_wrapped_lines_are_read_whole_and_a_heading_does_not_continue_a_sentence():
    c = dc.from_texts(_PACKAGES)
    p = c.paragraphs.set_index("text")
    # a wrapped line that ends mid-sentence is not a heading
    line = "High-level wrapper around a subset of the OpenSSL library, includes"
    assert p.loc[line, "section"] == "body"
    # the lines of a wrapped block whose lines end sentences are one unit: body
    assert (p.loc[["before the software is actually installed.",
                   "this metadata, as well as a few additional services to allow building"],
                  "section"] == "body").all()


def test_a_speech_opening_with_thanks_has_no_headline_and_nothing_after_a_bio_is_set_aside():
    c = dc.from_texts({"speech": _SPEECH})
    assert (c.paragraphs.section == "body").all(), c.paragraphs[["text", "section_rule"]]
    assert "after_bio" not in set(c.paragraphs.section_rule.astype(str))


def test_a_bio_needs_a_bios_place_and_what_follows_it_stays_text():
    paras = ["The essay argues at length about rivers, dams and the towns along them."] * 3 + [
        "Jane Doe is a senior fellow at the Institute, where she writes about rivers.",
        "The rivers rose again in May.", "Nobody was hurt, officials said."]
    labels = dc.label_sections(paras)
    assert [sec for sec, _ in labels] == ["body"] * 6  # text follows: not a bio's place
    labels = dc.label_sections(paras[:4] + ["Read More"])
    assert labels[3] == ("bio", "bio") and labels[4] == ("boilerplate", "prompt")


def test_analyzed_names_the_tables_it_filters():
    c = dc.from_texts({"a": "One sentence here. Another one there."})
    with pytest.raises(dc.InputError, match="c.documents"):
        c.analyzed("documents")
    with pytest.raises(dc.InputError, match="para_id"):
        c.analyzed(c.documents)
    assert c.analyzed("sentences").text.tolist() == ["One sentence here.", "Another one there."]
