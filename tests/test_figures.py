from datetime import date

import pytest

from assbwatch.labelled import load_labelled, score
from assbwatch.text.figures import extract_figures, parse_number, resolve_period, sentences
from conftest import FIXTURES


def _one(text: str):
    (figure,) = extract_figures(text)
    return figure


def test_precision_and_recall_on_the_labelled_set() -> None:
    cases = load_labelled(FIXTURES / "figures_labelled.toml")
    assert len(cases) >= 40
    result = score(cases, lambda t: [(f.value, f.unit, f.qualifier) for f in extract_figures(t)])
    assert result.precision >= 0.95
    assert result.recall >= 0.95
    assert result.qualifier_right >= 0.95 * result.true_positives


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,000", 1000.0), ("0,14", 0.14), ("2.24", 2.24), ("12,345.5", 12345.5), ("four", 4.0)],
)
def test_numbers_thousands_and_decimal_commas(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_a_range_keeps_its_ends_and_stores_the_midpoint() -> None:
    figure = _one("By 2035, cell prices could decline further to CNY 0.6–0.7/Wh.")
    assert (figure.value, figure.low, figure.high, figure.unit, figure.qualifier, figure.period) == (
        0.65, 0.6, 0.7, "CNY/Wh", "range", "2035",
    )  # fmt: skip


def test_per_kwh_prices_are_normalised_per_wh() -> None:
    assert (_one("Packs cost $75/kWh.").value, _one("Packs cost $75/kWh.").unit) == (0.075, "USD/Wh")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Japan once accounted for more than 90% of the global market.", "peak"),
        ("Makers now account for less than 6% of the market.", "now"),
        ("Toyota now plans to build around 1 million electric vehicles in 2026.", "2026"),  # the year it owns
        ("The share shrank to 50% by 2015.", "2015"),
        ("The share dropped to about 15% in 2016.", "2016"),
        ("The share is 12%.", "now"),
        ("METI announced in March 2024 a subsidy of US$2.24 billion.", "2024"),
        ("Nio delivered 40,052 vehicles in the fourth quarter of 2022.", "2022-Q4"),
        ("Toyota sold about 10.8 million vehicles last year.", "last-year"),  # resolved with the article's date
        ("Last year's sales were $4 million.", "last-year"),
        (
            "At this year's technology conference, the company said its line has been sized at 2 GWh.",
            "now",
        ),  # the event's
        ("Nio delivered 30,053 vehicles in the first quarter, fewer than a year earlier.", "Q1"),
        ("Revenue fell 12% in Q3 2024 from a year earlier.", "2024-Q3"),
        ("Sales of $2 billion in the first half of 2025 beat forecasts.", "2025-H1"),
        ("First-half sales rose 8% on a year earlier.", "H1"),
        ("It guided capital expenditure of $40 million to $80 million for the year.", "this-year"),
        ("It expects capital expenditure of $50 million to $60 million this year.", "this-year"),
        ("The company now sees 2025 revenue of $20 million to $25 million.", "2025"),  # the noun's year, not now
        ("It now expects to invest $40 million to $50 million in property and equipment in 2024.", "2024"),
        ("It now has 40 GWh of capacity, compared with none in 2021.", "now"),  # a year compared with
        (  # the year names the revenue, it is no milestone
            "The company guided to 2024 revenue of $15-20 million, reflecting milestone timing on its programmes.",
            "2024",
        ),
        ("Capital expenditure guidance for 2025 was reiterated at $45 million to $75 million.", "2025"),  # no milestone
        (  # the year capital expenditure names, not the quarter of the letter that says it
            "It told investors in its third-quarter letter that 2024 capital expenditure will come in at $80 million.",
            "2024",
        ),
        ("Its plant, due to start production later this year, will have a 20 GWh line.", "now"),  # a milestone
        ("It has run a pilot line since 2023 and shipped samples to three automakers.", "now"),  # from when, not for
        ("CATL supplied 36.8% of the world's EV batteries by installed capacity in 2023.", "2023"),  # no milestone
        ("The plant could reach up to 48 GWh over the longer term.", "long-term"),
        ("PowerCo would make additional payments of up to $131 million.", "added"),  # an increment, not the total
        ("It has an option to add a further 40 GWh.", "added"),
        ("PowerCo has an option to expand the licence to as much as 80 GWh a year.", "long-term"),  # may become
        ("PowerCo has committed up to $131 million in additional payments.", "added"),
        ("By 2035, cell prices could decline further to CNY 0.6/Wh.", "2035"),  # an adverb, no increment
        ("It expects solid-state battery sales to be worth $9.6 billion at the end of the decade.", "decade-end"),
    ],
)
def test_the_period_is_read_from_the_clause(text: str, period: str) -> None:
    assert _one(text).period == period


def test_a_target_year_is_not_the_period_of_its_neighbours() -> None:
    patents, target = extract_figures("Toyota claims more than 1,000 patents and aims to mass-produce by 2027 or 2028.")
    assert (patents.period, patents.qualifier) == ("now", "more_than")
    assert (target.unit, target.period, target.low, target.high) == ("year", "target", 2027, 2028)


def test_a_qualifier_never_reaches_past_the_previous_figure() -> None:
    money, count = extract_figures("A subsidy of about US$660 million for four major R&D projects.")
    assert (money.qualifier, count.qualifier, count.noun) == ("approx", "exact", "projects")


def test_spans_point_into_the_text_and_sentences_are_evidence() -> None:
    text = "Intro line\nJapan set a target. Cell prices will fall to around CNY 1/Wh ($0,14/Wh) by 2030."
    for figure in extract_figures(text):
        assert text[figure.start : figure.end] == figure.surface
        assert figure.sentence.text == "Cell prices will fall to around CNY 1/Wh ($0,14/Wh) by 2030."


def test_sentences_do_not_split_after_etc_or_initials() -> None:
    assert [s.text for s in sentences("Toyota, Honda, etc. Large makers joined. The U.S. Army said no.")] == [
        "Toyota, Honda, etc. Large makers joined.",
        "The U.S. Army said no.",
    ]


def test_a_year_right_after_another_figure_is_that_figures_period() -> None:
    now, before = extract_figures("It received 2 billion yen in subsidies this year, up from 1.5 billion yen in 2023.")
    assert (now.value, now.period, now.previous) == (2e9, "this-year", False)  # the article's year
    assert (before.value, before.period, before.previous) == (1.5e9, "2023", True)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Nio will start renting out its 150 kWh semi-solid battery pack from July 2024.", [2024]),
        ("Japan wants 150 GWh of domestic battery manufacturing capacity by 2030.", []),
        ("Capacity will rise in phases to 48 GWh a year by 2030.", []),
    ],
)
def test_an_energy_that_describes_a_thing_owns_no_year(text: str, years: list[float]) -> None:
    assert [f.value for f in extract_figures(text) if f.unit == "year"] == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("The company, which listed in New York in February 2022 through a merger, plans a plant.", []),
        ("The pack slipped several times since it was first shown at its NIO Day event in January 2021.", []),
        ("It bought the business from Sony in 2017 and plans to launch cells.", []),
        ("Toyota said it would start production at the plant in 2027.", [2027]),
        ("The pack was first promised for the end of 2022 but reached customers only this year.", [2022]),
        ("It is investing about ¥21.3 billion, with completion scheduled for June 2027.", [2027]),
        ("Volkswagen has been its largest investor since 2012 and plans to start production.", []),
        ("The German carmaker took a stake in 2022 and has tested the cells.", []),
        ("It struggled to raise production yields and lost a large order from BMW in 2024.", []),
    ],
)
def test_a_year_that_dates_a_statement_or_a_deal_is_no_milestone(text: str, years: list[float]) -> None:
    assert [f.value for f in extract_figures(text) if f.unit == "year"] == years


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Sales of new energy vehicles rose 35.5% to 12.87 million, according to CAAM.", [12.87e6]),
        ("Sales in Europe slipped 3% to just under three million; US sales rose 9% to 1.8 million.", [3e6, 1.8e6]),
        ("Germany's electric car sales fell 27.4% to 380,609 after the subsidy ended.", [380609]),
        ("It will launch 30 new models by fiscal 2026, 16 of them electrified.", [30, 16]),
        ("Toyota, slow on battery EVs, has a goal of selling 1.5 million of them a year.", [1.5e6]),
        ("Sales rose to 1.2 billion yuan in 2024.", []),  # money, not a count
        ("Two of them are carmakers.", []),  # no counted noun said before
    ],
)
def test_a_count_whose_noun_was_said_before_is_a_count(text: str, counts: list[float]) -> None:
    assert [f.value for f in extract_figures(text) if f.unit == "count"] == counts


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Revenue guidance of between $15 million and $20 million.", [(17.5e6, "USD", "range")]),
        ("Factorial delivered 77 ampere-hour FEST solid-state cells to Stellantis.", []),  # a size, not a count
        ("The plant is enough for about 400,000 of its electric vehicles annually.", [(400000, "count", "approx")]),
        ("It sold fewer than 25,000 last year.", [(25000, "count", "less_than")]),
        ("Honda wants the cells in models launched in the second half of the decade.", []),
        ("DOE awarded 25 battery projects in 14 states.", [(25, "count", "exact"), (14, "count", "exact")]),
        ("It wants its packs to be half the size of today's.", [(50, "%", "exact")]),
        (
            "Nissan will cut its number of vehicle plants from 17 to 10.",
            [(17, "count", "exact"), (10, "count", "exact")],
        ),
    ],
)
def test_ranges_sizes_halves_and_elliptic_counts(text: str, figures: list[tuple[float, str, str]]) -> None:
    assert [(f.value, f.unit, f.qualifier) for f in extract_figures(text)] == figures


@pytest.mark.parametrize(
    "text",
    [
        "ProLogium has pushed back mass production at its Dunkirk plant to 2028, from 2026, after a redesign.",
        "QuantumScape extended its cash runway into the second half of 2029, up from the second half of 2028.",
        "QuantumScape said its cash runway lasts into 2031, from 2030.",
    ],
)
def test_from_after_the_new_year_is_the_old_one(text: str) -> None:
    assert [f.previous for f in extract_figures(text)] == [False, True]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mass production will start no later than 2027.", [(2027, False)]),  # a deadline, not an old plan
        ("The goal was mass production by 2027.", [(2027, False)]),
        ("The company was founded in 2011 and plans production.", []),
        ("In the first half the company sold 2,000 vehicles.", [(2000, False)]),  # no "half the" share
    ],
)
def test_review_cases_deadlines_copulas_and_halves(text: str, found: list[tuple[float, bool]]) -> None:
    assert [(f.value, f.previous) for f in extract_figures(text)] == found


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("BYD sold 300,000 vehicles in March, up 20% on last year.", "now"),  # compared with, not the period
        ("Hyundai's H2 fuel cell plant will make 1,000 trucks a year.", "now"),  # hydrogen, not a half
    ],
)
def test_a_year_compared_with_and_hydrogen_are_no_periods(text: str, period: str) -> None:
    assert extract_figures(text)[0].period == period


def test_a_bare_quarter_is_resolved_in_the_articles_year() -> None:
    assert resolve_period("Q2", date(2024, 7, 1)) == "2024-Q2"
    assert resolve_period("last-year", date(2024, 7, 1)) == "2023"
    assert resolve_period("this-year", date(2024, 7, 1)) == "2024"
    assert resolve_period("next-year", None) == "now"
    assert resolve_period("decade-end", date(2025, 10, 1)) == resolve_period("decade-end", date(2030, 1, 1)) == "2030"
    assert resolve_period("2022-Q4", date(2024, 7, 1)) == "2022-Q4"


def test_a_year_later_than_planned_is_the_old_plan() -> None:
    (year,) = extract_figures("The start comes later than the spring 2024 date the company had originally set.")
    assert (year.value, year.previous) == (2024, True)


def test_two_years_respectively_are_two_figures() -> None:
    text = "PowerCo is building factories in Valencia and St. Thomas, due to open in 2026 and 2027 respectively."
    assert [(f.value, f.qualifier) for f in extract_figures(text)] == [(2026, "exact"), (2027, "exact")]


def test_from_x_to_y_is_an_old_and_a_new_value_not_a_range() -> None:
    old, new = extract_figures("The ministry raised the subsidy from 30 to 50% of project costs.")
    assert (old.value, old.unit, old.previous, old.low) == (30, "%", True, None)
    assert (new.value, new.unit, new.previous, new.qualifier) == (50, "%", False, "exact")


def test_a_number_of_things_from_x_to_y_is_an_old_and_a_new_count() -> None:
    old, new = extract_figures("Nissan will cut its number of vehicle plants from 17 to 10.")
    assert [(f.value, f.unit, f.previous, f.noun) for f in (old, new)] == [
        (17, "count", True, "plants"),
        (10, "count", False, "plants"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The carmaker plans to begin mass production in 2029.", 2029),
        ("The subsidy programme runs through 2030 for pilot lines.", 2030),
        ("Nissan aims to launch the car by fiscal 2028.", 2028),
        ("From 2025, the plant will start making cells.", 2025),
        ("Output could start as early as 2026.", 2026),
        ("QuantumScape expects its cash runway to last into 2029.", 2029),
        ("Toyota plans to launch the cells between 2027 and 2028.", 2027.5),
        ("Toyota plans to launch the cells in 2027-28.", 2027.5),
        ("The company previously targeted 2025 for its launch.", 2025),
        ("Sales start in the second half of 2027.", 2027),
        ("The first cells should come off the line by the end of 2026.", 2026),
        ('"That takes us into the second half of 2028," the finance chief said.', 2028),  # a runway
        ("Management said this is enough to fund the business into 2027.", 2027),
        ("Its liquidity is enough to run the business into 2027.", 2027),
        ("The company says the facility will be finished in 2025.", 2025),
        ("You have set 2030 as your target for all-solid-state commercialisation.", 2030),
        ("Its cash should see the company into 2028.", 2028),
        ("'We now see 2029 as achievable,' the head of the battery unit said.", 2029),  # a year within reach
        ("Our internal target for commercialisation is 2030.", 2030),  # a target noun's value
        ("FIRST CELLS NOW PENCILLED IN FOR 2028", 2028),
        ("Its money should now last until the latter part of 2029.", 2029),
        (  # a target, though a count comes just before it
            "A strategy prepared with the three big cell makers sets 2027 as the year for the first commercial cells.",
            2027,
        ),
        ("The demonstration line has instead been operating since January 2025.", 2025),  # when it started
        ("The pilot line, running since 2023, makes sample cells.", 2023),
        ("It has been turning out cells since January 2025.", 2025),
        ("The company is now working toward 2029.", 2029),
    ],
)
def test_milestone_years_in_all_their_phrasings(text: str, value: float) -> None:
    (figure,) = extract_figures(text)
    assert (figure.value, figure.unit, figure.period) == (value, "year", "target")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Japanese makers held about a fifth of the market.", 20.0, "%"),
        ("Sales rose by a quarter last year.", 25.0, "%"),
        ("Half of the new cars sold were electric.", 50.0, "%"),
        ("China sold more than 2 million EVs in the quarter.", 2e6, "count"),
        ("Six of the top 10 carmakers are testing the cells.", 6, "count"),
        ("The group will offer 30 electric models.", 30, "count"),
        ("Quintus says it has so far delivered four presses configured for battery work.", 4, "count"),  # equipment
        ("The plant will employ 1,200 workers.", 1200, "count"),
        ("Basquevolt's staff now numbers some 150, the company said.", 150, "count"),  # people said before
        ("Headcount rose to 240 this year.", 240, "count"),
        ("Capacity will reach 600 gigawatt-hours.", 600, "GWh"),
        ("Global demand passed 1.2 TWh.", 1200, "GWh"),
    ],
)
def test_fractions_counts_and_energy_in_words(text: str, value: float, unit: str) -> None:
    (figure,) = extract_figures(text)
    assert (figure.value, figure.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    "text",
    [
        "The company was founded in 2011 and announced in 2023 that it had raised money.",
        "In January 2025, the government set out its plan.",
        "The 2024 Battery Industry Strategy was published.",
        "The factory will make 2170 cells for the packs.",
        "Honda is one of several carmakers working on the cells.",
        "Key facts:\n- Founded: 2013\n- Headquarters: Woburn\n- Listed in: 2021",  # a fact box's dates
        "Key facts:\n- Plant announced: 2023",  # a milestone word ("plant" holds "plan") in a dated label
        "For 2025, analysts expect Europe to recover.",  # a frame, no milestone
        "Materials are the other half of the puzzle.",
        "Falling costs were one reason why electric cars are cheaper.",  # a relative clause is no count's modifier
        "LG Energy Solution is the most cautious of Korea's big three cell makers.",  # a group by its rank or size
        "China's two largest battery makers are promising solid-state cells.",
        "The site is enough for several hundred thousand electric cars a year.",
    ],
)
def test_dates_of_statements_formats_and_phrases_are_not_figures(text: str) -> None:
    assert extract_figures(text) == []


def test_a_year_glued_to_a_value_is_neither_a_year_nor_part_of_the_value() -> None:
    (figure,) = extract_figures("Annual output should reach 10 GWh by 2030, the ministry said.")
    assert (figure.value, figure.unit, figure.period) == (10, "GWh", "2030")


def test_a_start_that_was_supposed_to_come_is_the_old_plan_and_a_presentation_year_no_figure() -> None:
    text = "The plan is more modest than the one presented in 2023, when production was supposed to start in 2026."
    assert [(f.value, f.previous) for f in extract_figures(text)] == [(2026, True)]


def test_a_period_after_an_old_value_is_the_old_values() -> None:
    text = "It plans a 2 GWh production line, up from the 0.2 GWh pilot line it unveiled last year."
    assert [(f.value, f.period, f.previous) for f in extract_figures(text)] == [
        (2, "now", False),
        (0.2, "last-year", True),
    ]


def test_a_superseded_target_is_a_previous_value() -> None:
    old, new = extract_figures("It dropped its previous goal of 2030 and now aims to launch in 2029.")
    assert (old.value, old.previous, new.value, new.previous) == (2030, True, 2029, False)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Revenue rose to 2.08 billion yuan, a sharp increase on the previous year.", [(2.08e9, False)]),
        ("Days earlier it completed a $9.63 billion loan to BlueOval SK.", [(9.63e9, False)]),
        ("Agratas plans a cell plant with an initial capacity of 20 GWh.", [(20, False)]),
        ("The MG4 with semi-solid cells is priced from about 100,000 yuan.", [(1e5, False)]),
        ("It had initially planned to spend $2 billion on the plant.", [(2e9, True)]),
        (
            "Its cash should now last into 2029, extending the runway from the second half of 2028 it had "
            "forecast previously.",
            [(2029, False), (2028, True)],
        ),
        (
            "The battery maker had pointed to 2030 for commercialisation; it is now working toward 2029.",
            [(2030, True), (2029, False)],
        ),
        ("Engineers measured charging from 15% to 90% in about 18 minutes.", [(15, False), (90, False)]),  # a window
        ("It can charge from about 10% to 80% in 18 minutes.", [(10, False), (80, False)]),
        ("The company reiterated that it was still targeting 2027 for mass production.", [(2027, False)]),
        (
            "Samples will reach customers in 2026. Last autumn it was still guiding to 2025.",
            [(2026, False), (2025, True)],
        ),
        ("Management said it was targeting $750 million in cost improvements.", [(7.5e8, False)]),  # reported, not old
        (
            "The carmaker had once pencilled in spring 2024 for the switch-on; the line has instead been operating "
            "since January 2025.",
            [(2024, True), (2025, False)],
        ),
    ],
)
def test_a_period_a_phase_or_a_scale_is_no_old_value_and_what_it_had_forecast_is(
    text: str, found: list[tuple[float, bool]]
) -> None:
    assert [(f.value, f.previous) for f in extract_figures(text)] == found


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("The carmaker has scaled back its 2026 target to about 1 million battery EVs.", "2026"),
        ("Solid Power expects 2024 revenue of about $20 million.", "2024"),
        ("The 2024 strategy calls for 150 GWh of capacity.", "now"),  # a strategy named by its year: no period
        ("It kept its 2024 capital expenditure guidance at $100 million to $150 million.", "2024"),
        # a year before "to" the figure frames it, and is no milestone of its own
        (
            "SNE Research raised its forecast for the solid-state share of the market in 2035 to about 13%, "
            "citing faster-than-expected progress.",
            "2035",
        ),
    ],
)
def test_a_year_naming_a_target_or_revenue_is_the_figures_period(text: str, period: str) -> None:
    assert extract_figures(text)[0].period == period


@pytest.mark.parametrize(
    "text",
    [
        "The agreement brings the number of automakers working with Factorial to four, joining Mercedes-Benz.",
        "The deal makes Karma the fourth automaker to sign a development deal with the start-up.",
    ],
)
def test_the_number_of_things_and_the_nth_thing_to_join_are_counts(text: str) -> None:
    assert [(f.value, f.unit, f.noun) for f in extract_figures(text)] == [(4, "count", "automakers")]


def test_a_dozen_is_twelve_not_a_scale() -> None:
    text = "More than a dozen carmakers are testing the cells, and a hundred engineers work on them."
    assert [(f.value, f.unit) for f in extract_figures(text)] == [(12, "count"), (100, "count")]


def test_every_figure_of_a_sentence_that_says_a_figure_moved_or_gives_an_old_value_is_marked() -> None:
    text = (
        "SK On brought forward its target to 2029. Samsung SDI targets 2027 for mass production. "
        "Capacity reaches 20 GWh, up from 10 GWh."
    )
    assert [(f.value, f.says_moved) for f in extract_figures(text)] == [
        (2029, True), (2027, False), (20, True), (10, True),
    ]  # fmt: skip


def test_a_bare_old_count_after_up_from_counts_the_noun_said_before() -> None:
    found = extract_figures("Seven carmakers are now evaluating its cells, up from four last autumn.")
    assert [(f.value, f.unit, f.previous) for f in found] == [(7, "count", False), (4, "count", True)]
    shares = extract_figures("Its share rose to 7%, up from 5 percent, and it has 12 plants, up from 2023 levels.")
    assert [(f.value, f.unit) for f in shares] == [(7, "%"), (5, "%"), (12, "count")]
    after_comma = extract_figures("The deal brings the number of carmakers working with Factorial to four, from three.")
    assert [(f.value, f.previous) for f in after_comma] == [(4, False), (3, True)]
    assert extract_figures("Prices at the plants vary, from one supplier to another.") == []  # no old count
    about = extract_figures("It now employs more than 200 people, up from about 100 in the summer.")
    assert [(f.value, f.previous) for f in about] == [(200, False), (100, True)]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Production is due to begin at the end of 2026.", 2026),
        ("SK On is working toward a 2030 launch for its own solid-state cells.", 2030),  # a year naming a milestone
        ("The project at a glance:\n\n- Start of production: 2026, followed by a ramp-up", 2026),  # a fact box
        ("The project at a glance:\n\n\u2013 Start of production: 2027", 2027),  # its line may open with a dash
        ("It had $320 million in liquidity, enough, it said, to fund operations into 2028.", 2028),
        ("SK On has also pointed to 2030 for its first commercial solid-state cells.", 2030),
        ("Management said that cash should carry the company into the second half of 2028.", 2028),
    ],
)
def test_more_milestone_years(text: str, year: int) -> None:
    assert [f.value for f in extract_figures(text) if f.unit == "year"] == [year]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Panasonic is cautious about committing to a third US plant.", []),  # an ordinal, not a share
        ("Its share of the market fell to a third.", [(100 / 3, "%")]),
        ("It now runs four production bases, in Beijing and Jiangsu.", [(4, "count")]),
        ("METI said it had certified 12 battery-related investment plans.", [(12, "count")]),
        ("Who is in: Six companies are reported to be eligible.", [(6, "count")]),  # a list's opening word
        ("He raced Formula One cars.", []),  # a capitalised number word mid-sentence is a name
        ("It could put solid-state batteries into cars as soon as 2027-28.", [(2027.5, "year")]),
        ("More than one in five cars sold worldwide will be electric.", [(20, "%")]),
        ("It happens one in ten years.", []),
        ("Global sales of electric cars are on track to reach around 17 million this year.", [(17e6, "count")]),
    ],
)
def test_ordinals_ratios_list_openings_and_soonest_years(text: str, figures: list[tuple[float, str]]) -> None:
    found = [(f.value, f.unit) for f in extract_figures(text)]
    assert len(found) == len(figures)
    assert all(v == pytest.approx(w) and u == x for (v, u), (w, x) in zip(found, figures, strict=True))


def test_a_timing_alone_in_a_table_cell_is_a_milestone_year() -> None:
    """ "CATL | small-batch cell production | 2027": the row names the milestone, the cell its year; a cell's
    "2027 / 2030" is two milestones; a row that names none gives no year."""
    table = (
        "Company | Milestone | Stated timing\n"
        "CATL | small-batch cell production | 2027\n"
        "BYD | demonstration installation in vehicles | around 2027\n"
        "Gotion | small-batch production / mass production | 2027 / 2030\n"
        "Nissan | chemistry choice | 2021"
    )
    found = [(f.value, f.qualifier, f.period) for f in extract_figures(table)]
    assert found == [
        (2027, "exact", "target"),
        (2027, "approx", "target"),
        (2027, "exact", "target"),
        (2030, "exact", "target"),
    ]


def test_a_table_cell_keeps_a_fiscal_range_and_a_row_that_opens_with_a_year_dates_it() -> None:
    """ "2027/28" is one range, not 2027 and 28; "| 2021 | pilot line opened |": the first cell dates a past step."""
    assert [(f.value, f.high) for f in extract_figures("Toyota | commercialisation | 2027/28")] == [(2027.5, 2028)]
    assert extract_figures("| Year | Event |\n| 2021 | pilot line opened |") == []
