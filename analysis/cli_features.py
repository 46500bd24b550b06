"""``python -m analysis features``: the feature table of a corpus of any size, as Parquet.

See ``DESCRIPTION`` and ``EPILOG`` (the command's help) and :mod:`analysis.stream`.
"""
from __future__ import annotations

import argparse
import signal
import sys

from .cli_options import add_corpus_options, corpus_options, positive_int

DESCRIPTION = """\
Compute every article feature (the table of extract_features, plus status_detail) for
corpora of any size. Streams CSV, JSONL or Parquet files and folders of .txt/.html pages
with articles.csv in chunks, and writes Parquet as it goes, in a process pool (--jobs) or
on a Dask cluster (--engine dask [--scheduler ADDRESS]). Memory stays flat whatever the
input size; an interrupted run resumes where it stopped when the same command is rerun.
A progress line (articles, articles/s, MB/s) is shown on a terminal only."""

EPILOG = """\
output:
  --out features.parquet   one Parquet file; while running, finished chunks are kept as
                           part files in features.parquet.parts/ (combined and removed at
                           the end, kept with --keep-parts)
  --out features.csv       the same, combined into one CSV file; text cells starting with
                           = + - @, a tab or a carriage return get a leading ' so that a
                           spreadsheet shows them as text instead of running a formula
                           (Parquet keeps the raw values)
  --out features/          a folder of part files (a Parquet dataset, read it with
                           pandas.read_parquet("features/")); best for very large inputs

resuming:
  Rerun the same command after an interruption (Ctrl-C, a crash, a lost machine): chunks
  already written are skipped. The run refuses to resume when the input files, the chunk
  size, the corpus options or the feature set changed; --restart starts over. A finished
  --out Parquet file is recognised and not recomputed (a CSV file is written again).

input:
  Before computing, a summary of the input goes to stderr: how many rows will be
  analysed, and how many have each other status (parse-error, too-large, empty, ...) with
  the first line numbers or files. Files of a folder corpus must be inside the folder.
  Column names are recognised (text, content, body, ...; outlet, source, ...) or given
  with --text-column, --outlet-column, --id-column and --date-column; an input row or
  page larger than --max-bytes is recorded as too-large and not read further.

rows:
  One row per input row, nothing dropped: article_id, outlet, status, status_detail and
  every feature. Rows that cannot be analysed keep their status (empty, parse-error,
  binary, ...) with NaN features; an article whose features fail gets status
  feature-error and the error in status_detail.

examples:
  python -m analysis features news.jsonl --out features.parquet --jobs -1
  python -m analysis features a.csv b.parquet pages/ --out features/ --chunk-size 500
  python -m analysis features news.jsonl --out f.parquet --engine dask --scheduler tcp://host:8786
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``features``."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="a .csv/.tsv, .jsonl or .parquet file with text and outlet "
                             "columns, or a folder of .txt/.html pages with articles.csv")
    parser.add_argument("--out", required=True, metavar="PATH",
                        help="features.parquet or features.csv (one file), or a folder (a "
                             "Parquet dataset)")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                        help="worker processes (default 1; -1 or 0: every core); with "
                             "--engine dask and no --scheduler, the local cluster's workers")
    parser.add_argument("--chunk-size", type=positive_int, default=1000, metavar="K",
                        help="articles per chunk and per part file (default 1000)")
    parser.add_argument("--engine", choices=("process", "dask"), default="process",
                        help="process: this machine's process pool (default); dask: a "
                             "distributed cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="address of a running Dask scheduler (implies --engine dask); "
                             "without it, --engine dask starts a local cluster of --jobs workers")
    add_corpus_options(parser)
    parser.add_argument("--no-clean", action="store_true",
                        help="use the text as given (no boilerplate removal)")
    parser.add_argument("--restart", action="store_true",
                        help="discard the parts of an earlier run and start over")
    parser.add_argument("--keep-parts", action="store_true",
                        help="keep the part files after combining them into --out")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress line (default: only on a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show the progress line")


def register(subparsers) -> None:
    """Add the ``features`` subcommand to the ``python -m analysis`` dispatcher."""
    parser = subparsers.add_parser(
        "features", help="stream a corpus of any size into a Parquet feature table",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.set_defaults(func=run)


def _options(args: argparse.Namespace) -> dict:
    options = corpus_options(args)
    if args.no_clean:
        options["clean"] = False
    return options


def _summary(result) -> str:
    if result.up_to_date:
        return f"{result.out} is up to date (same inputs, chunk size and features); " \
               "nothing to do (--restart recomputes it)"
    rate = result.articles / result.seconds if result.seconds else 0.0
    text = (f"wrote {result.out}: {result.articles:,} articles computed in {result.chunks:,} "
            f"chunks, {result.seconds:,.1f}s ({rate:,.1f} articles/s)")
    if result.skipped_chunks:
        text += f"; {result.skipped_chunks:,} chunks ({result.skipped_articles:,} articles) " \
                "were already done"
    from .corpus import USABLE_STATUSES

    bad = {k: v for k, v in sorted(result.statuses.items()) if k not in USABLE_STATUSES}
    if bad:
        text += "; not analysed: " + ", ".join(f"{v:,} {k}" for k, v in bad.items())
    return text


def _print_summary(args: argparse.Namespace) -> None:
    """The input's status summary (``corpus.scan_summary``) on stderr, before the run."""
    from pathlib import Path

    from .corpus import CorpusError, scan_summary

    for source in args.inputs:
        if not Path(source).expanduser().exists():
            raise CorpusError(f"no such file or folder: {source}")
    options = {k: v for k, v in _options(args).items() if k != "clean"}
    lines = scan_summary(args.inputs, chunk_size=args.chunk_size, **options)
    print("input: " + "\n  ".join(lines), file=sys.stderr, flush=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    """Run ``features``; exit code 0 done, 2 bad input or resume refused, 130 interrupted."""
    from .corpus import CorpusError
    from .stream import Progress, StreamError, stream_features

    engine = "dask" if args.scheduler else args.engine
    progress = Progress(sys.stderr, enabled=args.progress)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a batch system's stop: as Ctrl-C
    try:
        _print_summary(args)
        result = stream_features(args.inputs, args.out, jobs=args.jobs,
                                 chunk_size=args.chunk_size, engine=engine,
                                 scheduler=args.scheduler, restart=args.restart,
                                 keep_parts=args.keep_parts, progress=progress,
                                 corpus_options=_options(args))
    except KeyboardInterrupt:
        progress.close()
        print("interrupted: the chunks written so far are kept; rerun the same command "
              "to resume", file=sys.stderr)
        return 130
    except (CorpusError, StreamError, OSError, ValueError) as exc:
        progress.close()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(_summary(result), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``features`` on its own (the same as ``python -m analysis features ...``)."""
    parser = argparse.ArgumentParser(prog="python -m analysis features",
                                     description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))
