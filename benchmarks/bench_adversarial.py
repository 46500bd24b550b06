"""Hostile inputs for the attribution extractors: do they stay linear? (A script, not a test.)

    python benchmarks/bench_adversarial.py            # 0.5 MB and 1 MB of each case
    python benchmarks/bench_adversarial.py --mb 2     # other sizes (MB and half of it)

Each case is one short pattern repeated into a single long text (one "sentence" full of
quotes and cues, the shape that made quote linking quadratic): quote-said ('"he said '),
open quotes, nested quotes, "said " repeated, long capitalised runs, insiders, anonymity
clauses, comment requests, "per" and one long word (syllables by hyphenation
patterns). For each case and each function
(``find_attributions``, ``find_contested_claims``, ``find_comment_requests`` and
``features.article_features``, the whole feature set) it prints the seconds at ``--mb`` MB
and the ratio to the time at half that size: about 2 means linear, about 4 quadratic.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

from analysis import features
from analysis.attribution import (
    find_attributions,
    find_comment_requests,
    find_contested_claims,
)

CASES = {
    "quote-said": '"he said ',
    "open quotes": '"open quote said ',
    "nested quotes": "“Nested ‘quote “said” here’ he said ",
    "said repeated": "said ",
    "capitalised run": "The Big Red Fox Said Hello ",
    "insiders": "People familiar with the matter said ",
    "anonymity": "a senior official, speaking on condition of anonymity, said ",
    "comment requests": "declined to comment and did not respond to a request for comment ",
    "per": "per CNN per two sources familiar with ",
    "dateline, saying": "WASHINGTON (Reuters) - Biden declined, saying ",
    "relative subjects": "One patient who came to the clinic seeking help said ",
    "one long word": "a",
}

FUNCTIONS: dict[str, Callable[[str], object]] = {
    "find_attributions": find_attributions,
    "find_contested_claims": find_contested_claims,
    "find_comment_requests": find_comment_requests,
    "article_features": features.article_features,
}


def text_of(pattern: str, megabytes: float) -> str:
    """``pattern`` repeated to ``megabytes`` MB of UTF-8."""
    return pattern * max(1, int(megabytes * 1e6 / len(pattern.encode("utf-8"))))


def seconds(func: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    func(text)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the larger text in MB")
    args = parser.parse_args(argv)
    worst = 0.0
    print(f"{'case':18} {'function':22} {args.mb:g} MB (s)   ratio to {args.mb / 2:g} MB")
    for case, pattern in CASES.items():
        small, big = text_of(pattern, args.mb / 2), text_of(pattern, args.mb)
        for name, func in FUNCTIONS.items():
            t_small, t_big = seconds(func, small), seconds(func, big)
            ratio = t_big / t_small if t_small > 0 else float("nan")
            worst = max(worst, ratio)
            print(f"{case:18} {name:22} {t_big:10.2f}   {ratio:5.2f}", flush=True)
    print(f"largest ratio {worst:.2f} (2 = linear, 4 = quadratic)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
