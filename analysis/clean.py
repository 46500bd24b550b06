"""Boilerplate removal for scraped plain text: keep the article body, record the rest.

A scraped page (a browser's plain text of a news page) carries page chrome around the
article: mastheads, navigation, datelines and read times, photo credits and captions,
notification, cookie and comment prompts, donation appeals, related-article rails and
aggregator widgets. :func:`clean_page` separates the body from that chrome by general
rules, never by line numbers of known pages:

1. *Known chrome phrases* (``lexicons/clean_chrome_phrases.tsv``): a line that *is* a
   chrome phrase ("Most popular", "101 Articles"), *starts* with one ("Related: ...",
   "Photo: ...") or carries enough chrome evidence ("terms of service", "your donation")
   for its length. Appeal-type chrome (donations, comments, notifications, cookies) also
   claims the few lines sandwiched between two of its lines.
2. *Shape rules*: inline ``<image>data:...</image>`` tags, photo credits in agency style
   ("SPUTNIK/VLADIMIR SMIRNOV/POOL VIA REUTERS"), read times, date-only lines, lines
   repeated on the page, and captions that sit beside a credit and repeat body text.
3. *Block classification* after jusText (Pomikalek 2011, "Removing boilerplate and
   duplicate content from web corpora", ch. 4): each remaining line is *good* (long, many
   function words), *near-good*, *short* or *bad*; short and near-good lines are then
   decided by their nearest decided neighbours, so a subheading or a one-line quote inside
   the body stays while a menu item among menu items goes. Pages in other languages use
   their own most frequent short words as function words; Chinese and Japanese lines are
   measured in characters. Thresholds: jusText's, lowered for news prose dense in names.
4. *Region*: runs of good lines (bridging gaps of a few lines) form clusters; the
   largest is the article, smaller ones far from it (related stories, comments below a
   "says:"-and-date header, footers) go, as in body-text extraction by densest region
   (Finn, Kushmerick & Smyth 2001).
5. *Position*: the headline, standfirst, byline and dateline are found around the byline
   block at the top of the article and moved into :class:`CleanedPage` fields (a date
   *above* the headline is a masthead's capture date and is not used); a trailing teaser
   (a headline line plus a lede cut off with an ellipsis) after the body is dropped.

Decisions worth knowing: on an aggregator page the other outlets' snippets (headlines and
ledes) are body text, since they are what the aggregator shows, while counters and widgets
("101 Articles", "Bias Distribution") are chrome; a " | Site Name" suffix of a title line
is cut off (reason ``site-name``) and the title kept. Whitespace runs (also no-break
spaces) become one space; hard-wrapped paragraphs are joined; nothing else is rewritten,
so every word of the body is a word of the page.

Every removed line is kept in :attr:`CleanedPage.removed` with a short, stable reason, so
the decision can be audited (:func:`audit_table`). Runs in linear time in the input size.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .paths import LEXICON_DIR

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["RemovedLine", "CleanedPage", "clean_page", "clean_text", "audit_table",
           "parse_date", "CHROME_CATEGORIES", "REASONS"]


@dataclass(frozen=True)
class RemovedLine:
    """One line of the raw page left out of the body: 1-based line number, text, reason."""

    line_no: int
    text: str
    reason: str


@dataclass(frozen=True)
class CleanedPage:
    """The body of a scraped page, the metadata found in its chrome, and the audit trail.

    ``body`` holds the kept paragraphs separated by one blank line, no trailing spaces;
    ``published`` is the ISO date parsed from ``dateline`` when it can be parsed.
    """

    body: str
    headline: str | None
    byline: str | None
    dateline: str | None
    published: str | None
    removed: tuple[RemovedLine, ...]


# --------------------------------------------------------------------------- lexicons

def _load_stopwords() -> frozenset[str]:
    lines = (LEXICON_DIR / "clean_stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


_DIGITS = re.compile(r"\d+")
_NON_KEY = re.compile(r"[^\w#':]+")


def _key(text: str) -> str:
    """Matching key of a line: lower case, digits as '#', punctuation (but ' and :) as space."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = _DIGITS.sub("#", text)
    return " ".join(_NON_KEY.sub(" ", text).split())


def _load_phrases() -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]:
    """Read the chrome-phrase table into (line phrases, prefixes, contained phrases)."""
    path = LEXICON_DIR / "clean_chrome_phrases.tsv"
    whole: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    contained: list[tuple[str, str]] = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#") or row.startswith("category\t"):
            continue
        category, scope, phrase = row.split("\t")
        key = _key(phrase)
        if scope == "line":
            whole.setdefault(key, category)
            whole.setdefault(key.rstrip(":").strip(), category)
        else:
            (prefixes if scope == "prefix" else contained).append((key, category))
    return whole, prefixes, contained


def _alternation(pairs: list[tuple[str, str]], *, anchored: bool) -> re.Pattern[str]:
    """One compiled regex over all phrases, matching whole words only: at each position the
    longest phrase that ends at a word boundary. The phrases are factored into a character
    trie (longer continuations tried before a phrase ends), so the engine rejects most
    positions after one character test instead of trying every phrase."""
    root: dict = {}
    for phrase in {p for p, _ in pairs}:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    body = _trie_regex(root)
    return re.compile(("^" if anchored else r"(?<![\w#])") + body + r"(?![\w#])")


def _trie_regex(node: dict) -> str:
    """The regex of a character trie (``""`` marks a phrase end, tried last)."""
    alts = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if "" in node:
        alts.append("")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


STOPWORDS = _load_stopwords()
_WHOLE, _PREFIX_LIST, _CONTAINS_LIST = _load_phrases()
_PREFIX_CAT = dict(_PREFIX_LIST)
_CONTAINS_CAT = dict(_CONTAINS_LIST)
_PREFIX_RE = _alternation(_PREFIX_LIST, anchored=True)
_CONTAINS_RE = _alternation(_CONTAINS_LIST, anchored=False)
CHROME_CATEGORIES = frozenset(_WHOLE.values()) | frozenset(_PREFIX_CAT.values()) | frozenset(
    _CONTAINS_CAT.values())
SHAPE_REASONS = frozenset({
    "image-tag", "symbols", "photo-credit", "caption", "duplicate-caption", "repeated-line",
    "dateline", "read-time", "site-name",          # shape rules
    "headline", "standfirst", "byline", "teaser",  # position
    "short-line", "low-stopword", "context", "outside-body"})  # classification
REASONS = CHROME_CATEGORIES | SHAPE_REASONS
"""Every reason a :class:`RemovedLine` can carry."""
_PROMPTS = frozenset({"cookie-prompt", "notification-prompt", "newsletter-prompt",
                      "technical", "audio-notice", "comment-prompt"})
_APPEALS = frozenset({"donation-appeal", "comment-prompt", "notification-prompt",
                      "cookie-prompt", "newsletter-prompt", "aggregator-chrome"})

# --------------------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = r"(?P<mon>january|february|march|april|may|june|july|august|september|october|" \
            r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_DATE_RE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(?P<y1>(?:19|20)\d\d)"
    r"|" + _MONTH_RE.replace("mon>", "mon2>") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)(?:T[\d:.]+Z?)?)\b", re.IGNORECASE)
_DATE_FILLER = re.compile(
    r"\b(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\b\.?)?|[ap]\.?m\b\.?|updated|published|posted|"
    r"last|modified|first|on|at|am|pm|et|edt|est|ct|cdt|cst|mt|pt|pdt|pst|gmt|utc|bst|cet|"
    r"cest|msk|ist|jst|aest|aedt|hkt|sgt|kst|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|\d+\s*(?:min|mins|minutes?)"
    r"\s*(?:read|listen)|today|yesterday|date|time|and|updated:|published:)\b", re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """ISO date (YYYY-MM-DD) of the first full date written in ``text``, else None.

    Understands "24 October 2024", "October 14, 2024", "Nov. 19, 2019", "2024-10-24"
    (weekday and time around them are ignored); numeric dates like 10/11/12 are ambiguous
    between US and UK order and are not parsed.
    """
    for m in _DATE_RE.finditer(text or ""):
        g = m.groupdict()
        if g["y3"]:
            year, month, day = int(g["y3"]), int(g["m3"]), int(g["d3"])
        else:
            mon = (g["mon"] or g["mon2"]).lower().rstrip(".")
            year, month = int(g["y1"] or g["y2"]), _MONTHS[mon]
            day = int(g["d1"] or g["d2"])
        if 1 <= month <= 12 and 1 <= day <= _month_days(year, month):
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _date_rest(text: str) -> str | None:
    """What a line says besides a date, time and weekday (None when it holds no date)."""
    if len(text) > 160 or not _DATE_RE.search(text):
        return None
    rest = _DATE_FILLER.sub(" ", _DATE_RE.sub(" ", text))
    return " ".join(_WORD.findall(rest))


# --------------------------------------------------------------------------- lines

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_PARTICLES = re.compile(r"[\u306e\u306f\u304c\u3092\u306b\u3067\u3068\u3082\u3066\u305f]")
_SPACE = re.compile(r"\s+")
_IMG_OPEN = re.compile(r"<(?:[\w.-]{1,20}:)?image\b[^<>]{0,300}>", re.IGNORECASE)
_IMG_CLOSE = re.compile(r"</(?:[\w.-]{1,20}:)?image\s*>", re.IGNORECASE)
_DATA_URI = re.compile(r"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]*")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
_SITE_SUFFIX = re.compile(
    r"^(?P<head>.{15,}?)(?P<site> \| [A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,3})$")
_TERMINAL = tuple(".!?:;\"'\u201d\u2019)]\u2026")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'\u2019.-]*|de|da|van|von|der|bin|al|le|la|and|&)$")
_BYLINE_RE = re.compile(r"^(?:by|words by|written by|reporting by|story by)\s+(.+)$",
                        re.IGNORECASE)
_NOT_HEADLINE = re.compile(  # times, posting stamps, a trailing "by Name", breadcrumbs
    r"\b\d{1,2}:\d{2}\b|\b(?:posted|updated|published)\b|^you are here|"
    r"\bby\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}$", re.IGNORECASE)
_AGENCY_CREDIT = re.compile(
    r"^[^/]{1,60}(?:/[^/]{1,60})+$|^(?:ap|afp|reuters|getty|epa|pa|ians|ani)$", re.IGNORECASE)


@dataclass
class _Line:
    """Working state of one non-blank line (mutable while the page is being decided)."""

    no: int
    text: str
    n_words: int
    stop: float
    after_blank: bool
    size: int = 0
    cut: str | None = None
    extra: int = 0  # raw lines joined onto this one (a hard-wrapped paragraph)
    reason: str | None = None
    cls: str = "bad"


def _strip_images(line: str) -> tuple[str, bool]:
    """Replace inline image tags (``<image>...</image>``, also namespaced or self-closing)
    and bare ``data:image`` URIs by a space; an unclosed tag runs to the end of the line."""
    found = False
    if "image" in line.lower():
        parts, pos = [], 0
        while (m := _IMG_OPEN.search(line, pos)) is not None:
            close = None if m.group(0).endswith("/>") else _IMG_CLOSE.search(line, m.end())
            end = m.end() if m.group(0).endswith("/>") else (
                len(line) if close is None else close.end())
            parts.extend((line[pos:m.start()], " "))
            pos, found = end, True
        parts.append(line[pos:])
        line = "".join(parts)
    if "data:image/" in line:
        line, n = _DATA_URI.subn(" ", line)
        found = found or n > 0
    return line, found


def _split_lines(raw: str) -> tuple[list[_Line], list[RemovedLine]]:
    """Normalise each raw line (images out, whitespace collapsed), drop empty ones and
    join the lines of hard-wrapped paragraphs."""
    lines: list[_Line] = []
    removed: list[RemovedLine] = []
    after_blank = True
    for no, raw_line in enumerate(re.split(r"\r\n|\r|\n", raw), 1):
        text, had_image = _strip_images(raw_line)
        text = _SPACE.sub(" ", text).strip()
        if not text:
            if had_image:
                removed.append(RemovedLine(no, raw_line.strip()[:200], "image-tag"))
            after_blank = True
            continue
        lines.append(_Line(no, text, 0, 0.0, after_blank))
        after_blank = False
    return _unwrap(lines), removed


def _wraps(prev: _Line, line: _Line) -> bool:
    """``line`` continues ``prev`` in hard-wrapped text: directly below it, lower case
    first, and ``prev`` has 8+ words and ends mid-sentence."""
    return (not line.after_blank and prev.no + prev.extra == line.no - 1
            and line.text[:1].islower() and not prev.text.endswith(_TERMINAL)
            and prev.text.count(" ") >= 7)


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """Join the lines of hard-wrapped paragraphs, when the page is hard-wrapped: at least
    a third of its lines of 8+ words continue on the next line. (Browser text is not
    wrapped; there a lower-case line after a long one is a separate block.)"""
    long_lines = sum(line.text.count(" ") >= 7 for line in lines)
    pairs = sum(_wraps(a, b) for a, b in zip(lines, lines[1:]))
    if not pairs or pairs * 3 < long_lines:
        return lines
    out: list[_Line] = []
    for line in lines:
        if out and _wraps(out[-1], line):
            out[-1].text, out[-1].extra = f"{out[-1].text} {line.text}", out[-1].extra + 1
        else:
            out.append(line)
    return out


def _line_words(lines: list[_Line]) -> dict[str, list[str]]:
    """The lower-cased words of each distinct line text."""
    out: dict[str, list[str]] = {}
    for line in lines:
        if line.text not in out:
            out[line.text] = _WORD.findall(line.text.lower())
    return out


def _page_stopwords(lines: list[_Line], words_of: dict[str, list[str]]) -> frozenset[str]:
    """Function words for this page: the English list, or, when the page's long lines use
    few of them (another language), the page's own 40 most frequent short words."""
    counts: Counter[str] = Counter()
    for line in lines:
        words = words_of[line.text]
        if len(words) >= 8:
            counts.update(w for w in words if len(w) <= 5 and not w.isdigit())
    total = sum(counts.values())
    if total < 50 or sum(counts[w] for w in STOPWORDS) >= 0.15 * total:
        return STOPWORDS
    return frozenset(w for w, _ in counts.most_common(40))


def _measure(lines: list[_Line], stopwords: frozenset[str],
             words_of: dict[str, list[str]]) -> None:
    """Fill word count, size and stop-word density. Unspaced scripts (Chinese, Japanese,
    Korean) count three characters per character of size, and take their density from
    sentence punctuation and kana particles, since they have no word separators."""
    known: dict[str, _Line] = {}
    for line in lines:
        text = line.text
        if text in known:
            twin = known[text]
            line.n_words, line.size, line.stop = twin.n_words, twin.size, twin.stop
            continue
        known[text] = line
        words = words_of[text]
        line.n_words, line.size = len(words), len(text)
        if not words:
            continue
        cjk = len(_CJK.findall(text))
        if cjk * 3 >= len(text):
            kana = len(_PARTICLES.findall(text))
            line.size, line.n_words = len(text) + 2 * cjk, max(len(words), cjk // 2)
            line.stop = min(0.5, 2 * kana / cjk) if "\u3002" in text or "\u3001" in text \
                or kana else 0.0
        else:
            line.stop = sum(w in stopwords for w in words) / len(words)


# --------------------------------------------------------------------------- rules

def _phrase_reason(text: str, n_words: int) -> str | None:
    """Chrome category of a line from the phrase lexicon, or None.

    A line that is a listed phrase or starts with a listed prefix is chrome; contained
    phrases are evidence: one is enough for a line of up to 12 words, two for a line of
    up to 120 words, or phrases covering a third of the line.
    """
    key = _key(text)
    if not key:
        return "symbols" if not _WORD.search(text) else None
    if key in _WHOLE:
        return _WHOLE[key]
    m = _PREFIX_RE.match(key)
    if m:
        return _PREFIX_CAT[m.group(0)]
    if len(key) > 4000:
        return None
    hits = [m.group(0) for m in _CONTAINS_RE.finditer(key)]
    if not hits:
        return None
    covered = sum(len(h) for h in hits)
    category = Counter(_CONTAINS_CAT[h] for h in hits).most_common(1)[0][0]
    if category == "photo-credit":
        return "photo-credit" if n_words <= 12 else ("caption" if n_words <= 60 else None)
    if category == "read-time":
        return "read-time" if n_words <= 8 else None
    if (n_words <= (40 if category in _PROMPTS else 12)
            or (len(hits) >= 2 and n_words <= 120) or covered * 3 >= len(key)):
        return category
    return None


def _shape_reason(line: _Line) -> str | None:
    """Chrome recognised by its shape: agency-style credits, date-only lines, lone
    separators."""
    text = line.text
    if line.n_words == 0:
        return "symbols"
    if line.n_words <= 10 and not text.endswith(".") and _AGENCY_CREDIT.match(text):
        letters = [c for c in text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            return "photo-credit"
    rest = _date_rest(text)
    if rest is not None and len(rest.split()) <= 1:
        return "dateline"
    return None


def _apply_rules(lines: list[_Line]) -> None:
    """Label lines that are chrome whatever their context (phrases and shapes)."""
    known: dict[str, str | None] = {}  # menus repeat: decide each distinct text once
    for line in lines:
        if line.text not in known:
            known[line.text] = _phrase_reason(line.text, line.n_words) or _shape_reason(line)
        line.reason = known[line.text]
        m = (_SITE_SUFFIX.match(line.text) if line.reason is None and " | " in line.text
             and len(line.text) < 400 else None)
        if m:  # "Headline | Site Name": the site name is chrome, the headline is not
            line.text, line.cut = m.group("head"), m.group("site").strip(" |")
            line.n_words -= len(_WORD.findall(line.cut))
    _sandwich(lines)
    _duplicates(lines)


def _sandwich(lines: list[_Line], *, span: int = 5) -> None:
    """Lines between two appeal-type chrome lines of one kind, at most ``span`` lines
    apart, belong to that appeal (a donation box's paragraphs, a comment box's text)."""
    last: dict[str, int] = {}
    for i, line in enumerate(lines):
        if line.reason in _APPEALS:
            j = last.get(line.reason)
            if j is not None and 1 < i - j <= span + 1:
                for k in range(j + 1, i):
                    if lines[k].reason is None:
                        lines[k].reason = line.reason
            last[line.reason] = i


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _duplicates(lines: list[_Line]) -> None:
    """Repeated lines of 8+ words: a copy beside a photo credit is a caption (every such
    copy goes), otherwise the first copy stays and later ones go. Short repeated lines
    (menus) are left to the classifier, which removes them by context."""
    counts = Counter(line.text.lower() for line in lines)
    credit = {i for i, line in enumerate(lines) if line.reason == "photo-credit"}
    beside = {i + d for i in credit for d in (-1, 1)} - credit
    seen: set[str] = set()
    for i, line in enumerate(lines):
        low = line.text.lower()
        if line.reason is not None or counts[low] < 2:
            continue
        if i in beside and line.n_words >= 8:
            line.reason = "duplicate-caption"
        elif low in seen and line.n_words >= 8:
            line.reason = "repeated-line"
        seen.add(low)
    _near_duplicate_captions(lines, sorted(b for b in beside if 0 <= b < len(lines))[:50])


def _near_duplicate_captions(lines: list[_Line], candidates: list[int]) -> None:
    """A line beside a credit whose 4-word shingles mostly recur elsewhere on the page
    is a caption restating the body (one shingle count over the page: linear)."""
    candidates = [c for c in candidates if lines[c].reason is None and lines[c].n_words >= 8]
    if not candidates:
        return
    frequency: Counter[tuple[str, ...]] = Counter()
    for line in lines:
        if line.n_words >= 8 and line.reason is None:
            frequency.update(_shingles(line.text))
    for c in candidates:
        mine = _shingles(lines[c].text)
        if mine and sum(frequency[s] >= 2 for s in mine) >= 0.5 * len(mine):
            lines[c].reason = "duplicate-caption"


# --------------------------------------------------------------------------- jusText

# jusText's defaults are 70/200 characters and 0.30/0.32 with its 300-word stop list; news
# paragraphs are shorter and denser in names, so good needs 100+ characters ending a
# sentence (or 200+) and density thresholds are lower with the smaller list used here.
LENGTH_LOW, LENGTH_HIGH = 70, 100
STOP_LOW, STOP_HIGH = 0.2, 0.25


def _classify(lines: list[_Line]) -> None:
    """Context-free class of each line (jusText stage 1): bad / short / near / good."""
    for line in lines:
        size = line.size
        if line.reason is not None:
            line.cls = "bad"
        elif size < LENGTH_LOW:
            line.cls = "near" if _is_sentence(line) else "short"
        elif line.stop >= STOP_HIGH:
            line.cls = "good" if size > 2 * LENGTH_HIGH or (
                size > LENGTH_HIGH and line.text.endswith(_TERMINAL)) else "near"
        elif line.stop >= STOP_LOW:
            line.cls = "near"
        else:
            line.cls = "bad"


def _is_sentence(line: _Line) -> bool:
    """A short line that reads as a full sentence: 6+ words, capital first, sentence
    punctuation last, function words present ("Russia has not confirmed ... troops.")."""
    text = line.text
    return (line.n_words >= 6 and line.stop >= STOP_LOW and text[:1].isupper()
            and _SENTENCE_END.search(text) is not None)


def _headings(lines: list[_Line]) -> None:
    """A title-like line (3-20 words, no sentence punctuation) right above a good line
    and within three lines after another good line is an in-body heading: near-good."""
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if (line.reason is None and line.cls in ("short", "bad") and 3 <= line.n_words <= 20
                and not line.text.endswith(_TERMINAL) and lines[i + 1].cls == "good"
                and any(lines[j].cls == "good" for j in range(max(0, i - 3), i))):
            line.cls = "near"


def _context(lines: list[_Line]) -> None:
    """jusText stage 2: short lines take the class of good/bad neighbours (ignoring
    near-good ones), then near-good lines become good unless both neighbours are bad."""
    classes = [line.cls for line in lines]
    prev_cls = _sweep(classes, frozenset({"short", "near"}), forward=True)
    next_cls = _sweep(classes, frozenset({"short", "near"}), forward=False)
    prev_near = _sweep(classes, frozenset({"short"}), forward=True)
    next_near = _sweep(classes, frozenset({"short"}), forward=False)
    decided = list(classes)
    for i, cls in enumerate(classes):
        if cls != "short":
            continue
        before, after = prev_cls[i], next_cls[i]
        if before == after:
            decided[i] = before
        elif (before == "bad" and prev_near[i] == "near") or (
                after == "bad" and next_near[i] == "near"):
            decided[i] = "good"
        else:
            decided[i] = "bad"
    before_d = _sweep(decided, frozenset({"near"}), forward=True)
    after_d = _sweep(decided, frozenset({"near"}), forward=False)
    for i, cls in enumerate(decided):
        if cls == "near":
            decided[i] = "bad" if before_d[i] == after_d[i] == "bad" else "good"
    for line, cls in zip(lines, decided):
        line.cls = cls


def _sweep(classes: list[str], skip: frozenset[str], *, forward: bool) -> list[str]:
    """For every index, the class of the nearest earlier (or later) line not in ``skip``
    ('bad' at the page edge) — one linear pass instead of a search per line."""
    out = ["bad"] * len(classes)
    current = "bad"
    order = range(len(classes)) if forward else range(len(classes) - 1, -1, -1)
    for i in order:
        out[i] = current
        if classes[i] not in skip:
            current = classes[i]
    return out


# --------------------------------------------------------------------------- position

def _is_name(text: str) -> bool:
    """A person's name as bylines print it: 2-8 capitalised tokens (particles allowed)."""
    tokens = text.replace(",", " , ").split()
    names = [t for t in tokens if t not in (",", "and", "&")]
    return 2 <= len(names) <= 8 and all(_NAME_TOKEN.match(t) for t in tokens if t != ",") \
        and not text.isupper() and not any(t.lower() in STOPWORDS for t in names)


def _byline_of(text: str) -> str | None:
    """The author name(s) of a byline line ("By Sarah E. Needleman", "Tom Krisher, AP
    Auto Writer", "Arpan Rai"), else None."""
    m = _BYLINE_RE.match(text)
    if m:
        name = re.split(r"\s+(?:[|\u2022\u00b7-]|and\s+\d)\s*|,\s*(?=[A-Z][a-z]+ [A-Z]?[a-z])",
                        m.group(1))[0].strip(" ,")
        single = " " not in m.group(1).strip() and m.group(1)[:1].isupper()  # "By Reuters"
        return name if _is_name(name) or _is_name(name.title()) or single else None
    first = text.split(",")[0].strip()
    if len(text.split()) <= 8 and _is_name(first):
        return first
    return None


def _headline_candidate(line: _Line) -> bool:
    """Could be a headline: 3-30 words, no full stop or colon last, not all capitals (a
    section kicker), no date, time, posting stamp or byline in it."""
    text = line.text
    return (line.reason is None and 3 <= line.n_words <= 30 and not text.endswith((".", ":"))
            and not text.isupper() and _DATE_RE.search(text) is None
            and _NOT_HEADLINE.search(text) is None and not _BYLINE_RE.match(text))


def _is_anchor(line: _Line) -> bool:
    """A dateline, a "By ..." byline, or a name followed by a date."""
    if line.reason == "dateline":
        return True
    if line.reason is not None or line.n_words > 16:
        return False
    if _BYLINE_RE.match(line.text) and _byline_of(line.text):
        return True
    rest = _date_rest(line.text)
    return rest is not None and (not rest or _is_name(rest))


def _anchor_block(lines: list[_Line], first_good: int) -> tuple[int, int] | None:
    """First and last line of the byline/dateline block that opens the article: the last
    run of anchors before the body, or just inside it when at most two good lines (a
    headline and a standfirst) sit in the four lines above it."""
    block: tuple[int, int] | None = None
    for i in range(min(len(lines), first_good + 8, 400)):
        if not _is_anchor(lines[i]):
            continue
        above = [j for j in range(first_good, i) if lines[j].cls == "good"]
        if i > first_good and (not above or len(above) > 2 or i - above[0] > 4):
            break
        block = (block[0], i) if block and i - block[1] <= 3 else (i, i)
    return block


def _find_headline(lines: list[_Line], first_good: int,
                   block: tuple[int, int] | None) -> int | None:
    """Index of the headline: the first candidate among the 4 lines above the byline or
    dateline block; without one, the last candidate among the 6 lines above the body.
    Candidates: 3-30 words, no full stop at the end, not all capitals, no date."""
    if block is not None:
        for i in range(max(0, block[0] - 4), block[0]):
            if _headline_candidate(lines[i]):
                return i
    for i in range(first_good - 1, max(-1, first_good - 7), -1):
        if _headline_candidate(lines[i]):
            return i
    return None


def _metadata(lines: list[_Line]) -> tuple[str | None, str | None, str | None]:
    """Headline, byline and dateline from the top of the article; labels those lines
    (and a standfirst between headline and byline) so they stay out of the body."""
    first_good = next((i for i, ln in enumerate(lines) if ln.cls == "good"), len(lines))
    block = _anchor_block(lines, first_good)
    head = _find_headline(lines, first_good, block)
    headline = None
    if head is not None:
        headline, lines[head].reason, lines[head].cls = lines[head].text, "headline", "bad"
    stop = first_good if block is None else max(block[1] + 1, first_good)
    for i in range(0 if head is None else head + 1, stop):
        if (head is not None and lines[i].reason is None and lines[i].n_words >= 6
                and (block is None or i < block[0])):
            lines[i].reason, lines[i].cls = "standfirst", "bad"
    byline, dateline = _byline_dateline(lines, 0 if head is None else head + 1, stop)
    return headline, byline, dateline


def _byline_dateline(lines: list[_Line], start: int, stop: int) -> tuple[str | None, ...]:
    """Byline and dateline among ``lines[start:stop]``; labels the lines they came from."""
    byline = dateline = None
    for i in range(max(start, stop - 40), min(stop, len(lines))):
        line = lines[i]
        if line.reason not in (None, "dateline"):
            continue
        rest = _date_rest(line.text)
        if dateline is None and rest is not None and (
                line.reason == "dateline" or not rest or _is_name(rest)):
            dateline, line.reason, line.cls = line.text, "dateline", "bad"
            byline = byline or (_byline_of(rest) if rest else None)
            continue
        near_date = any(_date_rest(lines[j].text) is not None
                        for j in (i - 1, i + 1) if 0 <= j < len(lines))
        if byline is None and line.reason is None and (
                _BYLINE_RE.match(line.text) or near_date):
            found = _byline_of(line.text)
            if found:
                byline, line.reason, line.cls = found, "byline", "bad"
    return byline, dateline


def _trim_teasers(lines: list[_Line]) -> None:
    """Drop trailing teasers: after the last body paragraph, a lede cut off with an
    ellipsis (and the headline line above it) links to another article."""
    kept = [i for i, line in enumerate(lines) if line.cls == "good"]
    while kept:
        last = lines[kept[-1]]
        if not last.text.endswith(("\u2026", "...")) or len(kept) < 3:
            return
        last.cls, last.reason = "bad", "teaser"
        kept.pop()
        above = lines[kept[-1]]
        if above.n_words <= 20 and not above.text.endswith(_TERMINAL):
            above.cls, above.reason = "bad", "teaser"
            kept.pop()


def _removal_reason(line: _Line) -> str:
    """Reason for a line the classifier (not a rule) dropped."""
    if line.reason is not None:
        return line.reason
    if line.size < LENGTH_LOW:
        return "short-line"
    return "low-stopword" if line.stop < STOP_LOW else "context"


def _assemble(lines: list[_Line]) -> str:
    """The kept lines as paragraphs separated by one blank line."""
    return "\n\n".join(line.text for line in lines if line.cls == "good")


# --------------------------------------------------------------------------- public API

def clean_page(raw: str) -> CleanedPage:
    """Separate a scraped page's article body from its chrome.

    Returns the body (paragraphs separated by one blank line), the headline, byline and
    dateline found above the body (``published`` = ISO date of the dateline), and every
    removed line with its reason. Never raises on a ``str``; linear in ``len(raw)``.
    Method: phrase and shape rules, then jusText-style classification with context
    (Pomikalek 2011); see the module docstring.
    """
    if not isinstance(raw, str):
        raise TypeError(f"clean_page expects str, not {type(raw).__name__}")
    lines, removed = _split_lines(raw)
    words_of = _line_words(lines)
    _measure(lines, _page_stopwords(lines, words_of), words_of)
    _apply_rules(lines)
    _classify(lines)
    _headings(lines)
    near = [line for line in lines if line.cls == "near"]
    _context(lines)
    if near and not any(line.cls == "good" for line in lines):
        for line in near:  # a page of short paragraphs only: near-good is the best there is
            line.cls = "good"
    _main_region(lines)
    headline, byline, dateline = _metadata(lines)
    _trim_teasers(lines)
    removed.extend(RemovedLine(ln.no, ln.text, _removal_reason(ln))
                   for ln in lines if ln.cls != "good")
    removed.extend(RemovedLine(ln.no, ln.cut, "site-name") for ln in lines if ln.cut)
    removed.sort(key=lambda r: r.line_no)
    published = parse_date(dateline) if dateline else None
    return CleanedPage(_assemble(lines), headline, byline, dateline, published,
                       tuple(removed))


def clean_text(raw: str) -> str:
    """The article body of a scraped page (``clean_page(raw).body``)."""
    return clean_page(raw).body


def audit_table(page: CleanedPage) -> pd.DataFrame:
    """The removed lines of a cleaned page as a table (line_no, reason, text), in page
    order, for showing in a notebook why each line was left out."""
    import pandas as pd

    return pd.DataFrame([(r.line_no, r.reason, r.text) for r in page.removed],
                        columns=["line_no", "reason", "text"])


MAX_GAP_LINES = 5
SIDE_SHARE = 0.5
NEAR_WORDS, NEAR_GAP = 80, 15
FAR_GAP = 30
_BOUNDARIES = frozenset({"comment-prompt", "link-rail", "footer", "newsletter-prompt",
                         "donation-appeal", "social-prompt", "dateline"})


def _is_break(lines: list[_Line], i: int) -> bool:
    """A name-and-date header ("jbaxt says:" / "Rob Crilly" over a date) opens a comment
    or a teaser: the text below it is not the article's."""
    return (lines[i].reason == "dateline" and i > 0 and lines[i - 1].cls != "good"
            and lines[i - 1].n_words <= 5)


def _clusters(lines: list[_Line]) -> list[list[int]]:
    """Runs of good lines joined across gaps of at most ``MAX_GAP_LINES`` dropped lines;
    a name-and-date header always ends a run."""
    clusters: list[list[int]] = []
    gap = MAX_GAP_LINES + 1
    for i, line in enumerate(lines):
        if line.cls != "good":
            gap += MAX_GAP_LINES + 1 if _is_break(lines, i) else 1
            continue
        if gap > MAX_GAP_LINES or not clusters:
            clusters.append([])
        clusters[-1].append(i)
        gap = 0
    return clusters


def _main_region(lines: list[_Line]) -> None:
    """Keep the body's region: the cluster of good lines with most words is the body.
    A cluster after it stays if it has ``SIDE_SHARE`` of its words, lies within
    ``FAR_GAP`` lines and no section boundary (comments, rail, footer, a name-and-date
    header) lies between; a cluster before it
    stays if it has that share, or if it is a substantial block (``NEAR_WORDS``) at most
    ``NEAR_GAP`` lines above the kept text (the article's first part above an inset box)."""
    clusters = _clusters(lines)
    if len(clusters) < 2:
        return
    sizes = [sum(lines[i].n_words for i in c) for c in clusters]
    main = sizes.index(max(sizes))
    seen = [0]
    for line in lines:  # seen[i] = section boundaries among lines[:i]
        seen.append(seen[-1] + (line.reason in _BOUNDARIES))
    drop: list[int] = []
    top = clusters[main][0]
    for k in range(main - 1, -1, -1):
        near = sizes[k] >= NEAR_WORDS and top - clusters[k][-1] <= NEAR_GAP
        if sizes[k] >= SIDE_SHARE * sizes[main] or near:
            top = clusters[k][0]
        else:
            drop.append(k)
    end = clusters[main][-1]
    for k in range(main + 1, len(clusters)):
        if (sizes[k] < SIDE_SHARE * sizes[main] or seen[clusters[k][0]] > seen[end + 1]
                or clusters[k][0] - end > FAR_GAP):
            drop.append(k)
        else:
            end = clusters[k][-1]
    for k in drop:
        for i in clusters[k]:
            lines[i].cls, lines[i].reason = "bad", "outside-body"
