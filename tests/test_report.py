"""The report command: parameterised execution, failures, safe offline HTML, outputs.

The first tests use tiny notebooks written to a temporary folder; the last ones run the
real notebooks on the seed corpus (figures must come back byte-identical), on a subset of
the AllSides sample and on a corpus full of HTML/JS payloads.
"""
from __future__ import annotations

import configparser
import hashlib
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis import __main__ as cli
from analysis import paths, report

# ------------------------------------------------------------------ helpers

LIVE_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
EXTERNAL_SRC = re.compile(r"""<(?:script|link|img|iframe|font|source)\b[^<>]*\b(?:src|href)"""
                          r"""\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def assert_safe_offline(markup: str) -> None:
    """No script element at all (not even an inline one), no event handler, no javascript:
    URL, nothing loaded from the network (scripts, stylesheets, images, fonts)."""
    assert not LIVE_SCRIPT.search(markup)
    assert not EXTERNAL_SRC.search(markup)
    assert report.html_problems(markup) == []


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def parameters_cell(corpus: str = "None", figures: str = "None"):
    cell = new_code_cell(f"# None = the seed corpus / figures/\nCORPUS = {corpus}\n"
                         f"FIGURES_DIR = {figures}")
    cell.metadata["tags"] = ["parameters"]
    return cell


TOY_PLOT = """fig, ax = plt.subplots(figsize=(3, 2))
corpus["outlet"].value_counts().sort_index().plot.barh(ax=ax)
plots.save_figure(fig, "toy-articles-per-outlet", FIGURES_DIR)
plt.show()"""


def toy_notebooks(folder: Path, *, failing: bool = False) -> list[Path]:
    """01: loads the corpus, shows a table and saves a figure; 02 (optional): fails."""
    folder.mkdir(parents=True, exist_ok=True)
    first = new_notebook(cells=[
        new_markdown_cell("# Toy overview\n\nHow many articles does each outlet have?"),
        new_code_cell("import matplotlib.pyplot as plt\nimport analysis as an\n"
                      "from analysis import plots"),
        parameters_cell(),
        new_code_cell("corpus = an.load_corpus(CORPUS)\nprint(CORPUS is None)\n"
                      "corpus[['outlet', 'headline']].head(20)"),
        new_markdown_cell("## Articles per outlet\n\nOne bar per outlet: how many articles "
                          "it has in the corpus."),
        new_code_cell(TOY_PLOT),
        new_markdown_cell("A count is not a finding."),
    ])
    out = [folder / "01-toy.ipynb"]
    nbformat.write(first, out[0])
    if failing:
        second = new_notebook(cells=[new_markdown_cell("# Does it fail?"),
                                     new_code_cell("x = 1"), parameters_cell(),
                                     new_code_cell("y = 2\nx / 0")])
        out.append(folder / "02-fails.ipynb")
        nbformat.write(second, out[1])
    return out


PAYLOADS = ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">',
            '<a href="javascript:alert(2)">click</a>', "[link](javascript:alert(3))"]


def hostile_corpus(path: Path) -> Path:
    """Three outlets, two articles each; payloads in outlet names, headlines and bodies."""
    body = ("Officials said the plan would probably pass, according to two people familiar "
            "with the talks. \"We are confident,\" the minister told reporters on Tuesday. "
            "The figures could not be independently verified. About 3,000 people attended. ")
    rows = []
    for i in range(6):
        outlet = ["Daily " + PAYLOADS[0], "The <b>Bold</b> Post", PAYLOADS[1] + " Times"][i % 3]
        rows.append({"outlet": outlet, "headline": PAYLOADS[(i + 1) % 4] + " treaty signed",
                     "text": body + PAYLOADS[i % 4] + " " + body})
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture
def toy_dir(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks"
    toy_notebooks(folder, failing=False)
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", folder)
    return folder


# ------------------------------------------------------------------ parameters


def test_inject_parameters_replaces_values_keeps_comments_and_appends():
    nb = new_notebook(cells=[new_code_cell("x = 1"), parameters_cell()])
    report._inject_parameters(nb, {"CORPUS": "a b.csv", "FIGURES_DIR": "out/fig", "N": 3})
    assert nb.cells[1].source.splitlines() == [
        "# None = the seed corpus / figures/", "CORPUS = 'a b.csv'",
        "FIGURES_DIR = 'out/fig'", "N = 3"]
    assert nb.cells[0].source == "x = 1"


def test_inject_parameters_without_parameters_cell_fails():
    nb = new_notebook(cells=[new_code_cell("CORPUS = None")])
    with pytest.raises(ValueError, match="parameters"):
        report._inject_parameters(nb, {"CORPUS": "x"})
    report._inject_parameters(nb, {})  # nothing to inject: nothing required


def test_report_plan_seed_vs_other_corpus(tmp_path):
    seed = report.ReportPlan.make()
    assert seed.corpus is None and seed.parameters == {}
    assert seed.figures_dir == paths.FIGURES_DIR
    assert seed.out == (paths.BUILD_DIR / "report").resolve()
    other = report.ReportPlan.make(tmp_path / "my corpus.csv", tmp_path / "out")
    assert other.out == (tmp_path / "out").resolve()
    assert other.figures_dir == other.out / "figures"
    assert other.parameters == {"CORPUS": str((tmp_path / "my corpus.csv").resolve()),
                                "FIGURES_DIR": str(other.out / "figures")}
    assert report.ReportPlan.make(tmp_path / "my corpus.csv").out == \
        (paths.BUILD_DIR / "report-my-corpus").resolve()
    options = {"text_column": "story", "max_bytes": 1000}
    with_options = report.ReportPlan.make(tmp_path / "c.csv", tmp_path / "out", options)
    assert with_options.parameters["CORPUS_OPTIONS"] == options
    assert with_options.run_parameters()["FIGURES_DIR"] == \
        str(with_options.build / "figures")
    assert with_options.build == (tmp_path / ".out.building").resolve()
    seed_options = report.ReportPlan.make(None, tmp_path / "out", {"max_bytes": 1000})
    assert not seed_options.seed and seed_options.figures_dir != paths.FIGURES_DIR
    with pytest.raises(report.ReportError, match="unknown"):
        report.ReportPlan.make(None, None, {"colour": "red"})


# ------------------------------------------------------------------ safe, offline HTML


def hostile_notebook():
    """A notebook whose outputs carry every payload as HTML, markdown, JS and text."""
    table = pd.DataFrame({"outlet": PAYLOADS, "n": range(len(PAYLOADS))})
    outputs = [
        new_output("display_data", {"text/html": table._repr_html_(), "text/plain": "t"}),
        new_output("display_data", {"text/markdown": " ".join(PAYLOADS)}),
        new_output("display_data", {"text/html": "".join(PAYLOADS)
                                    + '<script src="https://cdn.example/x.js"></script>'
                                    + '<img src="https://example.org/a.png">'}),
        new_output("display_data", {"application/javascript": "alert(4)"}),
        new_output("stream", name="stdout", text="".join(PAYLOADS)),
    ]
    cell = new_code_cell("show()", execution_count=1, outputs=outputs)
    return new_notebook(cells=[new_markdown_cell("# Safe?\n\n" + " ".join(PAYLOADS)), cell])


def test_notebook_html_is_offline_and_escapes_payloads():
    page = report.notebook_html(hostile_notebook())
    assert_safe_offline(page)
    assert "&lt;script&gt;alert(" in page            # the payload is shown, as text
    assert re.search(r"<table[^>]*>\s*<thead>", page)  # tables survive sanitising
    assert "<th>outlet</th>" in page and "alert(4)" not in page.split("</style>")[-1]


def test_clean_html_keeps_layout_and_data_images_only():
    kept = report.clean_html('<p class="x">a</p><img src="data:image/png;base64,AAAA" alt="f">')
    assert '<p class="x">a</p>' in kept and 'src="data:image/png;base64,AAAA"' in kept
    dropped = report.clean_html('<img src="https://e.org/x.png"><style>p{}</style>'
                                '<iframe src="https://e.org"></iframe>')
    assert "https://e.org/x.png" not in dropped and "<iframe" not in dropped
    assert "<style" not in dropped


@pytest.mark.parametrize("markup", [
    '<script src="https://cdn.example/require.js"></script>',
    "<p>ok</p><script>alert(1)</script>",
    "<link rel=stylesheet href='//fonts.example/css'>",
    '<img alt="" src="http://example.org/x.png">',
    "<style>@import url(https://fonts.example/f.css);</style>",
    "<style>@font-face{src:url('https://fonts.example/f.woff2')}</style>",
    '<img src=x onerror="alert(1)">',
    "<div><a HREF=' jav&#x61;script:alert(1)'>x</a></div>",
    '<div style="background: url(https://example.com/bg.png)">x</div>',
    "<p style='background-image:url(//example.com/x.png)'>x</p>",
])
def test_html_problems_are_detected(markup):
    assert report.html_problems(markup)


def test_article_text_that_shows_css_or_markup_is_not_a_problem():
    """Text that merely shows CSS or tags (escaped, as the report shows article text) is
    no problem: only parsed elements, attributes and stylesheets are."""
    text = ("The page said background: url(https://example.com/bg.png) and "
            "@import url(https://fonts.example/f.css); then <script>alert(1)</script> "
            '<img src="https://example.org/x.png">')
    assert report.html_problems(f"<pre>{html.escape(text)}</pre>") == []
    assert report.html_problems(f"<td>{html.escape(text)}</td>") == []
    assert report.html_problems(f'<img alt="{html.escape(text)}" src="data:,">') == []


def test_escaped_payloads_are_not_problems():
    shown = "<p>" + "".join(html.escape(p) for p in PAYLOADS) + "</p>"
    assert report.html_problems(shown) == []
    assert report.html_problems('<img alt="&lt;img src=x onerror=alert(1)&gt;" src="data:,">') \
        == []


def test_index_html_escapes_corpus_text(tmp_path):
    corpus = pd.DataFrame({"outlet": PAYLOADS, "status": "ok"})
    summary = pd.DataFrame({"outlet": PAYLOADS, "articles": [1, 2, 3, 4]})
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    figure = report.Figure("x", png, PAYLOADS[1], "01-" + PAYLOADS[0])
    nbs = [report.NotebookResult(PAYLOADS[0], "notebooks/a.html", PAYLOADS[2], PAYLOADS[3])]
    page = report.index_html(PAYLOADS[0], corpus, summary, nbs, [figure],
                             {"features": "tables/features.csv"}, notes=[PAYLOADS[1]])
    assert_safe_offline(page)
    assert page.count("&lt;script&gt;alert(") >= 4
    assert 'src="data:image/png;base64,' in page and "Figure 1." in page


# ------------------------------------------------------------------ captions


def test_figure_caption_comes_from_the_markdown_before_the_saving_cell(monkeypatch):
    nb = _toy_in_memory()
    assert report.figure_caption(nb, "toy-articles-per-outlet") == \
        "Toy articles per outlet. One bar per outlet: how many articles it has in the corpus."
    assert report.figure_caption(nb, "never-saved") == "Never saved."
    assert report.figure_caption(None, "never-saved") == "Never saved."
    monkeypatch.setitem(report.CAPTIONS, "never-saved", "Registered caption.")
    assert report.figure_caption(nb, "never-saved") == "Registered caption."


def _toy_in_memory():
    return new_notebook(cells=[
        new_markdown_cell("# Toy\n\nQuestion?"),
        new_markdown_cell("## Articles per outlet\n\nOne bar per outlet: how many *articles* "
                          "it has in the [corpus](https://example.org)."),
        new_code_cell(TOY_PLOT)])


# ------------------------------------------------------------------ CLI dispatch


def test_cli_lists_report_and_loads_plugin_subcommands(monkeypatch, capsys):
    plugin = types.ModuleType("analysis.cli_toy")

    def register(subparsers):
        parser = subparsers.add_parser("toy", help="a plug-in subcommand")
        parser.add_argument("--n", type=int, default=0)
        parser.set_defaults(func=lambda args: 40 + args.n)

    plugin.register = register
    monkeypatch.setitem(sys.modules, "analysis.cli_toy", plugin)
    monkeypatch.setattr(cli, "SUBCOMMAND_MODULES", ("cli_toy", "cli_not_written_yet"))
    assert cli.main(["toy", "--n", "2"]) == 42
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "report" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        cli.main([])
    assert exc.value.code == 2


# ------------------------------------------------------------------ toy runs (kernel)


def test_execute_notebook_with_parameters_writes_out_and_keeps_source(tmp_path):
    source = toy_notebooks(tmp_path / "nb")[0]
    before = source.read_bytes()
    corpus = hostile_corpus(tmp_path / "corpus.csv")
    nb = report.execute_notebook(source, tmp_path / "run.ipynb",
                                 parameters={"CORPUS": str(corpus),
                                             "FIGURES_DIR": str(tmp_path / "fig")})
    assert source.read_bytes() == before
    executed = nbformat.read(tmp_path / "run.ipynb", as_version=4)
    assert [c.execution_count for c in executed.cells if c.cell_type == "code"] == [1, 2, 3, 4]
    assert executed.cells[3].outputs[0]["text"] == "False\n"  # CORPUS was injected
    assert (tmp_path / "fig" / "toy-articles-per-outlet.png").is_file()
    assert "papermill" not in nb.metadata and nb.metadata["kernelspec"]["name"] == "python3"


def test_failing_notebook_exits_1_naming_notebook_cell_and_error(tmp_path, monkeypatch,
                                                                  capsys):
    """A failing notebook: exit 1 naming notebook, cell and error; the previous report in
    --out stays whole; the partly executed notebook is kept beside it (.out.failed)."""
    folder = tmp_path / "notebooks"
    toy_notebooks(folder, failing=False)
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", folder)
    corpus = hostile_corpus(tmp_path / "corpus.csv")
    out = tmp_path / "out"
    assert cli.main(["report", "--corpus", str(corpus), "--out", str(out)]) == 0
    previous = tree_hashes(out)
    toy_notebooks(folder, failing=True)
    capsys.readouterr()
    code = cli.main(["report", "--corpus", str(corpus), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(r"^\[1/2\] 01-toy\.ipynb \.\.\. \d+\.\ds$", err, re.MULTILINE)
    assert "error: 02-fails.ipynb failed at cell index 3 ('y = 2'): ZeroDivisionError" in err
    assert tree_hashes(out) == previous
    partial_path = tmp_path / ".out.failed" / "notebooks" / "02-fails.ipynb"
    assert f"The partly executed notebook: {partial_path}" in err
    partial = nbformat.read(partial_path, as_version=4)
    assert partial.cells[3].outputs[0]["ename"] == "ZeroDivisionError"
    assert not (tmp_path / ".out.building").exists()


def test_corpus_options_reach_load_corpus_and_every_notebook(tmp_path, monkeypatch, capsys):
    """--text-column, --outlet-column, --id-column and --max-bytes go to load_corpus in the
    command and, as CORPUS_OPTIONS, in every notebook; the status summary comes first."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# Options?\n\nDo the options reach the notebook?"),
        new_code_cell("import analysis as an"), parameters_cell(),
        new_code_cell("corpus = an.load_corpus(CORPUS, **CORPUS_OPTIONS)\n"
                      "print(list(corpus['article_id']), list(corpus['status']))")]),
        folder / "01-options.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", folder)
    corpus = tmp_path / "own.csv"
    pd.DataFrame({"key": ["k1", "k2", "k3"], "paper": ["A", "B", "B"],
                  "story": ["Officials said the plan would pass. " * 5,
                            "The minister told reporters it was likely. " * 5,
                            "x" * 5000]}).to_csv(corpus, index=False)
    out = tmp_path / "out"
    code = cli.main(["report", "--corpus", str(corpus), "--out", str(out), "--text-column",
                     "story", "--outlet-column", "paper", "--id-column", "key",
                     "--max-bytes", "1000"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.index("too-large") < err.index("[1/1] 01-options.ipynb")
    executed = nbformat.read(out / "notebooks" / "01-options.ipynb", as_version=4)
    assert "CORPUS_OPTIONS = {'text_column': 'story', 'outlet_column': 'paper', " \
        "'id_column': 'key', 'max_bytes': 1000}" in executed.cells[2].source
    assert executed.cells[3].outputs[0]["text"] == \
        "['k1', 'k2', 'k3'] ['ok', 'ok', 'too-large']\n"
    features = pd.read_parquet(out / "tables" / "features.parquet")
    assert features["article_id"].tolist() == ["k1", "k2", "k3"]


def test_a_second_run_into_the_same_out_fails_at_once(tmp_path, toy_dir, capsys):
    corpus = hostile_corpus(tmp_path / "corpus.csv")
    plan = report.ReportPlan.make(corpus, tmp_path / "out")
    with report.out_lock(plan):
        code = cli.main(["report", "--corpus", str(corpus), "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert f"error: another report is being written into {plan.out}" in err
    assert not (tmp_path / "out").exists() and not plan.build.exists()
    assert cli.main(["report", "--corpus", str(corpus), "--out", str(tmp_path / "out")]) == 0


def test_out_that_is_not_a_report_folder_is_refused(tmp_path, toy_dir, capsys):
    corpus = hostile_corpus(tmp_path / "corpus.csv")
    mine = tmp_path / "my-files"
    mine.mkdir()
    (mine / "thesis.tex").write_text("keep me", encoding="utf-8")
    assert cli.main(["report", "--corpus", str(corpus), "--out", str(mine)]) == 2
    assert "is not a report folder" in capsys.readouterr().err
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "keep me"


def test_recovery_after_a_kill_between_the_two_renames(tmp_path, toy_dir):
    """Killed after moving the old report aside but before the new one was renamed in:
    the next run puts the previous report back before building, and then replaces it."""
    corpus = hostile_corpus(tmp_path / "corpus.csv")
    out = tmp_path / "out"
    report.build_report(corpus, out, progress=None)
    previous = tree_hashes(out)
    plan = report.ReportPlan.make(corpus, out)
    out.rename(plan.sibling("previous"))
    (plan.build / "notebooks").mkdir(parents=True)  # a half-built folder
    report._recover(plan)
    assert tree_hashes(out) == previous and not plan.build.exists()
    assert not plan.sibling("previous").exists()


def test_unusable_corpus_exits_2_with_a_message(tmp_path, toy_dir, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("outlet,colour\nA,red\n", encoding="utf-8")
    assert cli.main(["report", "--corpus", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "error: " in capsys.readouterr().err
    assert cli.main(["report", "--corpus", str(tmp_path / "missing.csv"),
                     "--out", str(tmp_path / "o")]) == 2


def test_toy_report_writes_every_output_under_out(tmp_path, toy_dir, capsys):
    figures_before = tree_hashes(paths.FIGURES_DIR)
    corpus = hostile_corpus(tmp_path / "corpus.csv")
    out = tmp_path / "out"
    assert cli.main(["report", "--corpus", str(corpus), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == f"Report: {out / 'index.html'}"
    assert re.search(r"^\[1/1\] 01-toy\.ipynb \.\.\. \d+\.\ds$", captured.err, re.MULTILINE)
    assert {p.name for p in (out / "notebooks").iterdir()} == {"01-toy.ipynb", "01-toy.html"}
    assert {p.name for p in (out / "figures").iterdir()} == \
        {"toy-articles-per-outlet.png", "toy-articles-per-outlet.svg"}
    for name in report_table_names(out):
        csv = pd.read_csv(out / "tables" / f"{name}.csv")
        parquet = pd.read_parquet(out / "tables" / f"{name}.parquet")
        assert csv.columns.tolist() == parquet.columns.tolist() and len(csv) == len(parquet)
        assert csv["outlet"].tolist() == parquet["outlet"].tolist()
    features = pd.read_parquet(out / "tables" / "features.parquet")
    assert len(features) == 6 and features["article_id"].is_unique
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="notebooks/01-toy.html"' in index
    assert "Toy articles per outlet. One bar per outlet: how many articles it has in the " \
        "corpus. (notebook 01-toy)" in index
    assert "How many articles does each outlet have?" in index
    for page in [index, (out / "notebooks" / "01-toy.html").read_text(encoding="utf-8")]:
        assert_safe_offline(page)
    assert tree_hashes(paths.FIGURES_DIR) == figures_before


def report_table_names(out: Path) -> list[str]:
    names = sorted(p.stem for p in (out / "tables").glob("*.csv"))
    assert names and names == sorted(p.stem for p in (out / "tables").glob("*.parquet"))
    return names


# ------------------------------------------------------------------ the real notebooks


def _sanitizers() -> list[tuple[re.Pattern, str]]:
    parser = configparser.ConfigParser()
    parser.read(Path(__file__).parent / "nbval-sanitize.cfg")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def text_outputs(nb) -> list[list[tuple[str, str]]]:
    """Every code cell's textual outputs (what nbval compares), sanitised."""
    subs = _sanitizers()

    def norm(text) -> str:
        text = "".join(text) if isinstance(text, list) else str(text)
        for pattern, replacement in subs:
            text = pattern.sub(replacement, text)
        return text

    cells = []
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        found = []
        for out in cell.outputs:
            if out.output_type == "stream":
                found.append((out.name, norm(out.text)))
            for mime in ("text/plain", "text/html", "text/markdown"):
                if mime in out.get("data", {}):
                    found.append((mime, norm(out["data"][mime])))
        cells.append(found)
    return cells


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    """One report run on the seed corpus; figures go to the repository's figures/."""
    if not report.notebook_paths():
        pytest.fail("no notebooks in notebooks/")
    before = tree_hashes(paths.FIGURES_DIR)
    out = tmp_path_factory.mktemp("seed-report")
    index = report.build_report(None, out, progress=None)
    return before, out, index


def test_seed_report_leaves_figures_byte_identical(seed_run):
    before, _, _ = seed_run
    assert before, "figures/ is empty: the notebooks save no figure"
    assert tree_hashes(paths.FIGURES_DIR) == before


def test_seed_report_reproduces_committed_notebooks(seed_run):
    """Re-running regenerates exactly what is committed: the same text outputs in every
    cell (what nbval compares) and, beyond that, the same file byte for byte (images,
    execution counts and metadata included)."""
    _, out, _ = seed_run
    for committed in report.notebook_paths():
        executed = out / "notebooks" / committed.name
        assert text_outputs(nbformat.read(executed, as_version=4)) == \
            text_outputs(nbformat.read(committed, as_version=4)), committed.name
        assert executed.read_bytes() == committed.read_bytes(), committed.name


def test_seed_report_shows_every_figure_with_a_caption(seed_run):
    _, out, index = seed_run
    page = index.read_text(encoding="utf-8")
    assert_safe_offline(page)
    for png in sorted(paths.FIGURES_DIR.glob("*.png")):
        assert f"<code>{png.stem}.png</code>" in page
        assert "Not regenerated by this run" not in page, "a figure no notebook writes"
    assert page.count("<figcaption>") == len(list(paths.FIGURES_DIR.glob("*.png")))
    for committed in report.notebook_paths():
        assert f'href="notebooks/{committed.stem}.html"' in page
        assert_safe_offline((out / "notebooks" / f"{committed.stem}.html").read_text("utf-8"))
    summary = page[page.index("Main findings per outlet"):page.index("<h2>Figures")]
    assert "<th>hedges per 100 words</th>" in summary and "<th>spelling</th>" in summary
    for outlet in sorted(set(pd.read_csv(paths.ARTICLES_CSV)["outlet"])):
        assert re.search(rf"<td>{re.escape(html.escape(outlet, quote=False))}</td>\s*"
                         r"<td>1</td>\s*<td>1</td>\s*<td>single article</td>\s*"
                         r"<td>\d+\.\d\d \[\d+\.\d\d, \d+\.\d\d\]</td>", summary), outlet


def test_report_runs_on_an_allsides_subset(tmp_path):
    lines = paths.ALLSIDES_SAMPLE.read_text(encoding="utf-8").splitlines()[:150]
    subset = tmp_path / "allsides-150.jsonl"
    subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
    figures_before = tree_hashes(paths.FIGURES_DIR)
    index = report.build_report(subset, tmp_path / "out", progress=None)
    page = index.read_text(encoding="utf-8")
    outlets = {json.loads(line)["source"] for line in lines}
    assert sum(f"<td>{html.escape(o, quote=False)}</td>" in page for o in outlets) == len(outlets)
    assert list((tmp_path / "out" / "figures").glob("*.png"))
    assert tree_hashes(paths.FIGURES_DIR) == figures_before
    # the report speaks of this corpus, and shows the outlets' AllSides rating as the rater's
    assert_speaks_of_its_own_corpus(page, tmp_path / "out")
    assert "<th>AllSides rating</th>" in page and "rater&#x27;s own label" in page


def _output_texts(cell) -> list[str]:
    """The text an executed code cell shows (streams and text/* outputs)."""
    texts = []
    for o in cell.get("outputs", []):
        texts.append(o.get("text", "") if o.get("output_type") == "stream" else "")
        texts += [v for k, v in o.get("data", {}).items() if k.startswith("text/")]
    return texts


SEED_STORY = re.compile(r"North Korea|\btroops?\b|\btreaty\b|Pyongyang", re.IGNORECASE)


def assert_speaks_of_its_own_corpus(page: str, out: Path) -> None:
    """No seed-story wording in a non-seed report's prose (notebook markdown, markdown
    outputs, notebook descriptions, captions); captions in whole sentences, never cut."""
    prose = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.DOTALL)
    prose += re.findall(r"<li><a href=\"notebooks/.*?</li>", page, re.DOTALL)
    for executed in sorted((out / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(executed, as_version=4)
        prose += [c.source for c in nb.cells if c.cell_type == "markdown"]
        prose += [o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code"
                  for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    assert len(prose) > 20
    for text in prose:
        assert not SEED_STORY.search(text), text[:300]
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", page, re.DOTALL):
        assert "..." not in caption and "…" not in caption, caption


@pytest.mark.report_command
def test_report_command_on_the_kyiv_kiev_corpus(tmp_path):
    """The real command on the shipped Kyiv/Kiev articles of seven outlets (a subset for
    time): it exits 0, notebook 07 finds the switches the tests of terms assert, draws the
    timeline and switch dates, and the report speaks of this corpus, not of the seed story."""
    keep = {"NPR Online News", "USA TODAY", "The Hill", "Washington Times", "CNN (Web News)",
            "New York Times - News", "Reuters"}
    lines = [line for line in paths.KYIV_KIEV.read_text(encoding="utf-8").splitlines()
             if json.loads(line)["source"] in keep]
    subset = tmp_path / "kyiv-kiev.jsonl"
    subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report"
    run = subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", str(subset),
                          "--out", str(out)], capture_output=True, text=True, timeout=900,
                         cwd=paths.ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert {"term-timeline-by-outlet.png", "term-switch-dates.png"} <= {
        p.name for p in (out / "figures").glob("*.png")}
    timeline = nbformat.read(out / "notebooks" / "07-term-timeline.ipynb", as_version=4)
    shown = "\n".join(text for c in timeline.cells if c.cell_type == "code"
                      for text in _output_texts(c))
    for outlet in ("NPR Online News", "The Hill", "Reuters", "CNN (Web News)"):
        assert outlet in shown
    assert "switched" in shown
    assert_speaks_of_its_own_corpus((out / "index.html").read_text(encoding="utf-8"), out)


def test_hostile_corpus_renders_as_text_everywhere(tmp_path):
    corpus = hostile_corpus(tmp_path / "hostile.csv")
    out = tmp_path / "out"
    index = report.build_report(corpus, out, progress=None)
    pages = [index] + sorted((out / "notebooks").glob("*.html"))
    assert len(pages) == 1 + len(report.notebook_paths())
    for page in pages:
        assert_safe_offline(page.read_text(encoding="utf-8"))
    assert "Daily &lt;script&gt;alert(" in index.read_text(encoding="utf-8")


# ------------------------------------------------------------------ real processes


def _command(corpus: Path, out: Path, notebooks: Path) -> list[str]:
    return [sys.executable, "-m", "analysis", "report", "--corpus", str(corpus), "--out",
            str(out), "--notebooks", str(notebooks)]


def _wait_for(path: Path, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            pytest.fail(f"the report ended early: {process.communicate()[1][-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"{path.name} did not appear")
        time.sleep(0.2)


@pytest.fixture
def slow_run(tmp_path):
    """Toy notebooks (fast) and the same with a second notebook that sleeps in its first
    cell after touching ``started``; a corpus; a finished first report in ``out``."""
    fast = tmp_path / "fast"
    toy_notebooks(fast)
    slow = tmp_path / "slow"
    toy_notebooks(slow)
    started = tmp_path / "started"
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# Does it wait?"), new_code_cell("import time"), parameters_cell(),
        new_code_cell(f"open({str(started)!r}, 'w').close()\ntime.sleep(600)")]),
        slow / "02-sleeps.ipynb")
    corpus = hostile_corpus(tmp_path / "corpus.csv")
    out = tmp_path / "out"
    first = subprocess.run(_command(corpus, out, fast), capture_output=True, text=True,
                           timeout=600)
    assert first.returncode == 0, first.stderr
    return types.SimpleNamespace(fast=fast, slow=slow, started=started, corpus=corpus,
                                 out=out, previous=tree_hashes(out))


def _start_slow_report(run) -> subprocess.Popen:
    """The slow report of ``slow_run`` in its own session (so signals reach its kernels)."""
    return subprocess.Popen(_command(run.corpus, run.out, run.slow), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.report_command
def test_concurrent_run_fails_at_once_and_ctrl_c_leaves_the_report_whole(slow_run):
    run = slow_run
    first = _start_slow_report(run)
    try:
        _wait_for(run.started, first)
        second = subprocess.run(_command(run.corpus, run.out, run.fast), capture_output=True,
                                text=True, timeout=120)
        assert first.poll() is None, "the second run waited for the first"
        assert second.returncode == 2
        assert f"error: another report is being written into {run.out} (process " \
            f"{first.pid})" in second.stderr
        os.killpg(first.pid, signal.SIGINT)  # Ctrl-C in a terminal
        _, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 130, err
    assert "interrupted" in err
    assert "Traceback" not in err and "zmq" not in err.lower(), err
    assert tree_hashes(run.out) == run.previous
    assert not list(run.out.parent.glob(".out.building*"))


@pytest.mark.report_command
def test_kill_9_leaves_the_report_whole_and_the_next_run_cleans_up(slow_run):
    run = slow_run
    victim = _start_slow_report(run)
    try:
        _wait_for(run.started, victim)
        assert (run.out.parent / ".out.building" / "tables").is_dir()
        victim.kill()
        victim.communicate(timeout=60)
    finally:
        if victim.poll() is None:
            victim.kill()
    assert tree_hashes(run.out) == run.previous
    again = subprocess.run(_command(run.corpus, run.out, run.fast), capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stderr  # the dead process's lock does not block
    assert not (run.out.parent / ".out.building").exists()
    assert (run.out / "index.html").is_file() and (run.out / report.MARKER).is_file()
