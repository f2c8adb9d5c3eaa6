"""Split a text into paragraphs, sentences and tokens, as character offsets.

Everything here works on one document's text and returns offsets into it, never copies of
pieces that could drift from the original: ``text[start:end]`` is always the piece.

Paragraphs
    Lines are split at every Unicode line break (``\\r\\n``, ``\\n``, ``\\r``, U+2028, U+2029,
    ...). Each non-blank line is a paragraph, except inside a block of lines that looks
    hard-wrapped (two or more lines, every line but the last 40-100 characters long and not
    ending a sentence), which is one paragraph. Leading and trailing whitespace is left out.
Sentences
    The decision rules of NLTK's Punkt (Kiss & Strunk 2006), with no downloaded model: its
    parameters are the abbreviation list shipped in ``discourse/resources/abbreviations_en.txt``
    plus every single letter (initials such as "Henry A. Kissinger"). The rules are applied to
    the token table at candidate tokens only, with numpy (see
    ``discourse.corpus._sentence_starts``), which is several times faster than running Punkt
    itself; :func:`sentence_splitter` is NLTK's own Punkt with the same parameters, and the tests
    check that both split the example texts identically. Sentences never cross a paragraph
    boundary. A sentence runs from its first token's start to its last token's end.
Tokens
    One regular expression (:data:`TOKEN_PATTERN`) in the spirit of NLTK's ``RegexpTokenizer``,
    tried left to right: URLs and e-mail addresses; dotted initialisms (``U.S.``, ``e.g.``);
    numbers with separators (``219,000``, ``2.5``); decades (``'90s``); words, with inner
    apostrophes and hyphens kept (``Putin's``, ``ain't``, ``great-power``,
    ``bought-and-paid-for``) and a closed set of elisions (``ol'``, ``goin'``); any other
    non-space character, repeated runs of one character kept together (``...``, ``--``).
    Whitespace (:meth:`str.isspace`, so U+00A0 and U+202F too) is never inside a token, and every
    other character of a paragraph is inside exactly one token.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from itertools import chain

import numpy as np
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

_span = re.Match.span

# Combining marks, joiners, variation selectors and emoji modifiers: they stay with the character
# before them (Python's \w does not match them).
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u20d0-\u20ff"
    "\ufe00-\ufe0f\ufe20-\ufe2f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
)
_W = rf"[\w{_MARKS}]"
_JOIN = "-'’‐‑"  # hyphen-minus, apostrophes, U+2010 hyphen, U+2011 non-breaking hyphen

# The common case first: a run of letters that a space, comma or semicolon ends. Every branch
# below would give that same token; trying this one first saves a tenth of the tokenizing.
_FAST = r"[^\W\d_]+(?=[\s,;]|$)"
_CORE = (
    r"(?:[^\W\d_]\.){2,}(?![\w])"  # dotted initialism: U.S., e.g.
    r"|\d+(?:[.,:/]\d+)+(?![\w])"  # number with separators: 219,000  2.5  10/2025
    r"|['‘’]\d0s\b"  # decade: '90s
    # word, inner apostrophes and hyphens kept; elisions such as ol' and goin' keep their apostrophe
    rf"|{_W}+(?:[{_JOIN}]{_W}+)*(?:(?:(?<=[a-z]in)|(?<=\bol))['’](?=[\s,.;:!?]|$))?"
    rf"|([^\w\s])\1*[{_MARKS}]*(?:\u200d[^\w\s][{_MARKS}]*)*"  # other, runs and emoji sequences
    rf"|[{_MARKS}\u200d]+"  # a mark with no base character
)
_URL = r"(?:https?://|www\.)[^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]'’]"
_EMAIL = r"[\w.+-]+@\w[\w-]*(?:\.\w[\w-]*)+"
TOKEN_PATTERN = f"{_URL}|{_EMAIL}|{_FAST}|{_CORE}"
TOKEN_RE = re.compile(TOKEN_PATTERN)
# The same without the URL and e-mail branches, for the (usual) texts that have neither: the
# e-mail branch would otherwise scan every word twice.
_TOKEN_RE_PLAIN = re.compile(f"{_FAST}|{_CORE}")


def _token_re(text: str, start: int = 0, end: int | None = None) -> re.Pattern:
    piece = text[start:end] if (start or end is not None) else text
    if "@" in piece or "://" in piece or "www." in piece:
        return TOKEN_RE
    return _TOKEN_RE_PLAIN


_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def line_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every line of ``text``, line breaks excluded.

    Examples
    --------
    >>> line_spans("a\\r\\nbb\\rc")
    [(0, 1), (3, 5), (6, 7)]
    """
    spans, pos = [], 0
    for m in _LINE_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_WRAP_END = re.compile(r"[.?!:;\"”)]\s*$")


def _looks_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    if len(lines) < 2:
        return False
    for s, e in lines[:-1]:
        if not 40 <= e - s <= 100 or _WRAP_END.search(text, s, e):
            return False
    return True


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of every paragraph of ``text`` (see the module docstring).

    Examples
    --------
    >>> t = "Title\\n\\nFirst paragraph.\\nSecond one.\\n"
    >>> [t[s:e] for s, e in paragraph_spans(t)]
    ['Title', 'First paragraph.', 'Second one.']
    """
    blocks: list[list[tuple[int, int]]] = [[]]
    for s, e in line_spans(text):
        s, e = _strip_span(text, s, e)
        if s == e:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append((s, e))
    spans = []
    for block in blocks:
        if _looks_wrapped(text, block):
            spans.append((block[0][0], block[-1][1]))
        else:
            spans.extend(block)
    return spans


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The abbreviations Punkt treats as non-final (lower case, no final period)."""
    raw = resources.files("discourse.resources").joinpath("abbreviations_en.txt").read_text("utf-8")
    words = {w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(words | set("abcdefghijklmnopqrstuvwxyz"))


@lru_cache(maxsize=1)
def sentence_splitter() -> PunktSentenceTokenizer:
    """An untrained NLTK Punkt splitter with the shipped abbreviation list."""
    params = PunktParameters()
    params.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(params)


def token_spans(text: str, start: int = 0, end: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return token starts and ends (int32 arrays, views of one array) inside
    ``text[start:end]``.

    Examples
    --------
    >>> t = "Putin’s ‘90s — “great-power” U.S. 219,000!"
    >>> s, e = token_spans(t)
    >>> [t[a:b] for a, b in zip(s, e)]
    ['Putin’s', '‘90s', '—', '“', 'great-power', '”', 'U.S.', '219,000', '!']
    """
    end = len(text) if end is None else end
    pattern = _token_re(text, start, end)
    if len(text) >= 2**31:
        raise ValueError("a document of 2**31 characters or more cannot be tokenised here.")
    arr = np.fromiter(chain.from_iterable(map(_span, pattern.finditer(text, start, end))),
                      dtype=np.int32)
    return arr[0::2], arr[1::2]
