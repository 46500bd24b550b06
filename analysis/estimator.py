"""The feature table as a scikit-learn transformer (``ArticleFeatures``).

Kept apart from :mod:`analysis.features` so that computing features, in a worker process or
a notebook, does not import scikit-learn (about 1.7 s cold); ``features.ArticleFeatures``
and ``analysis.ArticleFeatures`` still resolve to this class.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .features import extract_features, feature_names


class ArticleFeatures(TransformerMixin, BaseEstimator):
    """scikit-learn transformer: texts (or a corpus DataFrame) -> the feature table.

    ``__init__`` only stores parameters. ``fit`` learns nothing from the data (the features
    are fixed definitions); it records ``feature_names_in_``-free state ``feature_names_``
    and ``n_features_out_``. ``transform`` returns a NumPy array, or with
    ``set_output(transform="pandas")`` a DataFrame indexed by article_id. Unusable rows are
    NaN. Parameters: ``n_jobs`` and ``chunksize`` as in ``extract_features``.
    """

    def __init__(self, *, n_jobs: int = 1, chunksize: int | None = None):
        self.n_jobs = n_jobs
        self.chunksize = chunksize

    def fit(self, X, y=None):
        """Record the feature names (no statistics are learned)."""
        self.feature_names_ = feature_names()
        self.n_features_out_ = len(self.feature_names_)
        return self

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The output column names (after ``fit``)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)

    def transform(self, X):
        """Feature rows for ``X`` (same order and length)."""
        from sklearn.utils._set_output import _get_output_config
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "feature_names_")
        table = extract_features(X, n_jobs=self.n_jobs, chunksize=self.chunksize)
        table = table.reindex(columns=self.feature_names_)
        if _get_output_config("transform", self)["dense"] == "pandas":
            return table
        return table.to_numpy(dtype=float)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
