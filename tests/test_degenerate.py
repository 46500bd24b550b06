"""Degenerate corpora through the real command: ``python -m analysis report --corpus X``.

Each corpus is small and built in a temporary folder; each runs every notebook once (a
module-scoped fixture per corpus) and the tests read what it wrote. The command must exit 0
(except for a corpus with nothing to analyse: exit 2 with a message, no traceback), every
notebook must run without an error, and what the corpus puts into labels (``$``, NUL,
bidirectional overrides, markup) must reach no figure, SVG or page raw.

The reports are marked ``report_command`` (``make test-fast`` skips them); the unit tests
first (labels, the extractor registry, empty tables) are fast.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import analysis as an
from analysis import compare, features, paths, plots, report

matrix = pytest.mark.report_command

PLAIN = ["The committee met in the town hall on a quiet morning. The members walked past "
         "the new park and the old library. Everyone went home after lunch.",
         "The river runs past the mill and under the bridge. Children play on the bank in "
         "the summer. The mill is painted green and white."]
NEWS = ("Officials said on Tuesday that about 3,000 soldiers had reportedly crossed the "
        "border, according to two people familiar with the matter. \"We are confident,\" "
        "the minister told reporters. The figures could not be independently verified. ")
HOSTILE_OUTLETS = ["Cash$ $Flow", "A $x$ B", "Daily <script>alert(1)</script>",
                   "Nul\x00Times", "Bidi \u202eesreveR\u202c Post"]
#: Timing of each report of the matrix (printed at the end of the module, never asserted).
TIMES: dict[str, float] = {}


def run_report(corpus: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", str(corpus),
                           "--out", str(out), *extra], capture_output=True, text=True,
                          cwd=paths.ROOT, timeout=1200)
    TIMES[corpus.stem] = time.perf_counter() - start
    return done


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def _print_times():
    yield
    if TIMES:
        print("\nreport matrix: " + ", ".join(f"{k} {v:.0f}s" for k, v in TIMES.items())
              + f"; total {sum(TIMES.values()):.0f}s", file=sys.stderr)


def built(tmp_path_factory, name: str, rows: list[dict], *extra: str):
    folder = tmp_path_factory.mktemp(name)
    corpus = write_jsonl(folder / f"{name}.jsonl", rows)
    out = folder / "out"
    return run_report(corpus, out, *extra), out


def assert_report_ok(done: subprocess.CompletedProcess, out: Path) -> None:
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.stdout.strip() == f"Report: {out / 'index.html'}"
    names = [p.stem for p in report.notebook_paths()]
    for name in names:
        nb = nbformat.read(out / "notebooks" / f"{name}.ipynb", as_version=4)
        for i, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                assert output.output_type != "error", (name, i, output.get("evalue"))
                assert not (output.output_type == "stream" and output.name == "stderr"), \
                    (name, i, output.text[:300])
        assert (out / "notebooks" / f"{name}.html").is_file()
    for svg in sorted((out / "figures").glob("*.svg")):
        ET.parse(svg)  # valid XML
    assert list((out / "figures").glob("*.png")), "no figure"
    for page in [out / "index.html", *sorted((out / "notebooks").glob("*.html"))]:
        assert report.html_problems(page.read_text(encoding="utf-8")) == [], page.name
    assert not list(out.parent.glob(f".{out.name}.*[!k]")), "a build folder was left behind"


def notebook_text(out: Path, name: str) -> str:
    """Every text output of an executed notebook, joined."""
    nb = nbformat.read(out / "notebooks" / f"{name}.ipynb", as_version=4)
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            parts += [v for k, v in output.get("data", {}).items() if k.startswith("text/")]
    return "\n".join(parts)


# ------------------------------------------------------------------ fast: labels


def test_figure_labels_are_drawn_literally_and_svgs_stay_valid_xml(tmp_path):
    """``Cash$ $Flow`` used to raise a mathtext ParseException, ``A $x$ B`` was set as
    maths, a NUL made the SVG invalid XML, a bidi override went into it raw."""
    table = pd.DataFrame({"outlet": HOSTILE_OUTLETS, "estimate": [1.0, 2, 3, 4, 5],
                          "low": [0.5, 1, 2, 3, 4], "high": [2.0, 3, 4, 5, 6]})
    overview = pd.DataFrame({"outlet": HOSTILE_OUTLETS, "article_id": list("abcde"),
                             "words_raw": [10, 20, 30, 40, 50], "words_body": [5, 10, 15, 20, 25],
                             "published": ["2024-06-19"] * 5})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "Glyph missing" for a NUL or an override
        figures = {"intervals": plots.hedging_intervals(table, title="Cash$ $Flow"),
                   "words": plots.cleaning_words(overview),
                   "timeline": plots.corpus_timeline(overview)}
        for name, fig in figures.items():
            plots.save_figure(fig, name, tmp_path)
    for name in figures:
        svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
        ET.fromstring(svg)  # valid XML
        assert "\x00" not in svg and "\u202e" not in svg and "\u202c" not in svg
        assert "<!-- Cash$ $Flow" in svg and "<!-- A $x$ B" in svg, name  # drawn as written
        assert "NulTimes" in svg and "Bidi esreveR Post" in svg


# ------------------------------------------------------------------ fast: the registry


def test_a_broken_extractor_module_fails_loudly(tmp_path, monkeypatch):
    """A registry entry whose module is missing or fails to import used to be skipped
    (``extractor()`` returned None) and its feature columns silently dropped."""
    (tmp_path / "broken_extractor.py").write_text(
        "import a_dependency_that_is_not_installed\n\n"
        "def broken_features(doc):\n    return {'broken_x': 1.0}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for spec, cause in [("broken_extractor:broken_features", "a_dependency_that_is_not_"),
                        ("analysis.no_such_module:ghost_features", "analysis.no_such_module"),
                        ("analysis.features:no_such_function", "no_such_function")]:
        monkeypatch.setattr(features, "EXTRACTORS", [*features.EXTRACTORS, ("x", spec)])
        features.extractor.cache_clear()
        features._probe_names.cache_clear()
        try:
            assert features.missing_extractors() == [spec]
            with pytest.raises(features.ExtractorError, match=cause):
                an.extract_features(["Officials said the plan would probably pass."])
            with pytest.raises(ImportError, match=spec.split(":")[0]):
                features.feature_names()
        finally:
            monkeypatch.undo()
            monkeypatch.syspath_prepend(str(tmp_path))
            features.extractor.cache_clear()
            features._probe_names.cache_clear()
    assert features.missing_extractors() == []


# ------------------------------------------------------------------ fast: empty tables


@pytest.fixture(scope="module")
def seed_corpus():
    return an.load_corpus()


@pytest.fixture(scope="module")
def plain_corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("plain") / "plain.csv"
    pd.DataFrame({"outlet": ["Plain Post", "Quiet Times"], "text": PLAIN}).to_csv(path,
                                                                                 index=False)
    return an.load_corpus(path)


TABLES = {
    "sentence_matches": compare.sentence_matches,
    "aggregator_signals": compare.aggregator_signals,
    "sentence_table": features.sentence_table,
    "passages": lambda c: compare.find_syndication(c).passages,
    "pairs": lambda c: compare.find_syndication(c).pairs,
    "claims_table": lambda c: __import__("analysis.claims").claims.claims_table(c),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_functions_keep_their_columns_when_they_find_nothing(name, seed_corpus,
                                                                   plain_corpus):
    """A corpus where nothing is found, and one with no rows at all, give the columns of
    the seed corpus's table (notebooks select and sort by them)."""
    expected = list(TABLES[name](seed_corpus).columns)
    for corpus in (plain_corpus, seed_corpus.iloc[:0]):
        found = TABLES[name](corpus)
        assert [c for c in expected if c not in found.columns] == []


def test_contested_claims_of_a_corpus_without_any_filter_to_rows(plain_corpus):
    from analysis import attribution
    claims = attribution.contested_claim_table(plain_corpus)
    assert claims.empty and claims["attributed"].dtype == bool
    open_claims = claims[~claims["attributed"]]
    assert list(open_claims.columns) == list(claims.columns)


# ------------------------------------------------------------------ one article


@pytest.fixture(scope="module")
def one_article(tmp_path_factory):
    return built(tmp_path_factory, "one-article",
                 [{"id": "a1", "outlet": "Solo News", "date": "2024-06-19", "text": NEWS * 3}])


@matrix
def test_one_article(one_article):
    done, out = one_article
    assert_report_ok(done, out)
    assert "1 articles from 1 outlets" in notebook_text(out, "01-corpus")
    assert pd.read_parquet(out / "tables" / "features.parquet")["article_id"].tolist() == ["a1"]


# ------------------------------------------------------------------ one outlet, colliding ids


@pytest.fixture(scope="module")
def one_outlet(tmp_path_factory):
    rows = [{"id": i, "outlet": "Only Outlet", "published": f"2024-06-{10 + n}",
             "text": NEWS + PLAIN[n % 2]} for n, i in enumerate(["r0", "r0", "r0~2"])]
    return built(tmp_path_factory, "one-outlet", rows)


@matrix
def test_one_outlet_with_colliding_ids(one_outlet):
    done, out = one_outlet
    assert_report_ok(done, out)
    ids = pd.read_parquet(out / "tables" / "features.parquet")["article_id"]
    assert len(ids) == 3 and ids.is_unique and "r0" in set(ids) and "r0~2" in set(ids)


# ------------------------------------------------------------------ nothing to find


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    rows = [{"outlet": o, "text": t} for o, t in zip(["Plain Post", "Quiet Times"], PLAIN)]
    return built(tmp_path_factory, "plain", rows)


@matrix
def test_no_attributions_hedges_claims_numbers_or_dates(plain):
    """Two plain articles from two outlets, no date column: 03 used to fail at
    ``open_claims = claims[~claims["attributed"]]`` (KeyError 'outlet'): the empty
    ``attributed`` column has dtype object, so ``~`` of it selected columns, not rows."""
    done, out = plain
    assert_report_ok(done, out)
    features = pd.read_parquet(out / "tables" / "features.parquet")
    assert features["hedge_count"].sum() == 0 and features["attribution_count"].sum() == 0
    assert "0 attributions" in notebook_text(out, "03-attribution")
    assert "0 numbers in 0 articles" in notebook_text(out, "06-claims")


# ------------------------------------------------------------------ labels


@pytest.fixture(scope="module")
def labels(tmp_path_factory):
    rows = [{"outlet": o, "text": NEWS + PLAIN[n % 2]} for n, o in enumerate(HOSTILE_OUTLETS)]
    return built(tmp_path_factory, "labels", rows)


@matrix
def test_outlet_names_with_dollars_markup_nul_and_bidi(labels):
    done, out = labels
    assert_report_ok(done, out)
    pages = [out / "index.html", *sorted((out / "notebooks").glob("*.html"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "\x00" not in text and "\u202e" not in text, page.name
        assert "<script>alert" not in text, page.name
    assert "Cash$ $Flow" in (out / "index.html").read_text(encoding="utf-8")
    for svg in sorted((out / "figures").glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        assert "\x00" not in text and "\u202e" not in text, svg.name


# ------------------------------------------------------------------ non-English


@pytest.fixture(scope="module")
def foreign(tmp_path_factory):
    rows = [{"outlet": "Tagesblatt", "text": "Die Regierung hat am Dienstag neue Regeln "
             "beschlossen. Nach Angaben des Ministeriums sollen rund 3.000 Soldaten an der "
             "Grenze stehen. Das konnte nicht unabhängig überprüft werden. " * 3},
            {"outlet": "Новая газета", "text": "Правительство во вторник приняло новые "
             "правила. По данным министерства, около 3000 солдат находятся на границе. " * 3},
            {"outlet": "Renmin Ribao",
             "text": "政府星期二通过了新规定。据该部称，约有三千名士兵驻扎在边境。" * 3}]
    return built(tmp_path_factory, "non-english", rows)


@matrix
def test_non_english_text(foreign):
    done, out = foreign
    assert_report_ok(done, out)
    assert len(pd.read_parquet(out / "tables" / "features.parquet")) == 3


# ------------------------------------------------------------------ many one-line articles


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    outlets = [f"Outlet {k:02d}" for k in range(20)]
    rows = [{"id": f"n{i}", "outlet": outlets[i % 20], "date": f"2024-{1 + i % 12:02d}-15",
             "text": ("Officials said about 3,000 soldiers reportedly crossed." if i % 3 == 0
                      else f"The council met on day {i}.")} for i in range(2000)]
    return built(tmp_path_factory, "many-one-liners", rows)


@matrix
def test_2000_one_line_articles(many):
    done, out = many
    assert_report_ok(done, out)
    assert len(pd.read_parquet(out / "tables" / "features.parquet")) == 2000


# ------------------------------------------------------------------ nothing usable


@matrix
def test_all_rows_unusable_is_a_clear_error(tmp_path):
    corpus = write_jsonl(tmp_path / "unusable.jsonl",
                         [{"outlet": "Empty Times", "text": ""}, {"outlet": "Blank", "text": " "},
                          {"outlet": "No Text"}])
    done = run_report(corpus, tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert "error: " in done.stderr and "no article could be analysed" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
