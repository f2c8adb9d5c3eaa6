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
    :func:`discourse.sentence_rules.sentence_starts`), which is several times faster than
    running Punkt itself; :func:`sentence_splitter` is NLTK's own Punkt with the same
    parameters, and the tests check that both split the example texts identically. Besides the
    period, "?" and "!", the stops of other scripts end a sentence (:data:`SENTENCE_END`:
    。！？ Chinese and Japanese, ؟ ۔ Arabic and Urdu, । ॥ Devanagari and Bengali, Ethiopic,
    Armenian, Myanmar, Khmer); after the Chinese and Japanese ones no space is needed, and a
    closing quote or bracket glued to the stop (」) stays in the sentence. A run such as "?!" is
    one sentence end. Sentences never cross a paragraph boundary. A sentence runs from its
    first token's start to its last token's end.
Tokens
    One regular expression (:data:`TOKEN_PATTERN`) in the spirit of NLTK's ``RegexpTokenizer``,
    tried left to right: URLs and e-mail addresses (a local part of at most 64 characters);
    dotted initialisms (``U.S.``, ``e.g.``); numbers with separators (``219,000``, ``2.5``);
    decades (``'90s``); words, with inner apostrophes and hyphens kept (``Putin's``, ``ain't``,
    ``great-power``, ``bought-and-paid-for``) and a closed set of elisions (``ol'``,
    ``goin'``); any other non-space character, repeated runs of one character kept together
    (``...``, ``--``). Whitespace (:meth:`str.isspace`, so U+00A0 and U+202F too) is never
    inside a token, and every other character of a paragraph is inside exactly one token.
    Every combining mark (Unicode category M: accents, Indic and Thai vowel signs), variation
    selectors and emoji modifiers stay with the character before them. Invisible characters
    that may sit inside a word (:data:`INVISIBLE`: soft hyphen U+00AD, word joiner U+2060,
    zero-width joiner, U+FEFF, bidirectional marks) do not split it: "co\u00adoperation" is
    one token and one word; its ``text`` keeps the soft hyphen, its ``norm`` drops it (see
    :mod:`discourse.text.normalize`). A zero-width space (U+200B) is a boundary, a token of its own.
    Time is linear in the length of the text for every input (the tests time adversarial
    shapes such as "a.a.a...b" against prose). :func:`token_spans` is the reference; the corpus
    builder cuts the same tokens (and paragraphs) several times faster with array operations
    over code points (:mod:`discourse.text.token_scan`, property-tested against this module).

Other languages
    Segmentation is meant to be sensible in any script, without a dictionary. Languages that
    put spaces between words (European languages, Arabic, Hebrew, Hindi, Korean, ...) get word
    tokens. Chinese and Japanese have no spaces: Han ideographs and Hiragana are one token per
    character and Katakana one token per run, as the Unicode word-boundary rules (UAX #29) and
    Lucene's StandardTokenizer cut them without a dictionary: counts are of characters (and
    Katakana words), not of words, so use character n-grams or pre-segment the texts (jieba,
    MeCab/fugashi) and join the words with spaces before reading them. Thai, Lao, Khmer and
    Myanmar are cut only at spaces and punctuation, which there separate phrases, not words:
    pre-segment them (PyThaiNLP, khmer-nltk) the same way. These parts are English-only:
    the stance lexicon and its context rules (:mod:`discourse.stance.markers`), the stopword list
    (``resources/stopwords_en.txt``), Punkt's abbreviations (``abbreviations_en.txt``), the
    section rules (:mod:`discourse.text.sections`: "Read more", bylines, bios), the elisions and
    decades of the tokenizer, the syllable counts and readability formulas and pronoun lists of
    :mod:`discourse.register.style`, and the speaker and actor patterns of
    :mod:`discourse.voices`. On
    text in another language they find little or nothing rather than wrong things; counts,
    contrasts, topics (pass your own stopwords), KWIC and the reading view work.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from itertools import chain

import numpy as np

_span = re.Match.span


def _class(members) -> str:
    """A regular-expression character class body (no brackets) for a sorted set of code
    points, as ranges."""
    out, run = [], []
    for c in list(members) + [None]:
        if run and c is not None and c == run[-1] + 1:
            run.append(c)
            continue
        if run:
            a, b = (f"\\U{x:08x}" for x in (run[0], run[-1]))
            out.append(a if run[0] == run[-1] else f"{a}-{b}")
        run = [] if c is None else [c]
    return "".join(out)


# Han ideographs (with the iteration and closing marks 々 〆 〇) and Hiragana: one token per
# character, as the Unicode word-boundary rules (UAX #29) and Lucene's StandardTokenizer cut
# them without a dictionary. Katakana: one token per run (UAX #29 keeps Katakana together).
IDEOGRAPHIC = ("\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u309f"
               "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff")
KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"

# Invisible characters that never split a word (soft hyphen, zero-width joiner, word joiner,
# U+FEFF as the old "zero-width no-break space", bidirectional marks and controls): inside a
# word they stay in its token; ``norm`` drops them.
INVISIBLE = "\u00ad\u061c\u200d-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"

# Combining marks (every character of category M), the zero-width non-joiner, emoji modifiers
# and tag characters: they stay with the character before them (Python's \w does not match
# them). Built from the Unicode database of this Python.
_MARK_POINTS = sorted(
    {c for c in range(0x20000) if unicodedata.category(chr(c)).startswith("M")}
    | {0x200C} | set(range(0x1F3FB, 0x1F400)) | set(range(0xE0020, 0xE0080))
    | set(range(0xE0100, 0xE01F0)))
# One mark: Python's re looks a class of BMP characters up in a table, but scans a class with
# astral ones range by range, so the (rare) astral marks are tried only for astral characters.
_MARK = ("(?:[" + _class(c for c in _MARK_POINTS if c < 0x10000)
         + "]|(?=[\U00010000-\U0010ffff])["
         + _class(c for c in _MARK_POINTS if c >= 0x10000) + "])")
_CJK = IDEOGRAPHIC + KATAKANA
# A run of word characters: what \w matches (letters, digits, "_") and marks, except the
# ideographs, Hiragana and Katakana, which are tokens of their own.
_RUN = rf"(?:[^\W{_CJK}]++|{_MARK})+"
_L = rf"[^\W\d_{_CJK}]"  # a letter that may start a word or an initialism
_JOIN = "-'’‐‑"  # hyphen-minus, apostrophes, U+2010 hyphen, U+2011 non-breaking hyphen

# The common case first: a run of letters that a space, comma or semicolon ends. Every branch
# below would give that same token; trying this one first saves a tenth of the tokenizing.
_FAST = rf"{_L}+(?=[\s,;]|$)"
# A dotted initialism (U.S., e.g.). It can only succeed where the whole run of letter-period
# pairs ends before a non-word character, and every start inside one run shares that end; so it
# is not tried again right after a one-letter token and its period ("a" "." here), where it
# has just failed. Without that guard "a.a.a...a.b" takes time quadratic in its length. (A
# character before that letter that could end a longer token lets the branch be tried; astral
# characters count as such, to keep the class a table lookup.)
_WORDISH = ("[^\\w" + _class(c for c in _MARK_POINTS if c < 0x10000)
            + f"\\U00010000-\\U0010ffff{_JOIN}{INVISIBLE}]")
_INITIALISM = (rf"(?={_L}\.{_L}\.)(?<!\A{_L}\.)(?<!{_WORDISH}{_L}\.)"
               rf"(?:{_L}\.){{2,}}(?![\w])")
_CORE = (
    _INITIALISM
    + r"|\d+(?:[.,:/]\d+)+(?![\w])"  # number with separators: 219,000  2.5  10/2025
    r"|['‘’]\d0s\b"  # decade: '90s
    rf"|[{IDEOGRAPHIC}]{_MARK}*"  # one ideograph or Hiragana character
    rf"|[{KATAKANA}](?:[{KATAKANA}]|{_MARK})*"  # a run of Katakana
    # word, inner apostrophes, hyphens and invisible joiners kept; elisions such as ol' and
    # goin' keep their apostrophe
    rf"|{_RUN}(?:[{_JOIN}{INVISIBLE}][{INVISIBLE}]*+{_RUN})*"
    rf"(?:(?:(?<=[a-z]in)|(?<=\bol))['’](?=[\s,.;:!?]|$))?[{INVISIBLE}]*+"
    rf"|([^\w\s])\1*{_MARK}*(?:\u200d[^\w\s]{_MARK}*)*"  # other, runs and emoji sequences
    rf"|(?:{_MARK}|\u200d)+"  # a mark with no base character
)
_URL = r"(?:https?://|www\.)[^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]'’]"
# An e-mail address. The local part is at most 64 characters (RFC 5321), which keeps a long run
# of letters and periods before an "@" from being rescanned from each of its characters.
_EMAIL = r"[\w.+-]{1,64}@\w[\w-]*+(?:\.\w[\w-]*+)+"
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


# Characters that end a sentence besides the period, and after which a space is not needed.
SENTENCE_END = ("?!"
                "\u3002\uff01\uff1f\uff61"  # 。！？｡ Chinese, Japanese
                "\u061f\u06d4"  # ؟ Arabic question mark, ۔ Urdu full stop
                "\u0964\u0965"  # । ॥ Devanagari (Hindi, Marathi, Nepali, Sanskrit), Bengali
                "\u1362\u1367\u1368"  # ። ፧ ፨ Ethiopic
                "\u0589\u055c\u055e"  # ։ ՜ ՞ Armenian
                "\u104a\u104b\u17d4\u17d5"  # ၊ ။ Myanmar, ។ ៕ Khmer
                "\u203c\u2047\u2048\u2049\u07f9\u0700")  # ‼ ⁇ ⁈ ⁉, NKo, Syriac
"""Characters that end a sentence besides the period (a run of them, or with periods, is one
sentence end: "?!", "。", "؟")."""
WIDE_END = "\u3002\uff01\uff1f\uff61"
"""Sentence ends of Chinese and Japanese, where no space follows: the next sentence starts
right after them (and after any closing bracket or quote glued to them)."""
CLOSING = "\"')]}»’”\u300d\u300f\uff09\u3011\u3015\u3009\u300b\u3017\u3019\u301b\uff63"
"""Closing quotes and brackets that may follow a sentence end and still belong to the sentence
(the last ones are the CJK ones: 」』）】〕〉》〗〙〛｣)."""

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


_WRAP_END = re.compile(rf"[.:;\"”){SENTENCE_END}]\s*$")


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
def sentence_splitter():
    """An untrained NLTK Punkt splitter with the shipped abbreviation list (the reference the
    tests compare :func:`discourse.sentence_rules.sentence_starts` with; NLTK, whose import
    takes about a second, is imported here only)."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

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
