"""The shared text layer: sentences, quotes, words and Doc, on real news text and junk."""
from __future__ import annotations

import pickle
import random

import pytest
import textstat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import paths
from analysis.text import (
    Doc,
    QuoteSpan,
    Sentence,
    count_words,
    quote_spans,
    sentence_spans,
    split_sentences,
    word_spans,
)

AUSTIN = (
    "“We are seeing evidence that there are North Korean troops,” Lloyd Austin said in Rome "
    'on Wednesday. "What exactly they are doing – left to be seen.”'
)


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(paths.RAW_DIR.glob("*.txt"))}


# --------------------------------------------------------------------------- invariants


def check_sentences(text: str, sentences: list[Sentence]) -> None:
    """Offsets valid, in order, non-overlapping, stripped, covering all non-space text."""
    prev_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start:s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= prev_end
        assert text[prev_end:s.start].strip() == ""
        assert not any(ch in s.text for ch in "\n\r\u2028\u2029")
        prev_end = s.end
    assert text[prev_end:].strip() == ""


def check_quotes(text: str, quotes: list[QuoteSpan]) -> None:
    """Spans sorted, non-overlapping, marks where they say, quoted words between them."""
    prev = 0
    for q in quotes:
        assert prev <= q.open_start < q.start < q.end <= len(text)
        assert text[q.open_start] in "“”\"«»„‘’'"
        if q.close_end is not None:
            assert q.end < q.close_end <= len(text)
            assert text[q.end] in "“”\"«»„‘’'"
            prev = q.close_end
        else:
            # paragraph end, or a new opening mark that shows this quote was never closed
            assert q.end == len(text) or text[q.end].isspace() or text[q.end] in "“«„‘"
            prev = q.end


def check_words(text: str, words: list[tuple[int, int]]) -> None:
    prev = 0
    for a, b in words:
        assert prev <= a < b
        assert text[a].isalnum() and text[b - 1].isalnum()
        prev = b
    assert count_words(text) == len(words)


def check_all(text: str) -> None:
    check_sentences(text, sentence_spans(text))
    check_quotes(text, quote_spans(text))
    check_words(text, word_spans(text))
    assert split_sentences(text) == [s.text for s in sentence_spans(text)]


def test_invariants_on_seed_pages(seed_texts):
    assert len(seed_texts) == 5
    for text in seed_texts.values():
        check_all(text)


def test_invariants_on_allsides_bodies(allsides_texts):
    assert len(allsides_texts) == 1000
    for text in allsides_texts:
        check_all(text)


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        # abbreviated months, titles and numbers (seed 002, AllSides)
        ("Russian President Vladimir Putin submitted a bill to the State Duma, published online "
         "on Oct. 14, to ratify a treaty. Among the tenets of the treaty is a stipulation.",
         2),
        ("Hawaiian Airlines finished No. 2 and was followed by Delta. Each of those carriers "
         "jumped one spot from 2013, dropping previous No. 2 JetBlue into fourth-place. Alaska "
         "Airlines rounded out the top five, maintaining its No. 5 ranking from 2013.", 3),
        ("The Virginia Democratic Party added its voice Saturday to the chorus calling for "
         "Lt. Gov. Justin Fairfax to resign, saying he’s lost the party’s confidence.", 1),
        ('Accusing the Justice Department of having a "fixation on sex and salacious '
         'headlines," lawyers for Sen. Robert Menendez, D-N.J., and his wealthy donor '
         "reiterated their call for a court to dismiss bribery and fraud charges.", 1),
        ("“Though there are always outliers, I would expect almost all U.S. troops to obey any "
         "lawful order,” retired Air Force Maj. Gen. Charles J. Dunlap Jr. told The Washington "
         "Times.", 1),
        ("The legislation funds the government through Jan. 15 and extends the nation's debt "
         "ceiling through Feb. 7. It ended a brawl with Republicans.", 2),
        ("Originally published Oct. 17, 10:28 a.m. PT.", 1),
        ("The meeting starts at 10 a.m. Monday in Rep. Smith's office. Mrs. Clinton and "
         "Dr. Fauci will attend, as will Gov. Newsom and St. Louis Mayor Tishaura Jones.", 2),
        ("Requiring a significant number of signatures, e.g. 3% of the vote in the last race, "
         "while waving the rule;", 1),
        ("Impeachments of American presidents never really are about high crimes or "
         "misdemeanors. (U.S. Const. Art. II, § 4.) Rather, they are political theater.", 3),
        ("During her talks with Russian Foreign Minister Sergey Lavrov, Ms Choe reiterated "
         "Pyongyang’s support. Mr Umerov told the broadcaster so.", 2),
        ("The U.K. and the U.N. agreed. The U.S. 7th Fleet said in a statement that it was "
         "damaged.", 2),
    ],
)
def test_abbreviations_do_not_end_sentences(text, expected):
    sentences = split_sentences(text)
    assert len(sentences) == expected, sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A brief timeline helps to resolve how she had legal permission to be in the U.S. "
         "And it also shows multiple Obama agencies were involved.",
         ["A brief timeline helps to resolve how she had legal permission to be in the U.S.",
          "And it also shows multiple Obama agencies were involved."]),
        ("It shows a package of Lysol wipes on a shelf at a store in Athens, Ga. Lysol is for "
         "toilet bowls, not human consumption.",
         ["It shows a package of Lysol wipes on a shelf at a store in Athens, Ga.",
          "Lysol is for toilet bowls, not human consumption."]),
        ("Gerald Ford in 1976 and George H.W. Bush in 1992. And yes, all three lost.",
         ["Gerald Ford in 1976 and George H.W. Bush in 1992.", "And yes, all three lost."]),
        ("At 10 a.m. Police arrived.", ["At 10 a.m.", "Police arrived."]),
        ("No. We lost.", ["No.", "We lost."]),
    ],
)
def test_abbreviations_end_sentences_before_a_sentence_opener(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Secretary of State John F. Kerry denounced the violence as “deplorable.”",
        "White House spokesman John F Kirby said the troops were in Russia.",
        "Protesters took down a statue of President Ulysses S. Grant, the Union commander.",
        "The State Duma, the lower house of parliament, voted 397-0 to endorse the treaty.",
        "This was reportedly a 10,000 strong deployment costing $350 billion, up 3.5%.",
        "Politics How The U.S. Ambassador To The E.U. Is Wrapped Up In The Controversy",
    ],
)
def test_initials_and_numbers_stay_in_one_sentence(text):
    assert split_sentences(text) == [text]


def test_quote_with_several_sentences_and_attribution():
    assert split_sentences(AUSTIN) == [
        "“We are seeing evidence that there are North Korean troops,” Lloyd Austin said in "
        "Rome on Wednesday.",
        '"What exactly they are doing – left to be seen.”',
    ]
    # the closing mark belongs to the sentence it closes; ", he said" does not start one
    assert split_sentences("“We are here. We will stay,” he said. “Is it over?” she asked.") == [
        "“We are here.", "We will stay,” he said.", "“Is it over?” she asked."]
    assert split_sentences("He called it “deplorable.” He left.") == [
        "He called it “deplorable.”", "He left."]


def test_mixed_quotes_in_seed_004(seed_texts):
    text = seed_texts["004_a4d8f900899fbc8f"]
    sentences = split_sentences(text)
    assert '"What exactly they are doing – left to be seen.”' in sentences
    assert ("“It’s important for us to develop comprehensive and allied relations” with North "
            "Korea, State Duma speaker Vyacheslav Volodin said in a statement.") in sentences


def test_dateline_is_attached_to_its_sentence(seed_texts):
    sentences = split_sentences(seed_texts["001_7a5a9b5144662cdf"])
    lede = [s for s in sentences if s.startswith("Moscow.")]
    assert lede == [
        "Moscow. Russian President Vladimir Putin signed a mutual defence treaty with North "
        "Korea, whose soldiers are, according to Kiev and Washington, about to join the "
        "Russians fighting against Ukrainian forces."]
    assert split_sentences("LONDON. The pound fell to its lowest level.\nKYIV, Ukraine. Air "
                           "raid sirens sounded across the city. Hmm. Not here.") == [
        "LONDON. The pound fell to its lowest level.",
        "KYIV, Ukraine. Air raid sirens sounded across the city.", "Hmm.", "Not here."]
    assert split_sentences("WASHINGTON, D.C. The president signed the bill on Friday.") == [
        "WASHINGTON, D.C. The president signed the bill on Friday."]
    # a short line is not a dateline + sentence
    assert split_sentences("One. Two.") == ["One.", "Two."]
    assert split_sentences("WASHINGTON (Reuters) - The Senate voted. It passed.") == [
        "WASHINGTON (Reuters) - The Senate voted.", "It passed."]
    # a one-word reply is not a dateline
    assert split_sentences("Yes. We will.") == ["Yes.", "We will."]


def test_glued_sentences_are_split(seed_texts):
    sentences = split_sentences(seed_texts["001_7a5a9b5144662cdf"])
    assert any(s.endswith("fighting against Ukrainian forces.") for s in sentences)
    assert any(s.startswith("Concluded during Putin's visit") and "U.S.'s main enemies" in s
               and s.endswith("either of the two countries.") for s in sentences)
    assert "The upper house of…" in sentences
    assert split_sentences("It passed late Wednesday.The legislation funds it.") == [
        "It passed late Wednesday.", "The legislation funds it."]
    # a glued straight quote opens the next sentence when no quote is open ...
    assert split_sentences('Guantanamo Bay."We are going," Ryan said.') == [
        "Guantanamo Bay.", '"We are going," Ryan said.']
    # ... and closes the sentence when one is
    assert split_sentences('He said "It is over."Then he left.') == [
        'He said "It is over."', "Then he left."]


@pytest.mark.parametrize(
    "text",
    [
        "Two of the U.S.'s main enemies signed it.",
        "Write to Rebecca Ballhaus at Rebecca.Ballhaus@wsj.com and at example.com/News.Today",
        "He rewrote it in Node.js and e.g.Python on www.Example.Com today.",
        "Inflation was 3.5 percent.",
        "See pic.twitter.com/bEojjeKlwI for the video.",
    ],
)
def test_not_glued(text):
    assert split_sentences(text) == [text]


def test_line_breaks_and_bullets_end_sentences(seed_texts):
    text = seed_texts["001_7a5a9b5144662cdf"]
    sentences = split_sentences(text)
    assert sentences[:4] == [
        "Putin signs into law mutual defence treaty with North Korea",
        "- Russian President Vladimir Putin signed a treaty establishing a strategic partnership"
        " with North Korea that includes mutual defense, as detailed in a published decree.",
        "- The treaty, signed in June with North Korean leader Kim Jong Un, was ratified by "
        "Russia's parliament and formalized by Putin.",
        "- This agreement strengthens ties between Russia and North Korea following Russia's "
        "invasion of Ukraine that began in February 2022.",
    ]
    assert split_sentences("A headline\nIts subhead\n\nThe body starts here") == [
        "A headline", "Its subhead", "The body starts here"]
    assert split_sentences("1. Virgin America (1)\n\n2. Hawaiian (3)") == [
        "1. Virgin America (1)", "2. Hawaiian (3)"]


def test_punctuation_runs_and_ellipses():
    assert split_sentences('"Kaagaz Nahi Dikayenge Hum" ! ! !') == [
        '"Kaagaz Nahi Dikayenge Hum" ! ! !']
    assert split_sentences("It matters. ... Now the battle is over. Wait… what?") == [
        "It matters. ...", "Now the battle is over.", "Wait… what?"]
    assert split_sentences("Really?! Yes!!! OK.") == ["Really?!", "Yes!!!", "OK."]


def test_sentence_offsets_in_seed(seed_texts):
    text = seed_texts["002_c104d6600cc0101a"]
    spans = sentence_spans(text)
    target = [s for s in spans if "published online on Oct. 14" in s.text]
    assert len(target) == 1
    s = target[0]
    assert text[s.start:s.end] == s.text and s.text.endswith("with North Korea.")
    assert spans[s.index] is s


def test_rules_lexicon_has_a_provenance_header():
    lines = (paths.LEXICON_DIR / "text_sentence_rules.tsv").read_text(encoding="utf-8")
    header = lines.splitlines()[:3]
    assert [h.split(":")[0] for h in header] == ["# source", "# licence", "# version"]


# --------------------------------------------------------------------------- quotes


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in quote_spans(text)]


def test_quote_spans_austin_mixed_marks():
    spans = quote_spans(AUSTIN)
    assert [AUSTIN[q.start:q.end] for q in spans] == [
        "We are seeing evidence that there are North Korean troops,",
        "What exactly they are doing – left to be seen.",
    ]
    first, second = spans
    assert AUSTIN[first.open_start] == "“" and AUSTIN[first.close_end - 1] == "”"
    assert AUSTIN[second.open_start] == '"' and second.close_end == len(AUSTIN)


def test_quote_spans_in_seed_004(seed_texts):
    text = seed_texts["004_a4d8f900899fbc8f"]
    found = quoted(text)
    assert "comprehensive strategic partnership" in found
    assert "very, very serious issue" in found
    assert "What exactly they are doing – left to be seen." in found
    # the single quotes around the documentary title are clearly quoting
    assert "The A Word" in found


def test_apostrophes_are_not_quotes():
    text = ("Russia’s upper house and Kyiv’s forces don’t agree; the ’90s and '24 are over, "
            "the countries’ leaders and the Smiths' house, rock ’n’ roll aside.")
    assert [q for q in quoted(text) if q not in ("n",)] == []
    assert quoted("Two of the U.S.'s main enemies and the workers' union.") == []


def test_single_quotes_when_clearly_quoting():
    assert quoted("'Utterly crude'") == ["Utterly crude"]
    assert quoted("He said ‘no’ to Russia’s plan.") == ["no"]
    # an opening single mark never closed in its paragraph is not a quote
    assert quoted("The ‘so-called plan was dropped.") == []
    # singles do not nest in singles: the earlier mark was an elision
    assert quoted("'tis the 'season' for it") == ["season"]


def test_nested_quotes_report_the_outer_one():
    text = "“He said ‘we’re here’ and left,” she said. Then ‘a “double” inside’ too."
    assert quoted(text) == ["He said ‘we’re here’ and left,", "a “double” inside"]


def test_wire_style_doubled_single_marks():
    text = ("“At this point, she may be the only life raft he has,’’ he added, “because, as "
            "of this moment, he’s on the Titanic.”")
    assert quoted(text) == ["At this point, she may be the only life raft he has,",
                            "because, as of this moment, he’s on the Titanic."]
    assert quoted("''Hello,'' he said.") == ["Hello,"]


def test_quote_continues_over_paragraphs_in_news_style():
    text = ('Mr Trump tweeted: "The wacky Ambassador is not someone we are thrilled with.\n\n'
            '"He should speak to his country.\n\n"I told @theresa_may how to do that deal."\n\n'
            "The embassy declined to comment.")
    spans = quote_spans(text)
    assert len(spans) == 1
    q = spans[0]
    assert text[q.start:q.end].startswith("The wacky") and text[q.start:q.end].endswith("deal.")
    assert q.close_end == text.index("\n\nThe embassy")


def test_unclosed_quote_ends_at_paragraph_end():
    text = "“Unclosed para.  \n\nNarrator text. \"Next\" one."
    spans = quote_spans(text)
    assert [(text[q.start:q.end], q.close_end) for q in spans] == [
        ("Unclosed para.", None), ("Next", text.index(" one"))]


def test_typo_opening_mark_used_as_closing():
    text = "a perfect example of a “narcissist“. A grandiose self-image."
    assert quoted(text) == ["narcissist"]
    text = "He said “one thing. She said “another thing.”"
    assert quoted(text) == ["one thing. She said", "another thing."]
    assert quote_spans(text)[0].close_end is None


def test_stray_and_inch_marks():
    assert quoted('a 6" pipe and a 12" board') == []
    assert quoted('He said, "') == []


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    "text, n",
    [
        ("Kim Jong-un", 2),
        ("Russia’s don't", 2),
        ("10,000 troops, 3.5% and $350 billion", 6),
        ("the U.S.'s main enemies", 4),
        ("voted 397-0 at 10:30 on 2019–2020 and/or", 7),
        ("the ’90s — a decade", 4),
        ("", 0),
        (" — … ! ", 0),
    ],
)
def test_word_definition(text, n):
    assert count_words(text) == n
    assert len(word_spans(text)) == n


def test_word_spans_text():
    text = "Kim Jong-un signed, 10,000 soldiers."
    assert [text[a:b] for a, b in word_spans(text)] == [
        "Kim", "Jong-un", "signed", "10,000", "soldiers"]


def test_word_count_agrees_with_textstat(seed_texts, allsides_texts):
    """Within 1% of textstat's lexicon_count overall and 5% per article."""
    texts = [t for t in [*seed_texts.values(), *allsides_texts] if count_words(t) >= 100]
    ours = [count_words(t) for t in texts]
    theirs = [textstat.lexicon_count(t) for t in texts]
    assert abs(sum(ours) / sum(theirs) - 1) < 0.01
    worst = max(abs(a / b - 1) for a, b in zip(ours, theirs))
    assert worst < 0.10


# --------------------------------------------------------------------------- Doc


def test_doc_on_austin():
    doc = Doc(AUSTIN)
    assert doc.text is AUSTIN
    assert len(doc.sentences) == 2 and len(doc.quotes) == 2
    assert doc.in_quote(AUSTIN.index("evidence"))
    assert not doc.in_quote(AUSTIN.index("Lloyd"))
    assert not doc.in_quote(0)  # the opening mark itself
    assert doc.in_quote(AUSTIN.index("left to be"))
    assert doc.sentence_index(AUSTIN.index("Lloyd")) == 0
    assert doc.sentence_index(AUSTIN.index("left to be")) == 1
    assert doc.sentence_at(AUSTIN.index("left")) is doc.sentences[1]
    assert doc.quote_at(AUSTIN.index("left")) is doc.quotes[1]
    assert doc.n_words == count_words(AUSTIN) == 26
    # quoted: 10 + 9 words; narrator: "Lloyd Austin said in Rome on Wednesday"
    assert doc.quoted_word_count == 19 and doc.narrator_word_count == 7
    assert doc.sentences is doc.sentences  # computed once
    copy = pickle.loads(pickle.dumps(doc))  # ships to worker processes
    assert copy.text == AUSTIN and copy.quotes == doc.quotes


def test_doc_sentence_index_between_and_outside():
    doc = Doc("  One.   Two.  ")
    assert doc.sentence_index(0) == 0
    assert doc.sentence_index(7) == 0  # whitespace after "One."
    assert doc.sentence_index(9) == 1
    assert doc.sentence_index(100) == 1
    assert Doc("").sentence_index(0) == -1 and Doc("   ").sentence_at(0) is None
    assert Doc("").n_words == 0 and Doc("").quoted_word_count == 0


def test_doc_on_seed(seed_texts):
    docs = [Doc(text) for text in seed_texts.values()]
    assert [len(d.quotes) > 0 for d in docs] == [False, True, True, True, True]
    for doc in docs:
        assert 0 <= doc.quoted_word_count < doc.n_words / 2
        for q in doc.quotes:
            assert doc.in_quote(q.start) and doc.in_quote(q.end - 1)
            assert not doc.in_quote(q.open_start)
        for s in doc.sentences:
            assert doc.sentence_index(s.start) == s.index
            assert doc.sentence_index(s.end - 1) == s.index


# --------------------------------------------------------------------------- hostile input

NEWSY = st.lists(
    st.sampled_from(
        list("aZ Mr.U.S ?!…\"'“”‘’«»„,;:-–—()0123456789\n\r\t\u2028\u00a0\x85")
        + ["Oct.", "a.m.", " The ", "’s", "\n\n“", "Dr. ", "said.", "e.g.", "''", "’’", "Moscow"]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(NEWSY, st.text(max_size=300)))
def test_fuzz_never_raises_and_offsets_valid(text):
    check_all(text)
    doc = Doc(text)
    assert 0 <= doc.quoted_word_count <= doc.n_words
    for pos in range(0, len(text) + 1, 3):
        assert doc.in_quote(pos) == any(q.start <= pos < q.end for q in doc.quotes)
        assert -1 <= doc.sentence_index(pos) < max(len(doc.sentences), 1)
    for s in doc.sentences:
        assert doc.sentence_index(s.start) == doc.sentence_index(s.end - 1) == s.index


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t\r\u2028\u00a0 ",
        bytes(range(256)).decode("latin-1"),
        bytes(random.Random(7).getrandbits(8) for _ in range(20_000)).decode("utf-8", "replace"),
        "word " * 20_000,
        "x" * 100_000,
        '"' * 10_000,
        "“" * 10_000 + "”" * 10_000,
        "'" * 10_000,
        "'a " * 10_000,
        "“a ‘b " * 10_000,
        "’" * 10_000,
        "." * 10_000,
        ". " * 10_000,
        "A. " * 10_000,
        "a.B" * 10_000,
        '"a." ' * 10_000,
        "\n" * 10_000,
    ],
)
def test_hostile_input(text):
    check_all(text)
    doc = Doc(text)
    assert doc.n_words == count_words(text)


def test_five_megabytes(allsides_texts):
    text = "\n\n".join(allsides_texts)[:5_000_000]
    check_all(text)
    doc = Doc(text)
    assert len(doc.sentences) > 30_000 and doc.quoted_word_count > 100_000


def test_results_match_normally_constructed_dataclasses():
    """Sentences and quotes built without ``__init__`` equal, hash and print as usual."""
    text = AUSTIN + "\n\nHe said ‘no’ today. “It goes on\n\n“and on.”"
    pairs = [(s, Sentence(s.index, s.start, s.end, s.text)) for s in sentence_spans(text)]
    pairs += [
        (q, QuoteSpan(q.start, q.end, q.open_start, q.close_end)) for q in quote_spans(text)
    ]
    assert len(pairs) > 5
    for got, ref in pairs:
        assert type(got) is type(ref)
        assert got == ref and hash(got) == hash(ref) and repr(got) == repr(ref)
        assert vars(got) == vars(ref) and list(vars(got)) == list(vars(ref))
        assert pickle.loads(pickle.dumps(got)) == ref
        with pytest.raises(AttributeError):
            got.start = 0
