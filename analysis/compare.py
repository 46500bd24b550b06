"""Compare outlets: text similarity, syndicated (copied) passages, aggregator pages, outlet
summaries with bootstrap intervals, a PCA map, reliability indicators and outside ratings.

Every function takes tables made lower down (the corpus from ``load_corpus``, the feature
table from ``extract_features``, the sentence table from ``features.sentence_table``, the
claims table from ``claims.claims_table``) and returns a tidy DataFrame. Nothing here blends
indicators or outside ratings into one score.
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import usable
from .text import quote_spans, sentence_spans

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


# ============================================================================ similarity


def tfidf_vectors(corpus: pd.DataFrame, *, max_features: int = 50_000):
    """TF-IDF vectors (sublinear tf, English stop words, L2-normalised) of the usable bodies.

    Returns ``(matrix, rows)`` where ``rows`` is the usable part of the corpus in the
    matrix's row order. Reference: scikit-learn ``TfidfVectorizer``; Salton & Buckley (1988).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = usable(corpus)
    if rows.empty:
        raise ValueError("no usable article bodies to compare")
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", max_features=max_features,
                          token_pattern=r"(?u)\b[^\W\d_][^\W_]+\b")
    return vec.fit_transform(rows["body"].astype(str)), rows


def similarity_matrix(corpus: pd.DataFrame, *, by: str = "article", top: int | None = None,
                      max_features: int = 50_000) -> pd.DataFrame:
    """Cosine similarity of TF-IDF vectors, 0 (no shared weighted words) .. 1 (same text).

    ``by="article"``: one row/column per usable article (labelled by article_id).
    ``by="outlet"``: one per outlet, the cosine of the outlets' mean (centroid) vectors;
    ``top`` keeps the ``top`` outlets with most articles (ties: name order), which keeps the
    matrix readable on large corpora. Higher means more shared vocabulary, not copying: see
    ``find_syndication`` for copied passages. Empty when no article is usable.
    """
    from sklearn.preprocessing import normalize

    if usable(corpus).empty:
        return pd.DataFrame(dtype=float)
    matrix, rows = tfidf_vectors(corpus, max_features=max_features)
    if by == "article":
        labels = rows["article_id"].astype(str).tolist()
        if top is not None:
            matrix, labels = matrix[:top], labels[:top]
    elif by == "outlet":
        outlets = rows["outlet"].fillna("(unknown)").astype(str)
        counts = outlets.value_counts()
        order = sorted(counts.index, key=lambda o: (-counts[o], o))[:top]
        labels = sorted(order)
        centroids = [np.asarray(matrix[(outlets == o).to_numpy()].mean(axis=0)).ravel()
                     for o in labels]
        matrix = normalize(np.vstack(centroids))
    else:
        raise ValueError("by must be 'article' or 'outlet'")
    sim = matrix @ matrix.T
    sim = sim.toarray() if hasattr(sim, "toarray") else np.asarray(sim)
    np.fill_diagonal(sim, 1.0)
    return pd.DataFrame(np.clip(sim, 0.0, 1.0), index=labels, columns=labels)


def most_similar_pairs(sim: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The ``n`` most similar distinct pairs of a similarity matrix, highest first."""
    values = sim.to_numpy()
    i, j = np.triu_indices_from(values, k=1)
    out = pd.DataFrame({"a": sim.index[i], "b": sim.columns[j], "cosine": values[i, j]})
    return out.sort_values(["cosine", "a", "b"], ascending=[False, True, True]).head(n) \
        .reset_index(drop=True)


# ============================================================================ syndication


def _shingles(text: str, k: int) -> tuple[int, frozenset[str]]:
    """Word count and the set of word ``k``-shingles (lower-cased, punctuation ignored)."""
    words = [w.replace("’", "'") for w in _WORD_RE.findall(text.lower())]
    grams = frozenset(" ".join(words[i:i + k]) for i in range(len(words) - k + 1))
    return len(words), grams


def _quoted_share(start: int, end: int, quotes: list[tuple[int, int]]) -> float:
    inside = sum(max(0, min(end, qe) - max(start, qs)) for qs, qe in quotes)
    return inside / max(end - start, 1)


def _sentence_units(rows: pd.DataFrame, k: int, min_words: int) -> list[tuple]:
    """(row position, sentence index, start, end, n_words, shingles) of every long sentence
    that is neither mostly a direct quotation (outlets quoting the same person are not
    copying each other) nor outlet boilerplate (the same sentence in several articles of
    one outlet, or set in capitals: "CLICK HERE TO GET THE APP", disclaimers)."""
    units, seen = [], defaultdict(set)
    outlets = rows["outlet"].fillna("").astype(str).tolist()
    for pos, body in enumerate(rows["body"].astype(str)):
        quotes = [(q.start, q.end) for q in quote_spans(body)]
        for s in sentence_spans(body):
            n, grams = _shingles(s.text, k)
            if (n < min_words or not grams or s.text.upper() == s.text
                    or _quoted_share(s.start, s.end, quotes) >= 0.5):
                continue
            seen[(outlets[pos], " ".join(sorted(grams)))].add(pos)
            units.append((pos, s.index, s.start, s.end, n, grams))
    return [u for u in units if len(seen[(outlets[u[0]], " ".join(sorted(u[5])))]) < 2]


def sentence_matches(corpus: pd.DataFrame, *, k: int = 5, min_words: int = 10,
                     min_containment: float = 0.7, max_df: int | None = None,
                     same_outlet: bool = False) -> pd.DataFrame:
    """Near-duplicate sentences between different articles (undirected), by word shingles.

    Two sentences match when the share of the shorter one's word ``k``-shingles found in
    the other (containment, 0..1; Broder 1997) is at least ``min_containment``. Sentences of
    fewer than ``min_words`` words, mostly quoted sentences, all-capitals chrome and sentences an
    outlet repeats across its own articles are ignored; shingles found in more than ``max_df``
    articles (default: max(10, 5% of articles)) are treated as boilerplate. Pairs within one
    outlet are skipped unless ``same_outlet``. Higher containment means a closer copy.
    ``*_start``/``*_end``/``*_text``/``*_words`` give the copied passage itself (the words
    covered by shared shingles), which may be a clause of a longer sentence.
    """
    rows = usable(corpus).reset_index(drop=True)
    units = _sentence_units(rows, k, min_words)
    outlets = rows["outlet"].fillna("").astype(str).to_numpy()
    index: dict[str, list[int]] = defaultdict(list)
    for u, unit in enumerate(units):
        for g in unit[5]:
            index[g].append(u)
    limit = max_df or max(10, int(0.05 * len(rows)))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for posting in index.values():
        docs = {units[u][0] for u in posting}
        if len(docs) < 2 or len(docs) > limit:
            continue
        for x, a in enumerate(posting):
            for b in posting[x + 1:]:
                ra, rb = units[a][0], units[b][0]
                if ra != rb and (same_outlet or outlets[ra] != outlets[rb]):
                    shared[(a, b)] += 1
    return _match_table(rows, units, shared, min_containment, k)


def _copied_region(sentence: str, other: frozenset[str], k: int) -> tuple[int, int, int]:
    """(start, end, words) of the part of ``sentence`` covered by shingles it shares with
    ``other``: the copied passage, which can be a clause of a longer sentence."""
    spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(sentence)]
    words = [sentence[a:b].lower().replace("’", "'") for a, b in spans]
    covered = np.zeros(len(words), dtype=bool)
    for i in range(len(words) - k + 1):
        if " ".join(words[i:i + k]) in other:
            covered[i:i + k] = True
    if not covered.any():
        return 0, len(sentence), len(words)
    hit = np.flatnonzero(covered)
    return spans[hit[0]][0], spans[hit[-1]][1], int(hit[-1] - hit[0] + 1)


def _match_table(rows, units, shared, min_containment, k) -> pd.DataFrame:
    """One row per matched sentence pair; start/end/text/words give the copied passage
    inside each sentence (offsets into the article body)."""
    records = []
    for (a, b), n in shared.items():
        ua, ub = units[a], units[b]
        containment = n / min(len(ua[5]), len(ub[5]))
        if containment < min_containment:
            continue
        rec = {"containment": round(containment, 4), "shared_shingles": n}
        for side, u, other in (("a", ua, ub), ("b", ub, ua)):
            row = rows.iloc[u[0]]
            body = str(row["body"])
            lo, hi, n_words = _copied_region(body[u[2]:u[3]], other[5], k)
            rec.update({f"{side}_article_id": row["article_id"], f"{side}_outlet": row["outlet"],
                        f"{side}_sentence_index": u[1], f"{side}_start": u[2] + lo,
                        f"{side}_end": u[2] + hi, f"{side}_words": n_words,
                        f"{side}_text": body[u[2] + lo:u[2] + hi]})
        records.append(rec)
    cols = ["a_article_id", "a_sentence_index", "b_article_id", "b_sentence_index"]
    out = pd.DataFrame(records, columns=MATCH_COLUMNS)
    return out.sort_values(cols).reset_index(drop=True) if records else out


#: The columns of :func:`sentence_matches` (also when it finds nothing).
MATCH_COLUMNS = ["containment", "shared_shingles"] + [
    f"{side}_{name}" for side in ("a", "b")
    for name in ("article_id", "outlet", "sentence_index", "start", "end", "words", "text")]


_LISTING_RE = re.compile(r"^\s*\d[\d,]*\s+(?:articles|sources|stories|reports|outlets)\b",
                         re.IGNORECASE | re.MULTILINE)
_PIPE_SOURCE_RE = re.compile(r"\S\s+\|\s+[A-Z][\w.&'’ -]{1,60}\s*$", re.MULTILINE)

AGGREGATOR_RULE = ("aggregator when copied_share >= 0.5, or when the page has listing "
                   "chrome (a 'N articles/sources' line or 'headline | Outlet' lines) together "
                   "with a truncated snippet or copied text (copied_share >= 0.1), or when "
                   ">= 3 lines of 5+ words end truncated ('…') and >= 20% of lines look like "
                   "headlines")


def _page_signals(page: str) -> dict[str, float]:
    lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
    headline_like = sum(1 for ln in lines if 3 <= len(ln.split()) <= 20
                        and ln[:1].isupper() and ln[-1] not in ".!?\"”’:")
    return {"lines": len(lines),
            "headline_like_share": headline_like / len(lines) if lines else float("nan"),
            "truncated_snippets": sum(1 for ln in lines if ln.endswith(("…", "..."))
                                      and len(ln.split()) >= 5),
            "source_pipe_lines": len(_PIPE_SOURCE_RE.findall(page)),
            "listing_lines": len(_LISTING_RE.findall(page))}


def _is_aggregator(sig: dict) -> bool:
    copied = sig["copied_share"]
    chrome = sig["listing_lines"] + sig["source_pipe_lines"] > 0
    return bool(copied >= 0.5 or (chrome and (sig["truncated_snippets"] > 0 or copied >= 0.1))
                or (sig["truncated_snippets"] >= 3 and sig["headline_like_share"] >= 0.2))


def aggregator_signals(corpus: pd.DataFrame, matches: pd.DataFrame | None = None
                       ) -> pd.DataFrame:
    """Per article: is this page an aggregator (mostly other outlets' snippets)?

    Signals from the page itself (raw text when present, else the body): lines that look
    like headlines, truncated snippets ending in "…", "Headline | Outlet" lines and "101
    Articles"-style listing lines; and ``copied_share``, the share of the body's words in
    sentences that also appear in another outlet's article (``sentence_matches``). The flag
    follows ``AGGREGATOR_RULE``; the 'kind' column is not used. Higher signals mean more
    aggregator-like. Rows that are not usable get NaN signals and ``aggregator=False``.
    """
    matches = sentence_matches(corpus) if matches is None else matches
    copied_words: dict[str, dict[int, int]] = defaultdict(dict)
    for side in ("a", "b"):
        if matches.empty:
            break
        for aid, si, n in matches[[f"{side}_article_id", f"{side}_sentence_index",
                                   f"{side}_words"]].itertuples(index=False):
            copied_words[aid][si] = n
    usable_ids = set(usable(corpus)["article_id"])
    records = []
    for row in corpus.itertuples(index=False):
        rec = {"article_id": row.article_id, "outlet": row.outlet}
        if row.article_id in usable_ids:
            page = getattr(row, "raw_text", None)
            page = page if isinstance(page, str) and page.strip() else str(row.body)
            words = len(_WORD_RE.findall(str(row.body)))
            copied = sum(copied_words.get(row.article_id, {}).values())
            rec.update(_page_signals(page), copied_share=min(1.0, copied / max(words, 1)))
            rec["aggregator"] = _is_aggregator(rec)
        else:
            rec.update(dict.fromkeys(["lines", "headline_like_share", "truncated_snippets",
                                      "source_pipe_lines", "listing_lines", "copied_share"],
                                     float("nan")), aggregator=False)
        records.append(rec)
    return pd.DataFrame(records, columns=["article_id", "outlet", "lines", "headline_like_share",
                                          "truncated_snippets", "source_pipe_lines",
                                          "listing_lines", "copied_share", "aggregator"])


def _published(corpus: pd.DataFrame) -> dict[str, pd.Timestamp]:
    if "published" not in corpus:
        return {}
    dates = pd.to_datetime(corpus["published"], errors="coerce", utc=True, format="mixed")
    return dict(zip(corpus["article_id"], dates, strict=True))


def _direction(a, b, dates, aggregators) -> tuple[str, str]:
    """(side of the original, rule): earliest date; tie/unknown -> the non-aggregator."""
    da, db = dates.get(a), dates.get(b)
    if pd.notna(da) and pd.notna(db) and da != db:
        return ("a" if da < db else "b"), "earlier publication date"
    ga, gb = aggregators.get(a, False), aggregators.get(b, False)
    if ga != gb:
        return ("b" if ga else "a"), "same or unknown date; the other page is an aggregator"
    return "", "undetermined (same or unknown date, neither or both aggregators)"


def copied_passages(matches: pd.DataFrame, corpus: pd.DataFrame,
                    aggregators: pd.DataFrame) -> pd.DataFrame:
    """Direct each matched sentence pair: which article copied it, and who is credited.

    The passage is credited to the earliest published article; on a tie or an unknown
    date, to the page that is not an aggregator; otherwise ``credit`` is ``undetermined``
    and neither side is treated as the copy. Columns: ``copy_*`` (the copying article's
    id, outlet, sentence index, start, end, words, text), ``source_*`` (the same for the
    credited article), ``containment``, ``rule``, ``credit`` (``source`` or
    ``undetermined``).
    """
    cols = ["copy_article_id", "copy_outlet", "copy_sentence_index", "copy_start", "copy_end",
            "copy_words", "copy_text", "source_article_id", "source_outlet",
            "source_sentence_index", "source_text", "containment", "rule", "credit"]
    if matches.empty:
        return pd.DataFrame(columns=cols)
    dates = _published(corpus)
    flags = dict(zip(aggregators["article_id"], aggregators["aggregator"], strict=True))
    records = []
    for m in matches.to_dict("records"):
        side, rule = _direction(m["a_article_id"], m["b_article_id"], dates, flags)
        src, cp = (side, "b" if side == "a" else "a") if side else ("a", "b")
        rec = {f"copy_{f}": m[f"{cp}_{f}"] for f in ("article_id", "outlet", "sentence_index",
                                                      "start", "end", "words", "text")}
        rec.update({f"source_{f}": m[f"{src}_{f}"]
                    for f in ("article_id", "outlet", "sentence_index", "text")})
        rec.update(containment=m["containment"], rule=rule,
                   credit="source" if side else "undetermined")
        records.append(rec)
    return pd.DataFrame(records, columns=cols).sort_values(
        ["copy_article_id", "copy_sentence_index", "source_article_id"]).reset_index(drop=True)


def syndication_pairs(passages: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per (copying article, credited article): how many sentences and what share of
    the copying article's words were copied (0..1; higher = more of the page is the other's
    text), with the rule that gave the direction and ``source_wire``, the news agency the
    credited article itself names as its origin (see ``wire_agencies``), if any."""
    cols = ["copy_article_id", "copy_outlet", "source_article_id", "source_outlet",
            "source_wire", "sentences", "copied_words", "copy_share", "rule", "credit"]
    if passages.empty:
        return pd.DataFrame(columns=cols)
    words = {r.article_id: len(_WORD_RE.findall(str(r.body))) for r in corpus.itertuples()}
    per_sentence = passages.drop_duplicates(["copy_article_id", "copy_sentence_index",
                                             "source_article_id"])
    out = per_sentence.groupby(["copy_article_id", "copy_outlet", "source_article_id",
                                "source_outlet", "rule", "credit"], as_index=False) \
        .agg(sentences=("copy_sentence_index", "size"), copied_words=("copy_words", "sum"))
    out["copy_share"] = [min(1.0, c / max(words.get(a, 0), 1))
                         for a, c in zip(out["copy_article_id"], out["copied_words"],
                                         strict=True)]
    agencies = wire_agencies(corpus)
    out["source_wire"] = out["source_article_id"].map(agencies).fillna("")
    return out[cols].sort_values(["copy_share", "copy_article_id"], ascending=[False, True]) \
        .reset_index(drop=True)


_WIRE_RE = re.compile(r"\b(Reuters|Associated Press|AP|AFP|Agence France-Presse|Bloomberg"
                      r"|PA Media|Press Association|UPI|Xinhua|TASS|dpa|Yonhap)\b")


def wire_agencies(corpus: pd.DataFrame, *, head: int = 300) -> dict[str, str]:
    """article_id -> news agency the article names as its origin: in its ``author`` field
    ("Reuters") or a dateline credit in its first ``head`` characters ("LONDON (Reuters) -",
    "(AP) —"). Wire copy run by several outlets is the agency's text, whoever ran it
    first."""
    out = {}
    authors = corpus["author"] if "author" in corpus else [None] * len(corpus)
    for aid, author, body in zip(corpus["article_id"], authors, corpus["body"], strict=True):
        m = _WIRE_RE.search(author) if isinstance(author, str) else None
        if m is None and isinstance(body, str):
            m = re.search(r"\(\s*" + _WIRE_RE.pattern + r"\s*\)", body[:head])
        if m:
            out[aid] = m.group(1)
    return out


@dataclass(frozen=True)
class Syndication:
    """Result of ``find_syndication``: the matched sentence pairs (undirected), the directed
    passages, the article pairs, and the aggregator signals with their flag."""

    matches: pd.DataFrame
    passages: pd.DataFrame
    pairs: pd.DataFrame
    aggregators: pd.DataFrame


def find_syndication(corpus: pd.DataFrame, **match_options) -> Syndication:
    """Find copied (syndicated) passages, flag aggregator pages and credit each passage to
    its original. ``match_options`` go to ``sentence_matches``."""
    matches = sentence_matches(corpus, **match_options)
    aggregators = aggregator_signals(corpus, matches)
    passages = copied_passages(matches, corpus, aggregators)
    return Syndication(matches, passages, syndication_pairs(passages, corpus), aggregators)


def remove_copied(corpus: pd.DataFrame, passages: pd.DataFrame
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus with each article's copied sentences cut out of ``body``, and an audit.

    A sentence is cut from the copying article only when the passage is credited to another
    article (``credit == "source"``), so that an outlet is not scored on text it did not
    write. The audit has one row per removed sentence (article_id, outlet, sentence_index,
    start, end, text, credited_article_id, credited_outlet, containment). Other rows are
    unchanged; nothing is dropped. Feed the result to ``extract_features``.
    """
    out = corpus.copy()
    cut = passages[passages["credit"] == "source"] if not passages.empty else passages
    audit = (cut.sort_values(["copy_article_id", "copy_sentence_index", "containment"],
                             ascending=[True, True, False])
             .drop_duplicates(["copy_article_id", "copy_sentence_index"])
             if not cut.empty else cut)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in audit.itertuples(index=False):
        spans[r.copy_article_id].append((r.copy_start, r.copy_end))
    bodies = []
    for aid, body in zip(out["article_id"], out["body"], strict=True):
        for start, end in sorted(spans.get(aid, []), reverse=True):
            body = body[:start] + body[end:]
        bodies.append(body)
    out["body"] = bodies
    table = pd.DataFrame({
        "article_id": audit.get("copy_article_id", []), "outlet": audit.get("copy_outlet", []),
        "sentence_index": audit.get("copy_sentence_index", []),
        "start": audit.get("copy_start", []), "end": audit.get("copy_end", []),
        "text": audit.get("copy_text", []),
        "credited_article_id": audit.get("source_article_id", []),
        "credited_outlet": audit.get("source_outlet", []),
        "containment": audit.get("containment", [])})
    return out, table.reset_index(drop=True)


# ============================================================================ bootstrap

#: name -> (numerator column, denominator column, scale) over a table of units (sentences
#: or claims); the estimate is scale * sum(numerator) / sum(denominator) (a ratio estimator).
Measure = tuple[str, str, float]


def _resample_sums(num: np.ndarray, den: np.ndarray, lengths: np.ndarray, n_boot: int,
                   rng: np.random.Generator, resample_articles: bool
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Two-stage bootstrap of (sum num, sum den) per replicate.

    Stage 1 draws articles with replacement (when ``resample_articles``); stage 2 draws, in
    each drawn article, as many units (sentences) as it has, with replacement. ``num`` is
    (units, measures); ``den`` the same shape. Vectorised with ``np.repeat``.
    """
    k, units = len(lengths), int(lengths.sum())
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    n_num, n_den = np.zeros((n_boot, num.shape[1])), np.zeros((n_boot, den.shape[1]))
    per_rep = max(1, int(2_000_000 // max(units, 1)))
    for lo in range(0, n_boot, per_rep):
        b = min(per_rep, n_boot - lo)
        chosen = (rng.integers(0, k, size=(b, k)) if resample_articles
                  else np.tile(np.arange(k), (b, 1))).ravel()
        sizes = lengths[chosen].astype(np.int32)
        base = (np.repeat(np.arange(b, dtype=np.int64), k) * units + offsets[chosen])
        u = rng.random(int(sizes.sum()), dtype=np.float32)
        u *= np.repeat(sizes, sizes)
        flat = np.repeat(base, sizes) + u.astype(np.int64)
        weights = np.bincount(flat, minlength=b * units).reshape(b, units).astype(np.float64)
        n_num[lo:lo + b] = weights @ num
        n_den[lo:lo + b] = weights @ den
    return n_num, n_den


def _ratio(num, den, scale):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, scale * num / np.where(den > 0, den, 1), np.nan)


def _outlet_rows(outlet, part, measures, n_boot, ci, seed) -> list[dict]:
    rng = np.random.default_rng([seed, zlib.crc32(str(outlet).encode("utf-8"))])
    part = part.sort_values(["article_id"], kind="stable")
    lengths = part.groupby("article_id", sort=True).size().to_numpy()
    num = part[[m[0] for m in measures.values()]].to_numpy(float)
    den = part[[m[1] for m in measures.values()]].to_numpy(float)
    scale = np.array([m[2] for m in measures.values()])
    single = len(lengths) == 1
    bn, bd = _resample_sums(np.nan_to_num(num), np.nan_to_num(den), lengths, n_boot, rng,
                            resample_articles=not single)
    reps = _ratio(bn, bd, scale)
    estimate = _ratio(np.nansum(num, axis=0), np.nansum(den, axis=0), scale)
    alpha = (1 - ci) / 2
    rows = []
    for j, name in enumerate(measures):
        valid = reps[:, j][~np.isnan(reps[:, j])]
        lo, hi = (np.quantile(valid, [alpha, 1 - alpha]) if valid.size
                  else (np.nan, np.nan))
        rows.append({"outlet": outlet, "measure": name, "estimate": estimate[j],
                     "ci_low": lo, "ci_high": hi, "n_articles": len(lengths),
                     "n_units": int(lengths.sum()),
                     "numerator": float(np.nansum(num[:, j])),
                     "denominator": float(np.nansum(den[:, j])),
                     "single_article": single,
                     "resampling": "units only" if single else "articles, then units"})
    return rows


def bootstrap_outlets(units: pd.DataFrame, measures: dict[str, Measure], *,
                      n_boot: int = 1000, ci: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Per outlet and measure: the ratio estimate with a percentile bootstrap interval.

    ``units`` has one row per unit (a sentence or a claim) with ``outlet`` and
    ``article_id`` columns and the measure columns. Each replicate resamples articles
    within the outlet and then units within each drawn article (a two-stage cluster
    bootstrap; Davison & Hinkley 1997, sec. 3.8). Outlets with a single article resample
    units only and are marked ``single_article=True``: their interval says how stable the
    number is within that one article, not how the outlet writes in general. Deterministic
    for a given ``seed`` (each outlet draws from its own stream, so adding an outlet does
    not change the others' intervals); outlets in name order.
    """
    if not 0 < ci < 1:
        raise ValueError("ci must be between 0 and 1")
    rows: list[dict] = []
    for outlet, part in sorted(units.groupby("outlet", sort=False), key=lambda t: str(t[0])):
        rows.extend(_outlet_rows(outlet, part, measures, n_boot, ci, seed))
    cols = ["outlet", "measure", "estimate", "ci_low", "ci_high", "n_articles", "n_units",
            "numerator", "denominator", "single_article", "resampling"]
    return pd.DataFrame(rows, columns=cols)


#: The sentence-level measures of ``outlet_summary``: name -> (numerator, denominator,
#: scale) over ``features.sentence_table`` columns. Rates are pooled over the outlet's text.
SENTENCE_MEASURES: dict[str, Measure] = {
    "hedges_per_100w": ("hedges", "words", 100.0),
    "hedges_narrator_per_100w": ("hedges_narrator", "words", 100.0),
    "boosters_per_100w": ("boosters", "words", 100.0),
    "hedged_sentence_share": ("hedged", "sentences", 1.0),
    "attributions_per_100w": ("attributions", "words", 100.0),
    "quoted_word_share": ("quoted_words", "words", 1.0),
}


def outlet_summary(sentences: pd.DataFrame, measures: dict[str, Measure] | None = None, *,
                   corpus: pd.DataFrame | None = None, n_boot: int = 1000, ci: float = 0.95,
                   seed: int = 0) -> pd.DataFrame:
    """Each outlet's estimates with bootstrap intervals (see ``bootstrap_outlets``).

    ``sentences`` is ``features.sentence_table(corpus)``; ``measures`` defaults to the
    ``SENTENCE_MEASURES`` whose columns exist. The estimate pools the outlet's sentences
    (e.g. hedges per 100 words of all its text); the interval resamples articles within
    the outlet and sentences within articles. ``marker`` is "single article" where the
    outlet has one article (its interval comes from sentence resampling only). Outlets of
    ``corpus`` with no usable sentence get a row with NaN and marker "no usable text".
    """
    measures = measures or {k: v for k, v in SENTENCE_MEASURES.items()
                            if v[0] in sentences and v[1] in sentences}
    out = bootstrap_outlets(sentences, measures, n_boot=n_boot, ci=ci, seed=seed)
    out["marker"] = np.where(out["single_article"], "single article", "")
    if corpus is not None:
        missing = sorted(set(corpus["outlet"].dropna().astype(str)) - set(out["outlet"]))
        extra = pd.DataFrame([{"outlet": o, "measure": m, "n_articles": 0, "n_units": 0,
                               "single_article": False, "marker": "no usable text"}
                              for o in missing for m in measures])
        out = pd.concat([out, extra], ignore_index=True) if len(extra) else out
    return out.sort_values(["measure", "outlet"]).reset_index(drop=True)


def summary_wide(summary: pd.DataFrame, *, column: str = "measure", digits: int = 2
                 ) -> pd.DataFrame:
    """One row per outlet, one "estimate [low, high]" column per measure (or per
    indicator: ``column="indicator"``), plus the number of articles and the single-article
    marker: a display table that never shows an estimate without its interval."""
    def cell(r) -> str:
        if pd.isna(r.estimate):
            return "n/a"
        return f"{r.estimate:.{digits}f} [{r.ci_low:.{digits}f}, {r.ci_high:.{digits}f}]"

    s = summary.assign(cell=[cell(r) for r in summary.itertuples()])
    wide = s.pivot(index="outlet", columns=column, values="cell")
    meta = s.groupby("outlet").agg(articles=("n_articles", "max"), marker=("marker", "first"))
    return meta.join(wide).sort_index()


# ============================================================================ claims across outlets


def _peer_matrix(part: pd.DataFrame, copied: np.ndarray, similarity: pd.DataFrame | None,
                 min_similarity: float) -> np.ndarray:
    """Boolean (claims x claims): column claim is a peer of row claim (see crosscheck)."""
    outlets = part["outlet"].astype(str).to_numpy()
    peer = (outlets[:, None] != outlets[None, :]) & ~copied[None, :]
    if similarity is not None:
        ids = part["article_id"].astype(str)
        known = ids.isin(similarity.index).to_numpy()
        sim = similarity.reindex(index=ids, columns=ids).to_numpy(float)
        peer &= (np.nan_to_num(sim) >= min_similarity) & known[:, None] & known[None, :]
    return peer


def _fmt_value(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.6g}"


def crosscheck_claims(claims: pd.DataFrame, *, similarity: pd.DataFrame | None = None,
                      min_similarity: float = 0.2,
                      kinds: tuple[str, ...] = ("people", "vote", "money", "percent")
                      ) -> pd.DataFrame:
    """Line each claim up against other outlets' claims with the same key.

    Only claims of ``kinds`` are kept; a claim is ``checkable`` when its key names what is
    counted (a vote tally, or a counted noun: "people: troops", not a bare "percent"). A
    *peer* is a checkable claim with the same key in another outlet's article on the same
    story (article TF-IDF cosine >= ``min_similarity`` in ``similarity``, when given) that
    is not itself copied text (``copied`` column, when present: a copy is not an
    independent report). Adds ``peers``, ``corroborated`` (a peer gives the same value;
    votes also the same "against"), ``contested`` (a peer gives another value),
    ``corroborated_by`` (outlets) and ``other_values``.
    """
    c = claims[claims["kind"].isin(kinds)].reset_index(drop=True).copy()
    n = len(c)
    c["checkable"] = c["key"].fillna("").str.contains(": ", regex=False)
    peers, corr, cont = np.zeros(n, int), np.zeros(n, bool), np.zeros(n, bool)
    by, others = [""] * n, [""] * n
    copied = c["copied"].to_numpy(bool) if "copied" in c else np.zeros(n, bool)
    for _, idx in c[c["checkable"]].groupby("key").indices.items():
        idx = c.index[c["checkable"]][idx].to_numpy()
        part = c.iloc[idx]
        peer = _peer_matrix(part, copied[idx], similarity, min_similarity)
        values = part["value"].to_numpy(float)
        against = part["against"].to_numpy(float)
        same = np.isclose(values[:, None], values[None, :]) & np.isclose(
            against[:, None], against[None, :], equal_nan=True)
        agree, differ = peer & same, peer & ~same
        peers[idx], corr[idx], cont[idx] = peer.sum(1), agree.any(1), differ.any(1)
        outlets = part["outlet"].astype(str).to_numpy()
        for row in np.flatnonzero(agree.any(1) | differ.any(1)):
            by[idx[row]] = "; ".join(sorted(set(outlets[agree[row]])))
            others[idx[row]] = "; ".join(_fmt_value(v) for v in np.unique(values[differ[row]]))
    return c.assign(peers=peers, corroborated=corr, contested=cont, corroborated_by=by,
                    other_values=others)


def story_groups(corpus: pd.DataFrame, similarity: pd.DataFrame | None = None, *,
                 min_similarity: float = 0.2, max_days: int = 31) -> pd.Series:
    """Which story each usable article belongs to: ``article_id`` -> story label.

    Two articles are on one story when they share vocabulary (article TF-IDF cosine at
    least ``min_similarity`` in ``similarity``, the ``similarity_matrix`` by article; the
    names, places and numbers a story repeats weigh most) and were published at most
    ``max_days`` apart (an undated article is not held apart by its date); stories are the
    connected groups of such pairs. Where the corpus has a ``topic`` column, only articles
    of one topic are joined, and the label starts with the topic. Without ``similarity``
    every article of a topic (or of the corpus) is one story. Labels are "story 1",
    "story 2", ... (or "<topic> · story 1"), numbered from the story with most articles,
    followed by the dates the story's articles span ("story 1, 2024-10-14 to 2024-11-09");
    a story of one article keeps its number too, so it is never lined up with another.
    """
    df = corpus[corpus["status"].isin(["ok", "cp1252", "missing-metadata", "html"])] \
        if "status" in corpus else corpus
    ids = df["article_id"].astype(str).tolist()
    topics = (df["topic"].fillna("(no topic)").astype(str).tolist() if "topic" in df
              and df["topic"].notna().any() else [""] * len(ids))
    dates = pd.to_datetime(df["published"], errors="coerce").tolist() \
        if "published" in df else [pd.NaT] * len(ids)
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sim = None
    if similarity is not None:
        sim = similarity.reindex(index=ids, columns=ids).to_numpy(float)
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if topics[i] != topics[j]:
                continue
            if sim is not None and not np.nan_to_num(sim[i, j]) >= min_similarity:
                continue
            if not (pd.isna(dates[i]) or pd.isna(dates[j])) and \
                    abs((dates[i] - dates[j]).days) > max_days:
                continue
            parent[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(len(ids)):
        members.setdefault(find(i), []).append(i)
    labels: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for group in sorted(members.values(), key=lambda m: (topics[m[0]], -len(m),
                                                        min(ids[k] for k in m))):
        topic = topics[group[0]]
        numbers[topic] = numbers.get(topic, 0) + 1
        label = f"{topic} · story {numbers[topic]}" if topic else f"story {numbers[topic]}"
        dated = sorted(dates[k] for k in group if not pd.isna(dates[k]))
        if dated:
            first, last = f"{dated[0]:%Y-%m-%d}", f"{dated[-1]:%Y-%m-%d}"
            label += f", {first}" if first == last else f", {first} to {last}"
        labels.update({ids[k]: label for k in group})
    return pd.Series(labels, name="story", dtype=object).rename_axis("article_id")


def lineup_candidates(claims: pd.DataFrame, stories: pd.Series | None = None, *,
                      min_outlets: int = 2) -> pd.DataFrame:
    """Claim keys per story that at least ``min_outlets`` outlets report: columns story,
    key, outlets, claims, most outlets first (then claims, story, key). Only checkable
    claims count. ``stories``: ``story_groups`` (without it, each key is one story, "all
    articles"). Empty when no story has a quantity that several outlets report."""
    part = claims[claims["checkable"]] if "checkable" in claims else claims
    story = part["article_id"].astype(str).map(stories) if stories is not None else None
    part = part.assign(story=story.fillna("(unassigned)") if story is not None
                       else "all articles")
    table = part.groupby(["story", "key"]).agg(outlets=("outlet", "nunique"),
                                                claims=("value", "size")).reset_index()
    table = table[table["outlets"] >= min_outlets]
    return table.sort_values(["outlets", "claims", "story", "key"],
                             ascending=[False, False, True, True]).reset_index(drop=True)


def claim_lineup(claims: pd.DataFrame, key: str, story: str | None = None,
                 stories: pd.Series | None = None) -> pd.DataFrame:
    """Who reports which number for one claim key, attributed to whom, how hedged: one row
    per claim, largest value first, then outlet. With ``story`` and ``stories``
    (``story_groups``), only the claims of articles on that story: numbers from unrelated
    stories that happen to share a key are never lined up together."""
    cols = ["outlet", "article_id", "text", "value", "source", "source_type", "hedges",
            "approximate", "in_quote", "sentence"]
    part = claims[claims["key"] == key]
    if story is not None and stories is not None:
        part = part[part["article_id"].astype(str).map(stories) == story]
    extra = [c for c in ("copied_from", "corroborated_by") if c in part]
    return part[cols + extra].sort_values(["value", "outlet", "article_id"],
                                          ascending=[False, True, True]).reset_index(drop=True)


def claims_matrix(claims: pd.DataFrame, *, min_outlets: int = 2, top: int = 15,
                  max_outlets: int | None = 12, max_values: int = 4) -> pd.DataFrame:
    """Claim keys x outlets: the values each outlet gives for each key reported by at least
    ``min_outlets`` outlets (the ``top`` keys by outlet count, then claims, then name;
    the ``max_outlets`` outlets with most claims on those keys, in name order; at most
    ``max_values`` distinct values per cell, largest first)."""
    counts = claims.groupby("key").agg(outlets=("outlet", "nunique"), claims=("value", "size"))
    keep = counts[counts["outlets"] >= min_outlets].reset_index() \
        .sort_values(["outlets", "claims", "key"], ascending=[False, False, True]).head(top)
    part = claims[claims["key"].isin(keep["key"])]
    if part.empty:
        return pd.DataFrame(index=pd.Index([], name="key"), dtype=object)

    def cell(v) -> str:
        values = sorted(set(v), reverse=True)
        more = f" (+{len(values) - max_values} more)" if len(values) > max_values else ""
        return "; ".join(_fmt_value(x) for x in values[:max_values]) + more

    cells = part.groupby(["key", "outlet"])["value"].agg(cell)
    matrix = cells.unstack("outlet").reindex(keep["key"]).fillna("")
    busy = part.groupby("outlet").size()
    cols = sorted(busy.index, key=lambda o: (-busy[o], str(o)))[:max_outlets]
    return matrix.reindex(columns=sorted(cols, key=str))


# ============================================================================ reliability

#: Reliability indicators: name -> (unit, numerator, denominator, scale, definition). Each
#: is shown on its own with its interval and evidence; no composite score is computed.
INDICATORS: dict[str, tuple[str, str, str, float, str]] = {
    "attributed_sentence_share": (
        "sentences", "attributed", "sentences", 1.0,
        "share of sentences with at least one attribution (said, according to ...)"),
    "named_source_share": (
        "sentences", "named_sources", "attributions", 1.0,
        "share of attributions whose source is named or identifiable (person, role, "
        "government, organization, media, document)"),
    "anonymous_source_share": (
        "sentences", "anonymous_sources", "attributions", 1.0,
        "share of attributions to anonymous or unidentified sources"),
    "unverified_per_100_sentences": (
        "sentences", "hedge_unverified", "sentences", 100.0,
        "unverified-claim language per 100 sentences ('could not be verified', "
        "'not confirmed')"),
    "verified_per_100_sentences": (
        "sentences", "verified", "sentences", 100.0,
        "affirmative verification per 100 sentences ('confirmed by', 'verified')"),
    "contested_claims_hedged_share": (
        "claims", "contested_hedged", "contested", 1.0,
        "share of the outlet's contested numeric claims (another outlet gives another "
        "value) whose sentence carries a hedge or an unnamed evidential source"),
    "corroborated_claims_share": (
        "claims", "corroborated", "checkable", 1.0,
        "share of the outlet's numeric claims whose key and value also appear in another "
        "outlet's article on the same story (copied text excluded)"),
}


def reliability_indicators(sentences: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                           n_boot: int = 1000, ci: float = 0.95, seed: int = 0
                           ) -> pd.DataFrame:
    """Per outlet and indicator (``INDICATORS``): estimate, bootstrap interval, evidence.

    ``sentences``: ``features.sentence_table``; ``claims``: ``crosscheck_claims`` output
    (optional; claim indicators resample claims within articles and articles within the
    outlet). Direction: each indicator's definition says what it counts; more is not
    "better" by itself. ``evidence`` spells out the count behind the estimate.
    """
    units = {"sentences": sentences}
    if claims is not None and len(claims):
        units["claims"] = claims.assign(
            contested=claims["contested"].astype(float),
            checkable=claims["checkable"].astype(float),
            corroborated=claims["corroborated"].astype(float),
            contested_hedged=(claims["contested"] & claims["hedged"]).astype(float))
    frames = []
    for unit, table in units.items():
        measures = {k: v[1:4] for k, v in INDICATORS.items()
                    if v[0] == unit and v[1] in table and v[2] in table}
        if not measures:
            continue
        res = bootstrap_outlets(table, measures, n_boot=n_boot, ci=ci, seed=seed)
        res["evidence"] = [f"{r.numerator:g} of {r.denominator:g} "
                           f"{INDICATORS[r.measure][2].replace('_', ' ')}"
                           for r in res.itertuples()]
        frames.append(res)
    if not frames:
        return pd.DataFrame(columns=["outlet", "indicator", "estimate", "ci_low", "ci_high",
                                     "n_articles", "n_units", "numerator", "denominator",
                                     "single_article", "resampling", "evidence",
                                     "definition", "marker"])
    out = pd.concat(frames, ignore_index=True).rename(columns={"measure": "indicator"})
    out["definition"] = out["indicator"].map(lambda k: INDICATORS[k][4])
    out["marker"] = np.where(out["single_article"], "single article", "")
    return out.sort_values(["indicator", "outlet"]).reset_index(drop=True)


# ============================================================================ outlet map


def outlet_map(features: pd.DataFrame, *, n_components: int = 2, min_articles: int = 1,
               top: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """PCA of outlets' mean feature vectors (each feature standardised first).

    Returns ``(coords, loadings, explained_variance_ratio)``: coords has outlet,
    n_articles and PC1..PCn; loadings has one row per feature. Features that are constant
    or missing everywhere are dropped; remaining gaps are filled with the feature's median.
    ``top`` keeps the outlets with most articles. At most (outlets - 1) components; with
    fewer than two outlets the explained ratios are empty and every PC1 is 0. Nearby
    outlets write alike on these features; the axes are combinations of features (see
    loadings), not a bias scale.
    """
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    numeric = features.drop(columns=[c for c in ("outlet", "status") if c in features])
    numeric = numeric.select_dtypes("number")
    grouped = numeric.groupby(features["outlet"].astype(str))
    means = grouped.mean()
    usable = numeric.notna().any(axis=1).groupby(features["outlet"].astype(str)).sum()
    keep = usable[usable >= min_articles].index
    if top is not None:
        keep = sorted(keep, key=lambda o: (-usable[o], o))[:top]
    means = means.loc[sorted(keep)]
    means = means.loc[:, means.notna().any() & (means.nunique() > 1)]
    means = means.fillna(means.median())
    k = min(n_components, len(means) - 1, means.shape[1])
    if k < 1:  # fewer than two outlets or nothing varies: no map, but no error either
        coords = pd.DataFrame({"outlet": means.index, "PC1": 0.0})
        coords.insert(1, "n_articles", usable.loc[means.index].astype(int).to_numpy())
        return coords, pd.DataFrame(columns=["PC1"], dtype=float), np.zeros(0)
    pca = PCA(n_components=k, random_state=0)
    scores = pca.fit_transform(StandardScaler().fit_transform(means))
    # deterministic orientation: each component's largest loading is positive
    big = pca.components_[np.arange(k), np.abs(pca.components_).argmax(axis=1)]
    sign = np.where(big < 0, -1.0, 1.0)[None, :]
    coords = pd.DataFrame(scores * sign, index=means.index,
                          columns=[f"PC{i + 1}" for i in range(k)])
    coords.insert(0, "n_articles", usable.loc[means.index].astype(int))
    loadings = pd.DataFrame((pca.components_ * sign.T).T, index=means.columns,
                            columns=coords.columns[1:])
    return coords.reset_index(names="outlet"), loadings, pca.explained_variance_ratio_


# ============================================================================ outside ratings

DATASET_RATING_SOURCE = "AllSides (from the data set)"


def normalise_outlet(name: object) -> str:
    """Outlet name for matching: accents and case folded, a bracketed suffix ("CNN (Web
    News)") and a leading "The" dropped, punctuation removed, spaces collapsed."""
    text = unicodedata.normalize("NFKD", str(name if name is not None else ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = re.sub(r"^\s*the\s+", "", text)
    return " ".join(text.split())


def load_ratings(path: str | Path) -> pd.DataFrame:
    """Read an outlet ratings CSV with columns ``outlet, rating, source`` (e.g. MBFC,
    AllSides or NewsGuard values the user holds). Lines starting with '#' are comments."""
    ratings = pd.read_csv(path, comment="#", dtype=str)
    missing = {"outlet", "rating", "source"} - set(ratings.columns)
    if missing:
        raise ValueError(f"ratings file lacks column(s): {', '.join(sorted(missing))}")
    return ratings[["outlet", "rating", "source"]].dropna(subset=["outlet"])


def ratings_from_corpus(corpus: pd.DataFrame, column: str = "bias_text",
                        source: str = DATASET_RATING_SOURCE) -> pd.DataFrame:
    """Outlet ratings carried in the corpus itself (the AllSides sample's ``bias_text``),
    labelled with ``source``. An outlet with several distinct values keeps them all,
    joined by " / ". Empty when the column is absent."""
    if column not in corpus:
        return pd.DataFrame(columns=["outlet", "rating", "source"])
    part = corpus[["outlet", column]].dropna()
    rated = part.groupby("outlet")[column].agg(lambda v: " / ".join(sorted(set(map(str, v)))))
    return pd.DataFrame({"outlet": rated.index, "rating": rated.to_numpy(), "source": source})


def join_ratings(table: pd.DataFrame, ratings: pd.DataFrame, *, on: str = "outlet"
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Put outside ratings beside a per-outlet table, one column per rating source
    (``rating: <source>``), matched by ``normalise_outlet``. Ratings are side columns:
    nothing is blended into any score. Returns ``(joined, unmatched)`` where ``unmatched``
    lists rating rows whose outlet matched no outlet of ``table``."""
    keys = table[on].map(normalise_outlet)
    r = ratings.assign(_key=ratings["outlet"].map(normalise_outlet))
    joined = table.copy()
    for src, part in r.groupby("source", sort=True):
        values = part.drop_duplicates("_key").set_index("_key")["rating"]
        joined[f"rating: {src}"] = keys.map(values).to_numpy()
    unmatched = r[~r["_key"].isin(set(keys))][["outlet", "rating", "source"]]
    return joined, unmatched.sort_values(["source", "outlet"]).reset_index(drop=True)


def article_labels(corpus: pd.DataFrame, width: int = 6) -> dict[str, str]:
    """article_id -> "Outlet · id-prefix": readable, unique labels for article matrices."""
    return {str(a): f"{o} · {str(a)[:width]}"
            for a, o in zip(corpus["article_id"], corpus["outlet"], strict=True)}
