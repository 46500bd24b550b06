"""Tests for analysis.clean: boilerplate removal on the seed pages, on benchmark pages from
other outlets, on clean article bodies (AllSides) and on hostile input."""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import clean_page as exported_clean_page
from analysis import clean_text as exported_clean_text
from analysis.clean import (
    REASONS,
    CleanedPage,
    RemovedLine,
    audit_table,
    clean_page,
    clean_text,
    parse_date,
)
from analysis.paths import ALLSIDES_SAMPLE, RAW_DIR, ROOT

FIXTURES = Path(__file__).resolve().parent / "data" / "cleaning"
EXPECTED = json.loads((FIXTURES / "seeds_expected.json").read_text(encoding="utf-8"))
SEEDS = sorted(k for k in EXPECTED if not k.startswith("_"))
WORD = re.compile(r"\w+")


def raw(name: str) -> str:
    return (RAW_DIR / name).read_text(encoding="utf-8")


def raw_line(name: str, line_no: int) -> str:
    return raw(name).split("\n")[line_no - 1]


def reasons(page: CleanedPage) -> dict[int, str]:
    return {r.line_no: r.reason for r in page.removed if r.reason != "site-name"}


@pytest.fixture(scope="module")
def pages() -> dict[str, CleanedPage]:
    return {name: clean_page(raw(name)) for name in SEEDS}


def shingle_f1(predicted: str, gold: str, n: int = 4) -> float:
    """The article-extraction benchmark's measure: F1 of 4-word-shingle multisets."""
    def shingles(text: str) -> Counter:
        w = WORD.findall(text)
        return Counter(tuple(w[i:i + n]) for i in range(max(len(w) - n + 1, 1))) if w else Counter()
    p, g = shingles(predicted), shingles(gold)
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)


# ------------------------------------------------------------------ seeds: body and chrome

@pytest.mark.parametrize("name", SEEDS)
def test_seed_keeps_every_body_paragraph_in_order(pages, name):
    body = pages[name].body.split("\n\n")
    expected = EXPECTED[name]["body_paragraphs"]
    assert body == expected


@pytest.mark.parametrize("name", SEEDS)
def test_seed_leaks_no_chrome_line(pages, name):
    page, lines = pages[name], raw(name).split("\n")
    paragraphs = set(page.body.split("\n\n"))
    removed = reasons(page)
    for line_no in EXPECTED[name]["chrome_lines"]:
        text = " ".join(lines[line_no - 1].split())
        assert line_no in removed, (line_no, text)
        assert text not in paragraphs
        if len(text) > 25 and "image" not in text:
            assert text not in page.body, (line_no, text)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_every_non_blank_line_is_kept_or_explained(pages, name):
    lines = raw(name).split("\n")
    paragraphs = set(pages[name].body.split("\n\n"))
    removed = reasons(pages[name])
    for no, line in enumerate(lines, 1):
        text = " ".join(line.split())
        if text:
            assert (no in removed) != (text in paragraphs) or no == 7 and name.startswith("001")


def test_body_format_paragraphs_one_blank_line_no_trailing_space(pages):
    for page in pages.values():
        assert "\n\n\n" not in page.body
        assert page.body == page.body.strip()
        assert all(p == p.strip() and p for p in page.body.split("\n\n"))
        assert not any(line.endswith(" ") for line in page.body.split("\n"))


# ------------------------------------------------------------------ seeds: each rule

@pytest.mark.parametrize("name, line_no, reason", [
    ("003_9292455fe0f452e3.txt", 1, "navigation"),          # Skip to main content
    ("002_c104d6600cc0101a.txt", 1, "navigation"),          # Edit post
    ("000_1cbacc739d0cc6f2.txt", 10, "photo-credit"),       # SPUTNIK/.../POOL VIA REUTERS
    ("000_1cbacc739d0cc6f2.txt", 13, "photo-credit"),
    ("000_1cbacc739d0cc6f2.txt", 11, "duplicate-caption"),  # indented copy of the caption
    ("000_1cbacc739d0cc6f2.txt", 15, "duplicate-caption"),
    ("000_1cbacc739d0cc6f2.txt", 31, "comment-prompt"),     # terms of the comment forum
    ("002_c104d6600cc0101a.txt", 3, "dateline"),
    ("002_c104d6600cc0101a.txt", 4, "read-time"),
    ("002_c104d6600cc0101a.txt", 5, "image-tag"),
    ("002_c104d6600cc0101a.txt", 28, "image-tag"),
    ("002_c104d6600cc0101a.txt", 6, "audio-notice"),
    ("002_c104d6600cc0101a.txt", 17, "teaser"),             # related-article headline
    ("002_c104d6600cc0101a.txt", 18, "teaser"),             # ... and its cut-off lede
    ("002_c104d6600cc0101a.txt", 20, "link-rail"),          # Most popular
    ("002_c104d6600cc0101a.txt", 21, "link-rail"),          # Editors' Picks
    ("003_9292455fe0f452e3.txt", 27, "donation-appeal"),    # OWNED BY OUR READERS
    ("003_9292455fe0f452e3.txt", 29, "donation-appeal"),    # sandwiched appeal paragraph
    ("003_9292455fe0f452e3.txt", 37, "donation-appeal"),    # Fighting fund
    ("003_9292455fe0f452e3.txt", 39, "donation-appeal"),    # You've Raised: £5,047
    ("004_a4d8f900899fbc8f.txt", 1, "notification-prompt"),
    ("004_a4d8f900899fbc8f.txt", 3, "notification-prompt"),
    ("004_a4d8f900899fbc8f.txt", 12, "link-rail"),          # Related: ...
    ("004_a4d8f900899fbc8f.txt", 14, "donation-appeal"),    # Your support helps us ...
    ("004_a4d8f900899fbc8f.txt", 16, "donation-appeal"),    # appeal paragraph, no cue word
    ("004_a4d8f900899fbc8f.txt", 22, "donation-appeal"),
    ("004_a4d8f900899fbc8f.txt", 11, "comment-prompt"),     # Comments
    ("004_a4d8f900899fbc8f.txt", 54, "comment-prompt"),     # Join our commenting forum
    ("004_a4d8f900899fbc8f.txt", 62, "comment-prompt"),
    ("004_a4d8f900899fbc8f.txt", 7, "standfirst"),
    ("001_7a5a9b5144662cdf.txt", 5, "aggregator-chrome"),   # 101 Articles
    ("001_7a5a9b5144662cdf.txt", 14, "aggregator-chrome"),  # Coverage Details
    ("001_7a5a9b5144662cdf.txt", 16, "aggregator-chrome"),  # - 40% of the sources ...
    ("001_7a5a9b5144662cdf.txt", 17, "aggregator-chrome"),  # Upgrade to Premium
])
def test_rule_on_real_seed_line(pages, name, line_no, reason):
    assert reasons(pages[name])[line_no] == reason


def test_all_caps_first_word_is_body(pages):
    assert pages["003_9292455fe0f452e3.txt"].body.startswith("THE upper house of Russian")


def test_caption_repeating_the_lede_goes_but_the_lede_stays(pages):
    body = pages["000_1cbacc739d0cc6f2.txt"].body
    assert "attend a state reception" not in body
    assert body.startswith("Russian President Vladimir Putin signed into law a treaty")


def test_aggregator_snippets_are_body_and_site_suffix_is_not(pages):
    page = pages["001_7a5a9b5144662cdf.txt"]
    assert "Putin signs into law mutual defense treaty with North Korea\n\n" in page.body
    assert "Honolulu Star-Advertiser" not in page.body
    assert RemovedLine(7, "Honolulu Star-Advertiser", "site-name") in page.removed
    assert "forces.Concluded during" in page.body  # glued sentences are left as found


@pytest.mark.parametrize("name, headline, byline, dateline, published", [
    ("004_a4d8f900899fbc8f.txt",
     "Russian parliament votes to ratify mutual defence treaty with North Korea",
     "Arpan Rai", "Thursday 24 October 2024 08:37 EDT", "2024-10-24"),
    ("002_c104d6600cc0101a.txt",
     "Putin submits treaty on strategic partnership with North Korea to parliament",
     None, "October 14, 2024 10:32 PM", "2024-10-14"),
    ("003_9292455fe0f452e3.txt",
     "Russia ratifies mutual military assistance treaty with North Korea", None, None, None),
    # the masthead date above the headline is the capture date, not the story's
    ("000_1cbacc739d0cc6f2.txt",
     "Putin signs into law mutual defense treaty with North Korea", None, None, None),
    ("001_7a5a9b5144662cdf.txt",
     "Putin signs into law mutual defence treaty with North Korea", None, None, None),
])
def test_headline_byline_dateline(pages, name, headline, byline, dateline, published):
    page = pages[name]
    assert (page.headline, page.byline, page.dateline, page.published) == (
        headline, byline, dateline, published)
    assert headline not in page.body.split("\n\n")


def test_audit_reasons_and_table(pages):
    page = pages["004_a4d8f900899fbc8f.txt"]
    table = audit_table(page)
    assert list(table.columns) == ["line_no", "reason", "text"]
    assert table["line_no"].is_monotonic_increasing
    assert len(table) == len(page.removed)
    assert set(table["reason"]) <= REASONS
    row = table[table["line_no"] == 9].iloc[0]
    assert (row["reason"], row["text"]) == ("byline", "Arpan Rai")
    for page in pages.values():
        assert {r.reason for r in page.removed} <= REASONS


def test_exports_and_clean_text_is_the_body(pages):
    assert exported_clean_page is clean_page and exported_clean_text is clean_text
    for name, page in pages.items():
        assert clean_text(raw(name)) == page.body


# ------------------------------------------------------------------ general rules, other pages

@pytest.mark.parametrize("line, reason", [
    ("We use cookies to improve your experience. By continuing to use this site you agree.",
     "cookie-prompt"),
    ("Sign up for our newsletter", "newsletter-prompt"),
    ("Read more: Markets slide as rates rise", "link-rail"),
    ("You may also like", "link-rail"),
    ("Photo: Damian Dovarganes, AP", "photo-credit"),
    ("(Photo by Joe Raedle/Getty Images)", "photo-credit"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("© 2019 CBS Interactive Inc. All Rights Reserved.", "footer"),
    ("12 min read", "read-time"),
    ("Share this article", "navigation"),
    ("Leave a Reply", "comment-prompt"),
    ("Your email address will not be published. Required fields are marked *",
     "comment-prompt"),
])
def test_chrome_phrases_of_other_outlets(line, reason):
    before = ("The council approved the budget on Tuesday after a long debate about the cost "
              "of the new bridge, which the mayor said would be finished by the spring.")
    after = ("Opposition members said they would ask for an audit of the contract, and that "
             "the vote had been rushed through before the summer recess without a hearing.")
    page = clean_page(f"{before}\n\n{line}\n\n{after}")
    assert page.body == f"{before}\n\n{after}"
    assert line not in page.body
    assert [r.reason for r in page.removed] == [reason]


@pytest.mark.parametrize("name", ["ctpost-auto-show", "cbssports-browns",
                                  "wsj-game-streaming", "pt-blog-brinquedorias"])
def test_benchmark_page_scores(name):
    page = (FIXTURES / "benchmark" / f"{name}.txt").read_text(encoding="utf-8")
    gold = (FIXTURES / "benchmark" / f"{name}.gold.txt").read_text(encoding="utf-8")
    assert shingle_f1(page, gold) < 0.8  # the raw page is far from the article ...
    assert shingle_f1(clean_text(page), gold) >= 0.85  # ... the cleaned one is close


def test_benchmark_metadata():
    page = clean_page((FIXTURES / "benchmark" / "wsj-game-streaming.txt").read_text("utf-8"))
    assert page.headline.startswith("Google Stadia, Microsoft xCloud, Apple Arcade")
    assert (page.byline, page.published) == ("Sarah E. Needleman", "2019-11-19")
    page = clean_page((FIXTURES / "benchmark" / "cbssports-browns.txt").read_text("utf-8"))
    assert (page.byline, page.published) == ("Bryan DeArdo", "2019-11-18")


DEV_SET = ROOT.parent / "shared" / "eval" / "cleaning"


@pytest.mark.skipif(not (DEV_SET / "index.json").exists(), reason="development set not present")
def test_development_set_f1():
    scores = []
    for key in json.loads((DEV_SET / "index.json").read_text())["ids"]:
        page = (DEV_SET / f"{key}.txt").read_text(encoding="utf-8")
        gold = (DEV_SET / f"{key}.gold.txt").read_text(encoding="utf-8")
        scores.append(shingle_f1(clean_text(page), gold))
    assert sum(scores) / len(scores) >= 0.85


def test_conservative_on_clean_article_bodies():
    """AllSides bodies (newspaper3k output) are already clean: almost nothing real may go."""
    rows = [json.loads(line) for line in
            ALLSIDES_SAMPLE.read_text(encoding="utf-8").splitlines()[:400]]
    total = removed = 0
    for row in rows:
        text = row["content_original"] or ""
        total += len(WORD.findall(text))
        removed += len(WORD.findall(text)) - len(WORD.findall(clean_text(text)))
    assert total > 100_000
    assert removed / total < 0.05


def test_plain_paragraphs_survive_unchanged():
    text = ("The committee met on Monday to discuss the proposal.\n\n"
            "“We have not made a decision yet,” the chairwoman said, adding that a vote "
            "was expected before the end of the month.\n\n"
            "Critics say the plan would cost more than its supporters admit.")
    assert clean_text(text) == text


def test_hard_wrapped_paragraph_is_joined():
    text = ("The committee met on Monday to discuss the proposal that the council had\n"
            "sent back twice, and its members said they expected a decision soon.\n\n"
            "Critics say the plan would cost more than its supporters admit, and that\n"
            "the city cannot afford it in a year of falling tax revenue and rising costs.")
    body = clean_text(text)
    assert body.count("\n\n") == 1
    assert "council had sent back twice" in body


@pytest.mark.parametrize("text, iso", [
    ("Thursday 24 October 2024 08:37 EDT", "2024-10-24"),
    ("October 14, 2024 10:32 PM", "2024-10-14"),
    ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
    ("Updated 1:39 am EST, Wednesday, November 20, 2019", "2019-11-20"),
    ("Published 2024-02-29", "2024-02-29"),
    ("31 February 2024", None),
    ("10/11/2024", None),
    ("no date here", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


# ------------------------------------------------------------------ hostile input

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_output_words_come_from_input(text):
    page = clean_page(text)
    assert set(WORD.findall(page.body)) <= set(WORD.findall(text))
    assert all(1 <= r.line_no for r in page.removed)


LINE_PIECES = st.sampled_from([
    "Skip to main content", "Most popular", "Related: Something else happened",
    "By Jane Doe", "October 14, 2024", "SPUTNIK/POOL VIA REUTERS", "<image>data:x</image>",
    "101 Articles", "Comments", "Donate today", "Photo: AP", "",
    "The minister said on Monday that the talks would continue next week in Geneva.",
    "A long paragraph of body text that has enough words and function words in it to be "
    "read as a real paragraph of an article by the classifier, as news usually is.",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINE_PIECES, st.text(max_size=40)), max_size=40))
def test_page_shaped_input(lines):
    text = "\n".join(lines)
    page = clean_page(text)
    assert set(WORD.findall(page.body)) <= set(WORD.findall(text))
    n_lines = len(re.split(r"\r\n|\r|\n", text))
    assert all(1 <= r.line_no <= n_lines for r in page.removed)
    assert page.body == clean_text(text)


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \u00a0\n \r\n", "\x00\x01\x02",
                                  "\ud800 lone surrogate", "<image>", "</image><image>",
                                  "\u2028\u2029\x85", "a" * 10_000])
def test_degenerate_input(text):
    page = clean_page(text)
    assert isinstance(page.body, str) and page.body == page.body.strip()
    if not text.strip():
        assert (page.body, page.headline, page.byline, page.published) == ("", None, None, None)


def test_binary_junk_decoded_as_text():
    rng = random.Random(0)
    junk = bytes(rng.randrange(256) for _ in range(200_000)).decode("latin-1")
    page = clean_page(junk)
    assert set(WORD.findall(page.body)) <= set(WORD.findall(junk))
    junk8 = bytes(rng.randrange(256) for _ in range(200_000)).decode("utf-8", "replace")
    clean_page(junk8)


def test_five_megabytes_finish():
    """A 5 MB page (seed pages repeated, then one giant line) completes; the cleaner is
    linear, so an accidental quadratic pass would hang this test, not slow it a little."""
    big = "\n".join(raw(name) for name in SEEDS)
    big = (big + "\n") * (5_000_000 // len(big) + 1)
    page = clean_page(big)
    assert page.body
    giant = "word " * 1_000_000
    assert clean_page(giant).body.count("\n") == 0
    many = "Home\nMenu\n" * 200_000
    assert clean_page(many).body == ""


def test_rejects_non_str():
    with pytest.raises(TypeError):
        clean_page(b"bytes are not text")  # type: ignore[arg-type]
