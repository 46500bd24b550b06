"""Command line: ``python -m analysis COMMAND ...`` (also installed as ``analysis``).

A small argparse dispatcher. Each subcommand is registered by a function
``register(subparsers)`` that adds its parser and sets ``func`` (``args -> exit code``) with
``parser.set_defaults(func=...)``. ``report`` is registered here; other subcommands live in
their own modules listed in ``SUBCOMMAND_MODULES`` (for example ``analysis/cli_features.py``
with a ``register`` function adds ``python -m analysis features``). A listed module that does
not exist yet is skipped.
"""
from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence

from .cli_options import add_corpus_options, corpus_options

#: Modules (relative to the package) that each provide ``register(subparsers)``.
SUBCOMMAND_MODULES = ("cli_features",)
#: How much of a failing cell's traceback the report command prints.
TRACEBACK_LINES = 25
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _interrupt(signum, frame) -> None:
    """SIGTERM (and SIGHUP) handler: stop like Ctrl-C, so the partly built report is
    removed and the previous one left whole."""
    raise KeyboardInterrupt


def _run_report(args: argparse.Namespace) -> int:
    """``report``: regenerate notebooks, figures, tables and the HTML report. Exit code 0
    done, 1 a notebook failed, 2 the corpus cannot be analysed (or another run is writing
    into --out), 130 interrupted."""
    import signal

    from .corpus import CorpusError
    from .report import NotebookExecutionError, ReportError, build_report, notebook_paths
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, _interrupt)
    try:
        todo = notebook_paths(args.notebooks) if args.notebooks else None
        index = build_report(args.corpus, args.out, notebooks=todo, timeout=args.timeout,
                             progress=sys.stderr, **corpus_options(args))
    except NotebookExecutionError as exc:
        if exc.traceback:
            lines = _ANSI.sub("", exc.traceback).rstrip().splitlines()
            print("\n".join(lines[-TRACEBACK_LINES:]), file=sys.stderr)
        if exc.written is not None:
            print(f"The partly executed notebook: {exc.written}", file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (CorpusError, ReportError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the previous report, if any, is unchanged", file=sys.stderr)
        return 130
    print(f"Report: {index}")
    return 0


def register_report(subparsers) -> None:
    """Add the ``report`` subcommand."""
    parser = subparsers.add_parser(
        "report", help="run every notebook and write the HTML report",
        description="Execute every notebook in order on a corpus, write the executed "
                    "notebooks, the figures, the feature tables (CSV and Parquet) and a "
                    "self-contained HTML report (index.html) that opens offline. Without "
                    "--corpus: the seed corpus, figures into figures/, the report into "
                    "build/report/. With --corpus: every output under --out. The report "
                    "is built beside --out and replaces it only when complete; a second "
                    "run into the same --out fails at once.")
    parser.add_argument("--corpus", metavar="PATH",
                        help="a folder of .txt/.html pages with articles.csv, or a "
                             ".csv/.jsonl/.parquet file with text and outlet columns "
                             "(default: the seed corpus)")
    parser.add_argument("--out", metavar="DIR",
                        help="output folder (default: build/report/, or "
                             "build/report-<corpus name>/ with --corpus)")
    add_corpus_options(parser)
    parser.add_argument("--notebooks", metavar="DIR",
                        help="folder of NN-topic.ipynb notebooks to run (default: notebooks/)")
    parser.add_argument("--timeout", type=int, default=600, metavar="SECONDS",
                        help="time limit per notebook cell (default: 600)")
    parser.set_defaults(func=_run_report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Framing and source-reliability analysis of news articles.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_report(subparsers)
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__package__ or 'analysis'}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__ or 'analysis'}.{name}":
                raise  # the module exists but one of its imports is missing
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: the command line), run the subcommand, return its exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
