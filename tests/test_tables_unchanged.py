"""Speed work must not change a single table: the four tables, the markers and the counts of a
fixed corpus are compared with digests computed by the code on main before the speed work
(issue 16), stored in ``tests/fixtures/table_digests.json``.

Each column's digest covers its dtype, its categories in order (categoricals) and every value,
so a changed row, offset, dtype or category order fails here and names the table and column.
The corpus is built with one process and with two (several batches, merged), both of which must
give the stored tables.

When a change to the tables is intended (a new tokenizer rule, a new marker rule), regenerate
the digests with ``python tests/test_tables_unchanged.py --write`` and say so in the commit.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.text.build import build_corpus

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "table_digests.json"

# Hand-written documents for the corners of the table builder: multi-byte characters before
# offsets (byte offsets), non-ASCII whitespace, abbreviations, initials and numbers at sentence
# ends, glued brackets and quotes, URLs and e-mail addresses, headlines, bylines, bios,
# boilerplate and bullet summaries, a hard-wrapped block, a one-line document.
_HAND = [
    "Dr. Smith met Henry A. Kissinger in the U.S. on Jan. 5. They spoke.\n\n"
    "It was 2.5 p.m. when the 2. place was announced.(Next came lunch.) “Really?” she asked. "
    "Yes!",
    "Headline of a page\n\nBy Jane Doe\n\nThe article says a great deal, at length, about "
    "café prices in Zürich — and why they may rise… or not.\n\nSign up for our newsletter\n\n"
    "Jane Doe is a senior fellow at the Institute, where she writes about prices.\n\nRead More",
    "Summary points follow the text, which is long enough to be the body of this document "
    "and to carry a few sentences of its own. It certainly does.\n\n- first point\n\n"
    "- second point\n\n© 2024 Some Publisher. All rights reserved.",
    "Write to info@example.org or see https://example.org/a-page?x=1. It’s 219,000 words "
    "long; the ’90s were great-power years\u00a0— perhaps.\u2028A line-separated paragraph "
    "with emoji 👍🏽 and a 🇪🇺 flag. Ol’ goin’ rock-’n’-roll.",
    "This block is hard-wrapped at a fixed width, as old e-mails and text files\n"
    "often are, so that its lines are between forty and one hundred characters\n"
    "long and none of them ends a sentence until the very last line does.\n\n"
    "Another paragraph... with an ellipsis. And a question?! And \"quotes.\" Done.",
    "One line only, no final punctuation",
    "Ünïcödé ΑΘΗΝΑ Москва 東京 text, mixed: ÉCOLE école. Straße STRASSE. İstanbul!",
]


def _documents() -> pd.DataFrame:
    """The example pair, the hand-written documents, and 30 documents resampled (seed 0) from
    the example's sentences in paragraphs of 1-4 sentences, in two groups."""
    ex = dc.load_example()
    sents = ex.sentences.text.tolist()
    rng = np.random.default_rng(0)
    rows = [(d, t) for d, t in zip(ex.documents.doc_id, ex.documents.text, strict=True)]
    rows += [(f"hand{i}", t) for i, t in enumerate(_HAND)]
    for i in range(30):
        picks = rng.integers(0, len(sents), size=int(rng.integers(3, 25)))
        cuts = np.cumsum(rng.integers(1, 5, size=len(picks)))
        paras = [" ".join(sents[j] for j in picks[a:b])
                 for a, b in zip(np.r_[0, cuts[:-1]], cuts, strict=True) if a < len(picks)]
        rows.append((f"gen{i:02d}", "\n\n".join(paras)))
    df = pd.DataFrame(rows, columns=["doc_id", "text"])
    df["group"] = ["left" if i % 3 else "right" for i in range(len(df))]
    return df


def _digest_column(s: pd.Series) -> str:
    h = hashlib.sha256(str(s.dtype).encode())
    if isinstance(s.dtype, pd.CategoricalDtype):
        h.update("\x00".join(map(str, s.cat.categories)).encode("utf-8", "surrogatepass"))
        h.update(s.cat.codes.to_numpy().tobytes())
    elif s.dtype.kind in "biuf":
        h.update(s.to_numpy().tobytes())
    else:
        h.update("\x00".join("<NA>" if pd.isna(v) else str(v) for v in s)
                 .encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def _digest(df: pd.DataFrame) -> dict:
    assert isinstance(df.index, pd.RangeIndex)
    return {"rows": len(df), **{c: _digest_column(df[c]) for c in df.columns}}


def digests(n_jobs: int = 1) -> dict:
    """Digests of every table of the fixed corpus (built with ``n_jobs`` processes)."""
    df = _documents()
    corpus = build_corpus(df, n_jobs=n_jobs, progress=False)
    out = {t: _digest(getattr(corpus, t))
           for t in ("documents", "paragraphs", "sentences", "tokens")}
    out["markers"] = _digest(dc.find_markers(corpus))
    out["counts_group"] = _digest(dc.count_terms(corpus, by="group"))
    out["counts_doc"] = _digest(dc.count_terms(corpus, by="doc_id"))
    out["counts_text_bigram"] = _digest(dc.count_terms(corpus, by="doc_id", term="text",
                                                       ngram=2, drop_stop=False))
    out["analysed_body_headline"] = _digest(
        corpus.with_analyzed(["body", "headline"]).documents.drop(columns="text"))
    out.update(statistics_digests(corpus))
    return out


def statistics_digests(corpus) -> dict:
    """Digests of the statistics tables of the report's comparisons on the fixed corpus.

    Stored (issue 21) from the code before the vocabulary was settled, with its documented
    rename map applied (CONTRIBUTING.md): the values must not move, only names.
    """
    markers = dc.find_markers(corpus)
    by_group = dc.count_terms(corpus, by="group")
    by_doc = dc.count_terms(corpus, by=["group", "doc_id"])
    return {
        "keyness": _digest(dc.keyness(by_group, by="group", focus="left")),
        "keyness_docs": _digest(dc.keyness(by_doc, by="group", focus="left", docs="doc_id")),
        "marker_rates": _digest(dc.marker_rates(corpus, markers, by="group", n_resamples=199)),
        "compare_rates": _digest(dc.compare_rates(corpus, markers, by="group", focus="left",
                                                  n_resamples=199)),
        "style_profile": _digest(dc.style_profile(corpus, by="group", focus="left",
                                                  n_resamples=100)),
        "sentence_stance": _digest(dc.sentence_stance(corpus, markers)),
    }


@pytest.fixture(scope="module")
def stored():
    return json.loads(FIXTURE.read_text("utf-8"))


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_every_table_as_on_main(stored, n_jobs):
    got = digests(n_jobs)
    assert got.keys() == stored.keys()
    for table, cols in stored.items():
        assert got[table] == cols, table


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        FIXTURE.parent.mkdir(exist_ok=True)
        FIXTURE.write_text(json.dumps(digests(), indent=1) + "\n", "utf-8")
    print(json.dumps(digests(), indent=1))
