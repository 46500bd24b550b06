"""Repository-relative paths, derived from this file's location (never from the CWD)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
LEXICON_DIR = PACKAGE_DIR / "lexicons"
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
ARTICLES_CSV = DATA_DIR / "articles.csv"
PROCESSED_DIR = DATA_DIR / "processed"
ALLSIDES_SAMPLE = DATA_DIR / "allsides" / "articles_sample_1000.jsonl"
KYIV_KIEV = DATA_DIR / "allsides" / "kyiv_kiev_191.jsonl"
FIGURES_DIR = ROOT / "figures"
NOTEBOOKS_DIR = ROOT / "notebooks"
BUILD_DIR = ROOT / "build"
