from assbwatch.text.normalize import canonical, clean, words
from conftest import SEEDS


def test_clean_removes_the_stray_a_circumflex_of_seed_003() -> None:
    text = clean((SEEDS / "003_93c0e5e5ca2bdc90.txt").read_text(encoding="utf-8"))
    assert "Â" not in text
    assert "more than 1,000 solid-state battery patents" in text


def test_clean_repairs_classic_mojibake_with_ftfy() -> None:
    assert clean("TrendForceâ€™s â€œDevelopment Trendsâ€\x9d") == "TrendForce’s “Development Trends”"


def test_clean_applies_nfkc_and_collapses_spaces_but_keeps_lines() -> None:
    assert clean("ﬁve\u00a0GWh  now\r\n\r\n\nnext") == "five GWh now\nnext"


def test_canonical_folds_case_quotes_dashes_and_whitespace() -> None:
    assert canonical("  “ASSB” — CNY 0.6–0.7/Wh\n\tit’s ") == '"assb" - cny 0.6-0.7/wh it\'s'


def test_canonical_is_idempotent_on_a_seed() -> None:
    text = (SEEDS / "001_7e8e31626111bc74.txt").read_text(encoding="utf-8")
    assert canonical(canonical(text)) == canonical(text)


def test_words_ignore_punctuation_noise() -> None:
    assert words(canonical("Japan,, approved!! four -- projects")) == ["japan", "approved", "four", "projects"]
