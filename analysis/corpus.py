"""Load and validate corpora: one row per article, every input row accounted for.

Inputs
------
* ``None``: the seed corpus (``data/raw/`` + ``data/articles.csv``).
* a folder of ``.txt`` / ``.html`` files, described by an ``articles.csv`` in that folder
  (columns ``article_id, file, outlet`` and optionally ``kind, headline, published, author,
  url, country, language``). Files the CSV does not list are loaded too, with status
  ``missing-metadata``; listed files that do not exist get status ``missing-file``.
* a ``.csv``, ``.jsonl`` (or ``.json`` lines) or ``.parquet`` file with a text column and an
  outlet column (recognised names in ``TEXT_COLUMNS`` / ``OUTLET_COLUMNS``, or given
  explicitly). Extra columns (for example an outlet rating) are kept.

Every input row comes out with a ``status`` (see ``STATUSES``) and a human-readable
``status_detail``. Rows are never dropped; rows whose text cannot be used keep an empty
``body``. ``usable(df)`` selects the rows the extractors should see.
"""
from __future__ import annotations

import json
import logging
import math
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths

COLUMNS = ["article_id", "outlet", "headline", "published", "author", "url", "kind",
           "country", "language", "file", "raw_text", "body", "status", "status_detail"]

STATUSES = {
    "ok": "loaded and cleaned",
    "cp1252": "not valid UTF-8; decoded as Windows-1252 (check the characters)",
    "html": "HTML where plain text was expected; main text extracted with trafilatura",
    "missing-metadata": "text loaded, but the outlet is unknown",
    "empty": "no text (empty file, empty field or only whitespace)",
    "binary": "binary data, not text",
    "decode-error": "neither UTF-8 nor Windows-1252",
    "too-large": "larger than the max_bytes limit; not processed",
    "duplicate-id": "an earlier row has the same article_id; kept under a suffixed id",
    "missing-file": "listed in articles.csv but the file does not exist",
    "parse-error": "the input line or row could not be parsed",
    "no-body": "text loaded, but nothing was left after boilerplate removal",
}
USABLE_STATUSES = frozenset({"ok", "cp1252", "html", "missing-metadata"})

TEXT_COLUMNS = ("body", "text", "content_original", "content", "article_text", "article",
                "raw_text", "full_text", "maintext")
OUTLET_COLUMNS = ("outlet", "source", "publication", "publisher", "media_outlet", "site",
                  "domain", "source_name")
FIELD_ALIASES = {
    "article_id": ("article_id", "id", "ID", "uuid", "doc_id"),
    "headline": ("headline", "title"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate",
                  "date_publish", "publication_date"),
    "author": ("author", "authors", "byline"),
    "url": ("url", "link", "source_url"),
    "kind": ("kind",),
    "country": ("country",),
    "language": ("language", "lang"),
}
MAX_BYTES = 10_000_000
_HTML_RE = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p|article|script|meta)\b",
                      re.IGNORECASE)


class CorpusError(ValueError):
    """The input as a whole cannot be read (not a single row of it)."""


class CorpusWarning(UserWarning):
    """Some rows were loaded with a non-ok status."""


def usable_mask(df: pd.DataFrame, *, nonblank: bool = True) -> np.ndarray:
    """True for the rows whose body the extractors should analyse: a usable ``status`` (any
    status when the frame has no such column) and a body that is a non-blank string (when
    the frame has a ``body`` column; ``nonblank=False`` keeps blank bodies, for tables with
    one row per article)."""
    ok = (df["status"].isin(USABLE_STATUSES).to_numpy(dtype=bool) if "status" in df.columns
          else np.ones(len(df), dtype=bool))
    if "body" not in df.columns or not nonblank:
        return ok
    text = np.fromiter((isinstance(b, str) and not b.isspace() and b != "" for b in df["body"]),
                       dtype=bool, count=len(df))
    return ok & text


def usable(df: pd.DataFrame, *, nonblank: bool = True) -> pd.DataFrame:
    """The rows whose body the extractors should analyse (see ``usable_mask``)."""
    return df[usable_mask(df, nonblank=nonblank)]


# --- decoding -------------------------------------------------------------------------------

def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes, or many control bytes in the first 8 KB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > max(8, len(head) // 50)


def decode_bytes(data: bytes) -> tuple[str, str, str]:
    """Decode file bytes: UTF-8 (with or without BOM), then Windows-1252.

    Returns ``(text, status, detail)``; ``status`` is ``ok``, ``cp1252``, ``empty``,
    ``binary`` or ``decode-error`` (text is ``""`` for the last three).
    """
    if not data.strip():
        return "", "empty", "the file is empty or holds only whitespace"
    if looks_binary(data):
        return "", "binary", f"binary data ({len(data):,} bytes), not text"
    try:
        return data.decode("utf-8-sig"), "ok", ""
    except UnicodeDecodeError as err:
        where = err.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return "", "decode-error", f"invalid UTF-8 at byte {where} and not Windows-1252 either"
    return text, "cp1252", f"invalid UTF-8 at byte {where}; decoded as Windows-1252"


def looks_like_html(text: str) -> bool:
    """True when a text is an HTML document or fragment rather than plain text."""
    head = text[:5000]
    return bool(_HTML_RE.search(head)) and head.count("<") >= 3


def html_to_text(html: str) -> tuple[str, dict]:
    """Main text and metadata of an HTML page with trafilatura (the field-standard extractor).

    Returns ``(text, meta)`` with paragraphs separated by blank lines and ``meta`` holding
    ``headline``, ``author``, ``published`` and ``url`` where the page gives them. A fragment
    too small for trafilatura's main-content model falls back to the text of its paragraphs
    (scripts and styles removed).
    """
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=True) or ""
    if not text.strip():
        text = _html_fallback_text(html)
    meta = {}
    try:
        doc = trafilatura.extract_metadata(html)
    except (ValueError, TypeError, AttributeError):  # malformed pages; metadata is optional
        doc = None
    if doc is not None:
        meta = {"headline": doc.title, "author": doc.author, "published": doc.date,
                "url": doc.url}
    text = re.sub(r"\n(?=\S)", "\n\n", text.strip())
    return text, {k: v for k, v in meta.items() if v}


def _html_fallback_text(html: str) -> str:
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    blocks = root.xpath("//p|//h1|//h2|//h3|//li|//blockquote") or [root]
    return "\n\n".join(" ".join(b.text_content().split()) for b in blocks
                         if b.text_content().strip())


# --- one record -----------------------------------------------------------------------------

def _blank(value) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return not str(value).strip()


def _iso_date(value) -> str | None:
    """An ISO date (YYYY-MM-DD) from whatever date string a source gives, or None."""
    if _blank(value):
        return None
    try:
        stamp = pd.to_datetime(str(value).strip(), errors="coerce", utc=True, format="mixed")
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


#: Internal keys of a row that is read but not yet finished (see ``iter_corpus(finish=...)``):
#: the cleaning still to do, the "not listed" note of a folder page, and the id a duplicate
#: row repeats. ``_finish`` applies them in this order and removes them.
PENDING = "_pending"
UNLISTED = "_unlisted"
DUPLICATE_OF = "_duplicate_of"
PENDING_COLUMNS = (PENDING, UNLISTED, DUPLICATE_OF)


def _record(meta: dict, text: str, status: str, detail: str, *, clean: bool,
            from_page: bool = True) -> dict:
    """Start one article row from its metadata and decoded text; the costly part (HTML
    extraction, boilerplate removal) is left to :func:`_finish` (key ``PENDING``).

    ``from_page`` is False for text from a table (an already extracted body): there, a text too
    short for the cleaner's rules is kept as given instead of becoming ``no-body``."""
    row = {c: None for c in COLUMNS}
    row.update({k: (None if _blank(v) else v) for k, v in meta.items()})
    row["raw_text"], row["body"], row["status"], row["status_detail"] = text, "", status, detail
    row[PENDING] = (clean, from_page) if status in USABLE_STATUSES else None
    return row


def _finish(row: dict) -> dict:
    """Finish a row in place: clean it (if pending), then add the "not listed" note and the
    duplicate-id status, which depend on the status after cleaning. Idempotent."""
    pending, unlisted, duplicate_of = (row.pop(k, None) for k in PENDING_COLUMNS)
    if isinstance(pending, tuple):
        _clean_row(row, *pending)
    if unlisted is True and row["status"] in USABLE_STATUSES:
        row["status_detail"] = _join(row["status_detail"], "not listed in articles.csv")
    if isinstance(duplicate_of, str):
        row["status_detail"] = _join(f"article_id {duplicate_of!r} already used by an earlier "
                                     f"row (was status {row['status']})", row["status_detail"])
        row["status"] = "duplicate-id"
    return row


def _clean_row(row: dict, clean: bool, from_page: bool) -> None:
    """HTML extraction, boilerplate removal, metadata from the page and the statuses that
    follow from the result (``html``, ``no-body``, ``empty``, ``missing-metadata``)."""
    text, detail = row["raw_text"], row["status_detail"]
    found = {}
    html = looks_like_html(text)
    if html:
        suffix = str(row.get("file") or "").lower()
        if not suffix.endswith((".html", ".htm")):
            row["status"] = "html"
            row["status_detail"] = _join(detail, STATUSES["html"])
        text, found = html_to_text(text)
    if clean:
        from .clean import clean_page

        cleaned = clean_page(text)
        body = cleaned.body
        found = {"headline": cleaned.headline, "author": cleaned.byline,
                 "published": cleaned.published, **{k: v for k, v in found.items() if v}}
    else:
        body = text.strip()
    for key, value in found.items():
        if _blank(row.get(key)) and not _blank(value):
            row[key] = value
    if clean and not body.strip() and text.strip() and not from_page and not html:
        body = text.strip()
        row["status_detail"] = _join(row["status_detail"], "too short for the cleaner's rules; "
                                     "text kept as given")
    row["body"] = body
    if not body.strip():
        row["status"] = "no-body" if text.strip() else "empty"
        row["status_detail"] = _join(row["status_detail"], STATUSES[row["status"]])
    elif _blank(row.get("outlet")):
        row["outlet"] = "unknown"
        if row["status"] == "ok":
            row["status"] = "missing-metadata"
        row["status_detail"] = _join(row["status_detail"],
                                     "no outlet given; outlet set to 'unknown'")
    row["published"] = _iso_date(row.get("published"))


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _bad_row(meta: dict, status: str, detail: str) -> dict:
    row = {c: None for c in COLUMNS}
    row.update({k: (None if _blank(v) else v) for k, v in meta.items()})
    row.update(raw_text="", body="", status=status, status_detail=detail)
    return row


# --- folder of pages ------------------------------------------------------------------------

def _read_metadata(csv: Path) -> list[dict]:
    if not csv.exists():
        return []
    try:
        meta = pd.read_csv(csv, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise CorpusError(f"cannot read {csv.name}: {err}") from None
    if "file" not in meta.columns and "article_id" not in meta.columns:
        raise CorpusError(f"{csv.name} needs a 'file' or 'article_id' column; it has "
                          f"{', '.join(meta.columns)}")
    return meta.to_dict("records")


def _page_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in (".txt", ".html", ".htm"))


def iter_folder(folder: Path, *, metadata: Path | None = None, clean: bool = True,
                max_bytes: int = MAX_BYTES) -> Iterator[dict]:
    """Yield one record per article in a folder of pages described by ``articles.csv``
    (in the folder, or the file given as ``metadata``)."""
    listed = _read_metadata(metadata or folder / "articles.csv")
    files = {p.name: p for p in _page_files(folder)}
    seen_files = set()
    for meta in listed:
        name = meta.get("file") or ""
        if not name:
            stem = meta.get("article_id", "")
            name = next((n for n in files if Path(n).stem == stem), f"{stem}.txt")
            meta["file"] = name
        meta.setdefault("article_id", Path(name).stem)
        if not meta["article_id"]:
            meta["article_id"] = Path(name).stem
        seen_files.add(name)
        yield _load_page(folder / name, meta, clean=clean, max_bytes=max_bytes)
    for name, path in files.items():
        if name not in seen_files:
            meta = {"article_id": path.stem, "file": name}
            row = _load_page(path, meta, clean=clean, max_bytes=max_bytes)
            row[UNLISTED] = True
            yield row


def _load_page(path: Path, meta: dict, *, clean: bool, max_bytes: int) -> dict:
    if not path.is_file():
        return _bad_row(meta, "missing-file", f"{path.name} does not exist")
    size = path.stat().st_size
    if size > max_bytes:
        return _bad_row(meta, "too-large", f"{path.name} is {size:,} bytes (limit {max_bytes:,})")
    text, status, detail = decode_bytes(path.read_bytes())
    return _record(meta, text, status, detail, clean=clean)


# --- tabular files --------------------------------------------------------------------------

def _pick(columns: Iterable[str], wanted: tuple[str, ...], given: str | None,
          role: str) -> str | None:
    cols = list(columns)
    if given is not None:
        if given not in cols:
            raise CorpusError(f"{role} column {given!r} not found; columns are {', '.join(cols)}")
        return given
    lower = {c.lower(): c for c in cols}
    return next((lower[w.lower()] for w in wanted if w.lower() in lower), None)


def resolve_columns(columns: Iterable[str], *, text_column: str | None = None,
                    outlet_column: str | None = None, id_column: str | None = None) -> dict:
    """Map corpus fields to the input's column names (``{field: column}``).

    Raises ``CorpusError`` naming the columns found when there is no text column.
    """
    cols = [str(c) for c in columns]
    text = _pick(cols, TEXT_COLUMNS, text_column, "text")
    if text is None:
        raise CorpusError("no text column found (looked for " + ", ".join(TEXT_COLUMNS)
                          + f"); the columns are {', '.join(cols) or 'none'}; "
                          "pass text_column=...")
    mapping = {"raw_text": text}
    outlet = _pick(cols, OUTLET_COLUMNS, outlet_column, "outlet")
    if outlet is not None:
        mapping["outlet"] = outlet
    for field, aliases in FIELD_ALIASES.items():
        given = id_column if field == "article_id" else None
        col = _pick([c for c in cols if c not in mapping.values()], aliases, given, field)
        if col is not None:
            mapping[field] = col
    return mapping


def _text_status(value, max_bytes: int) -> tuple[str, str, str]:
    if _blank(value):
        return "", "empty", "no text in this row"
    if not isinstance(value, str):
        if isinstance(value, (bytes, bytearray)):
            return decode_bytes(bytes(value))
        value = str(value)
    if len(value) > max_bytes:
        return "", "too-large", f"text of {len(value):,} characters (limit {max_bytes:,})"
    if looks_binary(value[:8192].encode("utf-8", "replace")):
        return "", "binary", "the text field holds binary data"
    return value, "ok", ""


def _table_record(raw: dict, mapping: dict, rownum: int, stem: str, *, clean: bool,
                  max_bytes: int) -> dict:
    meta = {field: raw.get(col) for field, col in mapping.items() if field != "raw_text"}
    if _blank(meta.get("article_id")):
        meta["article_id"] = f"{stem}-{rownum:06d}"
    meta["article_id"] = str(meta["article_id"]).strip()
    if isinstance(meta.get("author"), (list, tuple)):
        meta["author"] = ", ".join(map(str, meta["author"]))
    meta["file"] = f"{stem}#{rownum}"
    text, status, detail = _text_status(raw.get(mapping["raw_text"]), max_bytes)
    row = _record(meta, text, status, detail, clean=clean, from_page=False)
    for col, value in raw.items():
        if col not in mapping.values() and col not in row:
            row[col] = value
    return row


def _iter_jsonl(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    with path.open("rb") as handle:
        for num, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                yield num, None, f"line {num}: {err.__class__.__name__}: {err}"[:300]
                continue
            if isinstance(obj, dict):
                yield num, obj, ""
            else:
                yield num, None, f"line {num}: a JSON {type(obj).__name__}, not an object"


def _iter_csv(path: Path, chunk_size: int) -> Iterator[tuple[int, dict | None, str]]:
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    done = 0
    try:
        for chunk in pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep,
                                 chunksize=chunk_size, encoding_errors="strict"):
            for rec in chunk.to_dict("records"):
                done += 1
                yield done + 1, rec, ""
        return
    except UnicodeDecodeError:
        raise CorpusError(f"{path.name} is not UTF-8; re-save it as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{path.name} is empty") from None
    except pd.errors.ParserError:
        pass
    # A malformed row: re-read with the tolerant parser, record each bad line, and go on
    # after the rows already yielded.
    bad: list[list[str]] = []
    records = pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, engine="python",
                          on_bad_lines=lambda fields: bad.append(fields) and None)
    for num, rec in enumerate(records.to_dict("records")[done:], done + 2):
        yield num, rec, ""
    for fields in bad:
        yield -1, None, f"malformed CSV row with {len(fields)} fields: {str(fields)[:200]}"


def _iter_parquet(path: Path, chunk_size: int) -> Iterator[tuple[int, dict | None, str]]:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises several types for a corrupt file
        raise CorpusError(f"cannot read {path.name} as Parquet: {err}") from None
    num = 0
    for batch in handle.iter_batches(batch_size=chunk_size):
        for rec in batch.to_pylist():
            num += 1
            yield num, rec, ""


def _iter_rows(path: Path, chunk_size: int) -> Iterator[tuple[int, dict | None, str]]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson") or (suffix == ".json" and _is_json_lines(path)):
        return _iter_jsonl(path)
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise CorpusError(f"cannot read {path.name} as JSON: {err}") from None
        if not isinstance(data, list):
            raise CorpusError(f"{path.name}: expected a JSON list of article objects")
        return ((i, r if isinstance(r, dict) else None, "" if isinstance(r, dict) else
                 f"item {i} is not an object") for i, r in enumerate(data, 1))
    if suffix in (".csv", ".tsv"):
        return _iter_csv(path, chunk_size)
    if suffix in (".parquet", ".pq"):
        return _iter_parquet(path, chunk_size)
    raise CorpusError(f"unsupported file type {path.suffix!r}: use a folder of .txt/.html "
                      "pages with articles.csv, or a .csv, .jsonl or .parquet file")


def _is_json_lines(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(64).lstrip()[:1] == b"{"


def iter_table(path: Path, *, text_column: str | None = None, outlet_column: str | None = None,
               id_column: str | None = None, clean: bool = True, max_bytes: int = MAX_BYTES,
               chunk_size: int = 1000) -> Iterator[dict]:
    """Yield one record per row of a CSV, JSONL or Parquet file (streaming)."""
    mapping, n_bad = None, 0
    for num, raw, problem in _iter_rows(path, chunk_size):
        if raw is None:
            n_bad += 1
            where = f"line{num:06d}" if num > 0 else f"bad{n_bad:06d}"
            yield _bad_row({"article_id": f"{path.stem}-{where}", "file": f"{path.name}#{num}"},
                           "parse-error", problem)
            continue
        if mapping is None:
            mapping = resolve_columns(raw.keys(), text_column=text_column,
                                      outlet_column=outlet_column, id_column=id_column)
        yield _table_record(raw, mapping, num, path.stem, clean=clean, max_bytes=max_bytes)


# --- the corpus -----------------------------------------------------------------------------

def _dedupe(records: Iterable[dict]) -> Iterator[dict]:
    """Give every row a unique article_id; later rows with a taken id get a suffix and the
    status ``duplicate-id`` (the text is kept, the row is not analysed)."""
    seen: dict[str, int] = {}
    for row in records:
        key = str(row.get("article_id") or "")
        if key in seen:
            seen[key] += 1
            row["article_id"] = f"{key}~{seen[key]}"
            row[DUPLICATE_OF] = key    # status ``duplicate-id`` once the row is finished
        else:
            seen[key] = 1
        yield row


def _source_records(source, **options) -> Iterator[dict]:
    clean, max_bytes = options.pop("clean"), options.pop("max_bytes")
    if source is None:
        return iter_folder(paths.RAW_DIR, metadata=paths.ARTICLES_CSV, clean=clean,
                           max_bytes=max_bytes)
    path = Path(source).expanduser()
    if path.is_dir():
        return iter_folder(path, clean=clean, max_bytes=max_bytes)
    if path.is_file():
        return iter_table(path, clean=clean, max_bytes=max_bytes, **options)
    raise CorpusError(f"no such file or folder: {source}")


def iter_corpus(source: str | Path | None = None, *, chunk_size: int = 1000,
                text_column: str | None = None, outlet_column: str | None = None,
                id_column: str | None = None, clean: bool = True,
                max_bytes: int = MAX_BYTES, finish: bool = True) -> Iterator[pd.DataFrame]:
    """Stream a corpus as DataFrames of at most ``chunk_size`` rows (same columns as
    ``load_corpus``), so that corpora larger than memory can be processed chunk by chunk.

    ``finish=False`` yields the chunks as read, before HTML extraction and boilerplate
    removal (the costly part of loading): ``body`` is empty and the ``PENDING_COLUMNS`` say
    what is left to do; :func:`finish_frame` completes a chunk, in any process, to exactly
    the rows ``finish=True`` gives. The streaming command uses this to clean in its workers.
    """
    records = _dedupe(_source_records(source, text_column=text_column,
                                      outlet_column=outlet_column, id_column=id_column,
                                      clean=clean, max_bytes=max_bytes, chunk_size=chunk_size))
    if finish:
        records = map(_finish, records)
    batch: list[dict] = []
    for row in records:
        batch.append(row)
        if len(batch) >= chunk_size:
            yield _frame(batch)
            batch = []
    if batch:
        yield _frame(batch)


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(rows)
    extra = [c for c in df.columns if c not in COLUMNS]
    return df.reindex(columns=COLUMNS + extra)


def is_pending(chunk: pd.DataFrame) -> bool:
    """True for a chunk from ``iter_corpus(finish=False)`` not yet passed to ``finish_frame``."""
    return PENDING in chunk.columns


def finish_frame(chunk: pd.DataFrame) -> pd.DataFrame:
    """Complete a chunk of ``iter_corpus(finish=False)``: clean every pending row and apply
    the statuses that depend on the result. A finished chunk is returned unchanged. The
    index is kept."""
    if not is_pending(chunk):
        return chunk
    rows = [_finish(row) for row in chunk.to_dict("records")]
    return _frame(rows).set_axis(chunk.index)


def load_corpus(source: str | Path | None = None, *, text_column: str | None = None,
                outlet_column: str | None = None, id_column: str | None = None,
                clean: bool = True, max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """Load a corpus: one row per input article, with its cleaned ``body`` and a ``status``.

    ``source`` is None (the seed corpus), a folder of ``.txt``/``.html`` pages with an
    ``articles.csv``, or a ``.csv``/``.jsonl``/``.parquet`` file (see the module docstring).
    Column names are recognised automatically or given with ``text_column``,
    ``outlet_column`` and ``id_column``. ``clean=False`` keeps the text as given (use it for
    bodies that are already clean). Inputs over ``max_bytes`` get status ``too-large``.

    Nothing is dropped: rows that cannot be analysed keep a status saying why (``STATUSES``)
    and an empty body; ``usable(df)`` selects the rest. Raises ``CorpusError`` only when the
    input as a whole cannot be read.
    """
    chunks = list(iter_corpus(source, chunk_size=10_000, text_column=text_column,
                              outlet_column=outlet_column, id_column=id_column, clean=clean,
                              max_bytes=max_bytes))
    if not chunks:
        df = pd.DataFrame(columns=COLUMNS)
    else:
        df = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    n_cp = int((df["status"] == "cp1252").sum())
    if n_cp:
        warnings.warn(f"{n_cp} article(s) were not valid UTF-8 and were decoded as "
                      "Windows-1252; see status_detail", CorpusWarning, stacklevel=2)
    return df


def status_counts(df: pd.DataFrame) -> pd.DataFrame:
    """How many rows have each status, with what the status means."""
    counts = df["status"].value_counts().rename_axis("status").reset_index(name="articles")
    counts["meaning"] = counts["status"].map(STATUSES)
    return counts.sort_values(["articles", "status"], ascending=[False, True],
                              ignore_index=True)


def overview(df: pd.DataFrame) -> pd.DataFrame:
    """One row per article: outlet, kind, date, status, and words before and after cleaning.

    ``words_raw`` counts the page as given, ``words_body`` the cleaned body (the text every
    feature is computed on); ``removed_share`` is the share of the page's words removed as
    page chrome (higher = more chrome).
    """
    from .text import count_words

    out = df[["article_id", "outlet", "kind", "published", "status"]].copy()
    out["words_raw"] = df["raw_text"].fillna("").map(count_words).astype(int)
    out["words_body"] = df["body"].fillna("").map(count_words).astype(int)
    raw = out["words_raw"].where(out["words_raw"] > 0)
    out["removed_share"] = (1 - out["words_body"] / raw).round(3)
    return out


def cleaning_audit(df: pd.DataFrame) -> pd.DataFrame:
    """Every line the cleaner removed, per article, with the reason (the cleaning audit).

    Columns: article_id, outlet, line_no (1-based line of the raw page), reason, text.
    """
    from .clean import clean_page

    rows = []
    for row in usable(df).itertuples(index=False):
        rows += [(row.article_id, row.outlet, r.line_no, r.reason, r.text)
                 for r in clean_page(row.raw_text or "").removed]
    audit = pd.DataFrame(rows, columns=["article_id", "outlet", "line_no", "reason", "text"])
    return audit.astype({"article_id": str, "outlet": str, "line_no": int, "reason": str,
                         "text": str})
