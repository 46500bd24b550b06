"""Command-line options that ``report`` and ``features`` share: how to read a corpus."""
from __future__ import annotations

import argparse

#: The ``load_corpus`` / ``iter_corpus`` keywords the corpus options set.
CORPUS_OPTION_NAMES = ("text_column", "outlet_column", "id_column", "date_column", "max_bytes")


def positive_int(value: str) -> int:
    """argparse type: a whole number of at least 1."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """``--text-column``, ``--outlet-column``, ``--id-column``, ``--date-column`` and
    ``--max-bytes`` (columns are recognised by name when not given)."""
    parser.add_argument("--text-column", metavar="NAME",
                        help="the column holding the article text (default: recognised)")
    parser.add_argument("--outlet-column", metavar="NAME",
                        help="the column naming the outlet (default: recognised)")
    parser.add_argument("--id-column", metavar="NAME",
                        help="the column with article ids (default: recognised or numbered)")
    parser.add_argument("--date-column", metavar="NAME",
                        help="the column with publication dates (default: recognised)")
    parser.add_argument("--max-bytes", type=positive_int, metavar="N",
                        help="largest page, text field or JSONL line read, in bytes "
                             "(default 10,000,000); larger ones get status too-large")


def corpus_options(args: argparse.Namespace) -> dict:
    """The corpus options given on the command line, as ``load_corpus`` keywords."""
    return {name: getattr(args, name) for name in CORPUS_OPTION_NAMES
            if getattr(args, name, None) is not None}
