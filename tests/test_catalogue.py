from pathlib import Path

import pytest

from assbwatch.errors import ConfigError
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.catalogue import load_catalogue
from conftest import SEEDS

BASELINE = {
    # (metric, period, unit): (value, qualifier) -- the baseline table of design.md
    ("jp.assb.commercialization_target", "target", "year"): (2030, "approx"),
    ("jp.meti.assb_rd_subsidy", "2024", "USD"): (660e6, "more_than"),
    ("jp.meti.assb_rd_subsidy", "now", "USD"): (660e6, "max"),
    ("jp.meti.assb_rd_projects", "2024", "count"): (4, "exact"),
    ("jp.meti.assb_rd_projects", "now", "count"): (4, "exact"),
    ("jp.meti.battery_supply_programme", "2024", "USD"): (2.24e9, "exact"),
    ("jp.automotive_liion_share", "2015", "%"): (50, "more_than"),
    ("jp.automotive_liion_share", "now", "%"): (6, "less_than"),
    ("jp.global_liion_share", "peak", "%"): (90, "more_than"),
    ("jp.global_liion_share", "2016", "%"): (15, "approx"),
    ("assb.patent_share.jp", "now", "%"): (36, "exact"),
    ("assb.patent_share.cn", "now", "%"): (27, "exact"),
    ("assb.patent_share.kr", "now", "%"): (18, "exact"),
    ("toyota.ssb_patents", "now", "count"): (1000, "more_than"),
    ("toyota.ssb_mass_production", "target", "year"): (2027.5, "range"),
    ("assb.cell_price", "2030", "CNY/Wh"): (1, "approx"),
    ("assb.cell_price", "2030", "USD/Wh"): (0.14, "exact"),
    ("assb.cell_price", "2035", "CNY/Wh"): (0.65, "range"),
    ("jp.meti.ssb_joint_development", "now", "JPY"): (1.6e9, "exact"),
}


def test_backfilling_the_seeds_yields_the_baseline_and_no_alert(warehouse: Warehouse, seed_articles) -> None:
    report = ingest(warehouse, seed_articles)
    assert (report.alerts, report.candidates) == (0, 0)
    curated = load_catalogue().keys
    latest = {
        (m, p, u): (v, q)
        for m, p, u, v, q in warehouse.query("SELECT metric, period, unit, value, qualifier FROM metric_latest").rows
        if m in curated
    }
    assert latest.keys() == BASELINE.keys()
    for key, (value, qualifier) in BASELINE.items():
        assert latest[key][0] == pytest.approx(value), key
        assert latest[key][1] == qualifier, key
    assert warehouse.query("SELECT count(*) FROM alerts").rows == [(0,)]


def test_the_660_million_subsidy_and_the_2_24_billion_programme_are_told_apart(
    warehouse: Warehouse, seed_articles
) -> None:
    ingest(warehouse, seed_articles)
    rows = warehouse.query(
        "SELECT DISTINCT metric, value FROM metrics WHERE unit = 'USD' AND metric LIKE 'jp.meti.%' ORDER BY 1"
    ).rows
    assert rows == [("jp.meti.assb_rd_subsidy", 660e6), ("jp.meti.battery_supply_programme", 2.24e9)]


def test_the_footer_dividend_of_seed_002_never_lands_on_a_tracked_metric() -> None:
    catalogue = load_catalogue()
    text = (SEEDS / "002_acf1e78fd99ba3b4.txt").read_text(encoding="utf-8")
    tracked = catalogue.track(text)
    (dividend,) = [t for t in tracked if t.figure.value == 350e6]
    assert dividend.figure.surface == "$350 million"
    assert str(dividend.metric).endswith("/dividend")  # its own metric, on no ASSB one
    assert dividend.metric not in catalogue.keys | {t.metric for t in tracked if t is not dividend}


def test_figures_without_a_subject_are_stored_with_a_null_metric(warehouse: Warehouse, seed_articles) -> None:
    from dataclasses import replace

    vague = replace(
        seed_articles[0],
        url="https://x.example/vague",
        title="Solid-state outlook",
        text="Solid-state battery output could reach 10 GWh, analysts of solid-state batteries said.",
    )
    ingest(warehouse, [vague])
    assert warehouse.query("SELECT metric, subject, measure FROM metrics WHERE unit = 'GWh'").rows == [
        (None, None, "capacity")
    ]


def test_relevance_filters_a_lithium_ion_article_without_solid_state(warehouse: Warehouse, seed_articles) -> None:
    from dataclasses import replace

    liion = replace(
        seed_articles[0],
        url="https://x.example/liion",
        title="Battery prices fall again",
        text="Lithium-ion battery prices fell 20% this year as CATL cut pack costs to $80/kWh for batteries.",
    )
    report = ingest(warehouse, [liion])
    assert (report.new, report.irrelevant, report.figures) == (1, 1, 0)
    assert warehouse.query("SELECT relevant FROM articles").rows == [(False,)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[relevance]\nthreshold = 1\n[[metrics]]\nkey = "a"\nkind = "weight"\n',
            r"metrics\[0\] \(a\), field 'kind': unknown kind 'weight'",
        ),
        ('[relevance]\nthreshold = 1\n[[metrics]]\nkind = "money"\n', r"metrics\[0\] \(\?\), field 'key': missing"),
        (
            '[relevance]\nthreshold = 1\n[[metrics]]\nkey = "a"\nkind = "money"\nneer = ["x"]\n',
            r"field 'neer': unknown field",
        ),
        (
            '[relevance]\nthreshold = 1\n[[metrics]]\nkey = "a"\nkind = "money"\nnear = "x"\n',
            r"field 'near': expected a list",
        ),
        ("[[metrics]\n", r"not valid TOML"),
        ('[[metrics]]\nkey = "a"\nkind = "money"\n', r"entry relevance: missing \[relevance\]"),
        (
            '[relevance]\nthreshold = 1\n[identity]\n[[identity.measures]]\nname = "runway"\n'
            'words = ["runway"]\nsingle = "yes"\n',
            r"identity.measures\[0\], field 'single': expected true or false",
        ),
    ],
)
def test_a_malformed_catalogue_names_file_entry_and_field(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "metrics.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message) as info:
        load_catalogue(path)
    assert str(info.value).startswith(str(path))
