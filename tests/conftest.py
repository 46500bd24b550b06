"""Fixtures shared by several test modules."""
from __future__ import annotations

import json

import pytest

from analysis import paths


@pytest.fixture(scope="session")
def allsides_texts() -> list[str]:
    """The 1,000 article bodies of the AllSides sample shipped in data/allsides/."""
    with paths.ALLSIDES_SAMPLE.open(encoding="utf-8") as fh:
        return [json.loads(line)["content_original"] or "" for line in fh]
