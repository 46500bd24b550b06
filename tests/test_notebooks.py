"""The committed notebooks are executed, reproducible and readable as a narrative.

nbval (run by the CI command) compares every cell's outputs, but it skips cells that were
never executed and does not compare images; it also passes a notebook whose committed outputs
themselves hold an error, a warning or a path of the machine that ran it. These checks cover
the rest: every code cell was executed, in order; the parameters cell exists; no output holds
an error, a stderr stream, a warning or a machine path; every figure a notebook saves is
committed; and each notebook reads as a narrative (a question first, a conclusion last).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from analysis import paths, report

NOTEBOOKS = report.notebook_paths()
MACHINE_PATH = re.compile(r"(?:/home/|/root/|/tmp/|/work/|/Users/|/private/var/|/var/folders/"
                          r"|[A-Za-z]:\\\\?Users\\\\?|site-packages)")
WARNING = re.compile(r"\b[A-Z]\w*Warning\b(?::|\()|^\s*warnings\.warn\(", re.MULTILINE)
SAVED_FIGURE = re.compile(r"save_figure\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*[\"']([^\"']+)[\"']")


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _code(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def _output_texts(cell) -> list[str]:
    """Every piece of text an output shows (streams, errors, text/* data)."""
    texts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            texts.append(out.text)
        elif out.output_type == "error":
            texts.append(f"{out.ename}: {out.evalue}")
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/") or mime == "application/json":
                texts.append(value if isinstance(value, str) else str(value))
    return texts


def test_notebooks_exist_and_are_numbered_in_order():
    assert NOTEBOOKS, "no notebooks/NN-topic.ipynb"
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1))
    assert all(re.fullmatch(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb", p.name) for p in NOTEBOOKS)


each = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])


@each
def test_every_code_cell_executed_in_order(path):
    counts = [c.execution_count for c in _code(_read(path))]
    assert counts, "no code cells"
    assert counts == list(range(1, len(counts) + 1)), counts


@each
def test_starts_with_a_question_and_ends_with_markdown(path):
    nb = _read(path)
    first, last = nb.cells[0], nb.cells[-1]
    assert first.cell_type == "markdown" and first.source.lstrip().startswith("#")
    assert "?" in first.source, "the first cell should say which question the notebook answers"
    assert last.cell_type == "markdown" and len(last.source.split()) >= 20, \
        "the last cell should say what the data shows and what it cannot show"


@each
def test_parameters_cell_defaults_to_the_seed_corpus(path):
    nb = _read(path)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    assigned = {t.id: node.value for node in ast.parse(tagged[0].source).body
                if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}
    for name in ("CORPUS", "FIGURES_DIR"):
        assert name in assigned, f"parameters cell lacks {name}"
        assert isinstance(assigned[name], ast.Constant) and assigned[name].value is None
    assert _code(nb).index(tagged[0]) <= 1, "parameters come right after the imports"
    # the report command's --text-column, --max-bytes ... (load_corpus options)
    assert isinstance(assigned.get("CORPUS_OPTIONS"), ast.Dict), "parameters lack CORPUS_OPTIONS"
    assert not assigned["CORPUS_OPTIONS"].keys
    loads = [c.source for c in _code(nb) if "load_corpus(" in c.source]
    assert loads and all("load_corpus(CORPUS, **CORPUS_OPTIONS)" in s for s in loads), loads


@each
def test_figures_are_byte_stable_pngs(path):
    setup = _code(_read(path))[0].source
    assert "figure_formats = ['png']" in setup.replace('"', "'")
    assert "'Software': None" in setup.replace('"', "'")


@each
def test_outputs_hold_no_error_stderr_warning_or_machine_path(path):
    for i, cell in enumerate(_read(path).cells):
        where = f"{path.name} cell {i}"
        assert not MACHINE_PATH.search(cell.source), where
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{where}: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"{where}: stderr {out.text[:200]!r}"
        for text in _output_texts(cell):
            assert not MACHINE_PATH.search(text), f"{where}: {MACHINE_PATH.search(text)[0]}"
            assert not WARNING.search(text), f"{where}: {WARNING.search(text)[0]}"


@each
def test_saved_figures_are_committed(path):
    nb = _read(path)
    names = {m for c in _code(nb) for m in SAVED_FIGURE.findall(c.source)}
    for name in sorted(names):
        for suffix in (".png", ".svg"):
            assert (paths.FIGURES_DIR / f"{name}{suffix}").is_file(), f"{name}{suffix}"


@each
def test_kernel_and_metadata_are_clean(path):
    nb = _read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "papermill" not in nb.metadata
    assert all("execution" not in c.metadata for c in nb.cells), "timing metadata"
