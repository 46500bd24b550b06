"""Execute the notebooks (parameterised, papermill-style) and render the HTML report.

``build_report`` is what ``python -m analysis report`` runs: it loads the corpus, writes the
feature tables (CSV and Parquet), executes every notebook in order with the parameters
``CORPUS`` and ``FIGURES_DIR``, renders each executed notebook to HTML and writes an index
page with a per-outlet summary and every figure with its caption.

Every HTML file it writes opens offline from a ``file://`` URL: no ``<script>`` at all, no
external stylesheet, font or image (figures are embedded as ``data:`` URIs), and text that
comes from the corpus is escaped, never interpreted as markup.
"""
from __future__ import annotations

import base64
import contextlib
import html
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TextIO

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from . import paths

KERNEL = "python3"
#: Kernel options: no TCP-without-encryption warning on the terminal (it is not about the
#: notebook and would drown the progress lines).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]

#: Captions for figures whose notebook context does not say enough (name -> caption).
#: Figures not listed here take the first paragraph of the markdown cell before the code
#: cell that saves them (see ``figure_caption``).
CAPTIONS: dict[str, str] = {
    "attribution-named-anonymous": (
        "Named and anonymous sources. Per outlet, the shares of its sourced attributions "
        "whose source is named (identifiable), anonymous or official, beside the share of its "
        "words inside quotation marks, all on one 0 to 1 axis; each outlet is labelled with "
        "its number of articles and words, and a share with no attribution behind it reads "
        "n/a."),
}


class ReportError(ValueError):
    """The report cannot be built from these inputs (no notebooks, nothing to analyse)."""


class NotebookExecutionError(CellExecutionError):
    """A notebook failed: which notebook, which cell (0-based index in the notebook), the
    first line of that cell's source, and the error's name and message."""

    def __init__(self, notebook: str, cell_index: int | None, source_line: str,
                 ename: str, evalue: str, traceback: str = "") -> None:
        super().__init__(traceback, ename, evalue)
        self.notebook, self.cell_index, self.source_line = notebook, cell_index, source_line
        self.written: Path | None = None  # where the partly executed notebook was saved

    def __str__(self) -> str:
        where = "before the first cell" if self.cell_index is None else \
            f"cell index {self.cell_index} ({self.source_line!r})"
        message = re.sub(r"(?:\\n|\s)+", " ", str(self.evalue)).strip()
        if len(message) > 300:
            message = message[:297] + "..."
        return f"{self.notebook} failed at {where}: {self.ename}: {message}"

    def __reduce__(self):
        return type(self), (self.notebook, self.cell_index, self.source_line, self.ename,
                            self.evalue, self.traceback)


# --------------------------------------------------------------------------- execution

_ASSIGN_RE = re.compile(r"^(\s*)([A-Za-z_]\w*)\s*=")


def _inject_parameters(nb, parameters: dict) -> None:
    """Set the values of the cell tagged ``parameters`` to the given values.

    Like papermill, but in place (no extra "injected-parameters" cell), so that an executed
    notebook stays diffable against the committed one: assignment lines of the given names
    are replaced, comments and other lines are kept, names the cell lacks are appended.
    """
    if not parameters:
        return
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            lines, todo = cell.source.splitlines(), dict(parameters)
            for i, line in enumerate(lines):
                match = _ASSIGN_RE.match(line)
                if match and match.group(2) in todo:
                    lines[i] = f"{match.group(1)}{match.group(2)} = " \
                               f"{todo.pop(match.group(2))!r}"
            lines += [f"{key} = {value!r}" for key, value in todo.items()]
            cell.source = "\n".join(lines)
            return
    raise ReportError("notebook has no cell tagged 'parameters' (papermill convention)")


def _strip_volatile(nb) -> None:
    """Drop metadata that changes on every run (timings, papermill stamps)."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in ("execution", "papermill", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)


def _failure(path: Path, nb, index: int | None, exc: Exception) -> NotebookExecutionError:
    """Describe a failed execution (cell error, timeout or dead kernel)."""
    line = ""
    if index is not None and index < len(nb.cells):
        line = next((s for s in nb.cells[index].source.splitlines() if s.strip()), "")
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None)
    if evalue is None:
        lines = str(exc).strip().splitlines()
        evalue = lines[-1] if lines else ""
    return NotebookExecutionError(path.name, index, line[:80], ename, str(evalue),
                                  getattr(exc, "traceback", ""))


def execute_notebook(path: str | Path, out: str | Path | None = None, *,
                     parameters: dict | None = None, timeout: int = 600,
                     shown_parameters: dict | None = None):
    """Execute a notebook top to bottom in its own folder and write it to ``out``
    (default: in place). Returns the executed notebook.

    ``parameters`` replace the values in the cell tagged ``parameters``. The executed
    notebook shows them, or ``shown_parameters`` when given (the report runs with a
    temporary figures folder and shows where the figures end up; ``{}`` keeps the cell as
    committed). When a cell fails (error, timeout, dead kernel) ``NotebookExecutionError``
    (a ``CellExecutionError``) names the notebook, the failing cell and the error; the
    partly executed notebook is written to ``out`` for inspection, but never in place over
    the source. On Ctrl-C the kernel is shut down quietly and ``KeyboardInterrupt`` raised.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    committed = [c.source for c in nb.cells]
    try:
        _inject_parameters(nb, parameters or {})
    except ReportError as exc:
        raise ReportError(f"{path.name}: {exc}") from None
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                            extra_arguments=KERNEL_ARGUMENTS,
                            resources={"metadata": {"path": str(path.parent)}})
    current: dict[str, int] = {}
    client.on_cell_start = lambda cell, cell_index: current.update(index=cell_index)
    failure = None
    with _stop_on_signal(client) as stopped:
        try:
            # the kernel's own stderr carries only its machinery's noise (a zmq error logged
            # by tornado while it shuts down); cell output and errors arrive as messages
            client.execute(stderr=subprocess.DEVNULL)
        except KeyboardInterrupt:
            stopped.append(signal.SIGINT)
        except Exception as exc:  # CellExecutionError, CellTimeoutError, DeadKernelError ...
            failure = exc
    if stopped:
        _quiet_shutdown(client)
        raise KeyboardInterrupt
    if failure is not None:
        exc = failure
        failure = _failure(path, nb, current.get("index"), exc)
        if out is not None and Path(out).resolve() != path.resolve():
            nbformat.write(nb, Path(out))
            failure.written = Path(out)
        raise failure from exc
    if shown_parameters is not None:
        for cell, source in zip(nb.cells, committed, strict=True):
            cell.source = source
        _inject_parameters(nb, shown_parameters)
    _strip_volatile(nb)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": KERNEL}
    nbformat.write(nb, Path(out) if out is not None else path)
    return nb


@contextmanager
def _stop_on_signal(client):
    """While a notebook runs: on Ctrl-C (SIGINT) or SIGTERM, kill its kernel at once and
    note it (the yielded list is non-empty), so that execution ends without a traceback
    from a half-closed kernel connection; ``execute_notebook`` then raises
    ``KeyboardInterrupt``. Once the kernel runs, nbclient's own signal handlers (which
    shut the kernel down in the middle of a cell) are replaced by this one. Only in the
    main thread (elsewhere signals cannot be caught)."""
    stopped: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return

    def stop(signum, frame=None) -> None:
        if not stopped:
            stopped.append(signum)
            _kill_kernel(client)

    def take_over(**_) -> None:  # nbclient hook: the kernel has started
        import asyncio
        loop = asyncio.get_event_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, stop, sig)

    client.on_notebook_start = take_over
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopped
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _kill_kernel(client) -> None:
    """Kill the kernel process of ``client`` (SIGKILL: no shutdown handshake) and silence
    the loggers that would report the lost connection."""
    for logger in (logging.getLogger("traitlets"), logging.getLogger("asyncio"),
                   getattr(client, "log", None)):
        with contextlib.suppress(Exception):
            logger.setLevel(logging.CRITICAL)
    process = getattr(getattr(getattr(client, "km", None), "provisioner", None), "process",
                      None)  # the kernel's Popen (jupyter_client's local provisioner)
    with contextlib.suppress(Exception):
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _quiet_shutdown(client) -> None:
    """Stop an interrupted ``client``: its kernel killed, its channels closed, its
    connection files removed, without letting zmq or asyncio noise reach the terminal."""
    _kill_kernel(client)
    with contextlib.suppress(Exception):
        if getattr(client, "kc", None) is not None:
            client.kc.stop_channels()
    with contextlib.suppress(Exception):
        manager = getattr(client, "km", None)
        if manager is not None:
            manager.cleanup_resources()


def notebook_paths(directory: str | Path | None = None) -> list[Path]:
    """The notebooks in order (``NN-topic.ipynb``), from ``directory`` (default:
    the repository's ``notebooks/``)."""
    folder = Path(directory) if directory is not None else paths.NOTEBOOKS_DIR
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


# --------------------------------------------------------------------------- safe HTML

_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_javascript -%}{%- endblock data_javascript -%}
{%- block data_widget_view -%}{%- endblock data_widget_view -%}
{%- block data_mermaid -%}<pre>{{ output.data['text/vnd.mermaid'] | escape_html }}</pre>
{%- endblock data_mermaid -%}
"""
_ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var"})
_STYLE_BLOCK_RE = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_BLOCK_RE = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Attributes kept by ``clean_html``: layout only; images only as ``data:`` URIs."""
    if name in ("class", "id", "title", "align", "style"):
        return True
    if tag in ("td", "th") and name in ("colspan", "rowspan"):
        return True
    if tag == "img":
        return name in ("alt", "width", "height") or (
            name == "src" and value.strip().lower().startswith("data:image/"))
    return tag == "a" and name == "href" and not value.strip().lower().startswith("data:")


def clean_html(markup) -> str:
    """Sanitise HTML from a notebook (markdown cells and HTML/markdown outputs).

    Tables, lists, headings and ``data:`` images stay; scripts, event-handler attributes
    (``onerror=``), ``javascript:`` links, iframes, forms and embedded stylesheets are
    escaped or removed, so corpus text shown in an output renders as text.
    """
    import bleach  # nbconvert's own sanitiser library
    markup = markup.decode() if isinstance(markup, bytes) else str(markup)
    kwargs = {}
    try:
        from bleach.css_sanitizer import CSSSanitizer
        kwargs["css_sanitizer"] = CSSSanitizer()
    except ImportError:  # no tinycss2: inline styles are dropped by bleach
        pass
    return bleach.clean(_STYLE_BLOCK_RE.sub("", markup), tags=_ALLOWED_TAGS,
                        attributes=_allowed_attribute,
                        protocols=["http", "https", "mailto", "data"],
                        strip_comments=True, **kwargs)


def notebook_html(nb, *, name: str = "notebook", folder: str | Path | None = None) -> str:
    """Render an executed notebook to one self-contained, script-free HTML page.

    ``name`` is the page title; ``folder`` is where images linked from markdown cells are
    looked up (they are embedded as ``data:`` URIs).
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    quiet = logging.getLogger(f"{__name__}.nbconvert")  # not: "alt text missing" per image
    quiet.setLevel(logging.ERROR)
    exporter = HTMLExporter(template_name="lab", template_file="offline.html.j2",
                            extra_loaders=[DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
                            sanitize_html=True, embed_images=True,
                            filters={"clean_html": clean_html}, log=quiet)
    resources = {"metadata": {"name": name, "path": str(folder or paths.NOTEBOOKS_DIR)}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return _SCRIPT_BLOCK_RE.sub("", body)


_LOADING_TAGS = frozenset({"script", "link", "img", "iframe", "frame", "source", "video",
                           "audio", "embed", "object", "track", "input", "image", "use"})
_URL_ATTRIBUTES = frozenset({"src", "href", "data", "action", "formaction", "srcset",
                             "poster", "background", "xlink:href"})
_CSS_EXTERNAL_RE = re.compile(r"(?:@import|url\()\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


class _TagScanner(HTMLParser):
    """Walks the markup as a browser parses it and collects what would be live: scripts,
    event handlers, script URLs and resources fetched from the network (by a tag's URL
    attribute, or by CSS in a ``<style>`` element or a ``style`` attribute). Text, escaped
    or not, is never looked at: only elements, attributes and stylesheets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = 0

    def _css(self, where: str, css: str) -> None:
        self.problems += [f"CSS {m.group(0)!r} in {where} loads from the network"
                          for m in _CSS_EXTERNAL_RE.finditer(css)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.problems.append("<script> element")
        if tag == "style":
            self._in_style += 1
        for name, value in attrs:
            raw = value or ""
            value = re.sub(r"[\s\x00-\x1f]+", "", raw).lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            elif name in _URL_ATTRIBUTES and value.startswith(("javascript:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value[:40]}> script URL")
            elif tag in _LOADING_TAGS and name in _URL_ATTRIBUTES and \
                    value.startswith(("http:", "https:", "//")):
                self.problems.append(f"<{tag} {name}={value[:60]}> loads from the network")
            elif name == "style":
                self._css(f"<{tag} style=...>", raw)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self._in_style -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._in_style:
            self._in_style -= 1

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css("<style>", data)


def html_problems(markup: str) -> list[str]:
    """What in ``markup`` would run script or load from the network when opened: script
    elements, ``on*=`` attributes, ``javascript:`` URLs, external scripts, stylesheets,
    images, frames and fonts (``@import`` / ``url(http...)`` in a ``<style>`` element or a
    ``style`` attribute). Empty means safe and offline. Only the parsed elements and
    attributes count: text that merely shows such markup or CSS (escaped article text,
    say) is not a problem."""
    scanner = _TagScanner()
    scanner.feed(markup)
    scanner.close()
    return scanner.problems


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """A saved figure: its content name, PNG path, caption and the notebook that wrote it."""
    name: str
    png: Path
    caption: str
    notebook: str | None


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """``{file name: (mtime_ns, size)}`` of the PNG figures in ``folder``."""
    if not folder.is_dir():
        return {}
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.png")}


def _plain(markdown: str) -> str:
    """The first paragraph of a markdown cell as plain text (no markup, one line)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", markdown.strip()) if p.strip()]
    prose = [p for p in paragraphs if not p.lstrip().startswith("#")] or paragraphs or [""]
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", prose[0])  # links and images
    text = re.sub(r"<[^<>]*>", "", text)                          # inline HTML tags
    text = re.sub(r"[*`]+|(?<!\w)_+|_+(?!\w)", "", text)          # emphasis, code marks
    text = re.sub(r"^\s*>+|[#|]+", " ", text, flags=re.MULTILINE)  # quotes, headings, tables
    return re.sub(r"\s+", " ", text).strip()


def _saving_cell(nb, name: str) -> int | None:
    """Index of the first code cell of ``nb`` whose source names figure ``name``."""
    quoted = (f'"{name}"', f"'{name}'")
    for i, cell in enumerate(nb.cells if nb is not None else []):
        if cell.cell_type == "code" and any(q in cell.source for q in quoted):
            return i
    return None


#: A code name in a caption: a dotted name (``hedging.hedge_table``), a call (``f()``) or a
#: snake_case identifier; captions are for readers, so such sentences are left out.
_CODE_NAME_RE = re.compile(r"`[^`]*(?:\w\.\w|\(\)|\w_\w)[^`]*`")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?:])\s+(?=[A-Z(\"“*_`])")


def _reader_text(markdown: str, limit: int) -> str:
    """The first paragraph of ``markdown`` for a reader: sentences that name code are left
    out, and the text ends at a sentence end within about ``limit`` characters (the first
    kept sentence is always whole), never cut mid-sentence."""
    paragraphs = [p for p in re.split(r"\n\s*\n", markdown.strip()) if p.strip()]
    prose = [p for p in paragraphs if not p.lstrip().startswith("#")]
    if not prose:
        return _plain(markdown)
    sentences = [t for t in _SENTENCE_END_RE.split(" ".join(prose[0].split()))
                 if t and not _CODE_NAME_RE.search(t)]
    kept: list[str] = []
    for sentence in sentences:
        plain = _plain(sentence)
        if kept and len(" ".join(kept)) + 1 + len(plain) > limit:
            break
        kept.append(plain)
    text = " ".join(kept).strip()
    # an ellipsis inside an enumeration or a quotation is not shown (it would read as a
    # caption cut off)
    text = re.sub(r"\s*(?:\.\.\.|…)(?=\s*[)\]\"”'’,;])", "", text)
    text = re.sub(r"\s*(?:\.\.\.|…)", ", and so on", text)
    return text[:-1] + "." if text.endswith(":") else text


def figure_caption(nb, name: str, *, limit: int = 420) -> str:
    """Caption of figure ``name`` saved by notebook ``nb``.

    ``CAPTIONS[name]`` when registered; else the name in words, followed by the first
    paragraph of the markdown cell just before the code cell that saves the figure (the
    notebook's own explanation of it): whole sentences up to about ``limit`` characters,
    never cut off with "...", and without the sentences that name code (``module.function``,
    ``column_name``), which the notebook shows its readers but a caption should not.
    """
    if name in CAPTIONS:
        return CAPTIONS[name]
    title = name.replace("-", " ").replace("_", " ").capitalize() + "."
    index = _saving_cell(nb, name)
    before = [c.source for c in nb.cells[:index] if c.cell_type == "markdown"] \
        if index is not None else []
    text = _reader_text(before[-1], limit) if before else ""
    return f"{title} {text}".strip()


def _figures(folder: Path, made_by: dict[str, str], notebooks: dict[str, object]) -> list[Figure]:
    """The PNG figures in ``folder``, in notebook order, each with its caption.

    ``made_by`` maps file names to the notebook that (re)wrote them during this run; other
    files in the folder are listed last, captioned as not regenerated by this run.
    """
    order = list(notebooks)
    figures = []
    for png in sorted(folder.glob("*.png")) if folder.is_dir() else []:
        source = made_by.get(png.name)
        caption = figure_caption(notebooks.get(source), png.stem) if source else \
            f"{figure_caption(None, png.stem)} Not regenerated by this run."
        figures.append(Figure(png.stem, png, caption, source))
    rank = {name: i for i, name in enumerate(order)}

    def position(fig: Figure) -> tuple:
        cell = _saving_cell(notebooks.get(fig.notebook), fig.name)
        return rank.get(fig.notebook, len(order)), cell if cell is not None else 10**6, fig.name

    return sorted(figures, key=position)


# --------------------------------------------------------------------------- tables


def corpus_label(corpus: str | Path | None) -> str:
    """A short, path-free name for the corpus (shown in the report)."""
    return "seed corpus (data/raw/, data/articles.csv)" if corpus is None else Path(corpus).name


def article_counts(corpus):
    """Articles and analysed (usable) articles per outlet, sorted by outlet."""
    import pandas as pd

    from .corpus import usable
    table = pd.DataFrame({
        "articles": corpus["outlet"].fillna("(unknown)").value_counts(),
        "analysed": usable(corpus)["outlet"].fillna("(unknown)").value_counts(),
    }).fillna(0).astype(int).rename_axis("outlet")
    return table.sort_index().reset_index()


def _readable(column: str) -> str:
    """``hedges_narrator_per_100w`` -> ``hedges narrator per 100 words``."""
    return column.replace("_per_100w", " per 100 words").replace("_", " ")


@dataclass
class Analysis:
    """What the report computes from the corpus itself (outside the notebooks)."""
    tables: dict           # name -> DataFrame, written as CSV and Parquet
    summary: object        # the per-outlet table on the index page
    explanation: str = ""  # how to read the summary
    problems: list[str] = field(default_factory=list)  # what could not be computed


def analyse(corpus) -> Analysis:
    """The report's tables and its per-outlet summary.

    Tables: ``features`` (``extract_features``: one row per article), ``sentences``
    (``features.sentence_table``: one row per sentence, the units behind every rate) and
    ``outlet-summary`` (``compare.outlet_summary``: each outlet's estimate and bootstrap
    interval per measure, long format). The summary shown on the index page is
    ``compare.summary_wide`` (every estimate with its interval) next to the article counts
    and the spelling variety of each outlet's text (``terms.outlet_locale``).
    """
    from . import compare, features, terms
    counts = article_counts(corpus)
    tables = {"features": features.extract_features(corpus).reset_index(),
              "sentences": features.sentence_table(corpus)}
    tables["outlet-summary"] = compare.outlet_summary(tables["sentences"], corpus=corpus)
    wide = compare.summary_wide(tables["outlet-summary"]).reset_index()
    wide = counts.merge(wide.drop(columns=["articles"], errors="ignore"), on="outlet",
                        how="left")
    # British or American spelling of the outlet's pooled text
    spelling = terms.outlet_locale(corpus)[["outlet", "label"]]
    wide = wide.merge(spelling.rename(columns={"label": "spelling"}), on="outlet", how="left")
    return Analysis(tables, wide.rename(columns=_readable), explanation=(
        "Each rate pools all of an outlet's analysed sentences; [low, high] is a 95% "
        "bootstrap interval (articles resampled, then sentences within them). "
        "'single article' marks outlets with one article, whose interval only says how "
        "stable the number is within that article."))


def write_tables(tables: dict, folder: Path) -> dict[str, Path]:
    """Write each table as ``<name>.csv`` and ``<name>.parquet`` into ``folder``; returns
    ``{name: csv path}``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, table in tables.items():
        from .export import write_csv  # text cells starting with = + - @ get a leading '

        write_csv(table, folder / f"{name}.csv")
        table.to_parquet(folder / f"{name}.parquet", index=False)
        written[name] = folder / f"{name}.csv"
    return written


# --------------------------------------------------------------------------- index page

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0}
main{max-width:1100px;margin:0 auto;padding:1.5em 2em 4em}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:13px;margin:.5em 0}
th,td{padding:.25em .6em;border-bottom:1px solid #e4e4e4;text-align:right;vertical-align:top}
td{white-space:nowrap}.wide{overflow-x:auto;max-width:100%}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #999}
figure{margin:2em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:13px;color:#444;max-width:80ch}.note{color:#555;font-size:13px}
li{margin:.3em 0}code{font-size:90%}
"""


@dataclass(frozen=True)
class NotebookResult:
    """One executed notebook: its name, HTML page (relative to the report), title, question."""
    name: str
    html: str
    title: str
    question: str
    seconds: float = field(default=0.0, compare=False)


def describe_notebook(nb, name: str) -> tuple[str, str]:
    """``(title, question)`` from a notebook's first markdown cell (plain text)."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    heading = next((ln.lstrip("#").strip() for ln in first.splitlines()
                    if ln.lstrip().startswith("#")), "")
    return _plain(heading) or name, _plain(first)


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _table_html(table) -> str:
    """A DataFrame as an escaped HTML table, floats rounded for reading."""
    shown = table.copy()
    for col in shown.columns:
        if shown[col].dtype.kind == "f":
            shown[col] = shown[col].round(2)
    return shown.to_html(index=False, escape=True, na_rep="n/a", border=0)


def _figure_html(number: int, fig: Figure) -> str:
    data = base64.b64encode(fig.png.read_bytes()).decode("ascii")
    made = f" (notebook {_e(fig.notebook)})" if fig.notebook else ""
    return (f'<figure id="figure-{_e(fig.name)}"><img src="data:image/png;base64,{data}" '
            f'alt="{_e(fig.caption)}"><figcaption><b>Figure {number}.</b> {_e(fig.caption)}'
            f"{made} <code>{_e(fig.name)}.png</code></figcaption></figure>")


def with_ratings(summary, corpus):
    """The per-outlet summary with the outlet ratings the corpus carries (AllSides'
    ``bias_text``) as a column of their own, right after the outlet, named after the rater;
    and a note that says whose rating it is. Ratings are shown, never blended into any
    number of the report. Unchanged (and no note) when the corpus has no rating column."""
    from . import compare
    if "outlet" not in summary or summary.empty:
        return summary, ""
    ratings = compare.ratings_from_corpus(corpus)
    if ratings.empty:
        return summary, ""
    joined, _ = compare.join_ratings(summary, ratings)
    renamed = {}
    for src in sorted(ratings["source"].unique()):
        rater = str(src).split(" (")[0]
        renamed[f"rating: {src}"] = f"{rater} rating"
    joined = joined.rename(columns=renamed)
    rated = list(renamed.values())
    order = ["outlet", *rated, *[c for c in joined.columns if c not in rated and c != "outlet"]]
    raters = "; ".join(sorted(str(s).replace(" (", ", ").replace(")", "")
                              for s in ratings["source"].unique()))
    return joined[order], (
        f"The {', '.join(rated)} column is the rater's own label for the outlet as a whole "
        f"(source: {raters}), shown beside the measures of the text; it is not computed by this "
        "report and is not combined with any of its numbers.")


def index_html(label: str, corpus, summary, notebooks: list[NotebookResult],
               figures: list[Figure], tables: dict[str, str], notes: Iterable[str] = ()) -> str:
    """The report's index page: corpus, notebooks, per-outlet summary, figures, tables.

    Everything that comes from the corpus (outlet names, captions, titles) is escaped; the
    page has no script and loads nothing (figures are embedded as ``data:`` URIs).
    """
    from .corpus import status_counts, usable
    n_outlets = corpus["outlet"].nunique(dropna=True)
    summary, rating_note = with_ratings(summary, corpus)
    notes = [*notes, rating_note]
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Report: {_e(label)}</title>\n<style>{_CSS}</style>\n</head>\n<body><main>",
        "<h1>News framing and source reliability</h1>",
        f"<p>Corpus: <b>{_e(label)}</b>: {len(corpus)} articles from {n_outlets} outlets, "
        f"{len(usable(corpus))} analysed.</p>",
        _table_html(status_counts(corpus)),
        "<h2>Notebooks</h2>\n<ol>",
        *(f'<li><a href="{_e(nb.html)}">{_e(nb.title)}</a> <span class="note">'
          f'({_e(nb.name)}, <a href="{_e(nb.html.removesuffix(".html"))}.ipynb">.ipynb</a>)'
          f"</span><br>{_e(nb.question)}</li>" for nb in notebooks),
        "</ol>\n<h2>Main findings per outlet</h2>",
        '<p class="note">A handful of articles is not a sample of an outlet: read every '
        "difference together with the number of articles behind it.</p>",
        *(f'<p class="note">{_e(note)}</p>' for note in notes if note),
        f'<div class="wide">{_table_html(summary)}</div>',
        "<h2>Figures</h2>",
        *(_figure_html(i, fig) for i, fig in enumerate(figures, 1)),
        "<h2>Tables</h2>\n<ul>",
        *(f'<li><a href="{_e(csv)}">{_e(csv)}</a> (also as <a href="{_e(pq)}">Parquet</a>)'
          "</li>" for csv, pq in ((v, v.removesuffix(".csv") + ".parquet")
                                  for v in tables.values())),
        "</ul>\n</main></body>\n</html>\n",
    ]
    return "\n".join(parts)


# --------------------------------------------------------------------------- the command

#: The ``load_corpus`` options the report command passes on (``--text-column`` ...).
CORPUS_OPTIONS = ("text_column", "outlet_column", "id_column", "date_column", "max_bytes")
#: A file in every report folder: marks it as one this command may replace as a whole.
MARKER = ".analysis-report"


class ReportBusy(ReportError):
    """Another run is writing a report into the same ``--out`` folder."""


@dataclass(frozen=True)
class ReportPlan:
    """Where a report run reads and writes.

    Seed corpus (no load options): figures end in the repository's ``figures/`` (the
    committed ones, regenerated byte for byte), everything else in ``out`` (default
    ``build/report/``); the executed notebooks keep their committed parameters. Another
    corpus, or load options: every output under ``out`` (default
    ``build/report-<corpus name>/``) and ``figures/`` is left alone.

    The report is built in the sibling folder ``build`` (``.<out name>.building``) and
    renamed to ``out`` only when complete, under a lock on ``lock`` (see ``out_lock``).
    """
    corpus: Path | None
    out: Path
    figures_dir: Path
    parameters: dict
    options: dict = field(default_factory=dict)

    @classmethod
    def make(cls, corpus: str | Path | None = None, out: str | Path | None = None,
             options: dict | None = None):
        options = {k: v for k, v in (options or {}).items() if v is not None}
        unknown = set(options) - set(CORPUS_OPTIONS)
        if unknown:
            raise ReportError(f"unknown corpus options: {', '.join(sorted(unknown))}")
        if corpus is None and not options:
            target = Path(out) if out is not None else paths.BUILD_DIR / "report"
            return cls(None, target.resolve(), paths.FIGURES_DIR, {})
        source = Path(corpus).expanduser().resolve() if corpus is not None else None
        stem = source.stem if source is not None else "seed"
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "corpus"
        target = (Path(out) if out is not None else paths.BUILD_DIR / f"report-{slug}").resolve()
        figures = target / "figures"
        parameters = {"CORPUS": str(source) if source is not None else None,
                      "FIGURES_DIR": str(figures)}
        if options:
            parameters["CORPUS_OPTIONS"] = options
        return cls(source, target, figures, parameters, options)

    @property
    def seed(self) -> bool:
        """The committed configuration: figures go to the repository's ``figures/``."""
        return self.figures_dir == paths.FIGURES_DIR

    def sibling(self, kind: str) -> Path:
        """``.<out name>.<kind>`` beside ``out`` (``building``, ``previous``, ``failed``,
        ``lock``)."""
        return self.out.parent / f".{self.out.name}.{kind}"

    @property
    def build(self) -> Path:
        return self.sibling("building")

    def run_parameters(self) -> dict:
        """The parameters the notebooks run with: figures into the build folder."""
        return {**self.parameters, "FIGURES_DIR": str(self.build / "figures")}


def _say(progress: TextIO | None, message: str, end: str = "\n") -> None:
    if progress is not None:
        print(message, file=progress, end=end, flush=True)


@contextmanager
def out_lock(plan: ReportPlan):
    """Hold an exclusive lock on ``plan.out`` (``flock`` on the file ``.<out>.lock`` beside
    it) for the whole run; raise ``ReportBusy`` at once when another process holds it. The
    operating system releases the lock when its process dies, however it dies, so a stale
    lock file never blocks a later run."""
    import fcntl
    plan.out.parent.mkdir(parents=True, exist_ok=True)
    path = plan.sibling("lock")
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held until the end)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        who = f" (process {holder})" if holder.isdigit() else ""
        raise ReportBusy(f"another report is being written into {plan.out}{who}; wait "
                         "for it to finish or choose another --out") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield path
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _is_report(folder: Path) -> bool:
    """Whether ``folder`` may be replaced by a new report: missing, empty or a report."""
    if not folder.exists():
        return True
    if not folder.is_dir() or folder.is_symlink():
        return False
    return (folder / MARKER).is_file() or not any(folder.iterdir()) or (
        (folder / "index.html").is_file() and (folder / "notebooks").is_dir())


def _recover(plan: ReportPlan) -> None:
    """Clean up after a run that was killed (the lock is held): a half-built folder is
    removed; a previous report moved aside for the swap is put back or removed."""
    shutil.rmtree(plan.build, ignore_errors=True)
    previous = plan.sibling("previous")
    if previous.is_dir():
        if plan.out.exists():
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.rename(previous, plan.out)


def _swap_in(plan: ReportPlan) -> None:
    """Replace ``out`` by the complete build folder (two renames in the same folder; a run
    killed between them is repaired by the next run's ``_recover``)."""
    (plan.build / MARKER).write_text("written by python -m analysis report\n",
                                     encoding="utf-8")
    previous = plan.sibling("previous")
    if plan.out.exists():
        os.rename(plan.out, previous)
    os.rename(plan.build, plan.out)
    shutil.rmtree(previous, ignore_errors=True)


def _publish_figures(source: Path, target: Path) -> None:
    """Copy every figure of ``source`` into ``target``, each file replaced atomically and
    only when its bytes changed (unchanged figures keep their file untouched)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*")):
        if not path.is_file():
            continue
        dest = target / path.name
        data = path.read_bytes()
        if dest.is_file() and dest.read_bytes() == data:
            continue
        tmp = target / f".{path.name}.tmp-{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, dest)


def _load(plan: ReportPlan, progress: TextIO | None):
    """Load the corpus, turning its warnings into progress notes and summarising the
    statuses of the rows; refuse a corpus with nothing to analyse."""
    from .corpus import load_corpus, status_summary, usable
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(plan.corpus, **plan.options)
    for w in caught:
        _say(progress, f"note: {w.message}")
    for line in status_summary(corpus):
        _say(progress, line)
    if usable(corpus).empty:
        raise ReportError(f"{corpus_label(plan.corpus)}: no article could be analysed "
                          f"({len(corpus)} rows; see the status column of load_corpus)")
    return corpus


_TEXT_RUN_RE = re.compile(r"[^\t\n\r]+")


def _write_page(path: Path, markup: str) -> None:
    """Write an HTML page after checking it runs no script and loads nothing; control
    and bidirectional-override characters from the corpus are removed first."""
    from .export import clean_label
    markup = _TEXT_RUN_RE.sub(lambda m: clean_label(m.group()), markup)
    problems = html_problems(markup)
    if problems:
        raise ReportError(f"{path.name} would not be safe offline: {'; '.join(problems[:5])}")
    path.write_text(markup, encoding="utf-8")


def _run_notebooks(plan: ReportPlan, notebooks: list[Path], timeout: int,
                   progress: TextIO | None):
    """Execute and render each notebook into the build folder; returns results, executed
    notebooks and figure provenance (``{png name: notebook name}``)."""
    folder, figures = plan.build / "notebooks", plan.build / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    results, executed, made_by = [], {}, {}
    for i, source in enumerate(notebooks, 1):
        start, before = time.perf_counter(), _snapshot(figures)
        _say(progress, f"[{i}/{len(notebooks)}] {source.name} ...", end=" ")
        try:
            nb = execute_notebook(source, folder / source.name,
                                  parameters=plan.run_parameters(), timeout=timeout,
                                  shown_parameters=plan.parameters)
        except NotebookExecutionError:
            _say(progress, "failed")
            raise
        except KeyboardInterrupt:
            _say(progress, "interrupted")
            raise
        after = _snapshot(figures)
        made_by.update({name: source.stem for name, stamp in after.items()
                        if before.get(name) != stamp})
        _write_page(folder / f"{source.stem}.html",
                    notebook_html(nb, name=source.stem, folder=source.parent))
        title, question = describe_notebook(nb, source.stem)
        seconds = time.perf_counter() - start
        results.append(NotebookResult(source.stem, f"notebooks/{source.stem}.html", title,
                                      question, seconds))
        executed[source.stem] = nb
        _say(progress, f"{seconds:.1f}s")
    return results, executed, made_by


def _keep_failed(plan: ReportPlan, exc: NotebookExecutionError) -> None:
    """Move the build folder of a run whose notebook failed to ``.<out>.failed`` (the
    partly executed notebook stays there for inspection; ``out`` is untouched)."""
    failed = plan.sibling("failed")
    shutil.rmtree(failed, ignore_errors=True)
    os.rename(plan.build, failed)
    if exc.written is not None:
        exc.written = failed / exc.written.relative_to(plan.build)


def build_report(corpus: str | Path | None = None, out: str | Path | None = None, *,
                 notebooks: Iterable[str | Path] | None = None, timeout: int = 600,
                 progress: TextIO | None | str = "stderr", **options) -> Path:
    """Regenerate every notebook, figure and table and the HTML report; return the index.

    ``corpus`` None is the seed corpus (see ``ReportPlan`` for where outputs go);
    ``options`` (``text_column``, ``outlet_column``, ``id_column``, ``date_column``,
    ``max_bytes``) go to ``load_corpus`` here and in every notebook (``CORPUS_OPTIONS``).
    One progress line per step goes to ``progress`` (default: standard error; None: silent).

    The report is built in a fresh sibling folder and renamed to ``out`` only when
    complete, so an interrupted or failed run leaves the previous report whole; for the
    seed corpus the figures are copied into ``figures/`` at the end. Raises ``ReportBusy``
    at once when another run holds the lock on ``out``; ``NotebookExecutionError`` naming
    the notebook and cell when a notebook fails (the partly built report is kept in
    ``.<out>.failed`` beside ``out``); ``ReportError`` or ``CorpusError`` when the corpus
    cannot be analysed.
    """
    plan = ReportPlan.make(corpus, out, options)
    progress = sys.stderr if progress == "stderr" else progress
    todo = [Path(p) for p in notebooks] if notebooks is not None else notebook_paths()
    if not todo:
        raise ReportError("no notebooks to run (expected notebooks/NN-topic.ipynb)")
    with out_lock(plan):
        if not _is_report(plan.out):
            raise ReportError(f"{plan.out} exists and is not a report folder: choose a new "
                              "or empty --out (a report replaces its folder as a whole)")
        _recover(plan)
        plan.build.mkdir(parents=True)
        try:
            index = _build(plan, todo, timeout, progress)
        except NotebookExecutionError as exc:
            _keep_failed(plan, exc)
            raise
        except BaseException:
            shutil.rmtree(plan.build, ignore_errors=True)
            raise
        if plan.seed:
            _publish_figures(plan.build / "figures", plan.figures_dir)
        _swap_in(plan)
    return plan.out / index.relative_to(plan.build)


def _build(plan: ReportPlan, todo: list[Path], timeout: int, progress) -> Path:
    """Everything of ``build_report`` that writes into the build folder."""
    start = time.perf_counter()
    frame = _load(plan, progress)
    _say(progress, f"corpus: {corpus_label(plan.corpus)}: {len(frame)} articles, "
                   f"{frame['outlet'].nunique()} outlets")
    analysis = analyse(frame)
    tables = write_tables(analysis.tables, plan.build / "tables")
    for problem in analysis.problems:
        _say(progress, f"note: {problem}")
    _say(progress, f"[tables] {', '.join(tables)} (CSV and Parquet) ... "
                   f"{time.perf_counter() - start:.1f}s")
    results, executed, made_by = _run_notebooks(plan, todo, timeout, progress)
    figures = _figures(plan.build / "figures", made_by, executed)
    page = index_html(corpus_label(plan.corpus), frame, analysis.summary, results, figures,
                      {name: f"tables/{p.name}" for name, p in tables.items()},
                      [analysis.explanation, *analysis.problems])
    index = plan.build / "index.html"
    _write_page(index, page)
    return index
