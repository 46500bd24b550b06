"""load_corpus: the seed corpus, tabular inputs, the AllSides sample, and hostile input."""
from __future__ import annotations

import errno
import json
import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis as an
from analysis import corpus, paths

SEED_IDS = ["000_1cbacc739d0cc6f2", "001_7a5a9b5144662cdf", "002_c104d6600cc0101a",
            "003_9292455fe0f452e3", "004_a4d8f900899fbc8f"]


@pytest.fixture(scope="module")
def seeds():
    return an.load_corpus()


def test_seed_corpus_has_one_ok_row_per_page(seeds):
    assert seeds["article_id"].tolist() == SEED_IDS
    assert (seeds["status"] == "ok").all()
    assert seeds.columns[:len(corpus.COLUMNS)].tolist() == corpus.COLUMNS
    assert seeds.set_index("article_id").loc["004_a4d8f900899fbc8f", "author"] == "Arpan Rai"
    assert seeds["published"].tolist() == ["2024-11-09", "2024-11-09", "2024-10-14",
                                           "2024-11-06", "2024-10-24"]


def test_seed_pages_are_stored_unchanged(seeds):
    meta = pd.read_csv(paths.ARTICLES_CSV, dtype=str, keep_default_na=False)
    assert sorted(meta["file"]) == sorted(p.name for p in paths.RAW_DIR.glob("*.txt"))
    for row in seeds.itertuples():
        assert (paths.RAW_DIR / row.file).read_text(encoding="utf-8") == row.raw_text


def test_seed_body_is_cleaned(seeds):
    body = seeds.set_index("article_id").loc["003_9292455fe0f452e3", "body"]
    assert body.startswith("THE upper house of Russian parliament today ratified")
    assert "Skip to main content" not in body and "Fighting fund" not in body
    assert "\n\n" in body


def test_articles_csv_describes_every_seed():
    meta = pd.read_csv(paths.ARTICLES_CSV, dtype=str, keep_default_na=False)
    assert meta.columns.tolist() == ["article_id", "file", "outlet", "kind", "headline",
                                     "published", "author", "url", "country", "language"]
    assert (meta[["article_id", "file", "outlet", "kind", "headline", "published", "country",
                  "language"]] != "").all().all()
    assert meta["published"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_allsides_sample_loads_every_row():
    df = an.load_corpus(paths.ALLSIDES_SAMPLE)
    assert len(df) == 1000
    assert df["article_id"].is_unique
    assert set(df["status"]) <= set(corpus.STATUSES)
    usable = corpus.usable(df)
    assert len(usable) >= 950
    row = df.iloc[0]
    assert row["outlet"] == "Washington Times"
    assert row["headline"].startswith("Egypt's streets of blood")
    assert row["published"] == "2013-08-15"
    assert "bias_text" in df.columns  # extra columns are kept for ratings side columns


# --- hostile input ------------------------------------------------------------------------

def _folder(tmp_path, files: dict[str, bytes], meta: str | None) -> pd.DataFrame:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    if meta is not None:
        (tmp_path / "articles.csv").write_text(meta, encoding="utf-8")
    return tmp_path


GOOD = ("Officials said on Tuesday that the treaty had been ratified by both chambers of the "
        "parliament after a long debate.\n\nThe vote was 397-0, according to the speaker.\n")


BAD_FILES = {
    "good.txt": GOOD.encode(),
    "empty.txt": b"",
    "blank.txt": b"  \n\n \t\n",
    "latin.txt": GOOD.replace("debate", "d\u00e9bat").encode("cp1252"),
    "undecodable.txt": b"abc \x81\x8d\x8f\x90\x9d def " * 20 + b"\xff\xfe",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "page.txt": (b"<!DOCTYPE html><html><head><title>T</title></head><body><article><p>"
                 + GOOD.encode() + b"</p><p>" + GOOD.encode() + b"</p></article></body>"
                 b"</html>"),
    "unlisted.txt": GOOD.encode(),
}
BAD_META = ("article_id,file,outlet\n"
            "a,good.txt,Outlet A\nb,empty.txt,Outlet B\nc,blank.txt,Outlet C\n"
            "d,latin.txt,Outlet D\ne,undecodable.txt,Outlet E\nf,binary.txt,Outlet F\n"
            "g,page.txt,Outlet G\nh,missing.txt,Outlet H\na,good.txt,Outlet A\n"
            "i,good.txt,\n")


def test_every_bad_file_gets_a_status(tmp_path):
    files, meta = BAD_FILES, BAD_META
    with pytest.warns(corpus.CorpusWarning, match="Windows-1252"):
        df = an.load_corpus(_folder(tmp_path, files, meta))
    status = dict(zip(df["article_id"], df["status"]))
    assert status == {"a": "ok", "b": "empty", "c": "empty", "d": "cp1252",
                      "e": "decode-error", "f": "binary", "g": "html", "h": "missing-file",
                      "a~2": "duplicate-id", "i": "missing-metadata",
                      "unlisted": "missing-metadata"}
    by_id = df.set_index("article_id")
    assert "d\u00e9bat" in by_id.loc["d", "body"]
    assert "397-0" in by_id.loc["g", "body"] and "<p>" not in by_id.loc["g", "body"]
    assert by_id.loc["i", "outlet"] == "unknown"
    assert "not listed" in by_id.loc["unlisted", "status_detail"]
    assert (df["status_detail"].fillna("") != "").sum() >= 9
    assert by_id.loc[["b", "e", "f", "h"], "body"].eq("").all()


def test_too_large_article_is_recorded_not_processed(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.write(b"word " * (50_000_000 // 5))
    (tmp_path / "articles.csv").write_text("article_id,file,outlet\nbig,big.txt,X\n")
    df = an.load_corpus(tmp_path)
    assert df.loc[0, "status"] == "too-large"
    assert "50,000,000 bytes" in df.loc[0, "status_detail"]
    assert df.loc[0, "body"] == ""


BAD_LINES = [
    json.dumps({"id": "x1", "source": "Reuters", "content_original": GOOD,
                "date": "2024-10-24T08:37:00Z"}),
    "{not json",
    json.dumps(["a", "list"]),
    json.dumps({"id": "x1", "source": "AP", "content_original": GOOD}),
    json.dumps({"id": "x2", "content_original": GOOD}),
    json.dumps({"id": "x3", "source": "AP", "content_original": None}),
    json.dumps({"id": "x4", "source": "AP", "content_original": "<html><body><div>"
                "<p>" + GOOD + "</p></div></body></html>"}),
]


def test_jsonl_with_bad_lines_duplicates_and_missing_fields(tmp_path):
    lines = BAD_LINES
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df = an.load_corpus(path)
    assert len(df) == 7
    assert df["status"].tolist() == ["ok", "parse-error", "parse-error", "duplicate-id",
                                     "missing-metadata", "empty", "html"]
    assert df.loc[0, "published"] == "2024-10-24"
    assert "line 2" in df.loc[1, "status_detail"]
    assert df["article_id"].is_unique


def test_csv_and_parquet_round_trip(tmp_path):
    frame = pd.DataFrame({"text": [GOOD, GOOD.upper()], "outlet": ["A", "B"],
                          "title": ["One", "Two"], "rating": ["left", "right"]})
    frame.to_csv(tmp_path / "c.csv", index=False)
    frame.to_parquet(tmp_path / "c.parquet")
    for name in ("c.csv", "c.parquet"):
        df = an.load_corpus(tmp_path / name)
        assert df["status"].tolist() == ["ok", "ok"]
        assert df["headline"].tolist() == ["One", "Two"]
        assert df["rating"].tolist() == ["left", "right"]
        assert df["article_id"].tolist() == ["c-000002", "c-000003"] or name.endswith("parquet")


def test_malformed_csv_row_is_recorded(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(f'text,outlet\n"{GOOD}",A\nbroken,row,with,too,many\n"{GOOD}",B\n')
    df = an.load_corpus(path)
    assert sorted(df["status"]) == ["ok", "ok", "parse-error"]


def test_whole_input_errors_are_clear(tmp_path):
    with pytest.raises(corpus.CorpusError, match="no such file"):
        an.load_corpus(tmp_path / "nope.jsonl")
    (tmp_path / "x.csv").write_text("title,outlet\nA,B\n")
    with pytest.raises(corpus.CorpusError, match="no text column"):
        an.load_corpus(tmp_path / "x.csv")
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(corpus.CorpusError, match="unsupported file type"):
        an.load_corpus(tmp_path / "x.docx")
    (tmp_path / "e.csv").write_text("")
    with pytest.raises(corpus.CorpusError, match="empty"):
        an.load_corpus(tmp_path / "e.csv")
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(corpus.CorpusError, match="Parquet"):
        an.load_corpus(tmp_path / "bad.parquet")


def test_explicit_columns_and_unknown_column(tmp_path):
    path = tmp_path / "c.csv"
    pd.DataFrame({"story": [GOOD], "paper": ["Guardian"]}).to_csv(path, index=False)
    df = an.load_corpus(path, text_column="story", outlet_column="paper")
    assert df.loc[0, "outlet"] == "Guardian" and df.loc[0, "status"] == "ok"
    with pytest.raises(corpus.CorpusError, match="'nope' not found"):
        an.load_corpus(path, text_column="nope")


def test_streaming_chunks_match_whole_load():
    whole = an.load_corpus(paths.ALLSIDES_SAMPLE)
    chunks = list(corpus.iter_corpus(paths.ALLSIDES_SAMPLE, chunk_size=300))
    assert [len(c) for c in chunks] == [300, 300, 300, 100]
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), whole)


def test_decode_bytes_statuses():
    assert corpus.decode_bytes("Kyiv’s".encode())[1] == "ok"
    assert corpus.decode_bytes("\ufeffKyiv".encode())[0] == "Kyiv"
    assert corpus.decode_bytes("caf\u00e9".encode("cp1252"))[:2] == ("caf\u00e9", "cp1252")
    assert corpus.decode_bytes(b"")[1] == "empty"
    assert corpus.decode_bytes(b"\x00\x01\x02abc")[1] == "binary"


def test_no_warning_on_clean_input():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        an.load_corpus()


def test_overview_counts_words_before_and_after_cleaning(seeds):
    view = corpus.overview(seeds).set_index("article_id")
    assert (view["words_body"] < view["words_raw"]).all()
    assert (view["removed_share"].between(0.05, 0.7)).all()
    # the Star-Advertiser page repeats its caption twice and carries a comment notice
    assert view.loc["000_1cbacc739d0cc6f2", "removed_share"] > 0.4


def test_cleaning_audit_lists_removed_lines_with_reasons(seeds):
    audit = corpus.cleaning_audit(seeds)
    mine = audit[audit["article_id"] == "003_9292455fe0f452e3"]
    assert mine.iloc[0][["line_no", "text"]].tolist() == [1, "Skip to main content"]
    assert "donation-appeal" in set(mine["reason"])
    assert (audit["reason"].str.len() > 0).all()
    raw = seeds.set_index("article_id")["raw_text"]
    for row in audit.itertuples():
        assert row.text.split("<image>")[0][:40] in raw[row.article_id]


def test_short_table_texts_are_kept_but_short_pages_are_not(tmp_path):
    pd.DataFrame({"text": ["Short.", "Kyiv said yes."], "outlet": ["A", "B"]}).to_csv(
        tmp_path / "short.csv", index=False)
    df = an.load_corpus(tmp_path / "short.csv")
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["body"].tolist() == ["Short.", "Kyiv said yes."]
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "a.txt").write_text("Skip to main content\n\nShort.\n")
    (tmp_path / "p" / "articles.csv").write_text("article_id,file,outlet\na,a.txt,A\n")
    assert an.load_corpus(tmp_path / "p").loc[0, "status"] == "no-body"


@pytest.mark.parametrize("kind", ["folder", "jsonl", "allsides"])
def test_deferred_cleaning_gives_the_same_rows(tmp_path, kind):
    """``finish=False`` chunks completed by ``finish_frame`` (as streaming workers do) equal
    the chunks read with ``finish=True``: statuses that depend on the cleaned body
    (no-body, missing-metadata, the "not listed" note, duplicate-id after cleaning) too."""
    if kind == "folder":
        source = _folder(tmp_path, BAD_FILES, BAD_META)
    elif kind == "jsonl":
        source = tmp_path / "c.jsonl"
        source.write_text("\n".join(BAD_LINES) + "\n", encoding="utf-8")
    else:
        source = paths.ALLSIDES_SAMPLE
    whole = pd.concat(list(corpus.iter_corpus(source, chunk_size=3)), ignore_index=True)
    pending = list(corpus.iter_corpus(source, chunk_size=3, finish=False))
    assert all(corpus.is_pending(c) for c in pending)
    assert all((c["body"] == "").all() for c in pending)
    done = [corpus.finish_frame(c) for c in pending]
    assert not any(corpus.is_pending(c) for c in done)
    pd.testing.assert_frame_equal(pd.concat(done, ignore_index=True), whole)
    assert corpus.finish_frame(done[0]) is done[0]


# --- a folder corpus reads nothing outside its folder ------------------------------------

ARTICLE = ("Officials said on Tuesday that about 3,000 soldiers had arrived in the region. "
           "The ministry did not confirm the report, and analysts urged caution.\n")


def _listing(tmp_path, rows, pages=None):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in (pages or {"good.txt": ARTICLE}).items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = ["article_id,file,outlet"] + [f"{i},{f},Outlet" for i, f in rows]
    (folder / "articles.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _by_id(df):
    return df.set_index("article_id")


def test_files_outside_the_corpus_folder_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET password line\n" + ARTICLE, encoding="utf-8")
    folder = _listing(tmp_path, [("good", "good.txt"), ("up", "../secret.txt"),
                                ("abs", str(secret)), ("passwd", "../../../../etc/passwd"),
                                ("proc", "/proc/version"), ("link", "link.txt"),
                                ("inner", "sub/../good.txt")])
    (folder / "sub").mkdir()
    (folder / "link.txt").symlink_to(secret)
    (folder / "escape.txt").symlink_to(secret)  # not listed, still refused
    df = _by_id(an.load_corpus(folder))
    for key in ("up", "abs", "passwd", "proc", "link", "escape"):
        assert df.loc[key, "status"] == "outside-corpus", key
        assert df.loc[key, "raw_text"] == "" and df.loc[key, "body"] == ""
    assert "'../secret.txt'" in df.loc["up", "status_detail"]
    assert "absolute path" in df.loc["abs", "status_detail"]
    assert "symlink" in df.loc["link", "status_detail"]
    assert df.loc["good", "status"] == "ok" and df.loc["inner", "status"] == "ok"
    everything = df[["raw_text", "body", "status_detail"]].astype(str).sum().sum()
    assert "TOP SECRET" not in everything and "root:" not in everything
    assert an.usable(df).index.tolist() == ["good", "inner"]


def test_symlink_inside_the_folder_is_read(tmp_path):
    folder = _listing(tmp_path, [("alias", "alias.txt")], pages={"real.txt": ARTICLE})
    (folder / "alias.txt").symlink_to("real.txt")
    df = _by_id(an.load_corpus(folder))
    assert df.loc["alias", "status"] == "ok"
    assert "real" not in df.index  # the file is listed (through its alias) once


def test_directories_fifos_and_devices_are_not_files(tmp_path):
    folder = _listing(tmp_path, [("dir", "sub.txt"), ("fifo", "pipe.txt"),
                                ("gone", "missing.txt"), ("good", "good.txt")])
    (folder / "sub.txt").mkdir()
    os.mkfifo(folder / "pipe.txt")   # opening it for reading would block forever
    (folder / "late.txt").symlink_to("pipe.txt")   # unlisted, to the FIFO
    df = _by_id(an.load_corpus(folder))
    assert df.loc["dir", "status"] == "not-a-file"
    assert "directory" in df.loc["dir", "status_detail"]
    assert df.loc["fifo", "status"] == "not-a-file"
    assert "FIFO" in df.loc["fifo", "status_detail"]
    assert df.loc["late", "status"] == "not-a-file"
    assert df.loc["gone", "status"] == "missing-file"
    assert df.loc["good", "status"] == "ok"


def test_articles_csv_leading_out_of_the_folder_is_refused(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (tmp_path / "elsewhere.csv").write_text("article_id,file,outlet\na,a.txt,X\n")
    (folder / "articles.csv").symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(corpus.CorpusError, match="outside the corpus folder"):
        an.load_corpus(folder)


def test_proc_files_are_read_no_further_than_max_bytes(tmp_path):
    # /proc files report a size of 0: the limit must hold whatever the size says
    meta = tmp_path / "meta.csv"
    meta.write_text("article_id,file,outlet\nstatus,status,X\npagemap,pagemap,X\n")
    rows = {r["article_id"]: r for r in corpus.iter_folder(Path("/proc/self"), metadata=meta,
                                                           max_bytes=200, clean=False)}
    assert rows["status"]["status"] == "too-large"
    assert "size reads 0" in rows["status"]["status_detail"]
    # pagemap: too large, binary or an OS error (EINVAL), never an exception
    assert rows["pagemap"]["status"] in ("too-large", "binary", "unreadable")


def test_an_unreadable_page_gets_a_status_and_the_rest_goes_on(tmp_path, monkeypatch):
    folder = _listing(tmp_path, [("bad", "bad.txt"), ("good", "good.txt")],
                     pages={"bad.txt": ARTICLE, "good.txt": ARTICLE})
    real_open = os.open

    def failing_open(path, flags, *args):
        if str(path).endswith("bad.txt"):
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_open(path, flags, *args)

    monkeypatch.setattr(corpus.os, "open", failing_open)
    df = _by_id(an.load_corpus(folder))
    assert df.loc["bad", "status"] == "unreadable"
    assert df.loc["bad", "status_detail"] == "bad.txt: [Errno 22] Invalid argument"
    assert df.loc["good", "status"] == "ok"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="file permissions do not apply to root")
def test_a_page_without_read_permission_is_unreadable(tmp_path):
    folder = _listing(tmp_path, [("locked", "locked.txt"), ("good", "good.txt")],
                     pages={"locked.txt": ARTICLE, "good.txt": ARTICLE})
    (folder / "locked.txt").chmod(0)
    try:
        df = _by_id(an.load_corpus(folder))
    finally:
        (folder / "locked.txt").chmod(0o644)
    assert df.loc["locked", "status"] == "unreadable"
    assert "Permission denied" in df.loc["locked", "status_detail"]
    assert df.loc["good", "status"] == "ok"


# --- a summary for the terminal ------------------------------------------------------------

def test_status_summary_counts_and_points_at_the_lines(tmp_path):
    lines = [json.dumps({"id": f"a{i}", "outlet": "X", "text": ARTICLE}) for i in range(5)]
    lines[1] = "{not json"
    lines[3] = json.dumps({"id": "a3", "outlet": "X", "text": ""})
    lines.append("{broken")
    lines.append("[1, 2]")
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = corpus.status_summary(an.load_corpus(path), examples=2)
    assert summary[0] == "3 of 7 rows will be analysed"
    assert summary[1] == ("3 parse-error (the input line or row could not be parsed): "
                          "news.jsonl line 2, news.jsonl line 6, and 1 more")
    assert summary[2].startswith("1 empty (") and summary[2].endswith(": news.jsonl line 4")
    assert len(summary) == 3


def test_status_summary_says_when_a_folder_has_no_articles_csv(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    summary = corpus.status_summary(an.load_corpus(folder))
    assert "has no articles.csv" in summary[0]
    assert summary[1] == "1 of 1 rows will be analysed"
    assert summary[2].startswith("1 missing-metadata (analysed)")
    empty = tmp_path / "nothing"
    empty.mkdir()
    summary = corpus.status_summary(an.load_corpus(empty))
    assert any("no articles.csv" in line for line in summary)
    assert any("no .txt/.html pages" in line for line in summary)
    assert summary[-1] == "0 rows: nothing to analyse"


# --- ids, formats and encodings --------------------------------------------------------------

def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_renamed_duplicate_ids_never_collide(tmp_path):
    rows = [{"id": i, "outlet": "X", "text": ARTICLE} for i in ("r0", "r0", "r0~2", "r0",
                                                                   "r0~2~2")]
    df = an.load_corpus(_jsonl(tmp_path / "ids.jsonl", rows))
    assert df["article_id"].tolist() == ["r0", "r0~2", "r0~2~2", "r0~3", "r0~2~2~2"]
    assert df["article_id"].is_unique
    assert df["status"].tolist() == ["ok"] + ["duplicate-id"] * 4
    again = an.load_corpus(tmp_path / "ids.jsonl")
    assert again["article_id"].tolist() == df["article_id"].tolist()


def test_a_jsonl_line_over_max_bytes_is_skipped_while_read(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a", "outlet": "X", "text": ARTICLE}) + "\n")
        handle.write(json.dumps({"id": "big", "outlet": "X", "text": "word " * 400_000}) + "\n")
        handle.write(json.dumps({"id": "c", "outlet": "X", "text": ARTICLE}))  # no final \n
    df = an.load_corpus(path, max_bytes=100_000)
    assert df["status"].tolist() == ["ok", "too-large", "ok"]
    assert df.loc[1, "status_detail"].startswith("line 2: 2,000,")
    assert df.loc[2, "article_id"] == "c"


def test_bounded_lines_never_holds_more_than_the_limit():
    import io

    class Counting(io.BytesIO):
        biggest = 0

        def readline(self, size=-1):
            assert 0 < size <= 1 << 20 or size == 102, size
            line = super().readline(size)
            Counting.biggest = max(Counting.biggest, len(line))
            return line

    data = b"short\n" + b"x" * 5_000_000 + b"\nlast"
    lines = list(corpus.bounded_lines(Counting(data), 100))
    assert lines == [(1, b"short\n", 5), (2, None, 5_000_000), (3, b"last", 4)]
    assert Counting.biggest <= 1 << 20


def test_a_large_json_array_is_refused_naming_jsonl(tmp_path):
    path = tmp_path / "news.json"
    path.write_text(json.dumps([{"id": i, "outlet": "X", "text": ARTICLE} for i in range(50)]))
    assert len(an.load_corpus(path)) == 50
    with pytest.raises(corpus.CorpusError, match="JSONL"):
        an.load_corpus(path, max_bytes=1000)


def test_jsonl_columns_are_resolved_per_row(tmp_path):
    path = _jsonl(tmp_path / "mixed.jsonl", [
        {"id": "a", "source": "Reuters", "content": ARTICLE},
        {"id": "b", "outlet": "AP", "text": ARTICLE},
        {"id": "c", "source": "BBC", "text": None, "content": ARTICLE},
        {"id": "d", "source": "BBC", "headline": "no text at all"},
    ])
    df = _by_id(an.load_corpus(path))
    assert df["status"].to_dict() == {"a": "ok", "b": "ok", "c": "ok", "d": "empty"}
    assert df["outlet"].tolist()[:3] == ["Reuters", "AP", "BBC"]
    assert "no text column in this row" in df.loc["d", "status_detail"]


def test_gzip_is_read_whatever_the_name(tmp_path):
    import gzip

    rows = [{"id": f"a{i}", "outlet": "X", "text": ARTICLE} for i in range(200)]
    payload = "".join(json.dumps(r) + "\n" for r in rows).encode()
    for name in ("news.jsonl", "news.jsonl.gz"):
        (tmp_path / name).write_bytes(gzip.compress(payload))
        df = an.load_corpus(tmp_path / name)
        assert len(df) == 200 and (df["status"] == "ok").all(), name
    pd.DataFrame(rows).to_csv(tmp_path / "news.csv.gz", index=False)
    assert (an.load_corpus(tmp_path / "news.csv.gz")["status"] == "ok").all()
    truncated = tmp_path / "cut.jsonl"
    whole = gzip.compress(payload)
    truncated.write_bytes(whole[:len(whole) - 20])
    df = an.load_corpus(truncated)
    assert df["status"].iloc[-1] == "parse-error" and (df["status"].iloc[:-1] == "ok").all()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_pages_are_decoded(tmp_path, encoding):
    text = ARTICLE.replace("region", "région") * 3
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "p.txt").write_bytes(text.encode(encoding))
    (folder / "articles.csv").write_text("article_id,file,outlet\np,p.txt,X\n")
    row = an.load_corpus(folder).iloc[0]
    assert row["status"] == "ok", row["status_detail"]
    assert "région" in row["body"] and "\ufeff" not in row["raw_text"]


def test_gzip_page_says_so(tmp_path):
    import gzip

    assert corpus.decode_bytes(gzip.compress(ARTICLE.encode()))[1] == "gzip-compressed"


def test_cp1252_jsonl_lines_are_decoded_like_pages(tmp_path):
    path = tmp_path / "latin.jsonl"
    good = json.dumps({"id": "a", "outlet": "X", "text": ARTICLE}).encode()
    latin = json.dumps({"id": "b", "outlet": "X", "text": ARTICLE.replace("region", "régión")},
                       ensure_ascii=False).encode("cp1252")
    path.write_bytes(good + b"\n" + latin + b"\n" + b'{"id": "c", "text": "\x81\x8d"}\n')
    with pytest.warns(corpus.CorpusWarning):
        df = _by_id(an.load_corpus(path))
    assert df.loc["a", "status"] == "ok"
    assert df.loc["b", "status"] == "cp1252" and "régión" in df.loc["b", "body"]
    assert "line 2" in df.loc["b", "status_detail"]
    assert df.iloc[2]["status"] == "parse-error"


def test_parquet_text_that_is_not_text_and_float_ids(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": pa.array([1.0, 2.0, 3.0, None]),
                      "outlet": ["X", "X", "X", "X"],
                      "text": pa.array([ARTICLE, None, ARTICLE, ARTICLE])})
    pq.write_table(table, tmp_path / "floats.parquet")
    df = an.load_corpus(tmp_path / "floats.parquet")
    assert df["article_id"].tolist() == ["1", "2", "3", "floats-000004"]
    for name, values in {"ints": pa.array([5, 7]),
                         "lists": pa.array([["a", "b"], ["c"]]),
                         "structs": pa.array([{"x": 1}, {"x": 2}])}.items():
        pq.write_table(pa.table({"outlet": ["X", "Y"], "text": values}),
                       tmp_path / f"{name}.parquet")
        df = an.load_corpus(tmp_path / f"{name}.parquet")
        assert (df["status"] == "not-text").all(), name
        assert df["body"].eq("").all()
    rows = _jsonl(tmp_path / "n.jsonl", [{"id": 1, "outlet": "X", "text": 12345},
                                         {"id": 2.0, "outlet": "X", "text": ARTICLE}])
    df = an.load_corpus(rows)
    assert df["status"].tolist() == ["not-text", "ok"]
    assert df["article_id"].tolist() == ["1", "2"]


def test_date_column_is_used(tmp_path):
    path = _jsonl(tmp_path / "d.jsonl", [{"id": "a", "outlet": "X", "text": ARTICLE,
                                          "date": "2020-01-01", "crawled": "2024-06-19"}])
    assert an.load_corpus(path).loc[0, "published"] == "2020-01-01"
    assert an.load_corpus(path, date_column="crawled").loc[0, "published"] == "2024-06-19"
    with pytest.raises(corpus.CorpusError, match="'when' not found"):
        an.load_corpus(path, date_column="when")


@pytest.mark.parametrize("value, expected", [
    (-1, None), ("-1", None), ("0000-01-01", None), ("May 3, 2021", "2021-05-03"),
    ("2024-06-19T10:00:00Z", "2024-06-19"), ("not a date", None),
])
def test_dates_outside_the_calendar_are_left_empty(tmp_path, value, expected):
    path = _jsonl(tmp_path / "d.jsonl", [{"id": "a", "outlet": "X", "text": ARTICLE,
                                          "date": value}])
    got = an.load_corpus(path).loc[0, "published"]
    assert (None if pd.isna(got) else got) == expected


def test_readme_lists_every_status():
    import re

    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `([a-z0-9-]+)` \|", readme, re.MULTILINE)) == set(corpus.STATUSES)
