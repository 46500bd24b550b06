"""Safe text for the places people open the outputs in: spreadsheets, HTML and figures.

* :func:`neutralise_cell` / :func:`neutralise_frame` / :func:`write_csv`: CSV formula
  injection. A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
  tab or carriage return before one) as a formula, so an outlet named
  ``=HYPERLINK("http://evil.example","x")`` in a CSV the project writes would become a live
  link or a command. Following the OWASP rule, every *text* cell that starts with one of
  these characters is written with a leading ``'`` (spreadsheets show the text as typed).
  Numbers are written as numbers (``-3.5`` stays ``-3.5``). Only CSV is changed: Parquet
  keeps the raw values.
* :func:`clean_label`: text for a figure label, a table cell in HTML or an SVG, with the
  control characters removed (NUL and other C0/C1 controls, which make SVG invalid XML, and
  the bidirectional overrides, embeddings, isolates and marks, which can reorder what a
  reader sees).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# C0 controls (tab and newline become a space), DEL, C1 controls, and the bidirectional
# formatting characters: LRM/RLM (U+200E/F), ALM (U+061C), embeddings and overrides
# (U+202A-202E), isolates (U+2066-2069).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                         "\u2066-\u2069]")
_SPACE_RE = re.compile("[\t\n\r\u2028\u2029]")


def clean_label(text) -> str:
    """``text`` (any value; None and NaN give ``""``) as a one-line label without control
    characters: NUL, C0 and C1 controls and the bidirectional controls (U+200E, U+200F,
    U+061C, U+202A-U+202E, U+2066-U+2069) are removed; tabs, line and paragraph breaks
    become spaces. Everything else, including ``$``, ``<`` and ``&``, is kept as is:
    escaping for HTML or for matplotlib is the caller's job."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _CONTROL_RE.sub("", _SPACE_RE.sub(" ", str(text)))


def neutralise_cell(value):
    """``value`` with a ``'`` in front when it is a string a spreadsheet would run as a
    formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return); any
    other value is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell neutralised (see :func:`neutralise_cell`),
    column names included. Numeric, boolean and datetime columns are left as they are; the
    index is not written by :func:`write_csv` and is kept unchanged."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == object or isinstance(series.dtype, pd.StringDtype):
            out[col] = series.map(neutralise_cell, na_action="ignore").astype(series.dtype)
    out.columns = [neutralise_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, path, **options) -> Path:
    """Write ``df`` as CSV to ``path`` with every text cell neutralised against formula
    injection (see :func:`neutralise_cell`); ``options`` go to ``DataFrame.to_csv``
    (default ``index=False``). Returns the path."""
    options.setdefault("index", False)
    path = Path(path)
    neutralise_frame(df).to_csv(path, **options)
    return path
