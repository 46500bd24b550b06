"""CSV formula injection and control characters in labels (analysis.export)."""
from __future__ import annotations

import csv
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.export import clean_label, neutralise_cell, neutralise_frame, write_csv

ATTACKS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
           "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("cell", ATTACKS)
def test_formula_cells_get_a_quote(cell):
    assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("value", ["Reuters", "The Independent", "", "a=b", "'=1", 3, -3.5,
                                   None, True])
def test_other_values_are_unchanged(value):
    assert neutralise_cell(value) == value or (value is None and neutralise_cell(value) is None)


def test_write_csv_neutralises_text_but_not_numbers(tmp_path):
    df = pd.DataFrame({"article_id": ["r1", "@SUM(1+1)"],
                       "outlet": ['=HYPERLINK("http://evil.example","x")', "Reuters"],
                       "score": [-1.5, 2.0], "n": [-3, 4], "=bad column": ["-x", None]})
    path = write_csv(df, tmp_path / "t.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["article_id", "outlet", "score", "n", "'=bad column"]
    assert rows[1] == ["r1", "'=HYPERLINK(\"http://evil.example\",\"x\")", "-1.5", "-3", "'-x"]
    assert rows[2] == ["'@SUM(1+1)", "Reuters", "2.0", "4", ""]
    # the frame itself is untouched (Parquet keeps the raw values)
    assert df.loc[0, "outlet"].startswith("=")
    back = pd.read_csv(path)
    assert back["score"].tolist() == [-1.5, 2.0]


def test_neutralise_frame_keeps_dtypes_and_index():
    df = pd.DataFrame({"a": pd.array(["=1", None], dtype="string"), "b": [1.0, math.nan]},
                      index=[5, 7])
    out = neutralise_frame(df)
    assert out.index.tolist() == [5, 7]
    assert out["a"].dtype == df["a"].dtype
    assert out.loc[5, "a"] == "'=1" and pd.isna(out.loc[7, "a"])
    assert out["b"].equals(df["b"])


@pytest.mark.parametrize("raw, expected", [
    ("Cash\x00 Flow", "Cash Flow"),
    ("\u202eevil\u202c outlet", "evil outlet"),
    ("a\u2066b\u2069c\u200e\u200f\u061c", "abc"),
    ("line\nbreak\ttab", "line break tab"),
    ("C1\x85\x9b control\x7f", "C1 control"),
    ("Cash$ $Flow <b>&", "Cash$ $Flow <b>&"),
    ("Киев — Kyiv", "Киев — Kyiv"),
    (None, ""),
    (float("nan"), ""),
    (3, "3"),
])
def test_clean_label(raw, expected):
    assert clean_label(raw) == expected


def test_clean_label_output_is_valid_xml_text():
    import xml.etree.ElementTree as ET

    every_control = "".join(map(chr, range(0, 0xA0))) + "\u202a\u202b\u202c\u202d\u202e"
    label = clean_label("x" + every_control + "y")
    ET.fromstring(f"<t>{label.replace('&', '&amp;').replace('<', '&lt;')}</t>")
    assert not any(0x202A <= ord(c) <= 0x202E for c in label)


def test_report_tables_are_neutralised_in_csv_and_raw_in_parquet(tmp_path):
    from analysis.report import write_tables

    table = pd.DataFrame({"article_id": ["@SUM(1+1)", "r2"],
                          "outlet": ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0"],
                          "hedges_per_100w": [-0.5, 1.25]})
    written = write_tables({"features": table}, tmp_path)
    with written["features"].open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["article_id"] for r in rows] == ["'@SUM(1+1)", "r2"]
    assert [r["outlet"] for r in rows] == ["'" + v for v in table["outlet"]]
    assert [r["hedges_per_100w"] for r in rows] == ["-0.5", "1.25"]
    assert pd.read_parquet(tmp_path / "features.parquet").equals(table)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_clean_label_leaves_no_control_character(text):
    import unicodedata

    label = clean_label(text)
    assert clean_label(label) == label
    bidi = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert not any(unicodedata.category(c) == "Cc" or c in bidi for c in label)
    assert "\n" not in label and "\u2028" not in label
    kept = [c for c in text if unicodedata.category(c) != "Cc" and c not in bidi
            and c not in "\u2028\u2029"]
    assert [c for c in label if c != " "] == [c for c in kept if c != " "]
