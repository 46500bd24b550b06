"""Feature extraction at scale: stream a corpus in chunks, in parallel, resumably.

One per-chunk function, :func:`features_frame`, turns a corpus chunk (the columns of
``load_corpus``) into the feature table (one row per article, every feature of the
per-article function, ``article_features`` by default). Everything else only decides
*where* that function runs:

* :func:`stream_features` reads any input ``iter_corpus`` reads (CSV, JSONL, Parquet, a
  folder of pages) chunk by chunk, runs the chunks in the calling process, a process pool
  (``jobs``) or on a Dask cluster (``engine="dask"``), keeps a bounded number of chunks in
  flight, and writes each finished chunk as an atomic Parquet part file
  (``part-000123.parquet``) next to a manifest. Memory stays flat whatever the input
  size, and an interrupted run resumes by skipping the parts already written.
* :func:`extract_features_dask` maps the same function over the partitions of a Dask
  DataFrame (``ddf.map_partitions``), so a cluster computes exactly what pandas computes.

Rows whose text cannot be analysed keep their corpus ``status`` and get NaN features; an
article whose feature computation raises gets status ``feature-error`` and the exception in
``status_detail``. Nothing stops a run but a failure of the run itself.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from . import __version__
from .corpus import PENDING_COLUMNS, USABLE_STATUSES, finish_frame, is_pending, iter_corpus

#: Corpus columns a chunk needs (the rest, e.g. ``headline``, never travels to a worker).
INPUT_COLUMNS = ("article_id", "outlet", "status", "status_detail", "body")
#: What a chunk read with ``iter_corpus(finish=False)`` needs besides, to be cleaned where it
#: is computed (``corpus.finish_frame``).
PENDING_INPUT_COLUMNS = ("raw_text", "file", *PENDING_COLUMNS)
#: Columns of the feature table before the features themselves.
KEY_COLUMNS = ("article_id", "outlet", "status", "status_detail")
FEATURE_ERROR = "feature-error"
MANIFEST = "_manifest.json"  # "_" prefix: Parquet dataset readers skip it
PARTS_SUFFIX = ".parts"
METADATA_KEY = b"analysis.features"

ArticleFunc = Callable[..., dict[str, Any]]


class StreamError(RuntimeError):
    """A streaming run cannot start or continue (for example, a resume on changed input)."""


# --------------------------------------------------------------------------- per chunk


def default_func() -> ArticleFunc:
    """The per-article feature function of :mod:`analysis.features`."""
    from .features import article_features

    return article_features


#: Texts the feature names are probed with (an article and an empty text).
PROBES = ("Officials said about 10 troops may have arrived.", "")


@functools.lru_cache(maxsize=32)
def feature_names(func: ArticleFunc) -> tuple[str, ...]:
    """The feature columns ``func`` returns, in its order (probed on ``PROBES``).

    A streamed table has a fixed schema, so keys a function returns for some articles only
    would be dropped; the extractors return the same keys for every text (NaN where
    undefined), which ``PROBES`` checks for the empty text.
    """
    names: dict[str, None] = {}
    for text in PROBES:
        names.update(dict.fromkeys(func(text)))
    return tuple(names)


def empty_features(func: ArticleFunc | None = None,
                   names: Sequence[str] | None = None) -> pd.DataFrame:
    """The feature table with no rows: the columns and dtypes of :func:`features_frame`
    (what Dask needs as ``meta``); ``names``: ``feature_names(func)`` when already known."""
    columns = {c: pd.Series([], dtype="str") for c in KEY_COLUMNS}
    columns.update({name: pd.Series([], dtype="float64")
                    for name in (names or feature_names(func or default_func()))})
    return pd.DataFrame(columns)


def _article_values(func: ArticleFunc, texts: Sequence, ok: Sequence[bool],
                    status: list, detail: list, options: dict) -> list[dict | None]:
    """Run ``func`` on the usable texts; a raising article gets status ``feature-error``.

    A function with a ``batch`` attribute (``article_features``) gets the usable texts in
    batches of ``features.BATCH`` (``batch(texts)`` returns, per text, its dict or the
    exception it raised); any other function is called article by article."""
    values: list[dict | None] = [None] * len(texts)
    todo = [i for i, good in enumerate(ok) if good]
    batch = getattr(func, "batch", None)
    if batch is not None and not options:
        from .features import BATCH

        results = [r for k in range(0, len(todo), BATCH)
                   for r in batch([texts[i] for i in todo[k:k + BATCH]])]
    else:
        results = [_call(func, texts[i], options) for i in todo]
    for i, result in zip(todo, results):
        if isinstance(result, Exception):  # one bad article must never stop a run
            status[i] = FEATURE_ERROR
            detail[i] = f"feature computation failed: {type(result).__name__}: {result}"[:500]
        else:
            values[i] = result
    return values


def _call(func: ArticleFunc, text: str, options: dict) -> dict | Exception:
    """``func(text, **options)``, or the exception it raised."""
    try:
        return func(text, **options)
    except Exception as err:
        return err


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _strings(column: Iterable) -> pd.api.extensions.ExtensionArray:
    """Values as a pandas string array (missing values stay missing)."""
    return pd.array([None if _missing(v) else str(v) for v in column], dtype="str")


def features_frame(chunk: pd.DataFrame, func: ArticleFunc | None = None,
                   **options: Any) -> pd.DataFrame:
    """The feature table of one corpus chunk: one row per input row, in input order.

    Columns: ``article_id``, ``outlet``, ``status``, ``status_detail``, then every feature
    (float64) of ``func`` (default ``features.article_features``). This is the table of
    ``extract_features`` with ``article_id`` as a column and ``status_detail`` kept, so
    ``features_frame(c).drop(columns="status_detail").set_index("article_id")`` equals
    ``extract_features(c)``. Usable rows (usable status and a text ``body``) get
    ``func(body, **options)``; the others keep their status and get NaN. A chunk read with
    ``iter_corpus(finish=False)`` is cleaned here first (``corpus.finish_frame``). The index is the
    chunk's (so a Dask partition keeps its divisions). Pure: the same chunk gives the same
    table in any process, on any worker.
    """
    func = func or default_func()
    names = feature_names(func)
    chunk = finish_frame(chunk)
    n = len(chunk)
    status = list(_strings(chunk["status"]))
    detail = list(_strings(chunk["status_detail"] if "status_detail" in chunk else [None] * n))
    texts = chunk["body"].tolist()
    ok = [s in USABLE_STATUSES and isinstance(t, str) for s, t in zip(status, texts)]
    values = _article_values(func, texts, ok, status, detail, options)
    matrix = np.full((n, len(names)), np.nan)
    for row, value in enumerate(values):
        if value is not None:
            matrix[row] = _row(value, names)
    table = pd.DataFrame(matrix, columns=list(names), index=chunk.index)
    keys = pd.DataFrame({
        "article_id": _strings(chunk["article_id"]),
        "outlet": _strings(chunk["outlet"] if "outlet" in chunk else [None] * n),
        "status": _strings(status), "status_detail": _strings(detail)}, index=chunk.index)
    return pd.concat([keys, table], axis=1)


def _row(value: dict, names: Sequence[str]) -> list[float]:
    """The features ``names`` of one article as floats (missing, None and non-numbers: NaN).
    Float values, the usual case, pass through without a conversion call."""
    row = list(map(value.get, names))
    if all(type(v) is float for v in row):
        return row
    return [_number(v) for v in row]


def _number(value: Any) -> float:
    """A feature value as float (None and non-numbers become NaN)."""
    try:
        return math.nan if value is None else float(value)
    except (TypeError, ValueError):
        return math.nan


def extract_features_dask(ddf, *, func: ArticleFunc | None = None, **options: Any):
    """The feature table of a Dask DataFrame corpus, computed partition by partition.

    ``ddf`` has the ``load_corpus`` columns (e.g. ``dd.from_pandas(load_corpus(...))``).
    Maps :func:`features_frame` over the partitions with ``ddf.map_partitions``, so the
    result (after ``.compute()``) equals ``features_frame`` on the whole corpus: the same
    code runs on a laptop, a ``LocalCluster`` or a remote cluster (whichever Dask client is
    active). Returns a lazy Dask DataFrame.
    """
    func = func or default_func()
    columns = [c for c in INPUT_COLUMNS if c in ddf.columns]
    missing = {"article_id", "status", "body"} - set(columns)
    if missing:
        raise ValueError(f"the Dask DataFrame lacks corpus columns {sorted(missing)}; "
                         "build it from load_corpus / iter_corpus output")
    task = functools.partial(features_frame, func=func, **options)
    return ddf[columns].map_partitions(task, meta=empty_features(func))


# --------------------------------------------------------------------------- resume state


def fingerprint(source: str | Path) -> dict:
    """What identifies an input for resuming: path, size and mtime (ns); for a folder, the
    count, total size and a digest of every page's (name, size, mtime)."""
    path = Path(source).expanduser().resolve()
    if not path.is_dir():
        stat = path.stat()
        return {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    digest, size, count = hashlib.sha256(), 0, 0
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        if entry.is_file():
            stat = entry.stat()
            digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            size, count = size + stat.st_size, count + 1
    return {"path": str(path), "files": count, "size": size, "digest": digest.hexdigest()}


def code_fingerprint(func: ArticleFunc) -> str:
    """A digest of the code and data behind ``func``'s features: the source of its module
    (for ``article_features``: of every extractor module, ``text``, ``clean`` and
    ``corpus``) and every lexicon file. Parts written by other code are not reused."""
    import importlib.util

    from .paths import LEXICON_DIR

    modules = {func.__module__}
    if func.__module__ == "analysis.features":
        from .features import EXTRACTORS

        modules |= {spec.partition(":")[0] for _, spec in EXTRACTORS}
        modules |= {"analysis.text", "analysis.clean", "analysis.corpus"}
    files = []
    for name in sorted(modules):
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin and Path(spec.origin).is_file():
                files.append(Path(spec.origin))
    files += sorted(p for p in LEXICON_DIR.glob("*") if p.is_file())
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def make_manifest(inputs: Sequence[str | Path], chunk_size: int, options: dict,
                  func: ArticleFunc, columns: Sequence[str]) -> dict:
    """The manifest of a run: everything that must not change for a resume to be valid."""
    return {
        "format": 1,
        "analysis_version": __version__,
        "inputs": [fingerprint(p) for p in inputs],
        "chunk_size": chunk_size,
        "corpus_options": options,
        "function": f"{func.__module__}.{getattr(func, '__qualname__', repr(func))}",
        "code": code_fingerprint(func),
        "columns": list(columns),
    }


def part_path(parts_dir: Path, index: int) -> Path:
    """The part file of chunk ``index`` (0-based, counted across all inputs)."""
    return parts_dir / f"part-{index:06d}.parquet"


def _tmp_path(path: Path) -> Path:
    """A temporary sibling of ``path`` (hidden: dataset readers skip it)."""
    return path.with_name(f".{path.name}.tmp{os.getpid()}")


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = _tmp_path(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def prepare_parts(parts_dir: Path, manifest: dict, *, restart: bool) -> set[int]:
    """Create or check the parts folder; return the indexes of the chunks already written.

    A folder written for other inputs, chunk size, options or features is refused
    (``StreamError``) unless ``restart`` (then its parts are deleted).
    """
    parts_dir.mkdir(parents=True, exist_ok=True)
    path = parts_dir / MANIFEST
    for stale in parts_dir.glob(".*.tmp*"):
        stale.unlink()
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        if old != manifest and not restart:
            changed = sorted(k for k in manifest.keys() | old.keys()
                             if old.get(k) != manifest.get(k))
            raise StreamError(f"{parts_dir} holds parts of a different run (changed: "
                              f"{', '.join(changed)}); rerun with --restart "
                              "(restart=True) to start over")
        if old != manifest or restart:
            for part in parts_dir.glob("part-*.parquet"):
                part.unlink()
    elif restart:
        for part in parts_dir.glob("part-*.parquet"):
            part.unlink()
    _atomic_write_bytes(path, json.dumps(manifest, indent=1).encode("utf-8"))
    return {_part_index(p) for p in parts_dir.glob("part-*.parquet")}


def _part_index(path: Path) -> int:
    """The chunk index of a part file (``part-000123.parquet`` -> 123)."""
    return int(path.stem.split("-")[1])


def _arrow_schema(meta: pd.DataFrame):
    import pyarrow as pa

    return pa.Schema.from_pandas(meta, preserve_index=False)


def write_part(table: pd.DataFrame, path: Path, schema) -> None:
    """Write one chunk's feature table to ``path`` atomically (temp file + rename), so a
    part file that exists is always complete."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(table.reset_index(drop=True), preserve_index=False)
    arrow = arrow.select(schema.names).cast(schema)
    tmp = _tmp_path(path)
    pq.write_table(arrow, tmp)
    os.replace(tmp, path)


def combine_parts(parts_dir: Path, out: Path, schema, manifest: dict) -> int:
    """Concatenate the part files in chunk order into one Parquet file ``out`` (atomically,
    one part in memory at a time). The manifest goes into the file's metadata. A ``.csv``
    ``out`` is written as CSV instead, with every text cell neutralised against formula
    injection (``export.write_csv``; the Parquet parts keep the raw values). Returns the
    number of rows."""
    import pyarrow.parquet as pq

    if out.suffix.lower() == ".csv":
        return _combine_csv(parts_dir, out)

    meta = dict(schema.metadata or {})
    meta[METADATA_KEY] = json.dumps(manifest).encode("utf-8")
    schema = schema.with_metadata(meta)
    tmp = _tmp_path(out)
    rows = 0
    with pq.ParquetWriter(tmp, schema) as writer:
        for part in sorted(parts_dir.glob("part-*.parquet"), key=_part_index):
            table = pq.read_table(part).cast(schema)
            writer.write_table(table)
            rows += table.num_rows
    os.replace(tmp, out)
    return rows


def _combine_csv(parts_dir: Path, out: Path) -> int:
    import pyarrow.parquet as pq

    from .export import write_csv

    tmp = _tmp_path(out)
    rows = 0
    for i, part in enumerate(sorted(parts_dir.glob("part-*.parquet"), key=_part_index)):
        table = pq.read_table(part).to_pandas()
        write_csv(table, tmp, mode="w" if i == 0 else "a", header=i == 0)
        rows += len(table)
    os.replace(tmp, out)
    return rows


def finished_manifest(out: Path) -> dict | None:
    """The manifest stored in a combined output file, or None."""
    import pyarrow.parquet as pq

    if not out.is_file():
        return None
    try:
        meta = pq.read_schema(out).metadata or {}
    except Exception:  # not a Parquet file (yet): it will be overwritten
        return None
    raw = meta.get(METADATA_KEY)
    return json.loads(raw) if raw else None


# --------------------------------------------------------------------------- progress


def _isatty(stream: TextIO | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


class Progress:
    """A one-line progress display (articles, articles/s, MB/s, chunks) redrawn with ``\\r``.

    Shown only when ``stream`` is a terminal (or ``enabled=True``); silent otherwise, so
    logs and pipes stay clean. Rates count the articles computed in this run (chunks
    skipped on resume are counted apart) and the characters of their text (MB = 10^6).
    """

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None,
                 interval: float = 0.25) -> None:
        self.stream = stream
        self.enabled = stream is not None and (_isatty(stream) if enabled is None else enabled)
        self.interval = interval
        self.start = time.perf_counter()
        self.articles = self.chars = self.chunks = 0
        self.skipped_chunks = self.skipped_articles = 0
        self._drawn = 0.0

    def done(self, articles: int, chars: int) -> None:
        """Record a computed chunk."""
        self.articles, self.chars, self.chunks = (self.articles + articles,
                                                  self.chars + chars, self.chunks + 1)
        self._draw()

    def skipped(self, articles: int) -> None:
        """Record a chunk skipped because its part file exists."""
        self.skipped_chunks += 1
        self.skipped_articles += articles
        self._draw()

    def line(self) -> str:
        """The current progress line (no control characters)."""
        seconds = max(time.perf_counter() - self.start, 1e-9)
        text = (f"features: {self.articles:,} articles | {self.articles / seconds:,.1f} "
                f"articles/s | {self.chars / seconds / 1e6:,.2f} MB/s | {self.chunks:,} chunks")
        if self.skipped_chunks:
            text += f" | {self.skipped_chunks:,} chunks already done"
        return text + f" | {seconds:,.0f}s"

    def _draw(self, *, force: bool = False) -> None:
        now = time.perf_counter()
        if self.enabled and (force or now - self._drawn >= self.interval):
            self._drawn = now
            self.stream.write("\r" + self.line() + "\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        """Draw the final state and end the line."""
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------- executors


class InlineExecutor(Executor):
    """Runs each task at submission, in the calling process (``jobs=1``: no pickling)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:
            future.set_exception(err)
        return future


def _ignore_sigint() -> None:
    """Pool workers leave Ctrl-C to the parent, which stops the run cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _die_with_parent() -> None:
    """Linux: ask the kernel to send SIGKILL to this process when its parent dies
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere nothing (see :func:`_watch_main`)."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1


def _watch_main(lifeline) -> None:
    """Exit this worker as soon as the main process is gone, on any platform: ``lifeline``
    is the reading end of a pipe whose only writing end the main process holds, so it
    reports end-of-file (or an error) when that process ends, however it ends (``kill -9``
    included). A daemon thread waits on it and ends the worker with ``os._exit``."""
    import threading

    def wait() -> None:
        with contextlib.suppress(BaseException):
            lifeline.recv()  # never sent anything: returns only by raising at EOF
        os._exit(1)

    threading.Thread(target=wait, name="analysis-lifeline", daemon=True).start()


def _init_worker(lifeline) -> None:
    """A pool worker: no Ctrl-C (the parent handles it), and gone when the main process
    is (the kernel's parent-death signal on Linux, where the parent is the fork server,
    and the lifeline pipe to the main process everywhere)."""
    _ignore_sigint()
    _die_with_parent()
    _watch_main(lifeline)


def resolve_jobs(jobs: int) -> int:
    """``jobs`` as a worker count: ``-1`` or ``0`` mean every core of this machine."""
    return max(1, os.cpu_count() or 1) if jobs <= 0 else jobs


@contextlib.contextmanager
def make_executor(engine: str = "process", jobs: int = 1, scheduler: str | None = None,
                  modules: Sequence[str] = ()) -> Iterator[tuple[Executor, int]]:
    """An executor for the chunks and its worker count.

    ``engine="process"``: the calling process for ``jobs=1``, else a pool of ``jobs``
    worker processes (forkserver start, ``modules`` imported once by the server).
    ``engine="dask"``: a ``distributed`` client of the cluster at ``scheduler``, or of a
    ``LocalCluster`` of ``jobs`` single-threaded worker processes when no address is given.
    """
    if engine == "process":
        jobs = resolve_jobs(jobs)
        if jobs == 1:
            yield InlineExecutor(), 1
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
        if "forkserver" in methods:
            context.set_forkserver_preload(["analysis.stream", *modules])
        # the workers' lifeline: this process alone holds the writing end (see _watch_main)
        lifeline, keep = context.Pipe(duplex=False)
        try:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                     initializer=_init_worker,
                                     initargs=(lifeline,)) as pool:
                try:
                    yield pool, jobs
                except BaseException:
                    _terminate(pool)  # Ctrl-C or a failure: do not finish queued chunks
                    raise
        finally:
            keep.close()
            lifeline.close()
        return
    if engine != "dask":
        raise ValueError(f"unknown engine {engine!r}: use 'process' or 'dask'")
    with _dask_client(jobs, scheduler) as client:
        workers = max(1, sum(client.nthreads().values()))
        yield client.get_executor(pure=False), workers


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: cancel queued chunks and end the workers (parts already written are
    complete files, so nothing is lost but the chunks being computed)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())  # before shutdown
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()


@contextlib.contextmanager
def _dask_client(jobs: int, scheduler: str | None):
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=resolve_jobs(jobs), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def run_bounded(executor: Executor, fn: Callable, items: Iterable[tuple[int, Any]],
                on_done: Callable[[int, Any], None], max_in_flight: int) -> None:
    """Submit ``fn(item)`` for each ``(key, item)``, never more than ``max_in_flight`` at
    once, and call ``on_done(key, result)`` as results arrive (so memory stays bounded by
    ``max_in_flight`` chunks). A failed task raises here, after cancelling the others."""
    pending: dict[Future, int] = {}
    try:
        for key, item in items:
            while len(pending) >= max_in_flight:
                _collect(pending, on_done)
            pending[executor.submit(fn, item)] = key
            _collect(pending, on_done, block=False)  # hand over finished chunks at once
        while pending:
            _collect(pending, on_done)
    except BaseException:
        for future in pending:
            future.cancel()
        raise


def _collect(pending: dict[Future, int], on_done: Callable[[int, Any], None], *,
             block: bool = True) -> None:
    """Pass the finished tasks' results to ``on_done`` in key order (waiting for at least
    one when ``block``)."""
    if block:
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    else:
        done = {future for future in pending if future.done()}
    for future in sorted(done, key=pending.__getitem__):
        key = pending.pop(future)
        on_done(key, future.result())


# --------------------------------------------------------------------------- the run


@dataclass
class StreamResult:
    """What a streaming run did: where the table is, how many articles it computed, how
    many chunks it skipped because they were already written, and the statuses it saw."""
    out: Path
    articles: int = 0
    chunks: int = 0
    skipped_chunks: int = 0
    skipped_articles: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    statuses: dict[str, int] = field(default_factory=dict)


def output_layout(out: str | Path) -> tuple[Path, Path | None]:
    """``(parts folder, combined file or None)`` for ``out``.

    ``features.parquet`` (any ``.parquet``/``.pq`` name): parts go to the sibling folder
    ``features.parquet.parts/`` and are combined into the single file at the end;
    ``features.csv``: the same, combined into a CSV file (text cells neutralised against
    formula injection, see :mod:`analysis.export`). Any other
    name is a folder: the parts stay there as a Parquet dataset (``pd.read_parquet(folder)``
    reads it), which suits inputs too large for one file.
    """
    path = Path(out).expanduser()
    if path.suffix.lower() in (".parquet", ".pq", ".csv"):
        return path.with_name(path.name + PARTS_SUFFIX), path
    return path, None


def iter_chunks(inputs: Sequence[str | Path], chunk_size: int,
                options: dict) -> Iterator[tuple[int, pd.DataFrame]]:
    """``(index, chunk)`` over every input in turn; chunk indexes run on across inputs."""
    index = 0
    for source in inputs:
        for chunk in iter_corpus(source, chunk_size=chunk_size, finish=False, **options):
            yield index, chunk
            index += 1


def _todo(chunks: Iterable[tuple[int, pd.DataFrame]], done: set[int],
          progress: Progress) -> Iterator[tuple[int, pd.DataFrame]]:
    """The chunks still to compute, reduced to the columns a worker needs."""
    for index, chunk in chunks:
        if index in done:
            progress.skipped(len(chunk))
            continue
        wanted = INPUT_COLUMNS + (PENDING_INPUT_COLUMNS if is_pending(chunk) else ())
        yield index, chunk[[c for c in wanted if c in chunk.columns]]


def stream_features(inputs: str | Path | Sequence[str | Path], out: str | Path, *,
                    func: ArticleFunc | None = None, jobs: int = 1, chunk_size: int = 1000,
                    engine: str = "process", scheduler: str | None = None,
                    restart: bool = False, keep_parts: bool = False,
                    progress: Progress | None = None,
                    corpus_options: dict | None = None) -> StreamResult:
    """Compute the feature table of one or more inputs, streaming, into Parquet at ``out``.

    Each input is read with ``iter_corpus`` in chunks of ``chunk_size`` articles (with
    ``corpus_options`` such as ``text_column`` or ``clean``) and left uncleaned
    (``finish=False``): the workers clean it (``corpus.finish_frame``) and compute its table
    (:func:`features_frame`), so the calling process only parses the input and writes the
    results. Each table is written as a part file as soon as it is done, with at most
    two chunks per worker in flight. See :func:`output_layout` for what ``out`` names and
    :func:`make_executor` for ``engine``/``jobs``/``scheduler``.

    Resuming: rerun the same call. Parts already written are skipped (their chunks are still
    read, not computed); a finished single-file output whose stored manifest matches is
    left as it is (``up_to_date``). A change of input files, chunk size, options or features
    raises ``StreamError`` unless ``restart``. Raises ``CorpusError`` for unreadable input.
    """
    from .corpus import CorpusError

    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    for source in inputs:
        if not Path(source).expanduser().exists():
            raise CorpusError(f"no such file or folder: {source}")
    func = func or default_func()
    options = dict(corpus_options or {})
    parts_dir, combined = output_layout(out)
    result = StreamResult(Path(out))
    start = time.perf_counter()
    modules = [m for m in (getattr(func, "__module__", None),) if m and m != "__main__"]
    with make_executor(engine, jobs, scheduler, modules) as (executor, workers):
        # the feature names are probed where the features run: this process only parses the
        # input and writes the results, so it never loads the extractors and their lexicons
        meta = empty_features(func, executor.submit(feature_names, func).result())
        manifest = make_manifest(inputs, chunk_size, options, func, list(meta.columns))
        if (combined is not None and not restart and not parts_dir.exists()
                and finished_manifest(combined) == manifest):
            result.up_to_date = True
            return result
        done = prepare_parts(parts_dir, manifest, restart=restart)
        progress = progress or Progress(None)
        _compute_parts(inputs, parts_dir, done, func, meta, options, chunk_size, executor,
                       workers, progress, result)
    progress.close()
    if not any(parts_dir.glob("part-*.parquet")):  # an input without a single row
        write_part(meta, part_path(parts_dir, 0), _arrow_schema(meta))
    if combined is not None:
        combine_parts(parts_dir, combined, _arrow_schema(meta), manifest)
        if not keep_parts:
            _remove_parts(parts_dir)
    result.skipped_chunks = progress.skipped_chunks
    result.skipped_articles = progress.skipped_articles
    result.seconds = time.perf_counter() - start
    return result


def _compute_parts(inputs, parts_dir: Path, done: set[int], func: ArticleFunc,
                   meta: pd.DataFrame, options: dict, chunk_size: int, executor: Executor,
                   workers: int, progress: Progress, result: StreamResult) -> None:
    """Compute and write every chunk not in ``done`` (the loop of :func:`stream_features`)."""
    schema = _arrow_schema(meta)
    sizes: dict[int, tuple[int, int]] = {}

    def todo() -> Iterator[tuple[int, pd.DataFrame]]:
        for index, chunk in _todo(iter_chunks(inputs, chunk_size, options), done, progress):
            text = chunk["raw_text" if is_pending(chunk) else "body"]
            sizes[index] = (len(chunk), int(text.fillna("").str.len().sum()))
            yield index, chunk

    def on_done(index: int, table: pd.DataFrame) -> None:
        write_part(table, part_path(parts_dir, index), schema)
        articles, chars = sizes.pop(index)
        result.articles += articles
        result.chunks += 1
        for status, count in table["status"].value_counts().items():
            result.statuses[status] = result.statuses.get(status, 0) + int(count)
        progress.done(articles, chars)

    task = functools.partial(features_frame, func=func)
    run_bounded(executor, task, todo(), on_done, max_in_flight=2 * workers)


def _remove_parts(parts_dir: Path) -> None:
    for path in parts_dir.iterdir():
        path.unlink()
    parts_dir.rmdir()


def read_features(path: str | Path) -> pd.DataFrame:
    """Read a feature table written by :func:`stream_features` (a file or a parts folder)."""
    return pd.read_parquet(Path(path).expanduser())
