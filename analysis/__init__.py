"""Source-reliability and framing analysis of news coverage.

Hedging, attribution, term choice and readability, measured per article with every number
traceable to the spans of text behind it, and compared across outlets with honest
uncertainty. The public API below is a contract; names are imported lazily so that
``import analysis`` stays fast (Dask and friends load only when used).
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "load_corpus": "corpus",
    "clean_text": "clean",
    "clean_page": "clean",
    "split_sentences": "text",
    "sentence_spans": "text",
    "quote_spans": "text",
    "Doc": "text",
    "find_hedges": "hedging",
    "find_boosters": "hedging",
    "Hedge": "hedging",
    "Booster": "hedging",
    "find_attributions": "attribution",
    "Attribution": "attribution",
    "find_comment_requests": "attribution",
    "CommentRequest": "attribution",
    "find_terms": "terms",
    "TermUse": "terms",
    "locale": "terms",
    "Locale": "terms",
    "term_switches": "terms",
    "extract_features": "features",
    "ArticleFeatures": "estimator",
    # beyond the contract: the tables and comparisons the notebooks use
    "usable": "corpus",
    "status_counts": "corpus",
    "hedge_table": "hedging",
    "attribution_table": "attribution",
    "comment_request_table": "attribution",
    "term_table": "terms",
    "house_style": "terms",
    "term_timeline": "terms",
    "sentence_table": "features",
    "find_claims": "claims",
    "claims_table": "claims",
    "similarity_matrix": "compare",
    "find_syndication": "compare",
    "remove_copied": "compare",
    "outlet_summary": "compare",
    "reliability_indicators": "compare",
    "join_ratings": "compare",
}

__all__ = sorted([*_EXPORTS, "readability"]) + ["paths", "__version__"]

# ``readability`` is both a submodule and a public function: importing the submodule (as
# features.py does) would set the package attribute to the module, so bind the function now.
from .readability import readability  # noqa: E402, F401


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    if name == "paths":
        return importlib.import_module(".paths", __name__)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__():
    return __all__
