"""Benchmark of the feature pipeline against the textstat-only baseline (not a test).

    python benchmarks/bench_features.py            # everything, including the 500 MB run
    python benchmarks/bench_features.py --quick    # without the 500 MB run

Workload: the cleaned bodies of the AllSides sample (data/allsides/articles_sample_1000.jsonl),
repeated until they reach ``--mb`` MB of UTF-8 text (default 50). Prints, for the whole
feature set (``features.article_features`` through ``stream.features_frame``, chunk by
chunk) and for the baseline a user would otherwise write (textstat's Flesch reading ease,
Flesch-Kincaid grade, Gunning fog, SMOG and Dale-Chall called on each article):
articles/s and MB/s on 1 core (in this process, the two taking turns chunk by chunk) and on
2 cores (a process pool of 2 workers), the ratio, the
2-job speed-up, the time per stage, and the peak memory of the streaming command on a
generated input of ``--big-mb`` MB (default 500), then the targets with PASS/FAIL.
See benchmarks/README.md for how to read the figures.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import pandas as pd

from analysis import corpus, features, paths, stream

CHUNK = 250  # articles per chunk in the throughput runs


# --------------------------------------------------------------------------- workload


def load_sample() -> tuple[list[str], list[str]]:
    """``(raw texts, cleaned bodies)`` of the usable AllSides articles."""
    df = corpus.usable(corpus.load_corpus(paths.ALLSIDES_SAMPLE))
    return df["raw_text"].tolist(), df["body"].tolist()


def repeat_to(texts: Sequence[str], megabytes: float) -> list[str]:
    """``texts`` repeated (whole passes, then a partial one) until they reach ``megabytes``
    MB of UTF-8."""
    sizes = [len(t.encode("utf-8")) for t in texts]
    out, total, target = [], 0, megabytes * 1e6
    while total < target:
        for text, size in zip(texts, sizes):
            out.append(text)
            total += size
            if total >= target:
                break
    return out


def chunks_of(texts: Sequence[str], size: int = CHUNK) -> list[pd.DataFrame]:
    """Corpus chunks (article_id, outlet, status, body) of ``size`` articles."""
    return [pd.DataFrame({"article_id": [f"a{i + j}" for j in range(len(part))],
                          "outlet": "bench", "status": "ok", "body": part})
            for i in range(0, len(texts), size) for part in [list(texts[i:i + size])]]


def megabytes(texts: Sequence[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


# --------------------------------------------------------------------------- baseline


def textstat_baseline(text: str) -> dict[str, float]:
    """What a user would write without this package: five textstat indices per article."""
    import textstat

    return {"flesch_reading_ease": textstat.flesch_reading_ease(text),
            "flesch_kincaid_grade": textstat.flesch_kincaid_grade(text),
            "gunning_fog": textstat.gunning_fog(text),
            "smog_index": textstat.smog_index(text),
            "dale_chall": textstat.dale_chall_readability_score(text)}


# --------------------------------------------------------------------------- timing


def _warm_up(executor, func: Callable, workers: int) -> None:
    """Start every worker and import the feature code there (not part of the timing)."""
    probe = chunks_of(["Officials said about 10 troops may have arrived."] * 2, 2)[0]
    futures = [executor.submit(_slow_probe, probe, func) for _ in range(workers)]
    for future in futures:
        future.result()


def _slow_probe(chunk: pd.DataFrame, func: Callable) -> int:
    stream.features_frame(chunk, func)
    time.sleep(0.5)  # keep this worker busy so the next probe starts another one
    return len(chunk)


def _cpu_seconds(jobs: int) -> float:
    """CPU seconds used so far by this process (``jobs=1``) or by its child processes (the
    pool's fork server and workers; NaN without psutil)."""
    if jobs == 1:
        return time.process_time()
    try:
        import psutil
    except ImportError:
        return float("nan")
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def throughput(func: Callable, chunks: list[pd.DataFrame], jobs: int) -> tuple[float, float]:
    """``(wall, cpu)`` seconds to compute ``features_frame(chunk, func)`` for every chunk with
    ``jobs`` worker processes (1: in this process), pool start-up excluded. ``cpu`` is the
    CPU time of the process(es) doing the work (``_cpu_seconds``); unlike wall-clock time it
    does not depend on other load on the machine."""
    with stream.make_executor("process", jobs, modules=[func.__module__]) as (executor, n):
        if jobs > 1:
            _warm_up(executor, func, n)
        else:
            stream.features_frame(chunks[0].iloc[:2], func)  # imports, lexicons
        start, cpu = time.perf_counter(), _cpu_seconds(jobs)
        stream.run_bounded(executor, partial(stream.features_frame, func=func),
                           enumerate(chunks), lambda key, table: None, 2 * n)
        return time.perf_counter() - start, _cpu_seconds(jobs) - cpu


def interleaved_one_core(funcs: dict[str, Callable], chunks: list[pd.DataFrame]
                         ) -> dict[str, tuple[float, float]]:
    """``{label: (wall, cpu)}`` seconds of ``features_frame(chunk, func)`` over every chunk in
    this process, the functions taking turns chunk by chunk (which one goes first alternates),
    so that a change in the machine's speed during the run (other load, frequency scaling)
    affects them alike and their ratio stays fair."""
    for func in funcs.values():
        stream.features_frame(chunks[0].iloc[:2], func)  # imports, lexicons
    totals = {label: [0.0, 0.0] for label in funcs}
    order = list(funcs.items())
    for n, chunk in enumerate(chunks):
        for label, func in order if n % 2 == 0 else order[::-1]:
            wall, cpu = time.perf_counter(), time.process_time()
            stream.features_frame(chunk, func)
            totals[label][0] += time.perf_counter() - wall
            totals[label][1] += time.process_time() - cpu
    return {label: (wall, cpu) for label, (wall, cpu) in totals.items()}


def time_stages(raw: Sequence[str], bodies: Sequence[str]) -> dict[str, float]:
    """Seconds per stage over the given articles, each stage on its own pass.

    Stages: cleaning (``clean_page`` on the raw page), sentences/quotes (the shared
    ``text.Doc``: sentences, quotes, words), then each extractor of ``features.EXTRACTORS``
    on the analysed Docs, with ``terms`` split into term matching and locale.
    """
    from analysis import clean, terms
    from analysis.text import Doc

    out: dict[str, float] = {}
    start = time.perf_counter()
    for text in raw:
        clean.clean_page(text)
    out["cleaning"] = time.perf_counter() - start
    start = time.perf_counter()
    docs = [_analysed(Doc(text)) for text in bodies]
    out["sentences/quotes"] = time.perf_counter() - start
    for name, fn in features.active_extractors():
        start = time.perf_counter()
        for doc in docs:
            fn(doc)
        out[name] = time.perf_counter() - start
    if "terms" in out:
        start = time.perf_counter()
        for text in bodies:
            terms.locale(text)
        out["locale"] = time.perf_counter() - start
        out["terms"] = max(out["terms"] - out["locale"], 0.0)
    return out


def _analysed(doc):
    """Compute a Doc's shared layer now (sentences, quotes, words and their lookups), so
    that the extractor stages below time only their own work."""
    for name in ("sentences", "quotes", "words", "n_words", "quoted_word_count"):
        getattr(doc, name)
    doc.in_quote(0)
    doc.sentence_index(0)
    return doc


# --------------------------------------------------------------------------- memory


def make_big_jsonl(path: Path, megabytes_wanted: float) -> tuple[int, float]:
    """Write a JSONL of about ``megabytes_wanted`` MB: the AllSides sample repeated, each
    copy with unique ids. Returns (articles, MB)."""
    lines = paths.ALLSIDES_SAMPLE.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    written, n, rep = 0, 0, 0
    with path.open("w", encoding="utf-8") as handle:
        while written < megabytes_wanted * 1e6:
            for record in records:
                line = json.dumps({**record, "ID": f"{record['ID']}-{rep:04d}"},
                                  ensure_ascii=False) + "\n"
                handle.write(line)
                written += len(line.encode("utf-8"))
                n += 1
            rep += 1
    return n, written / 1e6


_WRAPPER = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def _tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their proportional
    set sizes (PSS: a page shared by n processes, e.g. code inherited from the pool's
    fork server, counts 1/n in each), or of their RSS where PSS is unavailable; 0 without
    psutil."""
    try:
        import psutil
    except ImportError:
        return 0
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def stream_memory(source: Path, out: Path, jobs: int) -> dict[str, float]:
    """Run ``python -m analysis features`` on ``source`` and measure it: wall seconds, the
    largest single-process peak RSS (``getrusage(RUSAGE_CHILDREN)`` in a wrapper process,
    so only this command's processes count) and the peak memory of the whole process tree
    (main process, fork server and workers; PSS sampled every 0.2 s, see ``_tree_rss``)."""
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "analysis", "features",
           str(source), "--out", str(out), "--jobs", str(jobs), "--no-progress", "--restart"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_tree, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak_tree[0] = max(peak_tree[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"features command failed ({proc.returncode}): {stderr[-2000:]}")
    return {"seconds": seconds, "max_process_mb": int(stdout.split()[-1]) / 1024,
            "tree_mb": peak_tree[0] / 2**20, "summary": stderr.strip().splitlines()[-1]}


# --------------------------------------------------------------------------- report


def _rates(label: str, n: int, mb: float, seconds: float, cpu: float | None = None) -> str:
    text = (f"  {label:<26} {n / seconds:>8,.1f} articles/s {mb / seconds:>6.2f} MB/s "
            f"({seconds:,.1f} s)")
    if cpu:
        text += f"; per CPU second: {n / cpu:,.1f} articles/s {mb / cpu:.2f} MB/s"
    return text


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


_COLD = """
import json, sys, time
bodies = json.load(open(sys.argv[1], encoding="utf-8"))
start = time.perf_counter()
if sys.argv[2] == "features":
    from analysis import features
    for body in bodies:
        features.article_features(body)
else:
    sys.path.insert(0, sys.argv[3])
    from bench_features import textstat_baseline
    for body in bodies:
        textstat_baseline(body)
print(time.perf_counter() - start)
"""


def cold_seconds(bodies: Sequence[str]) -> dict[str, float]:
    """Seconds for each side on ``bodies`` in a fresh process, import and first use included
    (lexicons, compiled patterns and caches built from nothing): what one notebook run on a
    small corpus pays. Best of three fresh processes per side, the sides taking turns (which
    one goes first alternates), so that a change in the shared machine's speed during the
    measurement affects both alike."""
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        data = Path(tmp) / "bodies.json"
        data.write_text(json.dumps(list(bodies)), encoding="utf-8")
        here = str(Path(__file__).resolve().parent)
        best = {"features": math.inf, "textstat": math.inf}
        for n in range(3):
            for side in list(best) if n % 2 == 0 else list(best)[::-1]:
                seconds = float(subprocess.run(
                    [sys.executable, "-c", _COLD, str(data), side, here], check=True,
                    capture_output=True, text=True).stdout)
                best[side] = min(best[side], seconds)
        return best


def run_throughput(bodies: list[str], mb_wanted: float) -> dict[str, float]:
    texts = repeat_to(bodies, mb_wanted)
    chunks, mb = chunks_of(texts), megabytes(texts)
    print(f"workload: {len(texts):,} articles, {mb:.1f} MB of text ({len(bodies):,} distinct "
          f"AllSides articles repeated), {len(chunks)} chunks of {CHUNK}")
    funcs = {"features": features.article_features, "textstat": textstat_baseline}
    times = {}
    for label, (wall, cpu) in interleaved_one_core(funcs, chunks).items():
        times[f"{label}-1"], times[f"{label}-cpu1"] = wall, cpu
        print(_rates(f"{label}, 1 core", len(texts), mb, wall, cpu), flush=True)
    for label, func in funcs.items():
        wall, cpu = throughput(func, chunks, 2)
        times[f"{label}-2"], times[f"{label}-cpu2"] = wall, cpu
        print(_rates(f"{label}, 2 cores", len(texts), mb, wall)
              + f"; workers busy {cpu / wall:.2f} of 2 cores, {cpu:,.1f} CPU s vs "
              f"{times[f'{label}-cpu1']:,.1f} on 1 core", flush=True)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 500 MB memory run")
    parser.add_argument("--mb", type=float, default=50, help="throughput workload in MB")
    parser.add_argument("--big-mb", type=float, default=500, help="memory-run input in MB")
    parser.add_argument("--stage-articles", type=int, default=1000,
                        help="articles in the per-stage timing")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} (figures are wall-clock; "
          "other load on the machine lowers them)")
    raw, bodies = load_sample()
    cold = cold_seconds(bodies[:300])
    cold_ratio = cold["textstat"] / cold["features"]
    print(f"cold, 300 AllSides articles in a fresh process (import and first use included): "
          f"feature set {cold['features']:.2f} s, textstat baseline {cold['textstat']:.2f} s, "
          f"{cold_ratio:.2f}x", flush=True)
    times = run_throughput(bodies, args.mb)
    ratio = times["textstat-1"] / times["features-1"]
    speedup = times["features-1"] / times["features-2"]
    print(f"  whole feature set vs textstat baseline, 1 core: {ratio:.2f}x the throughput "
          f"(per CPU second: {times['textstat-cpu1'] / times['features-cpu1']:.2f}x)")
    print(f"  2 jobs vs 1 job (feature set): {speedup:.2f}x; textstat: "
          f"{times['textstat-1'] / times['textstat-2']:.2f}x")
    efficiency = times["features-cpu1"] / times["features-cpu2"]
    print(f"  parallel efficiency (1-core CPU s / 2-job CPU s): {efficiency:.2f}; on an idle "
          f"machine 2 jobs would run about {2 * efficiency:.2f}x as fast as 1 job")
    print_stages(raw[:args.stage_articles], bodies[:args.stage_articles])
    memory = None if args.quick else run_memory(args.big_mb)
    print("targets:")
    print(f"  {_verdict(ratio >= 1.5)}  feature set >= 1.5x textstat throughput on 1 core "
          f"({ratio:.2f}x)")
    print(f"  {_verdict(cold_ratio >= 1.5)}  feature set >= 1.5x textstat throughput, cold, "
          f"300 articles ({cold_ratio:.2f}x)")
    print(f"  {_verdict(speedup >= 1.7)}  2 jobs >= 1.7x as fast as 1 job ({speedup:.2f}x)")
    if memory is None:
        print("  SKIP  peak resident memory < 1 GB on a 500 MB input (--quick)")
    else:
        worst = max(memory["max_process_mb"], memory["tree_mb"])
        print(f"  {_verdict(worst < 1024)}  peak resident memory < 1 GB on a "
              f"{args.big_mb:.0f} MB input (largest process {memory['max_process_mb']:.0f} MB,"
              f" all processes together {memory['tree_mb']:.0f} MB PSS)")
    print("  TEST  identical outputs for --jobs 1, --jobs 2 and the Dask engine: "
          "tests/test_stream.py::test_jobs_and_dask_engine_write_identical_tables")
    return 0


def print_stages(raw: list[str], bodies: list[str]) -> None:
    stages = time_stages(raw, bodies)
    total = sum(stages.values())
    mb = megabytes(bodies)
    print(f"time per stage ({len(bodies):,} articles, {mb:.1f} MB; each stage on its own "
          "pass over the same articles):")
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<18} {seconds:7.2f} s {1000 * seconds / len(bodies):7.2f} ms/article "
              f"{100 * seconds / total:5.1f}%")
    print(f"  {'total':<18} {total:7.2f} s   slowest stage: {max(stages, key=stages.get)}")


def run_memory(big_mb: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-features-") as tmp:
        source = Path(tmp) / "big.jsonl"
        n, mb = make_big_jsonl(source, big_mb)
        print(f"streaming command on a generated {mb:,.0f} MB JSONL ({n:,} articles), "
              "--jobs 2:", flush=True)
        memory = stream_memory(source, Path(tmp) / "features.parquet", 2)
        print(f"  {memory['seconds']:,.0f} s, {n / memory['seconds']:,.1f} articles/s, "
              f"{mb / memory['seconds']:.2f} MB/s of input (parsing, cleaning and features)")
        print(f"  peak RSS: largest process {memory['max_process_mb']:,.0f} MB; all processes "
              f"together {memory['tree_mb']:,.0f} MB (PSS)")
        print(f"  {memory['summary']}")
    return memory


if __name__ == "__main__":
    sys.exit(main())
