"""Load and validate corpora: one row per article, every input row accounted for.

Inputs
------
* ``None``: the seed corpus (``data/raw/`` + ``data/articles.csv``).
* a folder of ``.txt`` / ``.html`` files, described by an ``articles.csv`` in that folder
  (columns ``article_id, file, outlet`` and optionally ``kind, headline, published, author,
  url, country, language``). Files the CSV does not list are loaded too, with status
  ``missing-metadata``; listed files that do not exist get status ``missing-file``. Only
  regular files inside the folder are ever opened (``outside-corpus``, ``not-a-file``), and
  at most ``max_bytes + 1`` bytes of each are read, whatever size the file reports.
* a ``.csv``, ``.jsonl`` (or ``.json`` lines, or a ``.json`` array up to ``max_bytes``) or
  ``.parquet`` file with a text column and an outlet column (recognised names in
  ``TEXT_COLUMNS`` / ``OUTLET_COLUMNS``, or given explicitly), gzip-compressed or not.
  JSONL columns are resolved row by row; a JSONL line longer than ``max_bytes`` is skipped
  while it is read. Extra columns (for example an outlet rating) are kept.

Every input row comes out with a ``status`` (see ``STATUSES``) and a human-readable
``status_detail``. Rows are never dropped; rows whose text cannot be used keep an empty
``body``. ``usable(df)`` selects the rows the extractors should see.
"""
from __future__ import annotations

import errno
import itertools
import json
import logging
import math
import os
import re
import stat
import warnings
import zlib
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
    "outside-corpus": "the file named in articles.csv is outside the corpus folder (an "
                      "absolute path, '..' or a symlink leading out); never read",
    "not-a-file": "the name in articles.csv is a directory, FIFO, device or other non-file; "
                  "never read",
    "unreadable": "the file exists but could not be read (permission or other OS error)",
    "gzip-compressed": "gzip-compressed data where text was expected",
    "not-text": "the text field holds a number, list or object, not text",
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
GZIP_MAGIC = b"\x1f\x8b"
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
    control = len(head.translate(None, _NOT_CONTROL))  # what is left: the control bytes
    return control > max(8, len(head) // 50)


#: Every byte but the control bytes ``looks_binary`` counts (below 32, except tab, line
#: feed, form feed and carriage return).
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13))


def _utf16(data: bytes) -> str | None:
    """``utf-16`` (with a BOM), ``utf-16-le`` or ``utf-16-be`` when the bytes look like
    UTF-16 text: a byte order mark, or NUL bytes at almost every odd (little-endian) or
    even (big-endian) position and almost none at the others, as Latin-script UTF-16 has."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and data[:4] != b"\xff\xfe\x00\x00":
        return "utf-16"
    head = data[:8192]
    if len(head) < 4:
        return None
    head = head[:len(head) - len(head) % 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd >= 0.6 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.6 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str, str]:
    """Decode file bytes: UTF-16 (with a BOM, or recognised by its NUL bytes), UTF-8 (with
    or without BOM), then Windows-1252.

    Returns ``(text, status, detail)``; ``status`` is ``ok``, ``cp1252``, ``empty``,
    ``gzip-compressed``, ``binary`` or ``decode-error`` (text is ``""`` for the last four).
    """
    if not data.strip():
        return "", "empty", "the file is empty or holds only whitespace"
    if data[:2] == GZIP_MAGIC:
        return "", "gzip-compressed", (f"gzip-compressed data ({len(data):,} bytes); "
                                       "decompress it first")
    utf16 = _utf16(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            text = text.lstrip("\ufeff")
            if not text.strip():
                return "", "empty", "the file holds only whitespace (UTF-16)"
            if not looks_binary(text[:8192].encode("utf-8", "replace")):
                return text, "ok", f"decoded as {utf16.upper()}"
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
    if pd.isna(stamp) or not 1 <= stamp.year <= 9999:
        return None          # "-1" parses as the year -1, which no article was written in
    return f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d}"


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

def _read_metadata(csv: Path, folder: Path | None = None) -> list[dict]:
    """The rows of ``articles.csv``; ``folder``: the corpus folder the file must be a
    regular file inside of (a symlink out of it or a FIFO is refused)."""
    if not os.path.lexists(csv):
        return []
    if folder is not None:
        problem = _outside_or_not_file(folder, csv)
        if problem:
            raise CorpusError(f"cannot read {csv.name}: {problem[1]}")
    try:
        meta = pd.read_csv(csv, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise CorpusError(f"cannot read {csv.name}: {err}") from None
    except OSError as err:
        raise CorpusError(f"cannot read {csv.name}: {err.strerror or err}") from None
    if "file" not in meta.columns and "article_id" not in meta.columns:
        raise CorpusError(f"{csv.name} needs a 'file' or 'article_id' column; it has "
                          f"{', '.join(meta.columns)}")
    return meta.to_dict("records")


PAGE_SUFFIXES = (".txt", ".html", ".htm")


def _page_entries(folder: Path) -> Iterator[str]:
    """Names of the folder's entries with a page suffix that are not directories (regular
    files, and symlinks or special files, which loading then refuses with a status)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if not is_dir and os.path.splitext(entry.name)[1].lower() in PAGE_SUFFIXES:
            yield entry.name


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def _inside(root: str, path: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _outside_or_not_file(folder: Path, path: Path,
                         shown: str | None = None) -> tuple[str, str] | None:
    """``(status, detail)`` when ``path`` may not be read as a page of ``folder``: it
    resolves (symlinks followed) outside the folder (``outside-corpus``), or it is not a
    regular file (``not-a-file``); None when it may be read or does not exist. ``shown``:
    the name as given (default: the file name)."""
    shown = path.name if shown is None else shown
    root = os.path.realpath(folder)
    real = os.path.realpath(path)
    if not _inside(root, real):
        how = "a symlink that leads" if os.path.islink(path) else "a path that leads"
        return "outside-corpus", f"{shown!r} is {how} outside the corpus folder; not read"
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return None
    except OSError as err:
        return "unreadable", f"{shown!r}: {err.strerror or err}"
    if not stat.S_ISREG(mode):
        return "not-a-file", f"{shown!r} is {_kind(mode)}, not a file; not read"
    return None


def _listed_path(folder: Path, name: str) -> tuple[Path | None, tuple[str, str] | None]:
    """The path of a ``file`` named in articles.csv, or the status that refuses it: an
    absolute path or one leading out of the folder is ``outside-corpus`` (never opened)."""
    if "\x00" in name:
        return None, ("not-a-file", f"{name!r} is not a valid file name")
    if os.path.isabs(name) or Path(name).drive or Path(name).anchor:
        return None, ("outside-corpus", f"{name!r} is an absolute path; the files of a corpus "
                      "must be inside its folder; not read")
    path = folder / name
    return path, _outside_or_not_file(folder, path, name)


def iter_folder(folder: Path, *, metadata: Path | None = None, clean: bool = True,
                max_bytes: int = MAX_BYTES) -> Iterator[dict]:
    """Yield one record per article in a folder of pages described by ``articles.csv``
    (in the folder, or the file given as ``metadata``).

    Only regular files inside the folder are read: a listed ``file`` that is an absolute
    path, leads out of the folder (``..``, a symlink) or is not a regular file (a directory,
    a FIFO, a device) gets status ``outside-corpus`` or ``not-a-file`` and is never opened.
    At most ``max_bytes + 1`` bytes of any file are read."""
    listed = _read_metadata(metadata or folder / "articles.csv",
                            None if metadata else folder)
    names = list(_page_entries(folder))
    seen = set()
    for meta in listed:
        name = meta.get("file") or ""
        if not name:
            stem = meta.get("article_id", "")
            name = next((n for n in names if Path(n).stem == stem), f"{stem}.txt")
            meta["file"] = name
        if not meta.get("article_id"):
            meta["article_id"] = Path(name).stem
        path, problem = _listed_path(folder, name)
        if problem is not None:
            yield _bad_row(meta, *problem)
            continue
        seen.add(os.path.realpath(path))
        yield _load_page(path, meta, clean=clean, max_bytes=max_bytes)
    for name in names:
        path = folder / name
        if os.path.realpath(path) in seen:
            continue
        meta = {"article_id": path.stem, "file": name}
        problem = _outside_or_not_file(folder, path)
        if problem is not None:
            row = _bad_row(meta, *problem)
        else:
            row = _load_page(path, meta, clean=clean, max_bytes=max_bytes)
        row[UNLISTED] = True
        yield row


def read_limited(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of the regular file ``path`` (so a longer file is
    seen to be too large whatever size it reports), read a megabyte at a time. The file is
    opened without following a final symlink and without blocking (a FIFO swapped in after
    the checks cannot hang the run) and must still be a regular file once open. Raises
    ``OSError`` for any failure (permission, ``EINVAL``, not a regular file, ...)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks, left = [], max_bytes + 1
        while left > 0:
            data = os.read(fd, min(left, 1 << 20))
            if not data:
                break
            chunks.append(data)
            left -= len(data)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _load_page(path: Path, meta: dict, *, clean: bool, max_bytes: int) -> dict:
    """One page, already checked to be inside the corpus folder (``_outside_or_not_file``):
    read (bounded), decoded and left to clean."""
    name = str(meta.get("file") or path.name)
    if not os.path.lexists(path):
        return _bad_row(meta, "missing-file", f"{name} does not exist")
    real = Path(os.path.realpath(path))
    try:
        size = os.stat(real).st_size
        if size > max_bytes:
            return _bad_row(meta, "too-large", f"{name} is {size:,} bytes (limit {max_bytes:,})")
        data = read_limited(real, max_bytes)
    except OSError as err:
        why = err.strerror or str(err) or type(err).__name__
        code = f"[Errno {err.errno}] " if err.errno else ""
        return _bad_row(meta, "unreadable", f"{name}: {code}{why}")
    if len(data) > max_bytes:  # a file whose reported size is wrong (e.g. 0 in /proc)
        return _bad_row(meta, "too-large", f"{name} holds more than {max_bytes:,} bytes "
                        f"(limit {max_bytes:,}) although its size reads {size:,}")
    text, status, detail = decode_bytes(data)
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
                    outlet_column: str | None = None, id_column: str | None = None,
                    date_column: str | None = None) -> dict:
    """Map corpus fields to the input's column names (``{field: column}``).

    Raises ``CorpusError`` naming the columns found when there is no text column.
    """
    cols = [str(c) for c in columns]
    text = _pick(cols, TEXT_COLUMNS, text_column, "text")
    if text is None:
        raise CorpusError("no text column found (looked for " + ", ".join(TEXT_COLUMNS)
                          + f"); the columns are {', '.join(cols) or 'none'}; "
                          "pass text_column=... (--text-column on the command line)")
    return _other_columns(cols, {"raw_text": text}, outlet_column, id_column, date_column)


def _other_columns(cols: list[str], mapping: dict, outlet_column: str | None,
                   id_column: str | None, date_column: str | None) -> dict:
    """``mapping`` completed with the outlet, id, date and other metadata columns."""
    outlet = _pick(cols, OUTLET_COLUMNS, outlet_column, "outlet")
    if outlet is not None:
        mapping["outlet"] = outlet
    given = {"article_id": id_column, "published": date_column}
    for field, aliases in FIELD_ALIASES.items():
        col = _pick([c for c in cols if c not in mapping.values()], aliases, given.get(field),
                    field)
        if col is not None:
            mapping[field] = col
    return mapping


class _Columns:
    """Column resolution per row: each row's fields are found among the keys it has (a
    JSONL file may name its text ``content`` in one row and ``text`` in the next), keys with
    a null value counting only when nothing else fits. Explicitly named columns must exist
    in the first row. Mappings are cached per key set (bounded)."""

    def __init__(self, options: dict) -> None:
        self.options = options
        self.cache: dict[tuple, dict] = {}
        self.seen_text = False

    def __call__(self, raw: dict) -> dict:
        keys = tuple(raw)
        present = tuple(k for k, v in raw.items() if v is not None)
        key = (keys, present)
        if key not in self.cache:
            if len(self.cache) > 512:
                self.cache.clear()
            self.cache[key] = self._resolve(keys, present)
        return self.cache[key]

    _FIELDS = {"text_column": "raw_text", "outlet_column": "outlet",
               "id_column": "article_id", "date_column": "published"}

    def _resolve(self, keys: tuple, present: tuple) -> dict:
        absent = {role for role, col in self.options.items()
                  if col is not None and col not in keys}
        if absent and not self.seen_text:
            resolve_columns(keys, **self.options)  # raises: the named column is not there
        # after the first row, a named column a row lacks is just missing in that row
        options = {role: (None if role in absent else col)
                   for role, col in self.options.items()}
        error = None
        for cols in (present, keys):
            if "text_column" in absent:
                break
            try:
                mapping = resolve_columns(cols, **options)
            except CorpusError as err:
                error = err
                continue
            self.seen_text = True
            for role in absent:
                mapping.pop(self._FIELDS[role], None)
            return mapping
        if not self.seen_text:
            raise error
        # a row without a text column in a table that has one elsewhere: its other fields
        mapping = _other_columns(list(map(str, keys)), {}, *(
            options[role] for role in ("outlet_column", "id_column", "date_column")))
        for role in absent:
            mapping.pop(self._FIELDS[role], None)
        return mapping


def _text_status(value, max_bytes: int) -> tuple[str, str, str]:
    if _blank(value):
        return "", "empty", "no text in this row"
    if isinstance(value, (bytes, bytearray, memoryview)):
        value = bytes(value)
        if len(value) > max_bytes:
            return "", "too-large", f"text of {len(value):,} bytes (limit {max_bytes:,})"
        return decode_bytes(value)
    if not isinstance(value, str):
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return "", "not-text", f"the text field holds a {type(value).__name__} ({shown}), " \
                               "not text"
    if len(value) > max_bytes:
        return "", "too-large", f"text of {len(value):,} characters (limit {max_bytes:,})"
    if looks_binary(value[:8192].encode("utf-8", "replace")):
        return "", "binary", "the text field holds binary data"
    return value, "ok", ""


def _id_text(value) -> str:
    """An id as text: a whole float (a CSV or Parquet column with gaps) without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _table_record(raw: dict, mapping: dict, rownum: int, path: Path, *, clean: bool,
                  max_bytes: int, encoding: str = "", encoding_detail: str = "") -> dict:
    meta = {field: raw.get(col) for field, col in mapping.items() if field != "raw_text"}
    if _blank(meta.get("article_id")):
        meta["article_id"] = f"{path.stem}-{rownum:06d}"
    meta["article_id"] = _id_text(meta["article_id"])
    if isinstance(meta.get("author"), (list, tuple)):
        meta["author"] = ", ".join(map(str, meta["author"]))
    meta["file"] = f"{path.name}#{rownum}"
    if "raw_text" in mapping:
        text, status, detail = _text_status(raw.get(mapping["raw_text"]), max_bytes)
    else:
        text, status, detail = "", "empty", ("no text column in this row (its fields are "
                                             f"{', '.join(map(str, raw))[:200] or 'none'})")
    if status == "ok" and encoding:
        status, detail = encoding, encoding_detail
    row = _record(meta, text, status, detail, clean=clean, from_page=False)
    used = set(mapping.values())
    for col, value in raw.items():
        if col not in used and col not in row:
            row[col] = value
    return row



def _is_gzip(path: Path) -> bool:
    """Whether the file is gzip data: the magic bytes and a header that decodes (a text file
    whose first line happens to start with the magic bytes is read as text)."""
    with path.open("rb") as handle:
        if handle.read(2) != GZIP_MAGIC:
            return False
    import gzip

    try:
        with gzip.open(path, "rb") as handle:
            handle.read(1)
    except (gzip.BadGzipFile, EOFError, OSError, zlib.error):
        return False
    return True


def _open_binary(path: Path):
    """The file's bytes, gunzipped when it is gzip data (whatever its name says)."""
    if _is_gzip(path):
        import gzip

        return gzip.open(path, "rb")
    return path.open("rb")


def bounded_lines(handle, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, length)`` for each line of a binary file; a line longer than
    ``max_bytes`` (without its line break) is skipped while it is read (``line`` None,
    ``length`` its size), so memory stays within ``max_bytes`` whatever the input."""
    num = 0
    while True:
        line = handle.readline(max_bytes + 2)
        if not line:
            return
        num += 1
        if line.endswith(b"\n"):
            size = len(line) - 1
        elif len(line) <= max_bytes:
            size = len(line)  # the last line, without a line break
        else:
            size = len(line)
            while True:  # skip the rest of the line, a megabyte at a time
                rest = handle.readline(1 << 20)
                if not rest:
                    break
                if rest.endswith(b"\n"):
                    size += len(rest) - 1
                    break
                size += len(rest)
        if size > max_bytes:
            yield num, None, size
        else:
            yield num, line, size


def _iter_jsonl(path: Path, max_bytes: int) -> Iterator[tuple[int, dict | None, str, str]]:
    from gzip import BadGzipFile

    with _open_binary(path) as handle:
        try:
            yield from _jsonl_rows(handle, max_bytes)
        except (BadGzipFile, EOFError, OSError, zlib.error) as err:
            # a truncated or corrupt gzip file, or a read error: the rest cannot be read
            yield -1, None, "parse-error", (f"{path.name}: reading stopped: "
                                            f"{type(err).__name__}: {err}")[:300]


def _jsonl_rows(handle, max_bytes: int) -> Iterator[tuple[int, dict | None, str, str]]:
    for num, line, size in bounded_lines(handle, max_bytes):
        if line is None:
            yield num, None, "too-large", (f"line {num}: {size:,} bytes (limit {max_bytes:,}); "
                                           "skipped unread")
            continue
        if not line.strip():
            continue
        encoding, note = "", ""
        try:
            decoded = line.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            try:
                decoded = line.decode("cp1252")
            except UnicodeDecodeError:
                yield num, None, "parse-error", (f"line {num}: invalid UTF-8 at byte "
                                                 f"{err.start} and not Windows-1252 either")
                continue
            encoding, note = "cp1252", (f"invalid UTF-8 at byte {err.start} of line {num}; "
                                        "decoded as Windows-1252")
        try:
            obj = json.loads(decoded)
        except (json.JSONDecodeError, RecursionError) as err:
            yield num, None, "parse-error", f"line {num}: {err.__class__.__name__}: {err}"[:300]
            continue
        if isinstance(obj, dict):
            yield num, obj, encoding, note
        else:
            yield num, None, "parse-error", (f"line {num}: a JSON {type(obj).__name__}, "
                                             "not an object")


def _iter_json_array(path: Path, max_bytes: int) -> Iterator[tuple[int, dict | None, str, str]]:
    """A ``.json`` file holding one list of article objects, read whole: only up to
    ``max_bytes`` (a larger corpus must be JSONL, which is streamed)."""
    with _open_binary(path) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise CorpusError(f"{path.name} is a JSON array larger than {max_bytes:,} bytes; a "
                          "JSON array is read whole, so give a large corpus as JSONL (one "
                          "JSON object per line, .jsonl), which is streamed; for example "
                          f"jq -c '.[]' {path.name} > {path.stem}.jsonl")
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise CorpusError(f"cannot read {path.name} as JSON: {err}") from None
    if not isinstance(items, list):
        raise CorpusError(f"{path.name}: expected a JSON list of article objects (or JSONL, "
                          "one object per line)")
    for i, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield i, item, "", ""
        else:
            yield i, None, "parse-error", f"item {i} is a JSON {type(item).__name__}, " \
                                          "not an object"


def _iter_csv(path: Path, chunk_size: int) -> Iterator[tuple[int, dict | None, str, str]]:
    sep = "\t" if _suffix(path) == ".tsv" else ","
    compression = "gzip" if _is_gzip(path) else None
    done = 0
    try:
        for chunk in pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep,
                                 chunksize=chunk_size, encoding_errors="strict",
                                 compression=compression):
            for rec in chunk.to_dict("records"):
                done += 1
                yield done + 1, rec, "", ""
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
                          compression=compression,
                          on_bad_lines=lambda fields: bad.append(fields) and None)
    for num, rec in enumerate(records.to_dict("records")[done:], done + 2):
        yield num, rec, "", ""
    for fields in bad:
        yield -1, None, "parse-error", (f"malformed CSV row with {len(fields)} fields: "
                                        f"{str(fields)[:200]}")


def _iter_parquet(path: Path, chunk_size: int) -> Iterator[tuple[int, dict | None, str, str]]:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises several types for a corrupt file
        raise CorpusError(f"cannot read {path.name} as Parquet: {err}") from None
    num = 0
    for batch in handle.iter_batches(batch_size=chunk_size):
        for rec in batch.to_pylist():
            num += 1
            yield num, rec, "", ""


def _suffix(path: Path) -> str:
    """The file type suffix, looking through ``.gz`` (``news.jsonl.gz`` -> ``.jsonl``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _iter_rows(path: Path, chunk_size: int,
               max_bytes: int) -> Iterator[tuple[int, dict | None, str, str]]:
    """``(number, row, status, detail)`` per input row: ``row`` None with an error status
    (``parse-error``, ``too-large``) for a row that could not be read, else the row with
    ``status`` "" or ``cp1252`` (the encoding the line needed)."""
    suffix = _suffix(path)
    if suffix in (".jsonl", ".ndjson") or (suffix == ".json" and _is_json_lines(path)):
        return _iter_jsonl(path, max_bytes)
    if suffix == ".json":
        return _iter_json_array(path, max_bytes)
    if suffix in (".csv", ".tsv"):
        return _iter_csv(path, chunk_size)
    if suffix in (".parquet", ".pq"):
        return _iter_parquet(path, chunk_size)
    raise CorpusError(f"unsupported file type {''.join(path.suffixes)!r}: use a folder of "
                      ".txt/.html pages with articles.csv, or a .csv, .jsonl or .parquet file "
                      "(.csv.gz and .jsonl.gz are read too)")


def _is_json_lines(path: Path) -> bool:
    with _open_binary(path) as handle:
        return handle.read(64).lstrip()[:1] == b"{"


def iter_table(path: Path, *, text_column: str | None = None, outlet_column: str | None = None,
               id_column: str | None = None, date_column: str | None = None,
               clean: bool = True, max_bytes: int = MAX_BYTES,
               chunk_size: int = 1000) -> Iterator[dict]:
    """Yield one record per row of a CSV, JSONL or Parquet file (streaming; gzip-compressed
    files are read transparently). Columns are resolved per row (see ``_Columns``)."""
    columns = _Columns({"text_column": text_column, "outlet_column": outlet_column,
                        "id_column": id_column, "date_column": date_column})
    n_bad = 0
    try:
        rows = _iter_rows(path, chunk_size, max_bytes)
        first = next(rows, None)
    except OSError as err:
        raise CorpusError(f"cannot read {path.name}: {err.strerror or err}") from None
    if first is None:
        return
    for num, raw, status, detail in itertools.chain([first], rows):
        if raw is None:
            n_bad += 1
            where = f"line{num:06d}" if num > 0 else f"bad{n_bad:06d}"
            yield _bad_row({"article_id": f"{path.stem}-{where}", "file": f"{path.name}#{num}"},
                           status, detail)
            continue
        yield _table_record(raw, columns(raw), num, path, clean=clean, max_bytes=max_bytes,
                            encoding=status, encoding_detail=detail)


# --- the corpus -----------------------------------------------------------------------------

def _dedupe(records: Iterable[dict]) -> Iterator[dict]:
    """Give every row a unique article_id; later rows with a taken id get the first free
    suffix (``r0``, ``r0`` and ``r0~2`` become ``r0``, ``r0~2`` and ``r0~2~2``) and the
    status ``duplicate-id`` (the text is kept, the row is not analysed). Deterministic."""
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    for row in records:
        key = str(row.get("article_id") or "")
        if key in taken:
            n = next_suffix.get(key, 2)
            while f"{key}~{n}" in taken:
                n += 1
            next_suffix[key] = n + 1
            row["article_id"] = f"{key}~{n}"
            row[DUPLICATE_OF] = key    # status ``duplicate-id`` once the row is finished
        taken.add(row["article_id"])
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
                id_column: str | None = None, date_column: str | None = None,
                clean: bool = True,
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
                                      date_column=date_column, clean=clean,
                                      max_bytes=max_bytes, chunk_size=chunk_size))
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
                date_column: str | None = None, clean: bool = True,
                max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """Load a corpus: one row per input article, with its cleaned ``body`` and a ``status``.

    ``source`` is None (the seed corpus), a folder of ``.txt``/``.html`` pages with an
    ``articles.csv``, or a ``.csv``/``.jsonl``/``.parquet`` file (see the module docstring).
    Column names are recognised automatically or given with ``text_column``,
    ``outlet_column``, ``id_column`` and ``date_column``. ``clean=False`` keeps the text as
    given (use it for bodies that are already clean). Inputs over ``max_bytes`` get status
    ``too-large``.

    Nothing is dropped: rows that cannot be analysed keep a status saying why (``STATUSES``)
    and an empty body; ``usable(df)`` selects the rest. Raises ``CorpusError`` only when the
    input as a whole cannot be read.
    """
    chunks = list(iter_corpus(source, chunk_size=10_000, text_column=text_column,
                              outlet_column=outlet_column, id_column=id_column,
                              date_column=date_column, clean=clean,
                              max_bytes=max_bytes))
    if not chunks:
        df = pd.DataFrame(columns=COLUMNS)
    else:
        df = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    df.attrs["notes"] = source_notes(source)
    n_cp = int((df["status"] == "cp1252").sum())
    if n_cp:
        warnings.warn(f"{n_cp} article(s) were not valid UTF-8 and were decoded as "
                      "Windows-1252; see status_detail", CorpusWarning, stacklevel=2)
    return df


def source_notes(source: str | Path | None) -> list[str]:
    """Plain notes about an input as a whole, for :func:`status_summary`: a folder without
    ``articles.csv`` (every page then has outlet 'unknown'), or without any page at all."""
    if source is None:
        return []
    path = Path(source).expanduser()
    if not path.is_dir():
        return []
    notes = []
    if not (path / "articles.csv").exists():
        notes.append(f"the folder {path.name or str(path)!r} has no articles.csv: every "
                     ".txt/.html page in it is loaded with outlet 'unknown' (status "
                     "missing-metadata); add an articles.csv with columns article_id, file, "
                     "outlet to name the outlets")
    if not any(_page_entries(path)) and not (path / "articles.csv").exists():
        notes.append(f"the folder {path.name or str(path)!r} holds no .txt/.html pages")
    return notes


def status_counts(df: pd.DataFrame) -> pd.DataFrame:
    """How many rows have each status, with what the status means."""
    counts = df["status"].value_counts().rename_axis("status").reset_index(name="articles")
    counts["meaning"] = counts["status"].map(STATUSES)
    return counts.sort_values(["articles", "status"], ascending=[False, True],
                              ignore_index=True)


def _where(file) -> str:
    """Where a row came from, for people: ``news.jsonl line 12`` (a table row), else the
    file named in articles.csv."""
    if _blank(file):
        return "?"
    name, sep, num = str(file).rpartition("#")
    if sep and num.lstrip("-").isdigit():
        unit = "row" if name.lower().endswith((".parquet", ".pq")) else "line"
        return f"{name} {unit} {num}" if not num.startswith("-") else f"{name} (a malformed row)"
    return str(file)


class StatusTally:
    """Counts of statuses with their first few places, added chunk by chunk (so a corpus of
    any size is summarised in bounded memory); :func:`status_summary` and
    :func:`scan_summary` print it. Chunks of ``iter_corpus(finish=False)`` count as read:
    a row that cleaning may still leave without text counts as analysed."""

    def __init__(self, examples: int = 3) -> None:
        self.examples = examples
        self.total = self.analysed = 0
        self.pending = False
        self.groups: dict[str, list] = {}

    def add(self, df: pd.DataFrame) -> None:
        n = len(df)
        self.total += n
        if n == 0:
            return
        status = df["status"].astype(object).where(df["status"].notna(), "unknown").tolist()
        if is_pending(df):
            self.pending = True
            analysed = np.isin(status, list(USABLE_STATUSES))
            if DUPLICATE_OF in df.columns:
                duplicate = df[DUPLICATE_OF].notna().to_numpy()
                status = ["duplicate-id" if d else s for s, d in zip(status, duplicate)]
                analysed &= ~duplicate
        else:
            analysed = usable_mask(df)
        self.analysed += int(analysed.sum())
        files = df["file"].tolist() if "file" in df.columns else [None] * n
        for state, file, good in zip(status, files, analysed):
            if state == "ok" and good:
                continue
            if state in USABLE_STATUSES:
                key = f"{state} (analysed)" if good else f"{state} (no text left)"
            else:
                key = state
            group = self.groups.setdefault(key, [0, []])
            group[0] += 1
            if len(group[1]) < self.examples:
                group[1].append(_where(file))

    def lines(self) -> list[str]:
        if self.total == 0:
            return ["0 rows: nothing to analyse"]
        lines = [f"{self.analysed:,} of {self.total:,} rows will be analysed"
                 + (" (fewer if boilerplate removal leaves nothing of some)"
                    if self.pending else "")]
        for key, (count, where) in sorted(self.groups.items(),
                                          key=lambda kv: (-kv[1][0], kv[0])):
            meaning = STATUSES.get(key.split(" ")[0], "")
            more = f", and {count - len(where):,} more" if count > len(where) else ""
            lines.append(f"{count:,} {key}" + (f" ({meaning})" if meaning else "")
                         + ": " + ", ".join(where) + more)
        return lines


def status_summary(df: pd.DataFrame, *, examples: int = 3) -> list[str]:
    """What a corpus holds, in a few lines for a terminal: the notes about the input as a
    whole (``df.attrs["notes"]``, set by ``load_corpus``: for example a folder without
    ``articles.csv``), then how many rows will be analysed, then one line per other status
    with its count, its meaning and the first ``examples`` places (``news.jsonl line 12``,
    ``news.parquet row 3``, or the page file of a folder). Rows with a usable status other
    than ``ok`` (``cp1252``, ``html``, ``missing-metadata``) are analysed and listed as
    ``<status> (analysed)``."""
    tally = StatusTally(examples)
    tally.add(df)
    return list(df.attrs.get("notes", ())) + tally.lines()


def scan_summary(sources, *, examples: int = 3, **options) -> list[str]:
    """:func:`status_summary` of one or more inputs without loading them: each is read in
    chunks with ``iter_corpus(finish=False, **options)`` (parsed and decoded, not cleaned),
    so this costs one pass of parsing and bounded memory."""
    sources = [sources] if sources is None or isinstance(sources, (str, Path)) else sources
    tally, notes = StatusTally(examples), []
    for source in sources:
        notes += source_notes(source)
        for chunk in iter_corpus(source, finish=False, **options):
            tally.add(chunk)
    return notes + tally.lines()


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
