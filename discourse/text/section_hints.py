"""Which token texts may belong to a prompt or a blurb: the hints that let the corpus builder
skip the two costliest section rules (:mod:`discourse.text.sections`) for most paragraphs.

The builder computes :func:`word_hints` once per distinct token text
(:mod:`discourse.text.batches`) and passes :func:`discourse.text.sections.label_lines`, per
paragraph, whether any of its tokens may be part of a prompt or of a blurb.
``tests/test_section_hints.py`` checks that the labels are those the rules give without hints.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Words that let the corpus builder skip the two costliest rules for most paragraphs, from the
# tokens it already has. Every match of every alternative of sections._PROMPT contains one of
# PROMPT_WORDS, and every literal of the blurb pre-checks contains one of BLURB_WORDS, each a
# run of letters (or the sign ©) that lies inside a single token; so a paragraph none of whose
# tokens contains one (lower-cased) cannot be a prompt or a blurb. (_PROMPT ignores case beyond
# ASCII too, e.g. the Kelvin sign for "k": a token with any character beyond ASCII counts.)
PROMPT_WORDS = ("sign", "subscri", "newsletter", "latest", "stay", "more", "click", "share",
                "follow", "reserved", "cookie", "privacy", "terms", "advertisement",
                "sponsored", "related", "most", "recommended", "skip", "explore", "discover",
                "download", "register", "donate", "join", "watch", "listen")
BLURB_WORDS = ("opinions", "views", "necessarily", "online", "©", "copyright", "journal",
               "magazine", "newspaper", "newsletter", "tank", "publication", "site", "blog")


def word_hints(values: Sequence[str]) -> dict[str, np.ndarray]:
    """For each distinct token text: may it be part of a prompt (``"prompt"``) or of a blurb
    literal (``"blurb"``)? Boolean arrays over ``values`` (see :data:`PROMPT_WORDS`).

    Examples
    --------
    >>> {k: v.tolist() for k, v in word_hints(["Subscribe", "prices", "Blogs", "café"]).items()}
    {'prompt': [True, False, False, True], 'blurb': [False, False, True, False]}
    """
    lows = [v.lower() for v in values]
    starts = np.zeros(len(lows) + 1, dtype=np.int64)
    np.cumsum([len(v) + 1 for v in lows], out=starts[1:])
    joined = "\n".join(lows)  # one scan per word over the distinct texts, not over the text
    out = {}
    for name, words in (("prompt", PROMPT_WORDS), ("blurb", BLURB_WORDS)):
        hits = []
        for w in words:
            i = joined.find(w)
            while i >= 0:
                hits.append(i)
                i = joined.find(w, i + 1)
        flag = np.zeros(len(lows), dtype=bool)
        flag[np.searchsorted(starts, np.array(hits, dtype=np.int64), side="right") - 1] = True
        out[name] = flag
    out["prompt"] |= np.array([not v.isascii() for v in values], dtype=bool)
    return out
