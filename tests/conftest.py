"""Fixtures shared by several test modules."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import settings

from analysis import paths

# The property tests draw the same examples on every run, so a red CI run can be repeated
# and a green one means the same thing twice; HYPOTHESIS_PROFILE=explore draws new ones
# (run it when changing a find_* function, and add what it finds as a test).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def allsides_texts() -> list[str]:
    """The 1,000 article bodies of the AllSides sample shipped in data/allsides/."""
    with paths.ALLSIDES_SAMPLE.open(encoding="utf-8") as fh:
        return [json.loads(line)["content_original"] or "" for line in fh]
