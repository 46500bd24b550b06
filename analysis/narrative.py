"""Words for the notebooks that depend on the corpus at hand.

The notebooks run on any corpus. Their markdown speaks in general terms; what is known about
one particular corpus (the seed corpus, whose five pages were read by hand) is kept here and
shown only when the notebook runs on that corpus (``CORPUS is None``). On another corpus the
same place says what the report was run on, computed from the data.

``outlet_counts`` gives the number of articles and words behind each outlet, for the axis
labels of outlet figures (``plots.outlet_label``).
"""
from __future__ import annotations

import pandas as pd

#: What the seed corpus shows, per notebook (read by hand from the five seed pages; shown
#: only when a notebook runs on the seed corpus).
SEED_FINDINGS: dict[str, str] = {
    "01-corpus": """\
* The seed corpus is five pages on one story from five outlets of different kinds — a wire
  story, an aggregator, a Ukrainian outlet and two British dailies — over four weeks
  (14 October – 9 November 2024). Between an eighth and a half of each captured page was
  chrome, not article.
* The audit lists every removed line; on the five seeds the cleaner keeps every body
  paragraph and leaves no chrome line (a test checks both).""",
    "02-hedging": """\
* With one article per outlet, every interval above only resamples that article's
  sentences: the five rates describe five articles on the 2024 Russia–North Korea treaty,
  not how the five outlets hedge.""",
    "03-attribution": """\
* On the seed corpus (five articles on the Russia–North Korea treaty) attribution density
  ranges from under one attribution per 100 words (the Ground News aggregator page, which
  cites a decree and "Kiev and Washington") to about three and a half (the Independent, the
  Reuters copy in the Honolulu Star-Advertiser).
* *Whom* they let speak differs more: the Kyiv Independent, the Morning Star and the
  Independent lean on named officials (Zelensky, Peskov, Umerov, Kirby, Volodin) and on
  governments named by country or capital ("Kiev said", "according to South Korea, Ukraine
  and the US"); the Reuters copy also relays vague sources ("Reports from South Korea and
  Western countries", "Ukrainian forensic experts") and documents.
* Quotation: about a fifth of the Independent's words are sources' own quoted words; the
  aggregator and the Reuters copy paraphrase almost everything.""",
    "04-term-choice": """\
In copy from October–November 2024, two of the five pages still write *Kiev*: the Morning
Star in its own sentence ("On Tuesday Kiev said ...") and the Ground News aggregator in a
snippet it reproduces from another source; the Independent and the Reuters copy in the
Honolulu Star-Advertiser write *Kyiv*. Zelenskyy's name follows house styles: Reuters'
*Zelenskiy* (Honolulu Star-Advertiser), *Zelensky* at the Independent and at the Kyiv
Independent itself. *Kim Jong-un* is the Independent's hyphenated style; the others write
*Kim Jong Un*. Framing differs: the Reuters copy says *full-scale invasion*, the Kyiv
Independent *full-scale war*, the Independent *war*, Ground News and the Morning Star
*invasion* (the Morning Star also *conflict*). Spelling: the Independent is British, the
Reuters copy and the Kyiv Independent are American, the Ground News aggregator mixes both
(*defence* and *defense* on one page), and the Morning Star's only marker is a title
(*Defence Minister*), so it stays unknown. Readability is similar across pages
(Flesch–Kincaid grade about 12 to 16).""",
    "05-outlet-comparison": """\
On the seed corpus the Ground News page repeats the Star-Advertiser's Reuters lede word for
word and is flagged as an aggregator from its own page chrome. Every outlet is represented by
one article, so each outlet estimate describes that article only.""",
    "06-claims": """\
On the seed corpus the troop numbers line up as reported: 11,000 (Zelenskiy, via the
Star-Advertiser's Reuters copy), "reportedly" 10,000 with no named source (Morning Star),
10,000 (Zelensky), 3,000 (the US and the US defence secretary) and "some" 1,500 (South Korea)
in The Independent. The differences are mostly differences of source and date, not of
accuracy.""",
}


def outlet_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Articles and words of analysed body text per outlet (usable articles only): columns
    ``outlet``, ``articles``, ``words``, sorted by outlet. Words are counted as in the
    corpus overview (``words_body``)."""
    from .corpus import usable
    from .text import count_words
    df = usable(corpus)
    words = df["body"].fillna("").astype(str).map(count_words)
    table = (pd.DataFrame({"outlet": df["outlet"].fillna("(unknown)").astype(str),
                           "words": words.astype(int)})
             .groupby("outlet").agg(articles=("words", "size"), words=("words", "sum")))
    return table.reset_index().sort_values("outlet", ignore_index=True)


def about_corpus(corpus: pd.DataFrame) -> str:
    """One sentence on what the corpus holds, from the data: articles, outlets, dates."""
    from .corpus import usable
    df = usable(corpus)
    n, outlets = len(df), df["outlet"].nunique()
    dates = pd.to_datetime(df["published"], errors="coerce").dropna() \
        if "published" in df else pd.Series([], dtype="datetime64[ns]")
    span = (f", published between {dates.min():%d %B %Y} and {dates.max():%d %B %Y}"
            if len(dates) else ", without publication dates")
    if len(dates) and dates.min() == dates.max():
        span = f", published on {dates.min():%d %B %Y}"
    if len(dates) and len(dates) < n:
        span += f" ({n - len(dates):,} without a date)"
    topics = ""
    if "topic" in df and df["topic"].notna().any():
        k = df["topic"].nunique()
        topics = f" on {k} topic{'s' if k != 1 else ''} (the corpus's own topic column)"
    return (f"{n:,} analysed article{'s' if n != 1 else ''} from {outlets:,} "
            f"outlet{'s' if outlets != 1 else ''}{topics}{span}.")


def findings_text(notebook: str, source, corpus: pd.DataFrame | None = None) -> str:
    """Markdown: what this notebook's results say about the corpus it ran on.

    ``source`` is the notebook's ``CORPUS`` parameter: None is the seed corpus, for which
    the findings read by hand (``SEED_FINDINGS``) are given. Any other corpus gets a
    description computed from the data and a pointer to the tables above, never the seed
    corpus's story."""
    if source is None and notebook in SEED_FINDINGS:
        return "**On the seed corpus.**\n\n" + SEED_FINDINGS[notebook]
    about = f"This run covers {about_corpus(corpus)} " if corpus is not None else ""
    return (f"**On this corpus.** {about}The tables and figures above describe these "
            "articles; read every difference between outlets together with the number of "
            "articles and words behind it, shown beside each outlet.")


def findings(notebook: str, source, corpus: pd.DataFrame | None = None):
    """``findings_text`` as a rendered Markdown display object (for a notebook cell)."""
    from IPython.display import Markdown
    return Markdown(findings_text(notebook, source, corpus))


def outlet_ratings(corpus: pd.DataFrame) -> tuple[dict[str, str] | None, str]:
    """The outside ratings the corpus carries for its outlets (AllSides' ``bias_text``):
    ``({outlet: rating}, "AllSides rating")``, or ``(None, "")`` when it carries none. For
    colouring or grouping outlet figures by the rater's label; never blended into a
    measure."""
    from .compare import ratings_from_corpus
    rated = ratings_from_corpus(corpus)
    if rated.empty:
        return None, ""
    rater = str(rated["source"].iloc[0]).split(" (")[0]
    return dict(zip(rated["outlet"].astype(str), rated["rating"], strict=True)), \
        f"{rater} rating"
