"""Stage 0, the scan: every lexicon pattern found in one pass over the text.

One regex stops at the first word of any pattern (cue verbs, nominal cues, poll words,
contested-claim triggers, numbers before a count noun); only there is the full pattern tried,
anchored. The scan is linear in the text.

Example: "Officials said 3,000 troops were reportedly sent." -> cue words ``said`` (10, 14)
and ``sent`` (44, 48), decided on by the cue stage; count ``3,000 troops`` (15, 27); other
``reportedly`` (33, 43).
"""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from .lexicon import (
    _CONTESTED_COUNT,
    _CONTESTED_KIND,
    _CONTESTED_OTHER,
    _COUNT_NOUN,
    _COUNT_NUMBERS,
    _CUE_RE,
    _CUES,
    _NOMINAL_COMP_RE,
    _NOMINAL_PREP,
    _NOMINAL_RE,
    _NOMINAL_THAT,
    _NOMINALS,
    _POLL_WORD,
    _WORD_CHAR,
    Folded,
    trie_pattern,
)


def build_scan() -> tuple[Folded, MappingProxyType]:
    """One regex for the first words of every lexicon pattern (cue verbs, nominal cues,
    poll words, contested-claim triggers; a digit for counts) and, per first word, the
    patterns that may start there: the text is scanned once and each pattern is only tried,
    anchored, where its first word stands.

    The pattern matches the character before the word (``[^\\w\\-]``, the same condition
    as a look-behind) and the word (group 1); it runs on the text after a space, so that it
    also finds a word at the very start. A pattern that opens with a character set lets the
    regex engine skip to the candidate positions in C instead of trying a match at every
    offset."""
    firsts: dict[str, list[str]] = {}
    groups = {"cue": [f.split()[0] for f in _CUES],
              "nomcomp": _NOMINAL_THAT.split("|") + _NOMINAL_PREP.split("|"),
              "nominal": _NOMINALS.split("|"), "poll": ["poll", "polls", "survey", "surveys"],
              "other": [k.split()[0] for k, v in _CONTESTED_KIND.items() if v != "count_noun"],
              "count": sorted(_COUNT_NUMBERS)}
    for name, words in groups.items():
        for w in set(words):
            firsts.setdefault(w, []).append(name)
    # Words that only open contested-claim patterns are frequent ("is", "have": "is believed
    # to") and rarely complete one: the scan stops at them, as at digits, only where the
    # rest of their pattern follows (a lookahead), so far fewer matches reach Python.
    phrases = [k for k, v in _CONTESTED_KIND.items() if v != "count_noun"]
    tails = {}
    for w, names in firsts.items():
        if names == ["other"]:
            rest = trie_pattern(sorted(p[len(w):] for p in phrases if p.split()[0] == w))
            tails[w] = "(?=" + rest + r"(?![\w\-]))"
        elif names == ["count"]:
            tails[w] = r"(?<![\w.,]" + re.escape(w) + ")(?=" + _COUNT_NOUN + ")"
    digit = r"\d(?<![\w.,]\d)(?=[\d,.]*" + _COUNT_NOUN + ")"
    word = "(" + digit + "|" + trie_pattern(sorted(firsts), tails) + r"(?![\w\-]))"
    return (Folded(r"[^\w\-]" + word),
            MappingProxyType({k: tuple(v) for k, v in firsts.items()}))


_SCAN, _SCAN_FIRSTS = build_scan()
_FIRSTS = dict(_SCAN_FIRSTS)         # a plain dict: faster look-ups in the scan loop
_SCAN_PATTERNS = MappingProxyType({"cue": _CUE_RE, "nomcomp": _NOMINAL_COMP_RE,
                                   "poll": _POLL_WORD, "other": _CONTESTED_OTHER,
                                   "count": _CONTESTED_COUNT})
#: One-word cue forms that open no longer cue: where the scan stops at one, the cue pattern
#: matches exactly that word unless an apostrophe stands before it or before a letter after
#: it ("’said", "say’d"), so the scan's word is reused instead of matching again.
_CUE_WORDS = frozenset(_CUES) - {f.split()[0] for f in _CUES if " " in f}
#: The scan's stops that open nothing but such a one-word cue (most stops: "said", "says",
#: "told"), handled before the general per-group loop.
_CUE_ONLY = frozenset(w for w, names in _FIRSTS.items() if names == ("cue",) and w in _CUE_WORDS)


def scan_lexicons(text: str, low: str) -> dict[str, list]:
    """Matches of every lexicon pattern in ``text`` (``low`` = ``text.lower()``), by group
    (cue, nomcomp, nominal, poll, other, count), each list in text order and without
    overlaps, as ``finditer`` of each pattern would give them, from one scan. The cue group
    holds (start, end, matched text) triples, the others match objects."""
    out: dict[str, list] = {k: [] for k in ("cue", "nomcomp", "nominal", "poll", "other",
                                            "count")}
    cues = out["cue"]
    ends = dict.fromkeys(out, -1)
    folded = len(low) == len(text)
    subject = low if folded else text
    match = {k: (p.cs if folded else p.ci).match for k, p in _SCAN_PATTERNS.items()}
    firsts, simple, n = _FIRSTS, _CUE_WORDS if folded else (), len(subject)
    cue_only = _CUE_ONLY if folded else ()
    stops = (_SCAN.cs if folded else _SCAN.ci).finditer(" " + subject)
    for m in stops:  # offsets in " " + subject: one more than in subject
        pos, end = m.span(1)
        pos -= 1
        end -= 1
        word = m.group(1)
        if word in cue_only:             # the loop below for a word of the cue group alone
            if pos < ends["cue"] or (pos and subject[pos - 1] in "’'") or (
                    end + 1 < n and subject[end] in "’'" and _WORD_CHAR(subject[end + 1])):
                continue
            cues.append((pos, end, word))
            ends["cue"] = end
            continue
        for name in ("count",) if word.isdigit() else firsts.get(
                word if folded else word.lower(), ()):
            if pos < ends[name]:
                continue
            if name == "cue":
                if word in simple:
                    if (pos and subject[pos - 1] in "’'") or (
                            end + 1 < n and subject[end] in "’'" and _WORD_CHAR(subject[end + 1])):
                        continue
                    cues.append((pos, end, word))
                    ends["cue"] = end
                    continue
                hit = match["cue"](subject, pos)
                if hit is not None:
                    cues.append((pos, hit.end(), hit.group()))
                    ends["cue"] = hit.end()
                continue
            if name == "nominal":            # lower-case only: "his remarks", not "Remarks"
                hit = _NOMINAL_RE.match(text, pos)
            else:
                hit = match[name](subject, pos)
            if hit is not None:
                out[name].append(hit)
                ends[name] = hit.end()
    return out
