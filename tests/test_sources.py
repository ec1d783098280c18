from pathlib import Path

import pytest

from assbwatch.config.sources import load_sources
from assbwatch.errors import ConfigError

GOOD = """
[[sources]]
name = "news"
kind = "feed"
url = "https://news.example/feed.xml"
include = ["battery"]
exclude = ["/video/"]

[[sources]]
name = "meti"
kind = "sitemap"
url = "https://meti.example/sitemap.xml"
max_items = 5
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(body)
    return path


def test_a_valid_file_loads_with_defaults(tmp_path: Path) -> None:
    news, meti = load_sources(_write(tmp_path, GOOD))
    assert (news.kind, news.max_items, news.min_interval) == ("feed", 100, 1.0)
    assert news.wants("https://news.example/battery/1")
    assert not news.wants("https://news.example/video/battery")
    assert not news.wants("https://news.example/sports/1")
    assert (meti.kind, meti.max_items) == ("sitemap", 5)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[sources]]\nname = "a"\nkind = "rss"\nurl = "https://a.example"\n',
            r"sources\[0\] \(a\), field 'kind': unknown kind 'rss'",
        ),
        ('[[sources]]\nname = "a"\nkind = "feed"\n', r"sources\[0\] \(a\), field 'url': expected an http\(s\) URL"),
        ('[[sources]]\nname = "a"\nkind = "feed"\nurl = "ftp://a.example/x"\n', r"field 'url'"),
        (
            '[[sources]]\nname = "a"\nkind = "feed"\nurl = "https://a.example"\n'
            '[[sources]]\nname = "a"\nkind = "page"\nurl = "https://b.example"\n',
            r"sources\[1\] \(a\), field 'name': a source with this name is already defined",
        ),
        ('[[sources]]\nname = "a"\nkind = "feed"\nurl = "https://a.example"\nmax_items = 0\n', r"field 'max_items'"),
        (
            '[[sources]]\nname = "a"\nkind = "feed"\nurl = "https://a.example"\nurls = []\n',
            r"field 'urls': unknown field",
        ),
        ("[[sources]\n", r"not valid TOML"),
        ("title = 'nothing'\n", r"expected at least one \[\[sources\]\] entry"),
    ],
)
def test_a_bad_file_names_file_entry_and_field(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError, match=message) as info:
        load_sources(path)
    assert str(info.value).startswith(str(path))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nowhere\.toml: No such file"):
        load_sources(tmp_path / "nowhere.toml")
