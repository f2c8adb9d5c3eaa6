"""Label each paragraph of a document with a section: body, headline, heading, byline, bio,
summary or boilerplate.

Scraped pages carry text that is not the article: newsletter prompts, "Read More" links, the
author's bio, a publication blurb. Nothing is ever deleted: every paragraph stays in the tables
with its ``section`` and ``section_rule``, and only ``is_analyzed`` (by default: ``section`` is
``"body"`` or ``"summary"``: a closing run of bullets is the author's own words) decides what the
analyses count. The rules below are general and readable; a user can
replace them with a function of their own (``sections=`` of every reader) or choose other sections
to analyse (``analyze=``, or :meth:`discourse.Corpus.with_analyzed`).

Before any rule looks at them, the lines of a hard-wrapped block are joined into one unit
(``breaks=``: the corpus builder says which paragraphs follow the previous one after a single line
break): lines of at most 120 characters, each broken where the next line's first word would not
have fitted. Every line of a unit gets the unit's label. The rules fire only on strong evidence,
so a plain text without web furniture (a licence, a package description, a speech) keeps
nearly all its words.

Rules, first match wins (``section_rule`` names the rule):

=================  ============  ============================================================
rule               section       when
=================  ============  ============================================================
``single``         body          the document has one paragraph (one unit)
``bullet_tail``    summary       a bullet line ("- ", "* ", "• ", "1. ") in the run of bullets
                                 that ends the document (boilerplate after it allowed)
``bullet``         body          any other bullet line (a list inside the text)
``prompt``         boilerplate   <= 30 words and a call to action or site furniture: sign up,
                                 subscribe, newsletter, get the latest, read/learn more, share,
                                 follow us, cookie, all rights reserved, ...; or <= 10 words
                                 opening with explore/discover/download/register/donate/...
``blurb``          boilerplate   <= 120 words and a publication's self-description or
                                 disclaimer: "opinions expressed", "does not necessarily
                                 reflect", "online journal", "X is a ... magazine/journal/think
                                 tank"; or <= 40 words and a copyright line ("© 2024",
                                 "Copyright 2024", "Copyright (C) 2024")
``byline``         byline        <= 8 words starting "By " / "Written by "
``bio``            bio           a bio's shape: <= 150 words, starting with a name (2-4
                                 capitalised words) followed by "is/was/serves as" and a role
                                 (fellow, scholar, professor, journalist, analyst, ...); and a
                                 bio's place: in the second half of the document, with nothing
                                 after it but furniture (prompts, blurbs, bylines, bios, short
                                 lines)
``headline``       headline      the first paragraph no rule above claimed, <= 25 words, with
                                 a longer paragraph after it, on a page with web furniture
                                 (a prompt, blurb, byline, bio or closing bullets); on a plain
                                 text, only a title: no sentence end, set off by a blank line
``short_line``     heading       <= 10 words, no sentence-final punctuation, not continuing a
                                 sentence (no final comma, dash or joining word such as "and",
                                 "of", "the"; the next paragraph does not open in lower case),
                                 followed by a body paragraph (a subheading)
``short_line``     boilerplate   the same, not followed by body (related-article links, menus);
                                 neither rule applies where such lines are half the paragraphs or
                                 more (a poem, lyrics): there they are body
``body``           body          everything else (text after a bio is never set aside for
                                 following it)
``no_body``        body          every paragraph, when the rules above found no body at all
                                 (a corpus of tweets or one-line texts is analysed whole)
=================  ============  ============================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .section_hints import BLURB_WORDS, PROMPT_WORDS, word_hints  # noqa: F401  (read here)

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
    # a copyright line, not a text about copyright (a licence): the sign or the word with a year
    (("©", "copyright"), re.compile(r"©\s*(?:\d{4}|[A-Z])|\bcopyright\s+(?:©\s*|\(c\)\s*)?\d{4}",
                                   re.IGNORECASE)),
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
        if (words <= 40 or words_[0] != "©") and any(map(low.__contains__, words_)) \
                and pattern.search(text):
            return True
    return False


def _is_short_line(text: str, words: int | None = None) -> bool:
    words = _n_words(text) if words is None else words
    return words <= 10 and not _SENTENCE_END.search(text)


# A short line that continues a sentence is not a heading: it ends with a comma, a dash, an
# opening bracket or a word that joins (a wrapped line of a description, a speaker's pause).
_CONTINUES = re.compile(
    r"(?:[,(/&\-–—]|\b(?:and|or|but|nor|of|the|a|an|to|in|for|with|by|on|at|from|as|that"
    r"|which|who|whose|is|are|was|were|be|includes?|including|such|than|into|its|their|our"
    r"|your|his|her|this|these|those|not))\s*$", re.IGNORECASE)
_FURNITURE_RULES = ("prompt", "blurb", "byline", "bio", "bullet_tail")


def wrapped_units(paragraphs: Sequence[str], breaks: Sequence[bool]) -> list[int]:
    """The unit of each paragraph: the lines of a hard-wrapped block share one.

    ``breaks[i]`` is true where paragraph ``i`` follows paragraph ``i - 1`` after a single line
    break (same block of lines). Within such a block of lines of at most 120 characters, half
    of which (the last one aside) fill at least three quarters of the longest, a line
    continues into the next one where the next line's first word would not have fitted on it
    (the block's longest line is the width), or where a line of at least 60% of the width ends
    without a sentence end; never into a bullet, nor from a sentence end into a line that opens
    in upper case unless the block is plainly wrapped (three lines or more, two thirds of them
    full) and that line is not short.

    Examples
    --------
    >>> lines = ["This text was wrapped at a fixed width so that every line is long and",
    ...          "the next word never fits on it. A sentence may end on a line.",
    ...          "Short line.", "A new paragraph after a short line."]
    >>> wrapped_units(lines, [False, True, True, True])
    [0, 0, 1, 2]
    """
    n = len(paragraphs)
    unit = [0] * n
    lines = [p.splitlines() or [""] for p in paragraphs]
    i = 0
    while i < n:
        j = i + 1
        while j < n and breaks[j]:
            j += 1
        # paragraphs i .. j-1 are one block of lines
        lengths = [len(ln.strip()) for k in range(i, j) for ln in lines[k]]
        width = max(lengths)
        # a wrapped block: most of its lines (all but the last) fill at least 3/4 of the width
        full = sum(w >= 0.75 * width for w in lengths[:-1])
        wrapped = 2 * full >= len(lengths) - 1
        # across a sentence end, only in a block that is plainly wrapped (3 lines or more, two
        # thirds of them full)
        plainly = len(lengths) >= 3 and 3 * full >= 2 * (len(lengths) - 1)
        for k in range(i + 1, j):
            first = paragraphs[k].split(None, 1)
            prev, nxt = lines[k - 1][-1].strip(), lines[k][0].strip()
            ends = bool(_SENTENCE_END.search(prev)) and not nxt[:1].islower() \
                and (len(nxt) < 0.6 * width or not plainly)
            joins = (wrapped and 40 <= width <= 120 and bool(first) and not ends
                     and not _BULLET.match(paragraphs[k])
                     and (len(prev) + 1 + len(first[0]) > width
                          or (len(prev) >= 0.6 * width and not _SENTENCE_END.search(prev))))
            unit[k] = unit[k - 1] + (0 if joins else 1)
        if j < n:
            unit[j] = unit[j - 1] + 1
        i = j
    return unit


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
    return label_lines(paragraphs, n_words=n_words, may_prompt=may_prompt,
                       may_blurb=may_blurb)


def label_lines(paragraphs: Sequence[str], *, n_words: Sequence[int] | None = None,
                may_prompt: Sequence[bool] | None = None,
                may_blurb: Sequence[bool] | None = None,
                breaks: Sequence[bool] | None = None) -> list[tuple[str, str]]:
    """:func:`label_sections`, told which paragraphs are the next line of the one before.

    ``breaks`` (per paragraph): ``True`` where it follows the previous one after a single line
    break (no blank line between); the lines of a hard-wrapped block are then joined into one
    unit before any rule looks at them (:func:`wrapped_units`). Default: every paragraph is set
    off by a blank line (what :func:`label_sections` assumes). The corpus builder calls this.
    """
    n = len(paragraphs)
    n_words = [_n_words(p) for p in paragraphs] if n_words is None else list(n_words)
    may_prompt = [True] * n if may_prompt is None else list(may_prompt)
    may_blurb = None if may_blurb is None else list(may_blurb)
    breaks = [False] * n if breaks is None else list(breaks)
    unit = wrapped_units(paragraphs, breaks) if any(breaks) else list(range(n))
    m = (unit[-1] + 1) if n else 0
    if m == n:
        return _label_units(list(paragraphs), n_words, may_prompt, may_blurb,
                            [not b for b in breaks[1:]] + [True])
    texts: list[list[str]] = [[] for _ in range(m)]
    words, prompt, blurb = [0] * m, [False] * m, [False] * m
    for i, u in enumerate(unit):
        texts[u].append(paragraphs[i])
        words[u] += n_words[i]
        prompt[u] = prompt[u] or may_prompt[i]
        if may_blurb is not None:
            blurb[u] = blurb[u] or may_blurb[i]
    firsts = [unit.index(u) for u in range(m)]
    set_off = [not breaks[f] for f in firsts[1:]] + [True]
    labels = _label_units([" ".join(t) for t in texts], words, prompt,
                          None if may_blurb is None else blurb, set_off)
    return [labels[u] for u in unit]


def _label_units(paragraphs: list[str], n_words: list[int], may_prompt: list[bool],
                 may_blurb: list[bool] | None, set_off: list[bool]) -> list[tuple[str, str]]:
    """The rules of the module docstring over the units of one document (``set_off``: the unit
    is followed by a blank line)."""
    n = len(paragraphs)
    if n == 1:
        return [("body", "single")]
    labels: list[tuple[str, str] | None] = [None] * n

    # Bullets: the run that ends the document (allowing boilerplate after it) is a summary.
    is_bullet = [bool(_BULLET.match(p)) for p in paragraphs]
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

    maybe_bio = [False] * n
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
            maybe_bio[i] = True
    # A bio's place: nothing after it but furniture (prompts, blurbs, bylines, bios, short lines).
    only_furniture_after = True
    for i in range(n - 1, -1, -1):
        if maybe_bio[i] and only_furniture_after:
            labels[i] = ("bio", "bio")
        is_furniture = (labels[i] is not None and labels[i][1] in _FURNITURE_RULES) \
            or (labels[i] is None and _is_short_line(paragraphs[i], n_words[i]))
        only_furniture_after = only_furniture_after and is_furniture

    # The headline: the first paragraph no rule above claimed, if short and not the longest;
    # on a page with web furniture, or a title (no sentence end, a blank line after it).
    first = next((i for i in range(n) if labels[i] is None), None)
    if first is not None:
        words = n_words[first]
        furnished = any(lab is not None and lab[1] in _FURNITURE_RULES for lab in labels)
        text = paragraphs[first]
        title = set_off[first] and not _SENTENCE_END.search(text)
        if words <= 25 and max(n_words[first + 1:], default=0) > words and (furnished or title) \
                and not _CONTINUES.search(text) and not text.rstrip().endswith(":"):
            labels[first] = ("headline", "headline")

    # Short lines: a subheading when body follows, page furniture otherwise (decided from the end).
    # Where short lines are half the document or more (a poem, lyrics, a transcript), they are text.
    # A line that continues a sentence (a final comma, dash or joining word; the next line opens
    # in lower case) is text.
    short = [labels[i] is None and _is_short_line(p, n_words[i])
             and not _CONTINUES.search(p)
             and not (i + 1 < n and paragraphs[i + 1][:1].islower())
             for i, p in enumerate(paragraphs)]
    line_structured = sum(short) >= n / 2
    for i in range(n - 1, -1, -1):
        if short[i] and not line_structured:
            # The next paragraph that is not itself a heading; unlabelled ones become body.
            nxt = next((j for j in range(i + 1, n)
                        if labels[j] is None or labels[j][0] != "heading"), None)
            followed_by_body = nxt is not None and (labels[nxt] is None
                                                    or labels[nxt][0] == "body")
            labels[i] = ("heading" if followed_by_body else "boilerplate", "short_line")

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
