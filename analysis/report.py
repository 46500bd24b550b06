"""Execute the notebooks (parameterised, papermill-style) and render the HTML report."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from . import paths

KERNEL = "python3"


def _inject_parameters(nb, parameters: dict) -> None:
    """Replace the source of the cell tagged ``parameters`` with the given values.

    Like papermill, but in place (no extra "injected-parameters" cell), so that an executed
    notebook stays diffable against the committed one.
    """
    if not parameters:
        return
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            old = {line.split("=", 1)[0].strip(): line for line in cell.source.splitlines()
                   if "=" in line and not line.lstrip().startswith("#")}
            for key, value in parameters.items():
                old[key] = f"{key} = {value!r}"
            cell.source = "\n".join(old.values())
            return
    raise ValueError("notebook has no cell tagged 'parameters'")


def _strip_volatile(nb) -> None:
    """Drop metadata that changes on every run (timings, papermill stamps)."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in ("execution", "papermill", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)


def execute_notebook(path: str | Path, out: str | Path | None = None, *,
                     parameters: dict | None = None, timeout: int = 600):
    """Execute a notebook top to bottom in its own folder and write it to ``out``
    (default: in place). Returns the executed notebook. Raises ``CellExecutionError``
    naming the failing cell when a cell fails."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    _inject_parameters(nb, parameters or {})
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    _strip_volatile(nb)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": KERNEL}
    nbformat.write(nb, Path(out) if out is not None else path)
    return nb


def notebook_paths() -> list[Path]:
    """The notebooks in order (``NN-topic.ipynb``)."""
    return sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
