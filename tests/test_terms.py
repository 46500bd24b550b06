"""Term choice (find_terms), house style and UK/US locale, on the seeds, AllSides and junk."""
from __future__ import annotations

import json
import math
from collections import Counter

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis import paths
from analysis.terms import (
    GB,
    TERM_GROUPS,
    US,
    Locale,
    TermUse,
    find_locale_evidence,
    find_terms,
    house_style,
    locale,
    locale_table,
    locale_verdict,
    outlet_locale,
    term_features,
    term_table,
    variant_counts,
)
from analysis.text import Doc

# Expected matches in the raw seed pages, (group, variant) -> count, verified by reading
# each page. "The Kyiv Independent" (002), "North Korean" (adjective), "World War II" (003)
# and "the Cold War" (004) are deliberately absent.
SEED_EXPECTED = {
    "000_1cbacc739d0cc6f2": {
        ("north-korea", "North Korea"): 10, ("kim-jong-un", "Kim Jong Un"): 3,
        ("war-framing", "full-scale invasion"): 1, ("ukraine", "Ukraine"): 1,
        ("kyiv", "Kyiv"): 1, ("zelenskyy", "Zelenskiy"): 1,
        ("defence/defense", "defense"): 4, ("galvanise/galvanize", "galvanize"): 1,
    },
    "001_7a5a9b5144662cdf": {
        ("north-korea", "North Korea"): 11, ("kim-jong-un", "Kim Jong Un"): 1,
        ("war-framing", "invasion"): 2, ("ukraine", "Ukraine"): 2, ("kyiv", "Kiev"): 1,
        ("defence/defense", "defence"): 5, ("defence/defense", "defense"): 3,
        ("finalise/finalize", "finalise"): 1, ("formalise/formalize", "formalize"): 1,
    },
    "002_c104d6600cc0101a": {
        ("north-korea", "North Korea"): 10, ("kim-jong-un", "Kim Jong Un"): 1,
        ("war-framing", "full-scale war"): 2, ("war-framing", "war"): 1,
        ("ukraine", "Ukraine"): 10, ("occupation", "occupied"): 3,
        ("kim-yong-hyun", "Kim Yong-hyun"): 1, ("kyiv", "Kyiv"): 1, ("zelenskyy", "Zelensky"): 6,
        ("defence/defense", "defense"): 2, ("stabilise/stabilize", "stabilize"): 1,
    },
    "003_9292455fe0f452e3": {
        ("north-korea", "North Korea"): 3, ("ukraine", "Ukraine"): 4,
        ("war-framing", "invasion"): 1, ("kim-jong-un", "Kim Jong Un"): 1,
        ("choe-son-hui", "Choe Son Hui"): 1, ("kyiv", "Kiev"): 1,
        ("war-framing", "conflict"): 1, ("zaporizhzhia", "Zaporizhzhia"): 1,
        ("defence/defense", "defence"): 1,
    },
    "004_a4d8f900899fbc8f": {
        ("north-korea", "North Korea"): 7, ("kim-jong-un", "Kim Jong-un"): 2,
        ("war-framing", "war"): 3, ("kyiv", "Kyiv"): 1, ("zelenskyy", "Zelensky"): 1,
        ("ukraine", "Ukraine"): 3, ("defence/defense", "defence"): 3,
        ("acclimatisation/acclimatization", "acclimatisation"): 1,
    },
}


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(paths.RAW_DIR.glob("*.txt"))}


@pytest.fixture(scope="module")
def allsides() -> pd.DataFrame:
    if not paths.ALLSIDES_SAMPLE.exists():
        pytest.skip("AllSides sample not present")
    with paths.ALLSIDES_SAMPLE.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return pd.DataFrame({"source": [r["source"] for r in rows], "url": [r["url"] for r in rows],
                         "text": [r["content_original"] or "" for r in rows]})


def _variants(text: str, group: str | None = None) -> list[str]:
    return [u.variant for u in find_terms(text) if group is None or u.group == group]


# --- seeds ----------------------------------------------------------------------------------

def test_seed_matches_are_exactly_the_expected_ones(seed_texts):
    assert set(seed_texts) == set(SEED_EXPECTED)
    for name, text in seed_texts.items():
        got = Counter((u.group, u.variant) for u in find_terms(text))
        assert dict(got) == SEED_EXPECTED[name], name


def test_seed_spans_and_no_outlet_name_counted(seed_texts):
    text = seed_texts["002_c104d6600cc0101a"]
    assert "The Kyiv Independent has not been able" in text
    kyiv = [u for u in find_terms(text) if u.group == "kyiv"]
    assert [text[u.start - 4:u.end + 5] for u in kyiv] == ["oes Kyiv have"]
    for text in seed_texts.values():
        for u in find_terms(text):
            assert text[u.start:u.end] == u.text
            assert isinstance(u, TermUse)


# --- forms, names and overlaps --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The Kyiv Independent reported the strike.", "He wrote for the Kyiv Post until 2021.",
    "We ordered chicken Kiev and chips.", "Kievan Rus was a medieval state.",
    "Dynamo Kyiv beat Shakhtar Donetsk 2-1.", "Visit kyivindependent.com for more.",
    "The KYIV INDEPENDENT newsletter", "the chicken kiev recipe",
])
def test_names_containing_a_variant_are_not_counted(text):
    assert _variants(text, "kyiv") == []


@pytest.mark.parametrize("text, expected", [
    ("Kyiv's forces advanced.", ["Kyiv"]), ("Kyiv’s forces advanced.", ["Kyiv"]),
    ("KIEV (Reuters) - Officials said.", ["Kiev"]), ("pro-Kiev forces", ["Kiev"]),
    ("Odessa and Odesa are the same port.", ["Odessa", "Odesa"]),
    ("From Kharkov to Kharkiv.", ["Kharkov", "Kharkiv"]),
    ("the kiev lowercase is not a toponym choice", []),
])
def test_toponym_forms(text, expected):
    got = [u.variant for u in find_terms(text) if u.kind == "toponym" and u.group != "ukraine"]
    assert got == expected


def test_zelensky_spellings_and_possessives():
    text = "Zelenskyy met Zelensky's aides; Zelenskiy's office and ZELENSKY agreed."
    assert _variants(text, "zelenskyy") == ["Zelenskyy", "Zelensky", "Zelenskiy", "Zelensky"]


def test_longest_match_wins_and_hyphen_forms():
    for text in ("Russia's full-scale invasion of Ukraine", "Russia's full scale invasion",
                 "Russia's full\u2011scale invasion", "Russia’s full–scale invasion"):
        assert _variants(text, "war-framing") == ["full-scale invasion"], text
    assert _variants("Russia's full-scale war and the war itself", "war-framing") == [
        "full-scale war", "war"]


def test_korean_romanisation_and_country_name():
    text = ("Kim Jong Un met Kim Jong-un's sister Kim Yo-jong; KIM JONG UN; Kim Jong-Un. "
            "North Korea, the DPRK, the D.P.R.K. and the Democratic People’s Republic of Korea. "
            "North Korean troops and N. Korea.")
    assert _variants(text, "kim-jong-un") == ["Kim Jong Un", "Kim Jong-un", "Kim Jong Un",
                                              "Kim Jong-un"]
    assert _variants(text, "kim-yo-jong") == ["Kim Yo-jong"]
    assert _variants("It aired on DPRK Today, a North Korean site.", "north-korea") == []
    assert _variants(text, "north-korea") == [
        "North Korea", "DPRK", "DPRK", "Democratic People's Republic of Korea", "North Korea"]


@pytest.mark.parametrize("text, expected", [
    ("Russia's war in Ukraine entered its third year.", ["war"]),
    ("Putin calls it a special military operation, not a war.",
     ["special military operation", "war"]),
    ("Since the Russian invasion, the conflict has displaced millions.", ["invasion", "conflict"]),
    ("The Cold War ended; World War II ended; Russia was part of both.", []),
    ("Russia faces war crimes charges and prisoners of war were exchanged.", []),
    ("The trade war with China hurt farmers.", []),
    ("The Iraq war began in 2003, long before anyone spoke of Ukraine joining NATO.", []),
    ("War broke out when Russia attacked Ukraine.", ["war"]),
    ("He said the war on drugs had failed in Ukraine.", []),
    ("Home invasion robberies rose in Kyiv.", []),
    ("Russia's brutal war in Syria helped Assad.", []),  # another war nearby
    ("Russia's war in Ukraine and its role in Syria's conflict", ["war"]),
])
def test_war_framing_context_rules(text, expected):
    assert _variants(text, "war-framing") == expected


def test_framing_words_need_the_topic_nearby():
    far = "The war in Yemen continued. " + "Other news followed. " * 20 + "Russia held talks."
    assert _variants(far, "war-framing") == []
    assert _variants("The war continued, Russia said.", "war-framing") == ["war"]
    assert _variants("The war in Yemen continued, Russia said.", "war-framing") == []


def test_loaded_words():
    text = ("Crimea, which Russia annexed in 2014, \"joined Russia\" in Moscow's telling. "
            "Russian forces occupied Kherson; Moscow says it liberated the city. "
            "The Kremlin calls Kyiv a neo-Nazi regime run by terrorists and puppets. "
            "The sanctions regime on Russia tightened.")
    got = [(u.group, u.variant) for u in find_terms(text) if u.kind == "loaded"]
    assert got == [("annexation", "annexed"), ("annexation", '"joined"'),
                   ("occupation", "occupied"), ("occupation", "liberated"),
                   ("loaded-labels", "neo-Nazi"), ("loaded-labels", "regime"),
                   ("loaded-labels", "terrorist"), ("loaded-labels", "puppet")]
    assert _variants("He joined the war on Russia's side.", "annexation") == []


def test_the_ukraine_is_only_counted_as_a_toponym_not_as_a_modifier():
    assert _variants("He served in the Ukraine in 1990.", "ukraine") == ["the Ukraine"]
    assert _variants("The Ukraine war dragged on.", "ukraine") == ["Ukraine"]
    assert _variants("Trump's call about the Ukraine scandal", "ukraine") == ["Ukraine"]
    assert _variants("Wrapped Up In The Ukraine Controversy", "ukraine") == ["Ukraine"]
    assert _variants("Troops left the Ukraine and Belarus.", "ukraine") == ["the Ukraine"]


def test_other_places_and_words_are_not_ukrainian_variants():
    for text in ("Odessa, Texas, is an oil town.", "Good luck in Luck.", "Vladimir Putin spoke.",
                 "The Dnieper river froze.", "Romanov dynasty", "pollster Ben Tulchin said",
                 "Mr Vinogradov said"):
        assert [u for u in find_terms(text) if u.kind == "toponym"] == [], text


def test_term_groups_have_a_reference_variant_first():
    assert TERM_GROUPS["kyiv"][0] == "Kyiv" and "Kiev" in TERM_GROUPS["kyiv"]
    assert TERM_GROUPS["odesa"][:2] == ("Odesa", "Odessa")
    assert TERM_GROUPS["zelenskyy"][0] == "Zelenskyy"
    assert set(TERM_GROUPS["war-framing"]) == {
        "full-scale invasion", "invasion", "full-scale war", "war", "conflict",
        "special military operation"}
    assert len(TERM_GROUPS) > 300


# --- hostile input --------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("Kyiv KIEV-‑’'.\n\"“”war full-scale Korea") +
                                ["Kyiv", "Kiev", "the Ukraine", "Kim Jong", " Un", "-un",
                                 "Russia", "invasion", "\u0130", "\u212a", "\x00", "ſ"]),
                max_size=60).map("".join))
def test_find_terms_never_raises_and_spans_match(text):
    for u in find_terms(text):
        assert text[u.start:u.end] == u.text and u.start < u.end
    loc = locale(text)
    assert loc.label in {GB, US, "mixed", "unknown"}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_string_is_safe(text):
    uses = find_terms(text)
    assert all(text[u.start:u.end] == u.text for u in uses)
    assert all(text[e.start:e.end] == e.text for e in locale(text).evidence)


def _spans(find):
    out, pos = [], 0
    while (span := find(pos)) is not None:
        out.append(span)
        pos = span[0] + 1
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["Kyiv", "Kiev", "the Ukraine", "Donbas", "D.P.R.K.", "Kim",
                                 " Jong", " Un", "colour", "color", "colours", "defence",
                                 "organise", "centre", "center", "war", "full", "-scale",
                                 " ", "-", "\u2011", "’", "'", ".", "_", "3", "é", "\n",
                                 "\u0130", "\u212a", "ſ"]),
                max_size=40).map("".join))
def test_shared_pass_finds_what_each_regex_finds(text):
    """One pass for the terms and the spelling words gives, per regex, exactly the spans of
    that regex's own whole-word search, on the lower-cased path and the case-insensitive
    one (a text that lower-casing lengthens)."""
    from analysis import terms

    shared = terms._TERMS_AND_SPELLING
    for text_ in (text, "\u0130 " + text):
        found = [_spans(f) for f in shared.finders(text_)]
        assert found == [_spans(rx.finder(text_)) for rx in shared.regexes], text_


def test_text_whose_lowercase_changes_length():
    # "\u0130".lower() has two characters: the case-insensitive path keeps offsets right
    text = "\u0130stanbul and Kyiv; KIEV. The defence colour."
    assert [(u.variant, u.start) for u in find_terms(text)] == [
        ("Kyiv", 13), ("Kiev", 19), ("defence", 29), ("colour", 37)]
    assert [e.text for e in locale(text).evidence] == ["defence", "colour"]


def test_non_strings_and_empty():
    assert find_terms("") == [] and find_terms(None) == []  # type: ignore[arg-type]
    assert locale("").label == "unknown" and math.isnan(locale("").score)
    feats = term_features(Doc(""))
    assert math.isnan(feats["term_per_100w"]) and feats["term_n"] == 0


def test_huge_input_is_linear_enough():
    text = ("Kyiv and Kiev; the war in Ukraine; North Korea. " * 5000) + "x" * 100_000
    uses = find_terms(text)
    assert len([u for u in uses if u.group == "kyiv"]) == 10_000


# --- locale ---------------------------------------------------------------------------------

def test_locale_of_the_seed_pages(seed_texts):
    got = {name: locale(text).label for name, text in seed_texts.items()}
    assert got == {"000_1cbacc739d0cc6f2": US,  # Reuters copy: defense, galvanizes
                   "001_7a5a9b5144662cdf": "mixed",  # aggregator: defence and defense
                   "002_c104d6600cc0101a": US,  # defense pact, stabilize
                   "003_9292455fe0f452e3": "unknown",  # only "Defence Minister" (a title)
                   "004_a4d8f900899fbc8f": GB}  # defence, acclimatisation
    ev = locale(seed_texts["001_7a5a9b5144662cdf"]).evidence
    assert {"defence", "defense", "finalises", "formalized"} <= {e.text for e in ev}


@pytest.mark.parametrize("text, label", [
    ("The Department of Defense and the Labour Party met the World Health Organization.",
     "unknown"),
    ("Officials at the Pearl Harbor Naval Shipyard and the Centers for Disease Control spoke.",
     "unknown"),
    ("Check the program and the tire.", "unknown"),  # ordinary words in both varieties
    ("In the fall the leaves turn.", "unknown"),
    ("The defence secretary criticised the programme and apologised.", GB),
    ("The defense secretary criticized the program's color scheme and apologized.", US),
    ("Defence cuts were finalised.", GB),  # capital at a sentence start still counts
    ("The theatre's colour and the theater's color clashed.", "mixed"),
])
def test_locale_labels(text, label):
    assert locale(text).label == label


def test_locale_weights_and_score():
    loc = locale("The organization will finalize the defense plan.")
    assert isinstance(loc, Locale) and loc.label == US and loc.score == -1.0
    assert loc.us_weight == pytest.approx(0.5 + 0.5 + 1.0)  # -ize counts half (Oxford -ize)
    label, score = locale_verdict(0.0, 0.0)
    assert label == "unknown" and math.isnan(score)
    assert locale_verdict(3.0, 0.0)[0] == GB and locale_verdict(0.5, 0.0)[0] == "unknown"
    assert locale_verdict(3.0, 2.0)[0] == "mixed" and locale_verdict(9.0, 1.0)[0] == GB
    assert [e.text for e in find_locale_evidence("Labour Party and labour")] == ["labour"]


# Desk-aware gold labels for the AllSides sample. Outlets that publish from several desks in
# this sample are not scored: The Guardian (most items are Guardian US pieces in American
# spelling), Daily Mail (DailyMail.com US desk), Reuters (mostly US-desk copy; its few UK-desk
# items have too little evidence), CBC News (Canadian), Global Research, guest writers.
GB_OUTLETS = {"BBC News", "Al Jazeera"}
UNSCORED = {"The Guardian", "Daily Mail", "Reuters", "CBC News", "Global Research"}


def _gold(outlet: str) -> str | None:
    if outlet in GB_OUTLETS:
        return GB
    if outlet in UNSCORED or outlet.startswith("Guest Writer"):
        return None
    return US


def test_locale_accuracy_on_allsides(allsides):
    corpus = pd.DataFrame({"article_id": [str(i) for i in range(len(allsides))],
                           "outlet": allsides["source"], "body": allsides["text"]})
    table = locale_table(corpus)
    table["gold"] = table["outlet"].map(_gold)
    scored = table[table["gold"].notna()]
    decided = scored[scored["label"].isin([GB, US])]
    coverage = len(decided) / len(scored)
    accuracy = (decided["label"] == decided["gold"]).mean()
    assert len(scored) > 900 and coverage > 0.7 and accuracy > 0.98, (coverage, accuracy)
    gb_articles = decided[decided["gold"] == GB]
    assert len(gb_articles) >= 20 and (gb_articles["label"] == GB).mean() > 0.95
    assert (scored["label"] == "mixed").mean() < 0.02

    outlets = outlet_locale(table)
    outlets["gold"] = outlets["outlet"].map(_gold)
    o_dec = outlets[outlets["gold"].notna() & outlets["label"].isin([GB, US])]
    assert len(o_dec) >= 80 and (o_dec["label"] == o_dec["gold"]).mean() > 0.97
    by = outlets.set_index("outlet")["label"]
    assert by["BBC News"] == GB and by["Fox News"] == US and by["CNN (Web News)"] == US
    assert by["New York Times - News"] == US and by["Washington Post"] in {US, "unknown"}
    assert by["The Guardian"] in {GB, "mixed"}  # UK and US desks
    assert by["Reuters"] == US  # the sample's Reuters copy is US-desk


# --- tables and house style -----------------------------------------------------------------

def _corpus(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [r[0] for r in rows], "outlet": [r[1] for r in rows],
                         "body": [r[2] for r in rows], "status": "ok"})


def test_house_style_flags_mixing_and_keeps_quotes_apart():
    corpus = _corpus([
        ("a1", "Outlet A", "Kyiv said the strike hit Kyiv. Officials in Kyiv agreed."),
        ("a2", "Outlet A", "Kiev denied it, a wire snippet said. Kyiv later confirmed."),
        ("a3", "Outlet A", "“We will defend Kiev,” the mayor said in Kyiv."),
        ("b1", "Outlet B", "Kiev said the war in Ukraine would go on."),
    ])
    table = term_table(corpus)
    assert list(table.columns[:4]) == ["article_id", "outlet", "sentence_index", "start"]
    quoted = table[table["in_quote"]]
    assert quoted["variant"].tolist() == ["Kiev"] and quoted["article_id"].tolist() == ["a3"]
    assert table.loc[table["variant"] == "Kiev", "sentence"].iloc[0].startswith("Kiev denied")
    hs = house_style(corpus).set_index(["outlet", "group"])
    a = hs.loc[("Outlet A", "kyiv")]
    assert a["chosen_variant"] == "Kyiv" and a["chosen_n"] == 5 and a["narrator_n"] == 6
    assert a["quoted_n"] == 1 and a["quoted_variants"] == "Kiev 1"
    assert a["mixed"] and a["quote_differs"] and a["mixing"] and a["mixed_articles"] == "a2"
    assert a["narrator_variants"] == "Kyiv 5; Kiev 1"
    b = hs.loc[("Outlet B", "kyiv")]
    assert b["chosen_variant"] == "Kiev" and not b["mixing"] and b["reference_share"] == 0.0
    assert not hs.loc[("Outlet B", "war-framing"), "mixed"]  # framing words are not spellings
    assert house_style(table).equals(house_style(corpus))
    per_article = variant_counts(table).set_index(["article_id", "group", "variant"])
    assert per_article.loc[("a3", "kyiv", "Kiev")].tolist()[1:] == [0, 1, 1]
    assert per_article.loc[("a1", "kyiv", "Kyiv"), "narrator_n"] == 3
    per_outlet = variant_counts(corpus, by="outlet").set_index(["outlet", "group", "variant"])
    assert per_outlet.loc[("Outlet A", "kyiv", "Kiev")].tolist() == [1, 1, 2]
    assert variant_counts(table.iloc[0:0]).empty


def test_house_style_on_seed_corpus():
    corpus = analysis.load_corpus()
    hs = house_style(corpus).set_index(["outlet", "group"])
    assert hs.loc[("Morning Star", "kyiv"), "chosen_variant"] == "Kiev"
    assert hs.loc[("The Independent", "kim-jong-un"), "chosen_variant"] == "Kim Jong-un"
    assert hs.loc[("Honolulu Star-Advertiser", "zelenskyy"), "chosen_variant"] == "Zelenskiy"
    assert ("Kyiv Independent", "kyiv") not in hs.index or \
        hs.loc[("Kyiv Independent", "kyiv"), "chosen_variant"] == "Kyiv"


def test_empty_tables():
    empty = _corpus([("x", "X", "")])
    assert term_table(empty).empty and house_style(empty).empty
    assert locale_table(empty)["label"].tolist() == ["unknown"]


def test_term_features_on_a_seed(seed_texts):
    feats = term_features(Doc(seed_texts["001_7a5a9b5144662cdf"]))
    assert feats["term_ua_n"] == 1 and feats["term_ua_standard_share"] == 0.0
    assert feats["term_framing_invasion_n"] == 2 and feats["locale_gb_weight"] > 0
    assert all(isinstance(v, float) for v in feats.values())
    assert all(k.startswith(("term_", "locale_")) for k in feats)
    feats = term_features(Doc(seed_texts["002_c104d6600cc0101a"]))
    assert feats["term_ua_standard_share"] == pytest.approx(1 / 7)  # Kyiv 1, Zelensky 6


def test_public_api_exports():
    assert analysis.find_terms is find_terms and analysis.locale is locale
    assert analysis.TermUse is TermUse and analysis.Locale is Locale


def test_plots_for_term_choice_and_locale():
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from analysis import plots

    corpus = analysis.load_corpus()
    house = house_style(corpus)
    figs = [plots.term_choice_heatmap(house), plots.locale_by_outlet(outlet_locale(corpus)),
            plots.term_choice_heatmap(house.iloc[0:0]),
            plots.locale_by_outlet(outlet_locale(_corpus([("x", "X", "")])).iloc[0:0])]
    assert all(isinstance(f, Figure) for f in figs)
    labels = [t.get_text() for t in figs[0].axes[0].get_yticklabels()]
    assert labels == sorted(corpus["outlet"])
    for f in figs:
        plt.close(f)


# --- UK/US spelling pairs as term choice ----------------------------------------------------

# Every "defence"/"defense" and "Kiev"/"Kyiv" in the raw seed pages, read off the pages:
# (page, variant, the word before, the word and the word after). "The Kyiv Independent"
# (002) is a name, not a choice.
SEED_DEFENCE_KYIV = [
    ("000_1cbacc739d0cc6f2", "defense", "mutual defense treaty"),
    ("000_1cbacc739d0cc6f2", "defense", "mutual defense provision,"),
    ("000_1cbacc739d0cc6f2", "defense", "mutual defense provision,"),
    ("000_1cbacc739d0cc6f2", "defense", "mutual defense provision,"),
    ("000_1cbacc739d0cc6f2", "Kyiv", "with Kyiv’s forces"),
    ("001_7a5a9b5144662cdf", "defence", "mutual defence treaty"),
    ("001_7a5a9b5144662cdf", "defense", "mutual defense, as"),
    ("001_7a5a9b5144662cdf", "defense", "mutual defense treaty"),
    ("001_7a5a9b5144662cdf", "defense", "mutual defense provision,"),
    ("001_7a5a9b5144662cdf", "defence", "mutual defence treaty"),
    ("001_7a5a9b5144662cdf", "defence", "mutual defence treaty"),
    ("001_7a5a9b5144662cdf", "Kiev", "to Kiev and"),
    ("001_7a5a9b5144662cdf", "defence", "finalises defence cooperation"),
    ("001_7a5a9b5144662cdf", "defence", "The defence cooperation"),
    ("002_c104d6600cc0101a", "defense", "The defense pact"),
    ("002_c104d6600cc0101a", "defense", "Korean Defense Minister"),
    ("002_c104d6600cc0101a", "Kyiv", "does Kyiv have"),
    ("003_9292455fe0f452e3", "Kiev", "Tuesday Kiev said"),
    ("003_9292455fe0f452e3", "defence", "Ukraine’s Defence Minister"),
    ("004_a4d8f900899fbc8f", "defence", "mutual defence treaty"),
    ("004_a4d8f900899fbc8f", "defence", "mutual defence with"),
    ("004_a4d8f900899fbc8f", "defence", "US defence secretary"),
    ("004_a4d8f900899fbc8f", "Kyiv", "said Kyiv had"),
]


def test_every_defence_defense_kiev_kyiv_on_the_seeds_is_found(seed_texts):
    import re

    got = [(name, u.variant, " ".join([*text[:u.start].split()[-1:],
                                        *text[u.start:].split()[:2]]))
           for name, text in seed_texts.items() for u in find_terms(text)
           if u.group in ("defence/defense", "kyiv")]
    assert got == SEED_DEFENCE_KYIV
    # nothing missed: every whole-word occurrence in any case is found, but the outlet name
    every = sum(len(re.findall(r"(?i)\b(?:defen[cs]e|kiev|kyiv)\b", t))
                for t in seed_texts.values())
    assert every == len(SEED_DEFENCE_KYIV) + 1  # + "The Kyiv Independent has not been able"


@pytest.mark.parametrize("text, expected", [
    ("The defence secretary met the defense minister.", ["defence", "defense"]),
    ("Defences were breached; DEFENSE SPENDING rose.", ["defence", "defense"]),
    ("Ukraine's Defence Minister Rustem Umerov said.", ["defence"]),  # a generic title
    ("Putin Signs Mutual Defense Treaty", ["defense"]),  # headline capitals
    ("The US Department of Defense and the Israel Defense Forces said.", []),  # names
    ("A Pentagon (Defense Department) spokesman said.", []),
    ("Self-defence is a right; self-defense too.", ["defence", "defense"]),
])
def test_defence_defense_forms_titles_and_names(text, expected):
    assert _variants(text, "defence/defense") == expected


def test_spelling_pairs_are_groups_of_kind_spelling():
    text = ("The colour of the centre changed; colors in the center. The Labour Party and "
            "the Kennedy Center spoke. Organising and organized. The program and the metre "
            "and the license were checked.")
    uses = [(u.group, u.variant, u.kind) for u in find_terms(text) if u.kind == "spelling"]
    assert uses == [("colour/color", "colour", "spelling"), ("centre/center", "centre", "spelling"),
                    ("colour/color", "color", "spelling"), ("centre/center", "center", "spelling"),
                    ("organise/organize", "organise", "spelling"),
                    ("organise/organize", "organize", "spelling")]
    assert TERM_GROUPS["defence/defense"] == ("defence", "defense")
    assert analysis.terms.GROUP_KIND["colour/color"] == "spelling"
    assert "programme/program" not in TERM_GROUPS and "metre/meter" not in TERM_GROUPS


def test_house_style_shows_spelling_choices_on_the_seeds():
    hs = house_style(analysis.load_corpus()).set_index(["outlet", "group"])
    assert hs.loc[("Morning Star", "defence/defense"), "chosen_variant"] == "defence"
    assert hs.loc[("Kyiv Independent", "defence/defense"), "chosen_variant"] == "defense"
    assert hs.loc[("Ground News", "defence/defense"), "mixed"]  # defence and defense
    assert math.isnan(hs.loc[("Morning Star", "defence/defense"), "reference_share"])


# --- term choice through time ---------------------------------------------------------------

KYIV_KIEV = paths.KYIV_KIEV


@pytest.fixture(scope="module")
def kyiv_table() -> pd.DataFrame:
    corpus = analysis.load_corpus(KYIV_KIEV)
    assert len(corpus) == 191 and corpus["published"].notna().sum() == 158
    return term_table(corpus)


def test_kyiv_kiev_switches_on_the_shipped_corpus(kyiv_table):
    sw = analysis.term_switches(kyiv_table, group="kyiv").set_index("outlet")
    for outlet in ("NPR Online News", "USA TODAY", "The Hill", "Washington Times"):
        row = sw.loc[outlet]
        assert row["switched"] and row["status"] == "switched", outlet
        assert row["switch_date"].year == 2019, outlet
        assert row["last_old"] < row["switch_date"] == row["first_new"], outlet
        assert row["last_date"] >= row["switch_date"]
    for outlet in ("CNN (Web News)", "New York Times - News", "Reuters"):
        row = sw.loc[outlet]
        assert not row["switched"] and pd.isna(row["switch_date"]), outlet
        assert row["last_old"] == row["last_date"] and row["last_date"].year >= 2019, outlet
    assert sw.loc["CNN (Web News)", "status"] == "not switched"  # one "Kyiv" in 2014
    assert sw.loc["Reuters", "status"] == "only old"
    assert sw.loc["Associated Press", "status"] == "only new"
    assert sw.loc["BBC News", "status"] == "undated" and sw.loc["BBC News", "n_undated"] > 0
    assert (sw["n_old"] + sw["n_new"] >= sw["n_undated"]).all()


def test_term_timeline_counts_every_dated_use(kyiv_table):
    tl = analysis.term_timeline(kyiv_table, group="kyiv")
    assert list(tl.columns) == analysis.terms.TIMELINE_COLUMNS
    dated = kyiv_table[(kyiv_table["group"] == "kyiv") & kyiv_table["published"].notna()]
    assert tl["n"].sum() + tl["n_quoted"].sum() == len(dated)
    npr = tl[tl["outlet"] == "NPR Online News"]
    assert set(npr.loc[npr["period"] >= "2019-10-01", "variant"]) == {"Kyiv"}
    assert set(tl["role"]) == {"old", "new"}
    years = analysis.term_timeline(kyiv_table, group="kyiv", freq="YS")
    assert years["period"].dt.month.eq(1).all() and years["n"].sum() == tl["n"].sum()


def test_late_old_uses_and_notable_flag(kyiv_table):
    late = analysis.terms.late_old_uses(kyiv_table, group="kyiv")
    assert (late["published"] > pd.Timestamp("2019-08-31")).all()
    assert set(late.loc[late["after"] == "the outlet's switch", "outlet"]) <= {
        "National Review", "Vox"}
    assert "Reuters" in set(late["outlet"]) and late["sentence"].str.contains("Kiev").all()
    hs = house_style(kyiv_table).set_index(["outlet", "group"])
    assert hs.loc[("Reuters", "kyiv"), "notable"]
    assert not hs.loc[("Daily Beast", "kyiv"), "notable"]  # "Kiev" in 2014: the standard then
    guides = analysis.terms.style_guides("kyiv")
    ap = guides[guides["guide"] == "AP Stylebook"].iloc[0]
    assert ap["variant"] == "Kyiv" and ap["adopted_as"] == "2019-08" and ap["source"]


def _dated(rows: list[tuple[str, str, str, str | None]]) -> pd.DataFrame:
    corpus = _corpus([(a, o, b) for a, o, b, _ in rows])
    return corpus.assign(published=[d for *_, d in rows])


def test_switches_count_narrator_text_only_and_not_names():
    corpus = _dated([
        ("a", "X", "Kiev said it would talk. The Kyiv Post agreed.", "2014-03-01"),
        ("b", "X", "Kyiv said it would talk, and Kyiv agreed.", "2019-11-01"),
        ("c", "X", "“Kiev must go,” he said in Kyiv. We ate chicken Kiev.", "2020-01-01"),
    ])
    row = analysis.term_switches(corpus).iloc[0]
    assert row["switched"] and row["switch_date"] == pd.Timestamp("2019-11-01")
    assert (row["n_old"], row["n_new"], row["n_old_after_switch"]) == (1, 3, 0)
    back = _dated([("a", "X", "Kyiv agreed.", "2019-11-01"), ("b", "X", "Kiev agreed.",
                                                              "2020-02-01")])
    assert analysis.term_switches(back).iloc[0]["status"] == "not switched"


def test_switches_without_dates_one_outlet_many_outlets_and_nothing_found():
    undated = _dated([("a", "X", "Kiev said.", None), ("b", "X", "Kyiv said.", "")])
    row = analysis.term_switches(undated).iloc[0]
    assert row["status"] == "undated" and row["n_undated"] == 2 and not row["switched"]
    assert analysis.term_timeline(undated, group="kyiv").empty
    many = _dated([(f"{o}-{y}", f"Outlet {o:03d}", "Kyiv said." if y == 2020 else "Kiev said.",
                    f"{y}-01-01") for o in range(100) for y in (2014, 2020)])
    sw = analysis.term_switches(many)
    assert len(sw) == 100 and sw["switched"].all()
    nothing = _dated([("a", "X", "Nothing to see.", "2020-01-01")])
    for table, columns in ((analysis.term_switches(nothing), analysis.terms.SWITCH_COLUMNS),
                           (analysis.term_timeline(nothing, group="kyiv"),
                            analysis.terms.TIMELINE_COLUMNS),
                           (analysis.terms.late_old_uses(nothing), analysis.terms.LATE_COLUMNS)):
        assert table.empty and list(table.columns) == columns
    assert analysis.term_switches(_corpus([("x", "X", "")])).empty


def test_groups_without_an_order_need_old_and_new():
    corpus = _dated([("a", "X", "Russia's invasion of Ukraine.", "2022-03-01"),
                     ("b", "X", "Russia's war in Ukraine.", "2023-03-01"),
                     ("c", "X", "Russia's war in Ukraine went on.", "2024-03-01")])
    with pytest.raises(ValueError, match="old="):
        analysis.term_switches(corpus, group="war-framing")
    row = analysis.term_switches(corpus, group="war-framing", old=["invasion"],
                                 new=["war"]).iloc[0]
    assert row["switched"] and row["switch_date"] == pd.Timestamp("2023-03-01")
    assert set(analysis.term_timeline(corpus, group="war-framing")["role"]) == {""}
    zel = _dated([("a", "X", "Zelensky spoke.", "2020-01-01"),
                  ("b", "X", "Zelenskyy spoke.", "2022-05-01")])
    assert analysis.term_switches(zel, group="zelenskyy").iloc[0]["switched"]
    kim = _dated([("a", "X", "Kim Jong-un spoke.", "2018-01-01")])
    assert analysis.term_switches(kim, group="kim-jong-un", old=["Kim Jong-un"],
                                  new=["Kim Jong Un"]).iloc[0]["status"] == "only old"


def test_plots_for_term_choice_through_time(kyiv_table):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from analysis import plots

    timeline = analysis.term_timeline(kyiv_table, group="kyiv")
    switches = analysis.term_switches(kyiv_table, group="kyiv")
    guides = analysis.terms.style_guides("kyiv")
    panels = plots.term_timeline_panels(timeline, switches=switches, guides=guides,
                                        max_outlets=6)
    titles = [ax.get_title() for ax in panels.axes if ax.get_title()]
    assert len(titles) == 6 and all("n = " in t for t in titles)
    assert titles[0].startswith("CNN (Web News)")  # the outlet with most uses first
    dates = plots.term_switch_dates(switches, guides=guides)
    labels = [t.get_text() for t in dates.axes[0].get_yticklabels()]
    assert "NPR Online News" in labels and "BBC News" not in labels  # BBC: undated only
    heat = plots.term_choice_heatmap(house_style(kyiv_table))
    assert len(heat.axes) == 1  # categories: no colour bar
    assert any("!" in t.get_text() for t in heat.axes[0].texts)  # Kiev after AP's switch
    empty = [plots.term_timeline_panels(timeline.iloc[0:0]),
             plots.term_switch_dates(switches.iloc[0:0])]
    assert all(isinstance(f, Figure) for f in [panels, dates, heat, *empty])
    for f in [panels, dates, heat, *empty]:
        plt.close(f)


def test_choice_grid_and_overview(kyiv_table):
    house = house_style(kyiv_table)
    grid = analysis.terms.choice_grid(house, groups=["kyiv"])
    assert grid.loc["Reuters", "kyiv"] == "Kiev 20 !"
    assert grid.loc["NPR Online News", "kyiv"].startswith("Kyiv 20; Kiev 10 *")
    overview = analysis.terms.switch_overview(kyiv_table).set_index("group")
    assert overview.loc["kyiv", "switched"] >= 4 and overview.loc["kyiv", "new"] == "Kyiv"
    text = analysis.terms.describe_timeline(analysis.load_corpus(), group="kyiv")
    assert "single date" in text
