from datetime import date
from pathlib import Path

import pytest

from assbwatch.acquire.extract import extract_html
from assbwatch.acquire.parallel import PARALLEL_THRESHOLD
from assbwatch.acquire.readers import find_files, read_file, read_many
from assbwatch.errors import ExtractError, InputError
from conftest import FIXTURES, SEEDS


def test_title_is_the_first_line_with_letters_and_dates_are_found(seed_articles) -> None:
    by_name = {a.url.rsplit("/", 1)[-1][:3]: a for a in seed_articles}
    assert by_name["004"].title.startswith("Not long ago, Japanese media reported")
    assert by_name["004"].published == date(2021, 11, 17)
    assert by_name["002"].published == date(2025, 1, 5)
    assert (
        by_name["000"].title
        == "Japan pushes for all-solid-state battery commercialization by 2030 amid rising competition"
    )
    assert by_name["000"].published is None
    assert by_name["004"].text.startswith("Not long ago")


def test_folders_expand_in_sorted_order_and_bad_paths_are_named(tmp_path: Path) -> None:
    assert [p.name[:3] for p in find_files([SEEDS])] == ["000", "001", "002", "003", "004"]
    with pytest.raises(InputError, match=r"nowhere\.txt: no such file"):
        find_files([tmp_path / "nowhere.txt"])
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"a\.pdf: unsupported file type"):
        find_files([tmp_path / "a.pdf"])


def test_a_file_without_letters_is_an_extract_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text(">\n>\n2021-11-17\n")
    with pytest.raises(ExtractError, match="no line with letters"):
        read_file(tmp_path / "empty.txt")


def test_a_cp1252_file_is_read_not_rejected(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes("Title\nJapan’s subsidy of about €600 million".encode("cp1252"))
    assert read_file(tmp_path / "old.txt").text == "Title\nJapan’s subsidy of about €600 million"


def test_html_goes_through_trafilatura_with_metadata() -> None:
    article = read_file(FIXTURES / "article.html")
    assert article.title == "Japan approves four solid-state battery projects"
    assert article.published == date(2025, 3, 2)
    assert "US$660 million" in article.text
    assert "Accept cookies" not in article.text
    assert "Most read" not in article.text
    assert article.extractor.startswith("trafilatura")


def test_a_page_with_no_main_text_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match=r"https://x\.example/empty: no main text"):
        extract_html(b"<html><body><nav>Home</nav></body></html>", url="https://x.example/empty", source="t")


def test_read_many_reports_failures_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text(">\n")
    articles, failures = read_many([SEEDS / "000_d7788ed4f8f5a84f.txt", tmp_path / "bad.txt"])
    assert len(articles) == 1
    assert failures == [
        f"{(tmp_path / 'bad.txt').resolve().as_uri()}: no line with letters in it: nothing to use as a title"
    ]


def test_many_html_files_are_read_in_order_over_worker_processes(tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    paths = []
    for i in range(PARALLEL_THRESHOLD):
        path = tmp_path / f"page{i:02d}.html"
        path.write_text(html.replace("Japan approves four", f"Japan approves {i + 4}"), encoding="utf-8")
        paths.append(path)
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    advanced = []
    articles, failures = read_many([*paths, tmp_path / "empty.html"], workers=2, progress=advanced.append)
    assert [a.title for a in articles] == [f"Japan approves {i + 4} solid-state battery projects" for i in range(16)]
    assert len(failures) == 1
    assert "empty.html: no main text" in failures[0]
    assert sum(advanced) == 17
