"""Modules imported on first use.

``analysis.features.article_features`` on one text needs neither pandas nor NumPy; the
modules behind it use them for corpus tables. Importing pandas takes about a third of a
second, which a process that only extracts features from texts should not pay.
"""
from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for the module ``name`` and imports it on first attribute access (then keeps
    each attribute looked up, so later accesses cost a plain attribute lookup)."""

    def __init__(self, name: str) -> None:
        self.__dict__["_name"] = name

    def __getattr__(self, attr: str) -> Any:
        value = getattr(importlib.import_module(self._name), attr)
        self.__dict__[attr] = value
        return value

    def __repr__(self) -> str:
        return f"<lazily imported module {self._name!r}>"


np = LazyModule("numpy")
pd = LazyModule("pandas")
