"""One feature table: every per-article number, one row per article.

Each extractor module contributes a ``<topic>_features(doc) -> dict[str, float]`` function;
``EXTRACTORS`` lists them (name, "module:function") and ``article_features`` merges their
dicts for one text, after the shared ``text_features`` (words, sentences, quoted share) and
``verification_features`` (explicit confirmation language). ``extract_features`` maps that
pure, module-level function over a corpus (optionally in a process pool) and
``ArticleFeatures`` (:mod:`analysis.estimator`) wraps it as a scikit-learn transformer.

``sentence_table`` gives the same measures one row per sentence, which is what the outlet
bootstrap in ``compare`` resamples.
"""
from __future__ import annotations

import gc
import importlib
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache

from ._lazy import np, pd
from .text import Doc

#: The registry: (name, "module:function") of every per-article feature function. Each
#: function takes a ``Doc`` and returns a flat dict of floats with keys prefixed by its topic.
EXTRACTORS: list[tuple[str, str]] = [
    ("text", "analysis.features:text_features"),
    ("hedging", "analysis.hedging:hedge_features"),
    ("attribution", "analysis.attribution:attribution_features"),
    ("terms", "analysis.terms:term_features"),
    ("readability", "analysis.readability:readability_features"),
    ("verification", "analysis.features:verification_features"),
]
#: Source types (of ``analysis.attribution``) that count as a named, identifiable source.
NAMED_SOURCE_TYPES = frozenset({"person", "role", "government", "organization", "media",
                                "document"})


class ExtractorError(ImportError):
    """A registry entry cannot be resolved: its module does not import (a missing module,
    or one of its own imports failing) or lacks the function. Raised, never skipped: a
    broken extractor must not silently drop its feature columns."""


@cache
def extractor(spec: str) -> Callable[[Doc], dict[str, float]]:
    """Resolve ``"module:function"``. Raises ``ExtractorError`` naming the entry and the
    cause when the module cannot be imported, whatever the reason, or has no such
    function."""
    module, _, name = spec.partition(":")
    try:
        found = importlib.import_module(module)
    except Exception as err:  # ImportError, SyntaxError, an error at import time ...
        raise ExtractorError(f"feature extractor {spec!r} cannot be loaded: "
                             f"{type(err).__name__}: {err}") from err
    fn = getattr(found, name, None)
    if not callable(fn):
        raise ExtractorError(f"feature extractor {spec!r}: module {module!r} has no "
                             f"function {name!r}")
    return fn


def active_extractors() -> list[tuple[str, Callable[[Doc], dict[str, float]]]]:
    """Every registry entry, resolved, in registry order (``ExtractorError`` when one
    cannot be resolved)."""
    return [(name, extractor(spec)) for name, spec in EXTRACTORS]


def missing_extractors() -> list[str]:
    """Registry entries that cannot be resolved (a diagnostic: feature extraction raises
    ``ExtractorError`` while any is listed here)."""
    missing = []
    for _, spec in EXTRACTORS:
        try:
            extractor(spec)
        except ExtractorError:
            missing.append(spec)
    return missing


def _rate(count: float, base: float, per: float = 100.0) -> float:
    return per * count / base if base else math.nan


def text_features(doc: Doc) -> dict[str, float]:
    """Size and quotation of a text: words, sentences, words per sentence, and the share of
    words inside direct quotes (0..1; higher = more of the text is sources' own words).
    NaN where undefined (no words)."""
    n_words, n_sent = doc.n_words, len(doc.sentences)
    return {"text_words": float(n_words), "text_sentences": float(n_sent),
            "text_words_per_sentence": n_words / n_sent if n_sent else math.nan,
            "text_quoted_word_share": doc.quoted_word_count / n_words if n_words else math.nan}


# ---------------------------------------------------------------------------- verification

_VERIFIED_WORDS = (
    r"(?:(?:independently|officially|separately)\s+)?"
    r"(?:confirmed|verified|corroborated|authenticated)\b(?:\s+(?:by|that|independently))?"
    r"|(?:confirms|verifies|corroborates)\b")
_VERIFIED_RE = re.compile(rf"\b(?:{_VERIFIED_WORDS})", re.IGNORECASE)
#: :data:`_VERIFIED_RE` for the lower-cased text with the long s and the dotless i folded to
#: ASCII, case-sensitive, after a leading space (:func:`_verified_spans`): the regex consumes
#: the non-word character before a match, a space (which the engine skips to as to a literal)
#: or another one (from a class the engine tests by table before checking ``\W``).
_VERIFIED_LOWER = (re.compile(f" ({_VERIFIED_WORDS})"),
                   re.compile(rf"[^ 0-9_a-z](?<=\W)({_VERIFIED_WORDS})"))
_VERIFY_STEMS = ("confirm", "verif", "corroborat", "authenticat")
_NEGATION_RE = re.compile(r"\b(?:not|n't|never|no|unable|yet to|cannot|failed to|without)\b"
                          r"[\w\s]{0,30}$", re.IGNORECASE)


@dataclass(frozen=True)
class Verification:
    """An explicit statement that something was confirmed ("confirmed by", "verified")."""

    start: int
    end: int
    text: str


def _verified_spans(text: str, lower: str) -> list[tuple[int, int]]:
    """(start, end) of the matches of :data:`_VERIFIED_RE` in ``text``; ``lower`` is
    ``text.lower()``. When lower-casing keeps the length (offsets carry over), the two
    passes of :data:`_VERIFIED_LOWER` run on it and their matches are merged in text order;
    should two of them overlap (one pass matched inside the other's match, where a single
    pass would not have looked), the case-insensitive regex decides."""
    if len(lower) == len(text):
        hay = " " + lower.replace("\u017f", "s").replace("\u0131", "i")  # long s, dotless i
        space, other = _VERIFIED_LOWER
        spans = [(m.start(1) - 1, m.end(1) - 1) for m in space.finditer(hay)]
        more = [(m.start(1) - 1, m.end(1) - 1) for m in other.finditer(hay)]
        if not more:
            return spans
        spans = sorted(spans + more)
        if all(a[1] <= b[0] for a, b in zip(spans, spans[1:])):
            return spans
    return [m.span() for m in _VERIFIED_RE.finditer(text)]


def find_verifications(text: str, _lower: str | None = None) -> list[Verification]:
    """Affirmative verification language: "confirmed by officials", "has verified",
    "independently corroborated". Negated forms ("has not been able to verify", "could not
    be confirmed") are unverified-claim hedges (``analysis.hedging``) and are skipped here,
    as are forms preceded by a negation within the same clause. Never raises. (``_lower``:
    ``text.lower()`` when the caller has it.)"""
    if not isinstance(text, str):
        return []
    lower = text.lower() if _lower is None else _lower
    if not any(stem in lower for stem in _VERIFY_STEMS):
        return []
    out = []
    for start, end in _verified_spans(text, lower):
        before = text[max(0, start - 40):start]
        before = re.split(r"[.;:!?,]", before)[-1]
        if not _NEGATION_RE.search(before):
            out.append(Verification(start, end, text[start:end]))
    return out


def verification_features(doc: Doc) -> dict[str, float]:
    """Explicit verification statements per 100 words and per 100 sentences (more =
    more reporting of what was confirmed). Unverified-claim language is a hedge category
    (``hedge_unverified_*``)."""
    n = len(find_verifications(doc.text, doc.lower))
    return {"verification_per_100w": _rate(n, doc.n_words),
            "verification_per_100s": _rate(n, len(doc.sentences))}


# ---------------------------------------------------------------------------- per article


#: Articles analysed together by :func:`article_features_batch`: each extractor runs over
#: the whole batch before the next one starts, so its code and lexicons stay hot in the CPU
#: caches (about 5-10 % faster than article by article), while only this many ``Doc``s are
#: held in memory at once.
BATCH = 64


def article_features_batch(texts: Sequence[str]) -> list[dict[str, float] | Exception]:
    """:func:`article_features` of each text, computed extractor by extractor over the batch
    (the same values: the extractors are pure). An article whose extractor raises gets the
    exception in its place, and the later extractors skip it; the others are unaffected.

    The cyclic garbage collector is paused while the batch runs (and resumed after it, if it
    was running): the analysis allocates many short-lived containers (spans, tokens, cue
    candidates) that reference counting frees, and the collector's passes over them took
    about 5 % of the feature set's time; the few cycles a batch may create are collected
    after it.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        outs = _batch_values(texts)
    finally:
        if paused:
            gc.enable()
    for out in outs:
        if isinstance(out, dict):
            for k, v in out.items():
                if type(v) is not float:   # ints, NumPy scalars, None from an extractor
                    out[k] = float(v) if v is not None else math.nan
    return outs


def _batch_values(texts: Sequence[str]) -> list[dict[str, float] | Exception]:
    """The merged extractor dicts (or the exception) of each text, extractor by extractor."""
    docs = [Doc(text if isinstance(text, str) else "") for text in texts]
    outs: list[dict[str, float] | Exception] = [{} for _ in docs]
    for _, fn in active_extractors():
        for i, doc in enumerate(docs):
            out = outs[i]
            if isinstance(out, dict):
                try:
                    out.update(fn(doc))
                except Exception as err:  # reported in its place, per article
                    outs[i] = err
    return outs


def article_features(text: str) -> dict[str, float]:
    """All features of one text: the merged dicts of the active ``EXTRACTORS``.

    Pure and module-level, so that a process pool or a Dask engine can map it over
    partitions. Keys are prefixed by topic; rates are per 100 words and per sentence, for
    the whole text and for narrator and quoted text separately (see each module). Its
    ``batch`` attribute (:func:`article_features_batch`) computes many texts at once; the
    streaming command and ``extract_features`` use it.
    """
    out = article_features_batch([text])[0]
    if isinstance(out, Exception):
        raise out
    return out


article_features.batch = article_features_batch  # type: ignore[attr-defined]


@cache
def _probe_names() -> tuple[str, ...]:
    return tuple(article_features("Officials said about 10 troops may have arrived."))


def feature_names() -> list[str]:
    """The feature columns ``article_features`` returns, in order."""
    return list(_probe_names())


def map_texts(fn: Callable, texts: list[str], n_jobs: int, chunksize: int | None) -> list:
    """``[fn(t) for t in texts]``, in a process pool when ``n_jobs > 1`` (same results)."""
    if n_jobs in (-1, 0):
        n_jobs = os.cpu_count() or 1
    if n_jobs <= 1 or len(texts) < 2:
        return [fn(t) for t in texts]
    chunksize = chunksize or max(1, len(texts) // (4 * n_jobs))
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        return list(pool.map(fn, texts, chunksize=chunksize))


def _features_of(texts: list[str], n_jobs: int, chunksize: int | None) -> list[dict]:
    """``[article_features(t) for t in texts]`` in batches of ``BATCH`` (in a process pool
    when ``n_jobs > 1``); the first article whose features raise raises here too."""
    batches = [texts[i:i + BATCH] for i in range(0, len(texts), BATCH)]
    per_batch = max(1, chunksize // BATCH) if chunksize else None
    results = [r for batch in map_texts(article_features_batch, batches, n_jobs, per_batch)
               for r in batch]
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


def _as_corpus(corpus: pd.DataFrame | pd.Series | Iterable[str]) -> pd.DataFrame:
    """A DataFrame with article_id, outlet, status and body from a corpus or plain texts."""
    if isinstance(corpus, pd.DataFrame):
        if "body" not in corpus:
            raise ValueError("the corpus needs a 'body' column (see load_corpus)")
        df = corpus.copy()
    else:
        texts = corpus if isinstance(corpus, pd.Series) else pd.Series(list(corpus))
        df = pd.DataFrame({"article_id": texts.index.astype(str), "body": texts.to_numpy()})
    if "article_id" not in df:
        df["article_id"] = df.index.astype(str)
    if "outlet" not in df:
        df["outlet"] = None
    if "status" not in df:
        df["status"] = "ok"
    return df.reset_index(drop=True)


def extract_features(corpus, *, n_jobs: int = 1, chunksize: int | None = None
                     ) -> pd.DataFrame:
    """The feature table: one row per article, indexed by ``article_id``.

    ``corpus`` is a DataFrame from ``load_corpus`` (column ``body``; ``article_id``,
    ``outlet`` and ``status`` are carried) or any sequence of texts. Rows whose status is
    not usable get NaN features and keep their status; nothing is dropped. ``n_jobs > 1``
    maps ``article_features`` in a process pool (``-1``: all cores) with identical results.
    To leave out text copied from other outlets, pass the corpus through
    ``compare.remove_copied`` first.

    Given a Dask DataFrame (the ``load_corpus`` columns, e.g. ``dd.from_pandas(corpus)``),
    it maps the same per-article function over the partitions on whichever Dask client is
    active and returns a lazy Dask DataFrame with ``article_id`` as a column (no shuffle) and
    ``status_detail``; ``.compute()`` gives this table's rows (see ``stream.features_frame``).
    """
    if type(corpus).__module__.partition(".")[0] == "dask":
        from .stream import extract_features_dask

        return extract_features_dask(corpus)
    from .corpus import usable_mask

    df = _as_corpus(corpus)
    mask = usable_mask(df)
    names = feature_names()
    results = _features_of(df.loc[mask, "body"].tolist(), n_jobs, chunksize)
    rows: list[dict] = [dict.fromkeys(names, math.nan) for _ in range(len(df))]
    for pos, res in zip(np.flatnonzero(mask), results, strict=True):
        rows[pos] = res
    feats = pd.DataFrame(rows, dtype=float)
    feats = feats.reindex(columns=names + [c for c in feats.columns if c not in set(names)])
    out = pd.concat([df[["article_id", "outlet", "status"]], feats], axis=1)
    return out.set_index("article_id")


def __getattr__(name: str):
    """``features.ArticleFeatures`` lives in :mod:`analysis.estimator`, imported on first use
    so that computing features never pays for importing scikit-learn."""
    if name == "ArticleFeatures":
        from .estimator import ArticleFeatures
        return ArticleFeatures
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------- per sentence


def _sentence_of(doc: Doc, starts: Iterable[int]) -> np.ndarray:
    sent_starts = np.array([s.start for s in doc.sentences], dtype=np.int64)
    pos = np.fromiter(starts, dtype=np.int64)
    return np.clip(np.searchsorted(sent_starts, pos, side="right") - 1, 0, None)


def _count_into(table: dict[str, np.ndarray], col: str, idx: np.ndarray, n: int) -> None:
    table[col] = table.get(col, np.zeros(n)) + np.bincount(idx, minlength=n)[:n]


#: The count columns of :func:`sentence_table` beyond the first six, always present (0 where
#: nothing was found).
SENTENCE_COUNTS = sorted(["anonymous_sources", "attributed", "attributions", "boosters",
                          "comment_requests",
                          *(f"hedge_{c}" for c in ("approximator", "conditional", "doxastic",
                                                   "epistemic", "evidential", "investigation",
                                                   "unverified")),
                          "hedged", "hedges", "hedges_narrator", "hedges_quoted",
                          "named_sources", "unsourced", "verified"])


@dataclass(frozen=True)
class Spans:
    """The spans of one text that the sentence table and the claims share."""

    hedges: tuple
    boosters: tuple
    attributions: tuple


@lru_cache(maxsize=4096)
def text_spans(text: str) -> Spans:
    """Hedges, boosters and attributions of ``text``. Cached per text, so that
    ``sentence_table`` and ``claims.claims_table`` on the same corpus find them once."""
    def run(spec: str) -> tuple:
        return tuple(extractor(spec)(text))

    return Spans(run("analysis.hedging:find_hedges"), run("analysis.hedging:find_boosters"),
                 run("analysis.attribution:find_attributions"))


def _spans_by_sentence(doc: Doc, n: int) -> dict[str, np.ndarray]:
    """Per-sentence counts of hedges (by category, narrator/quoted), boosters, attributions
    (named / anonymous / without a source) and affirmative verifications."""
    cols: dict[str, np.ndarray] = {}
    spans = text_spans(doc.text)
    hedges = spans.hedges
    idx = _sentence_of(doc, (h.start for h in hedges))
    _count_into(cols, "hedges", idx, n)
    quoted = np.array([doc.in_quote(h.start) for h in hedges], dtype=bool)
    _count_into(cols, "hedges_quoted", idx[quoted], n)
    for cat in sorted({h.category for h in hedges}):
        keep = np.array([h.category == cat for h in hedges], dtype=bool)
        _count_into(cols, f"hedge_{cat}", idx[keep], n)
    cols.setdefault("hedge_unverified", np.zeros(n))
    _count_into(cols, "boosters", _sentence_of(doc, (b.start for b in spans.boosters)), n)
    _attribution_counts(cols, doc, spans.attributions, n)
    ver = find_verifications(doc.text)
    _count_into(cols, "verified", _sentence_of(doc, (v.start for v in ver)), n)
    return cols


def _attribution_counts(cols: dict, doc: Doc, atts: list, n: int) -> None:
    """Per sentence: attributions, named / anonymous / unsourced ones, and the requests for
    comment the text reports (``comment_requests``: "did not respond to a request for
    comment", "declined to comment"; see ``analysis.attribution.find_comment_requests``)."""
    from .attribution.comments import silent_phrases
    requests = [a for a, _, outcome in silent_phrases(doc.text, doc.lower) if outcome]
    _count_into(cols, "comment_requests", _sentence_of(doc, requests), n)
    idx = _sentence_of(doc, (a.cue_start for a in atts))
    kinds = [a.resolved_type or a.source_type if a.source else None for a in atts]
    _count_into(cols, "attributions", idx, n)
    for col, test in (("named_sources", lambda k: k in NAMED_SOURCE_TYPES),
                      ("anonymous_sources", lambda k: k == "anonymous"),
                      ("unsourced", lambda k: k is None or k == "pronoun")):
        keep = np.array([test(k) for k in kinds], dtype=bool)
        _count_into(cols, col, idx[keep] if len(idx) else idx, n)


def _quoted_mask(doc: Doc, starts: np.ndarray) -> np.ndarray:
    """For each offset in ``starts``: is it inside a quotation (vectorised ``in_quote``)?"""
    if not doc.quotes or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    q_start = np.array([q.start for q in doc.quotes], dtype=np.int64)
    q_end = np.array([q.end for q in doc.quotes], dtype=np.int64)
    i = np.searchsorted(q_start, starts, side="right") - 1
    return (i >= 0) & (starts < q_end[np.clip(i, 0, None)])


def sentence_columns(doc: Doc) -> dict[str, np.ndarray]:
    """Per-sentence columns of an analysed text: index, words, quoted words and the span
    counts of ``_spans_by_sentence``, plus 0/1 flags ``hedged``, ``attributed`` and
    ``sentences`` (always 1, the denominator of per-sentence shares). Empty for no text."""
    n = len(doc.sentences)
    if n == 0:
        return {}
    word_starts = np.array(doc.word_starts, dtype=np.int64)
    sidx = _sentence_of(doc, word_starts)
    words = np.bincount(sidx, minlength=n)[:n].astype(float)
    quoted = np.bincount(sidx[_quoted_mask(doc, word_starts)], minlength=n)[:n].astype(float)
    cols = _spans_by_sentence(doc, n)
    cols.update(sentence_index=np.arange(n), words=words, quoted_words=quoted,
                sentences=np.ones(n))
    if "hedges" in cols:
        cols["hedges_narrator"] = cols["hedges"] - cols["hedges_quoted"]
        cols["hedged"] = (cols["hedges"] > 0).astype(float)
    if "attributions" in cols:
        cols["attributed"] = (cols["attributions"] > 0).astype(float)
    return cols


def article_sentences(text: str) -> dict[str, np.ndarray]:
    """``sentence_columns`` of one text (one array per column, one entry per sentence).
    Pure, module-level: what ``sentence_table`` maps over a corpus."""
    return sentence_columns(Doc(text if isinstance(text, str) else ""))


def sentence_table(corpus, *, n_jobs: int = 1, chunksize: int | None = None) -> pd.DataFrame:
    """One row per sentence of every usable article: article_id, outlet, sentence_index,
    words, quoted_words and per-sentence counts (hedges by category, boosters,
    attributions by source kind, verifications). Missing counts are 0. Used by
    ``compare.outlet_summary`` to resample sentences within articles."""
    from .corpus import usable_mask

    df = _as_corpus(corpus)
    df = df[usable_mask(df)]
    return sentence_frame(df, map_texts(article_sentences, df["body"].tolist(), n_jobs, chunksize))


def sentence_frame(df: pd.DataFrame, results: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """Assemble ``article_sentences`` results (one per row of ``df``) into the table."""
    frames = [pd.DataFrame(cols).assign(article_id=aid, outlet=outlet)
              for aid, outlet, cols in zip(df["article_id"], df["outlet"], results, strict=True)
              if cols]
    first = ["article_id", "outlet", "sentence_index", "words", "quoted_words", "sentences"]
    if not frames:  # the same columns, no rows
        return pd.DataFrame({c: pd.Series(dtype=object if c in first[:2] else
                                          int if c == "sentence_index" else float)
                             for c in first + SENTENCE_COUNTS})
    table = pd.concat(frames, ignore_index=True).fillna(0.0)
    table["sentence_index"] = table["sentence_index"].astype(int)
    for col in SENTENCE_COUNTS:  # a category no sentence has is a column of zeros
        if col not in table:
            table[col] = 0.0
    return table[first + sorted(c for c in table.columns if c not in first)]
