"""Label each paragraph of a document with a section: body, headline, heading, byline, bio,
summary or boilerplate.

Scraped pages carry text that is not the article: newsletter prompts, "Read More" links, the
author's bio, a publication blurb. Nothing is ever deleted: every paragraph stays in the tables
with its ``section`` and ``section_rule``, and only ``is_analyzed`` (by default: ``section`` is
``"body"`` or ``"summary"``: a closing run of bullets is the author's own words) decides what the
analyses count. The rules below are general and readable; a user can
replace them with a function of their own (``sections=`` of every reader) or choose other sections
to analyse (``analyze=``, or :meth:`discourse.Corpus.with_analyzed`).

Rules, first match wins (``section_rule`` names the rule):

=================  ============  ============================================================
rule               section       when
=================  ============  ============================================================
``single``         body          the document has one paragraph
``bullet_tail``    summary       a bullet line ("- ", "* ", "• ", "1. ") in the run of bullets
                                 that ends the document (boilerplate after it allowed)
``bullet``         body          any other bullet line (a list inside the text)
``prompt``         boilerplate   <= 30 words and a call to action or site furniture: sign up,
                                 subscribe, newsletter, get the latest, read/learn more, share,
                                 follow us, cookie, all rights reserved, ...; or <= 10 words
                                 opening with explore/discover/download/register/donate/...
``blurb``          boilerplate   <= 120 words and a publication's self-description or
                                 disclaimer: "opinions
                                 expressed", "does not necessarily reflect", "online journal",
                                 "X is a ... magazine/journal/think tank", a copyright line
``byline``         byline        <= 8 words starting "By " / "Written by "
``bio``            bio           in the second half of the document, <= 150 words, starting with
                                 a name (2-4 capitalised words) followed by "is/was/serves as" and
                                 a role (fellow, scholar, professor, journalist, analyst, ...)
``headline``       headline      the first paragraph no rule above claimed, <= 25 words, with
                                 a longer paragraph after it
``short_line``     heading       <= 10 words, no sentence-final punctuation, followed by a body
                                 paragraph (a subheading)
``short_line``     boilerplate   the same, not followed by body (related-article links, menus);
                                 neither rule applies where such lines are half the paragraphs or
                                 more (a poem, lyrics): there they are body
``after_bio``      boilerplate   < 40 words, after a bio or blurb (the page's tail)
``body``           body          everything else
``no_body``        body          every paragraph, when the rules above found no body at all
                                 (a corpus of tweets or one-line texts is analysed whole)
=================  ============  ============================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

SECTIONS = ("body", "headline", "heading", "byline", "bio", "summary", "boilerplate")

_BULLET = re.compile(r"^\s*(?:[-*•·‣▪◦–—]|\(?\d{1,2}[.)])\s+\S")
_PROMPT = re.compile(
    r"\b(?:sign(?:ing)? up|subscribe|subscription|newsletters?|get the latest"
    r"|stay (?:informed|up to date|updated)|read more|learn more|see more|view more"
    r"|find out more|click here|share (?:this|on)|follow us|all rights reserved|cookies?"
    r"|privacy policy|terms of (?:use|service)|advertisement|sponsored content"
    r"|related (?:articles?|stories|posts)|most read|recommended for you"
    r"|skip to (?:main )?content)\b"
    # a short line that opens with an imperative call to action: "Explore our flagship event."
    r"|^\s*(?:explore|discover|download|register|donate|join us|watch|listen)\b"
    r"(?=(?:\s+\S+){0,9}\s*$)",
    re.IGNORECASE,
)
# A blurb: each pattern runs only where its cheap literal pre-check (lower case) is present.
_BLURB = [
    (("opinions expressed", "views expressed", "not necessarily"), re.compile(
        r"\b(?:opinions|views) expressed\b|\bdo(?:es)? not necessarily (?:reflect|represent)",
        re.IGNORECASE)),
    (("online",), re.compile(r"\bonline (?:journal|magazine|publication|newspaper)\b",
                             re.IGNORECASE)),
    (("©", "copyright"), re.compile(r"©|\bcopyright\b", re.IGNORECASE)),
    (("journal", "magazine", "newspaper", "newsletter", "think tank", "think-tank",
      "publication", "news site", "blog"),
     re.compile(r"\bis (?:a|an|the) [^.]{0,60}\b(?:journal|magazine|newspaper|newsletter"
                r"|think[- ]tank|publication|news site|blog)\b", re.IGNORECASE)),
]
_BYLINE = re.compile(r"^\s*(?:by|written by)\s+\S", re.IGNORECASE)
_NAME = r"(?:[A-Z][\w'’.-]+[\s\u00a0\u202f]+){1,3}[A-Z][\w'’-]+"
_BIO = re.compile(
    rf"^\s*{_NAME},?[\s\u00a0\u202f]+(?:is|was|serves as|has been)\b[^.]{{0,120}}?"
    r"\b(?i:fellow|scholar"
    r"|professor|journalist|director|author|writer|editor|analyst|researcher|correspondent"
    r"|reporter|commentator|lecturer|president|chair|founder|head|contributor|columnist"
    r"|expert|specialist|adviser|advisor|associate|partner|student|candidate)",
)
# Words that let the corpus builder skip the two costliest rules for most paragraphs, from the
# tokens it already has. Every match of every alternative of _PROMPT contains one of
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


_SENTENCE_END = re.compile(r"[.?!:;\"”’')\]]\s*$")


def _n_words(text: str) -> int:
    return len(text.split())


def _blurb_rules(paragraphs: Sequence[str], n_words: Sequence[int]) -> list:
    """The blurb patterns whose literal pre-check occurs in one of the document's paragraphs
    of at most 120 words (the only ones that can be blurbs): the others cannot match any of
    its paragraphs. (All of them for over a million characters of such paragraphs, whose
    lower-cased copy would cost more memory than the check saves time.)"""
    short = [p for p, w in zip(paragraphs, n_words, strict=True) if w <= 120]
    if sum(map(len, short)) > 1_000_000:
        return _BLURB
    low = "\n".join(short).lower()
    # map(low.__contains__): the literal pre-checks run in C, without a generator frame each
    return [(words, pattern) for words, pattern in _BLURB if any(map(low.__contains__, words))]


def _is_blurb(text: str, words: int, rules=_BLURB) -> bool:
    if words > 120 or not rules:
        return False
    low = text.lower()
    for words_, pattern in rules:
        if any(map(low.__contains__, words_)) and pattern.search(text):
            return True
    return False


def _is_short_line(text: str, words: int | None = None) -> bool:
    words = _n_words(text) if words is None else words
    return words <= 10 and not _SENTENCE_END.search(text)


def label_sections(paragraphs: Sequence[str], *, n_words: Sequence[int] | None = None,
                   may_prompt: Sequence[bool] | None = None,
                   may_blurb: Sequence[bool] | None = None) -> list[tuple[str, str]]:
    """Label the paragraphs of one document with ``(section, rule)`` pairs.

    Parameters
    ----------
    paragraphs : sequence of str
        The paragraph texts of one document, in order.
    n_words : sequence of int, optional
        Each paragraph's number of whitespace-separated words (``len(p.split())``), when the
        caller has them already (the corpus builder counts them from the token spans).
    may_prompt, may_blurb : sequence of bool, optional
        Per paragraph, ``False`` where the paragraph cannot be a prompt (a blurb): none of its
        tokens contains one of :data:`PROMPT_WORDS` (:data:`BLURB_WORDS`); the corpus builder
        passes them (:func:`word_hints`) to skip those rules there. The labels are the same.

    Returns
    -------
    list of (str, str)
        One ``(section, rule)`` per paragraph; the rules are listed in the module docstring.

    Examples
    --------
    >>> label_sections(["A Headline", "The article says a great deal, at length.",
    ...                 "Sign up for our newsletter", "Read More"])
    ... # doctest: +NORMALIZE_WHITESPACE
    [('headline', 'headline'), ('body', 'body'), ('boilerplate', 'prompt'),
     ('boilerplate', 'prompt')]
    """
    n = len(paragraphs)
    if n == 1:
        return [("body", "single")]
    labels: list[tuple[str, str] | None] = [None] * n

    # Bullets: the run that ends the document (allowing boilerplate after it) is a summary.
    is_bullet = [bool(_BULLET.match(p)) for p in paragraphs]
    n_words = [_n_words(p) for p in paragraphs] if n_words is None else list(n_words)
    may_prompt = [True] * n if may_prompt is None else may_prompt
    is_prompt = [w <= 30 and m and bool(_PROMPT.search(p))
                 for p, w, m in zip(paragraphs, n_words, may_prompt, strict=True)]
    if may_blurb is None:
        blurbs = _blurb_rules(paragraphs, n_words)
        is_blurb = [_is_blurb(p, w, blurbs) for p, w in zip(paragraphs, n_words, strict=True)]
    else:
        is_blurb = [m and _is_blurb(p, w)
                    for p, w, m in zip(paragraphs, n_words, may_blurb, strict=True)]
    tail_boiler = [a or b for a, b in zip(is_prompt, is_blurb, strict=True)]
    i = n - 1
    while i >= 0 and (tail_boiler[i] or _is_short_line(paragraphs[i], n_words[i])) \
            and not is_bullet[i]:
        i -= 1
    while i >= 0 and is_bullet[i]:
        labels[i] = ("summary", "bullet_tail")
        i -= 1

    for i, text in enumerate(paragraphs):
        if labels[i] is not None:
            continue
        words = n_words[i]
        if is_bullet[i]:
            labels[i] = ("body", "bullet")
        elif is_prompt[i]:
            labels[i] = ("boilerplate", "prompt")
        elif is_blurb[i]:
            labels[i] = ("boilerplate", "blurb")
        elif words <= 8 and _BYLINE.match(text):
            labels[i] = ("byline", "byline")
        elif i >= n / 2 and words <= 150 and _BIO.match(text):
            labels[i] = ("bio", "bio")

    # The headline: the first paragraph no rule above claimed, if short and not the longest.
    first = next((i for i in range(n) if labels[i] is None), None)
    if first is not None:
        words = n_words[first]
        if words <= 25 and max(n_words[first + 1:], default=0) > words:
            labels[first] = ("headline", "headline")

    # Short lines: a subheading when body follows, page furniture otherwise (decided from the end).
    # Where short lines are half the document or more (a poem, lyrics, a transcript), they are text.
    short = [labels[i] is None and _is_short_line(p, n_words[i]) for i, p in enumerate(paragraphs)]
    line_structured = sum(short) >= n / 2
    for i in range(n - 1, -1, -1):
        if short[i] and not line_structured:
            # The next paragraph that is not itself a heading; unlabelled ones become body.
            nxt = next((j for j in range(i + 1, n)
                        if labels[j] is None or labels[j][0] != "heading"), None)
            followed_by_body = nxt is not None and (labels[nxt] is None
                                                    or labels[nxt][0] == "body")
            labels[i] = ("heading" if followed_by_body else "boilerplate", "short_line")

    # The tail of a page: short paragraphs after a bio or blurb.
    seen_tail = False
    for i in range(n):
        if labels[i] is not None and labels[i][1] in ("bio", "blurb"):
            seen_tail = True
        elif seen_tail and labels[i] is None and n_words[i] < 40:
            labels[i] = ("boilerplate", "after_bio")

    out = [lab if lab is not None else ("body", "body") for lab in labels]
    if not any(sec == "body" for sec, _ in out):
        return [("body", "no_body")] * n
    return out


SectionRules = Callable[[Sequence[str]], Sequence[tuple[str, str]]]


def all_body(paragraphs: Sequence[str]) -> list[tuple[str, str]]:
    """Label every paragraph as body (``sections=all_body`` turns section detection off).

    Examples
    --------
    >>> all_body(["Read More", "Text."])
    [('body', 'user'), ('body', 'user')]
    """
    return [("body", "user")] * len(paragraphs)
