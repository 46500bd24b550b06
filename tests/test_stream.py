"""Streaming feature extraction: chunks, bad rows, resume, progress, jobs, Dask, the CLI.

Most tests use ``toy_features``, a small stand-in for ``features.article_features`` (fast,
and module-level so that worker processes can import it); the identity tests at the end
run the real per-article function on the seed corpus and AllSides articles.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import math
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import corpus, paths, stream
from analysis.cli_features import main as features_main

N_ALLSIDES = 200  # AllSides articles in the real-feature identity tests


# --------------------------------------------------------------------------- stand-ins

CALLS: list[str] = []  # texts toy_features saw (in this process)
INTERRUPT_AFTER: list[int] = []  # when set: raise KeyboardInterrupt after that many calls


def toy_features(text: str) -> dict[str, float]:
    """Words, and "said" per 100 words (NaN without words); raises on a poisoned text."""
    CALLS.append(text)
    if INTERRUPT_AFTER and len(CALLS) > INTERRUPT_AFTER[0]:
        raise KeyboardInterrupt
    if "POISON" in text:
        raise ValueError("poisoned article")
    words = text.split()
    said = sum(w.strip(",.").lower() == "said" for w in words)
    return {"toy_words": float(len(words)),
            "toy_said_per_100w": 100 * said / len(words) if words else math.nan}


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()
    INTERRUPT_AFTER.clear()
    yield
    CALLS.clear()
    INTERRUPT_AFTER.clear()


def allsides_lines(n: int) -> list[str]:
    with paths.ALLSIDES_SAMPLE.open(encoding="utf-8") as handle:
        return [next(handle).rstrip("\n") for _ in range(n)]


@pytest.fixture
def messy_jsonl(tmp_path: Path) -> Path:
    """40 real articles with hostile rows among them: broken JSON, an empty text, a JSON
    array, binary junk, a duplicate id and an article that makes the features raise."""
    lines = allsides_lines(40)
    first = json.loads(lines[0])
    bad = [
        '{"ID": "broken", "content_original": "no closing brace"',
        json.dumps({"ID": "empty-one", "source": "X", "content_original": "   "}),
        json.dumps([1, 2, 3]),
        json.dumps({"ID": "junk", "source": "X", "content_original": "\x00\x01\x02" * 50}),
        json.dumps(first),
        json.dumps({"ID": "poison", "source": "Y",
                    "content_original": "Officials said POISON was found. " * 5}),
    ]
    for i, line in enumerate(bad):
        lines.insert(5 + 6 * i, line)
    path = tmp_path / "messy.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(source, out, **kwargs) -> stream.StreamResult:
    kwargs.setdefault("func", toy_features)
    kwargs.setdefault("chunk_size", 7)
    kwargs.setdefault("corpus_options", {"clean": False})
    return stream.stream_features(source, out, **kwargs)


# --------------------------------------------------------------------------- one chunk


def test_features_frame_rows_statuses_and_index():
    chunk = pd.DataFrame({
        "article_id": ["a", "b", "c", "d"], "outlet": ["O", None, "O", "P"],
        "status": ["ok", "empty", "html", "ok"], "status_detail": [None, "no text", "", None],
        "body": ["The minister said it was over.", "", "Police said so, they said.", None]},
        index=[10, 11, 12, 13])
    stream.feature_names(toy_features)  # the names are probed once, then cached
    CALLS.clear()
    table = stream.features_frame(chunk, toy_features)
    assert list(table.columns) == ["article_id", "outlet", "status", "status_detail",
                                   "toy_words", "toy_said_per_100w"]
    assert list(table.index) == [10, 11, 12, 13]
    assert table["toy_words"].iloc[0] == 6
    assert table["toy_said_per_100w"].iloc[2] == pytest.approx(100 * 2 / 5)
    assert table["status"].tolist() == ["ok", "empty", "html", "ok"]
    assert table.loc[11, ["toy_words", "toy_said_per_100w"]].isna().all()  # unusable status
    assert table.loc[13, ["toy_words"]].isna().all()  # usable status but no text
    assert pd.isna(table.loc[11, "outlet"])
    assert CALLS == [chunk["body"][10], chunk["body"][12]]  # only the usable rows


def test_features_frame_records_a_failing_article_and_goes_on():
    chunk = pd.DataFrame({"article_id": ["a", "b", "c"], "status": ["ok"] * 3,
                          "body": ["He said yes.", "POISON here", "She said no."]})
    table = stream.features_frame(chunk, toy_features)
    assert table["status"].tolist() == ["ok", stream.FEATURE_ERROR, "ok"]
    assert "ValueError: poisoned article" in table["status_detail"].iloc[1]
    assert math.isnan(table["toy_words"].iloc[1])
    assert table["toy_words"].iloc[2] == 3


def test_empty_features_is_the_schema_of_a_chunk():
    meta = stream.empty_features(toy_features)
    table = stream.features_frame(pd.DataFrame({"article_id": ["x"], "status": ["ok"],
                                                "body": ["Words here."]}), toy_features)
    assert meta.empty
    assert list(meta.columns) == list(table.columns)
    assert meta.dtypes.astype(str).tolist() == table.dtypes.astype(str).tolist()


# --------------------------------------------------------------------------- streaming


def test_stream_keeps_every_row_with_its_status(messy_jsonl, tmp_path):
    out = tmp_path / "features.parquet"
    result = run(messy_jsonl, out)
    table = pd.read_parquet(out)
    expected = corpus.load_corpus(messy_jsonl, clean=False)
    assert table["article_id"].tolist() == expected["article_id"].tolist()
    assert len(table) == 46 and result.articles == 46 and result.chunks == math.ceil(46 / 7)
    status = dict(zip(table["article_id"], table["status"]))
    assert status["empty-one"] == "empty" and status["junk"] == "binary"
    assert status["poison"] == stream.FEATURE_ERROR
    assert sum(s == "parse-error" for s in status.values()) == 2
    assert sum(s == "duplicate-id" for s in status.values()) == 1
    bad = table[~table["status"].isin(corpus.USABLE_STATUSES)]
    assert len(bad) == 6 and bad["toy_words"].isna().all()
    good = table[table["status"].isin(corpus.USABLE_STATUSES)]
    assert (good["toy_words"] > 100).all()
    assert result.statuses["ok"] == 40
    assert not out.with_name(out.name + stream.PARTS_SUFFIX).exists()  # parts combined


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_stream_reads_csv_and_parquet_like_load_corpus(tmp_path, fmt):
    frame = pd.read_json(io.StringIO("\n".join(allsides_lines(25))), lines=True, dtype=False)
    source = tmp_path / f"articles.{fmt}"
    getattr(frame, f"to_{fmt}")(source, index=False)
    run(source, tmp_path / "f.parquet")
    table = pd.read_parquet(tmp_path / "f.parquet")
    loaded = corpus.load_corpus(source, clean=False)
    expected = stream.features_frame(loaded, toy_features).reset_index(drop=True)
    assert_frame_equal(table, expected)
    assert table["outlet"].tolist() == frame["source"].tolist()


def test_stream_reads_the_seed_folder_with_cleaning(tmp_path):
    run(paths.RAW_DIR, tmp_path / "seed.parquet", chunk_size=2,
        corpus_options={"clean": True})
    table = pd.read_parquet(tmp_path / "seed.parquet")
    expected = stream.features_frame(corpus.load_corpus(paths.RAW_DIR), toy_features)
    assert_frame_equal(table, expected.reset_index(drop=True))
    assert len(table) == 5 and (table["toy_words"] > 50).all()


def test_several_inputs_and_folder_output(messy_jsonl, tmp_path):
    second = tmp_path / "more.jsonl"
    second.write_text("\n".join(allsides_lines(60)[40:]) + "\n", encoding="utf-8")
    out = tmp_path / "dataset"
    result = run([messy_jsonl, second], out, chunk_size=10)
    assert result.chunks == 5 + 2  # chunks never straddle two inputs
    names = sorted(p.name for p in out.glob("part-*.parquet"))
    assert names == [f"part-{i:06d}.parquet" for i in range(7)]
    table = pd.read_parquet(out)
    assert len(table) == 46 + 20
    assert table["article_id"].iloc[-20:].tolist() == \
        [json.loads(x)["ID"] for x in allsides_lines(60)[40:]]


def test_empty_input_gives_an_empty_table(tmp_path):
    source = tmp_path / "empty.jsonl"
    source.write_text("\n\n", encoding="utf-8")
    run(source, tmp_path / "e.parquet")
    table = pd.read_parquet(tmp_path / "e.parquet")
    assert table.empty
    assert list(table.columns) == list(stream.empty_features(toy_features).columns)


def test_missing_input_is_a_corpus_error(tmp_path):
    with pytest.raises(corpus.CorpusError, match="no such file"):
        run(tmp_path / "nope.jsonl", tmp_path / "x.parquet")


# --------------------------------------------------------------------------- resume


def test_resume_after_interruption_computes_only_the_rest(messy_jsonl, tmp_path):
    out = tmp_path / "f.parquet"
    parts = out.with_name(out.name + stream.PARTS_SUFFIX)
    INTERRUPT_AFTER.append(20)  # 20 usable articles in: the run dies inside chunk 3
    with pytest.raises(KeyboardInterrupt):
        run(messy_jsonl, out)
    written = sorted(p.name for p in parts.glob("part-*.parquet"))
    assert written == ["part-000000.parquet", "part-000001.parquet", "part-000002.parquet"]
    assert not out.exists()
    INTERRUPT_AFTER.clear()
    CALLS.clear()
    result = run(messy_jsonl, out)
    assert result.skipped_chunks == 3 and result.skipped_articles == 21
    assert result.articles == 46 - 21
    assert not any(text in CALLS for text in
                   corpus.load_corpus(messy_jsonl, clean=False)["body"][:21] if text)
    fresh = tmp_path / "fresh.parquet"
    run(messy_jsonl, fresh)
    assert_frame_equal(pd.read_parquet(out), pd.read_parquet(fresh))


def test_a_finished_output_is_not_recomputed(messy_jsonl, tmp_path):
    out = tmp_path / "f.parquet"
    run(messy_jsonl, out)
    CALLS.clear()
    again = run(messy_jsonl, out)
    assert again.up_to_date and CALLS == []
    redo = run(messy_jsonl, out, restart=True)
    assert not redo.up_to_date and redo.articles == 46


def test_resume_refuses_changed_input_or_chunk_size(messy_jsonl, tmp_path):
    out = tmp_path / "dataset"
    run(messy_jsonl, out)
    with pytest.raises(stream.StreamError, match="chunk_size"):
        run(messy_jsonl, out, chunk_size=8)
    with messy_jsonl.open("a", encoding="utf-8") as handle:
        handle.write(allsides_lines(41)[40] + "\n")
    with pytest.raises(stream.StreamError, match="inputs"):
        run(messy_jsonl, out)
    result = run(messy_jsonl, out, restart=True)
    assert result.skipped_chunks == 0 and len(pd.read_parquet(out)) == 47


def test_stale_temporary_files_are_removed(messy_jsonl, tmp_path):
    out = tmp_path / "dataset"
    run(messy_jsonl, out)
    (out / "part-000002.parquet").unlink()
    (out / ".part-000002.parquet.tmp999").write_bytes(b"half a file")
    result = run(messy_jsonl, out)
    assert result.chunks == 1 and result.skipped_chunks == 6
    assert not list(out.glob(".*"))
    assert len(pd.read_parquet(out)) == 46


# --------------------------------------------------------------------------- machinery


def test_run_bounded_keeps_few_chunks_in_flight():
    pulled, lock = [], threading.Lock()
    in_flight_seen = []

    def items():
        for i in range(40):
            with lock:
                pulled.append(i)
            yield i, i

    def slow(x):
        time.sleep(0.002)
        return x * x

    results = {}

    def on_done(key, value):
        results[key] = value
        in_flight_seen.append(len(pulled) - len(results))

    with ThreadPoolExecutor(max_workers=3) as pool:
        stream.run_bounded(pool, slow, items(), on_done, max_in_flight=4)
    assert results == {i: i * i for i in range(40)}
    assert max(in_flight_seen) <= 4


def test_run_bounded_stops_on_a_failed_chunk():
    def fail_on_three(x):
        if x == 3:
            raise RuntimeError("chunk 3 broke")
        return x

    done = []
    with pytest.raises(RuntimeError, match="chunk 3"):
        stream.run_bounded(stream.InlineExecutor(), fail_on_three,
                           ((i, i) for i in range(10)), lambda k, v: done.append(k), 2)
    assert done == [0, 1, 2]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_a_terminal(messy_jsonl, tmp_path):
    quiet, tty = io.StringIO(), _Terminal()
    run(messy_jsonl, tmp_path / "a.parquet", progress=stream.Progress(quiet))
    run(messy_jsonl, tmp_path / "b.parquet", progress=stream.Progress(tty, interval=0))
    assert quiet.getvalue() == ""
    shown = tty.getvalue()
    assert shown.startswith("\r") and shown.endswith("\n")
    last = shown.rstrip("\n").split("\r")[-1]
    assert "features: 46 articles" in last and "articles/s" in last and "MB/s" in last


def test_fingerprint_changes_with_content(tmp_path):
    page = tmp_path / "pages" / "a.txt"
    page.parent.mkdir()
    page.write_text("one", encoding="utf-8")
    before = stream.fingerprint(page.parent), stream.fingerprint(page)
    page.write_text("one two", encoding="utf-8")
    after = stream.fingerprint(page.parent), stream.fingerprint(page)
    assert before[0] != after[0] and before[1] != after[1]
    assert after[1]["size"] == 7


def test_jobs_two_equals_jobs_one_with_a_process_pool(messy_jsonl, tmp_path):
    run(messy_jsonl, tmp_path / "one.parquet", jobs=1)
    result = run(messy_jsonl, tmp_path / "two.parquet", jobs=2)
    assert result.articles == 46
    assert_frame_equal(pd.read_parquet(tmp_path / "one.parquet"),
                       pd.read_parquet(tmp_path / "two.parquet"))


def test_workers_clean_the_chunks_as_load_corpus_does(messy_jsonl, tmp_path):
    """Chunks travel uncleaned and the pool's workers clean them: the table (statuses
    included) equals cleaning everything first with load_corpus."""
    result = run(messy_jsonl, tmp_path / "clean.parquet", jobs=2,
                 corpus_options={"clean": True})
    expected = stream.features_frame(corpus.load_corpus(messy_jsonl), toy_features)
    assert_frame_equal(pd.read_parquet(tmp_path / "clean.parquet"),
                       expected.reset_index(drop=True))
    assert result.statuses["duplicate-id"] == 1 and result.statuses["ok"] == 40
    raw = corpus.load_corpus(messy_jsonl, clean=False)
    assert (raw["body"] != corpus.load_corpus(messy_jsonl)["body"]).any()  # cleaning matters


# --------------------------------------------------------------------------- CLI


def test_cli_writes_the_table_and_reports_bad_rows(messy_jsonl, tmp_path, capsys):
    out = tmp_path / "cli.parquet"
    code = features_main([str(messy_jsonl), "--out", str(out), "--chunk-size", "9",
                          "--no-clean"])
    err = capsys.readouterr().err
    assert code == 0
    assert "46 articles" in err and "2 parse-error" in err and "1 binary" in err
    assert "\r" not in err  # not a terminal: no progress line
    assert len(pd.read_parquet(out)) == 46
    assert features_main([str(messy_jsonl), "--out", str(out), "--chunk-size", "9",
                          "--no-clean"]) == 0
    assert "up to date" in capsys.readouterr().err


def test_cli_errors_exit_2(tmp_path, capsys):
    assert features_main([str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "notext.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert features_main([str(bad), "--out", str(tmp_path / "y.parquet")]) == 2
    assert "no text column" in capsys.readouterr().err


def test_cli_column_options_summary_and_safe_csv(tmp_path, capsys):
    text = "Officials said about 3,000 soldiers had arrived. The ministry did not confirm it."
    rows = [{"key": "@SUM(1+1)", "pub": '=HYPERLINK("http://evil.example","x")',
             "words": text, "when": "2024-06-19"},
            {"key": "k2", "pub": "+cmd|' /C calc'!A0", "words": text, "when": "2024-06-20"},
            {"key": "k3", "pub": "Reuters", "words": "x" * 6000, "when": "2024-06-21"},
            {"key": "k4", "pub": "-Minus", "words": text}]
    source = tmp_path / "odd.jsonl"
    lines = [json.dumps(r) for r in rows]
    lines.insert(1, "{broken")
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = ["--text-column", "words", "--outlet-column", "pub", "--id-column", "key",
               "--date-column", "when", "--max-bytes", "5000", "--no-clean"]
    assert features_main([str(source), "--out", str(tmp_path / "f.csv"), *options]) == 0
    err = capsys.readouterr().err
    assert "input: 3 of 5 rows will be analysed" in err
    assert "1 parse-error (the input line or row could not be parsed): odd.jsonl line 2" in err
    assert "1 too-large (" in err and "odd.jsonl line 4" in err
    assert err.index("input:") < err.index("wrote ")
    with (tmp_path / "f.csv").open(newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert [r["article_id"] for r in table] == ["'@SUM(1+1)", "odd-line000002", "k2",
                                                "odd-line000004", "k4"]
    assert [r["outlet"] for r in table if r["status"] == "ok"] == [
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "'+cmd|' /C calc'!A0", "'-Minus"]
    assert not (tmp_path / "f.csv.parts").exists()
    assert features_main([str(source), "--out", str(tmp_path / "f.parquet"), *options]) == 0
    raw = pd.read_parquet(tmp_path / "f.parquet")   # Parquet keeps the raw values
    assert raw["outlet"].tolist()[0] == rows[0]["pub"] and raw["article_id"][0] == "@SUM(1+1)"
    capsys.readouterr()
    assert features_main([str(source), "--out", str(tmp_path / "g.parquet"),
                          "--date-column", "nope", "--text-column", "words"]) == 2
    assert "'nope' not found" in capsys.readouterr().err


def test_cli_says_when_a_folder_has_no_articles_csv(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials said about 3,000 soldiers had arrived. " * 3)
    assert features_main([str(folder), "--out", str(tmp_path / "f.parquet"), "--no-clean"]) == 0
    err = capsys.readouterr().err
    assert "has no articles.csv" in err and "1 of 1 rows will be analysed" in err


def test_python_m_analysis_features(tmp_path):
    source = tmp_path / "a.jsonl"
    source.write_text("\n".join(allsides_lines(12)) + "\n", encoding="utf-8")
    out = tmp_path / "f.parquet"
    done = subprocess.run([sys.executable, "-m", "analysis", "features", str(source),
                           "--out", str(out), "--jobs", "2", "--chunk-size", "5"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr and "12 articles" in done.stderr
    table = pd.read_parquet(out)
    assert table["article_id"].tolist() == [json.loads(x)["ID"] for x in allsides_lines(12)]
    assert table.filter(like="_per_100w").notna().any(axis=None)


# --------------------------------------------------------------------------- real features


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory) -> pd.DataFrame:
    """The seed corpus and the first AllSides articles, as load_corpus gives them."""
    path = tmp_path_factory.mktemp("allsides") / "allsides.jsonl"
    path.write_text("\n".join(allsides_lines(N_ALLSIDES)) + "\n", encoding="utf-8")
    return pd.concat([corpus.load_corpus(), corpus.load_corpus(path)], ignore_index=True)


@pytest.fixture(scope="module")
def dask_client():
    """A LocalCluster of 2 in-process workers (no re-import of __main__)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def pandas_table(real_corpus) -> pd.DataFrame:
    from analysis.features import extract_features

    return extract_features(real_corpus)


def test_features_frame_is_the_extract_features_table(real_corpus, pandas_table):
    table = stream.features_frame(real_corpus)
    assert_frame_equal(table.drop(columns="status_detail").set_index("article_id"),
                       pandas_table)
    assert len(table.columns) > 20


def test_dask_dataframe_gives_the_pandas_table(real_corpus, pandas_table, dask_client):
    import dask.dataframe as dd

    ddf = dd.from_pandas(real_corpus, npartitions=4)
    lazy = stream.extract_features_dask(ddf)
    assert lazy.npartitions == 4
    table = lazy.compute()
    assert_frame_equal(table.drop(columns="status_detail").set_index("article_id"),
                       pandas_table)


def test_extract_features_accepts_a_dask_dataframe(real_corpus, pandas_table, dask_client):
    import dask.dataframe as dd

    from analysis.features import extract_features

    lazy = extract_features(dd.from_pandas(real_corpus, npartitions=3))
    assert lazy.npartitions == 3
    assert_frame_equal(lazy.compute().drop(columns="status_detail").set_index("article_id"),
                       pandas_table)


def test_jobs_and_dask_engine_write_identical_tables(real_corpus, dask_client, tmp_path):
    source = tmp_path / "corpus.parquet"
    real_corpus.iloc[:60][["article_id", "outlet", "body"]].to_parquet(source)
    options = {"clean": False}
    tables = {}
    for name, kwargs in {"jobs1": {"jobs": 1}, "jobs2": {"jobs": 2},
                         "dask": {"engine": "dask",
                                  "scheduler": dask_client.scheduler.address}}.items():
        out = tmp_path / f"{name}.parquet"
        stream.stream_features(source, out, chunk_size=16, corpus_options=options, **kwargs)
        tables[name] = pd.read_parquet(out)
    assert len(tables["jobs1"]) == 60
    assert_frame_equal(tables["jobs1"], tables["jobs2"])
    assert_frame_equal(tables["jobs1"], tables["dask"])
    expected = stream.features_frame(real_corpus.iloc[:60]).reset_index(drop=True)
    assert_frame_equal(tables["jobs1"], expected)


# --------------------------------------------------------------------------- kill -9


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"   # a zombie has exited (nobody may reap it in a container)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    source = tmp_path / "big.jsonl"
    source.write_text("\n".join(allsides_lines(1000)) + "\n", encoding="utf-8")
    out = tmp_path / "f.parquet"
    main = subprocess.Popen([sys.executable, "-m", "analysis", "features", str(source),
                             "--out", str(out), "--jobs", "2", "--chunk-size", "5"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    parts = tmp_path / "f.parquet.parts"
    try:
        deadline = time.monotonic() + 240
        family: set[int] = set()
        while time.monotonic() < deadline:  # until the workers are busy computing chunks
            children = _children(main.pid)
            family = children | {g for c in children for g in _children(c)}
            if len(family) >= 3 and len(list(parts.glob("part-*.parquet"))) >= 1:
                break
            assert main.poll() is None, "the run ended before it could be killed"
            time.sleep(0.2)
        else:
            pytest.fail(f"no workers seen; processes: {family}")
    finally:
        main.kill()   # SIGKILL: no cleanup code runs in the main process
        main.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(map(_alive, family)):
        time.sleep(0.2)
    left = sorted(p for p in family if _alive(p))
    for pid in left:   # do not leave them behind when the assertion fails
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(family)} child processes outlived the main process"
