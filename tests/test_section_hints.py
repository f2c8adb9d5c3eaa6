"""The corpus builder's shortcut for the section rules labels every paragraph as the rules do.

The builder skips the prompt and blurb rules for paragraphs none of whose tokens contains one
of ``sections.PROMPT_WORDS`` / ``BLURB_WORDS`` (``sections.word_hints``). Building with the
rules wrapped in another function (which the builder calls plainly, without hints) must give
the same labels, on documents made of paragraphs that carry every keyword in many spellings.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discourse.text import sections
from discourse.text.build import build_corpus

PIECES = [
    "Sign up for our newsletter", "SIGNING UP is free", "ſign up now", "Subscribe", "e-newsletters",
    "Get the latest news", "stay up to date", "Read More", "learn more here", "click here",
    "Share this", "follow us", "All rights reserved.", "Cookies", "privacy policy",
    "terms of service", "Advertisement", "sponsored content", "Related articles", "Most read",
    "recommended for you", "Skip to main content", "Explore our flagship event.", "Watch",
    "Join us", "The opinions expressed here do not necessarily reflect ours.",
    "Foreign Policy is an online magazine.", "© 2024 Publisher", "Copyright Jane",
    "The Review is a quarterly journal of think-tank work.", "X is the news site for blogs.",
    "Kelvin: \u212aeep reading", "OPİNİONS EXPRESSED", "sub\u00adscribe", "By Jane Doe",
    "Jane Doe is a senior fellow at the Institute.", "- a bullet point", "1. first",
    "A long body paragraph that says a great deal about prices, wages and the design of "
    "policy, with significant detail and no call to action at all.",
    "Short heading", "prices", "more or less", "the site", "design", "café",
]


def _labels(df: pd.DataFrame, **kwargs) -> list:
    c = build_corpus(df, n_jobs=1, progress=False, **kwargs)
    return list(zip(c.paragraphs.section.astype(str), c.paragraphs.section_rule.astype(str),
                    strict=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3)
                         .map(" ".join), min_size=1, max_size=8).map("\n\n".join),
                min_size=1, max_size=6))
def test_hints_change_no_label(texts):
    df = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    plain = _labels(df, sections=lambda paragraphs: sections.label_sections(paragraphs))
    assert _labels(df) == plain


def test_word_hints_flag_what_they_must():
    hints = sections.word_hints(["Subscribe", "prices", "BLOGS", "\u212aelvin", "café", "©"])
    # beyond ASCII always "may" (case-insensitive matching folds more than lower() does)
    assert hints["prompt"].tolist() == [True, False, False, True, True, True]
    assert hints["blurb"].tolist() == [False, False, True, False, False, True]
