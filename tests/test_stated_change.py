"""A change is pushed only when its sentence says the figure moved."""

from __future__ import annotations

import pytest

from assbwatch.text.figures import extract_figures
from assbwatch.text.stated_change import change_stated_from, realised_later


@pytest.mark.parametrize(
    "sentence",
    [
        "SK On has brought forward its target for commercialising the batteries to 2029.",
        "ProLogium has pushed back mass production at its Dunkirk plant to 2028.",
        "SAIC now plans to begin volume output in 2027, a year later than its earlier target.",
        "QuantumScape said its cash should last into 2029, extending the runway it had forecast previously.",
        "Capacity was raised to 80 GWh, up from 40 GWh.",
        "The ministry cut the subsidy to 50 billion yen.",
        "Mass production will come two years later than planned, in 2029.",
        "Its Dunkirk gigafactory will start producing cells in 2028 following a redesign of the project.",
        "The line has been sized at 2 GWh of annual capacity, a big step up from the pilot equipment it described.",
    ],
)
def test_a_sentence_that_says_a_figure_moved(sentence: str) -> None:
    assert change_stated_from(sentence) == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "QuantumScape still aims to ship B samples of its QSE-5 cell to carmakers in 2024.",
        "Solid Power has been selected for up to $50 million from the US Department of Energy.",
        "The government's strategy seeks full commercialisation of all-solid-state cells around 2030.",
        "Toyota plans to launch vehicles using the batteries in 2027 or 2028.",
        # funding, cost cuts, adjectives and comparisons with last year are no moved figure
        "The start-up raised $100 million in a Series C round led by its carmaker partners.",
        "Sulfide electrolytes cut costs, and the lower price helps an advanced cell with a booster pack.",
        "Revenue rose 20% from a year earlier.",
    ],
)
def test_a_sentence_that_states_a_figure_plainly(sentence: str) -> None:
    assert change_stated_from(sentence) is None


def test_a_word_of_change_that_opens_a_clause_moves_only_that_clause() -> None:
    # the balance is a new quarter's; the runway is what "now" moved
    sentence = "QS ended the quarter with liquidity of $797.5 million and now expects its cash to last into 2029."
    assert [(f.surface, f.says_moved) for f in extract_figures(sentence)] == [
        ("$797.5 million", False),
        ("into 2029", True),
    ]


def test_a_milestone_reported_done_after_it_was_planned() -> None:
    planned = "The line is scheduled to start operating in spring 2024."
    assert realised_later("The 43 billion yen line began running in January 2025.", planned)
    assert not realised_later("The line will begin running in January 2025.", planned)  # still a plan
    assert not realised_later("The line began running in January 2025.", "The line began running in 2024.")
