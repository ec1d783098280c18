"""Metric identity from the parse: subjects, measures, discovered keys, and the alerts they allow."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest
import respx

from assbwatch.alerts.deliver import WebhookChannel, deliver_pending
from assbwatch.cli.main import main
from assbwatch.config.settings import Settings
from assbwatch.models import Article, IngestReport
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.catalogue import load_catalogue
from assbwatch.text.identity import _nlp

RUNWAY_2028 = (
    "QuantumScape licenses its solid-state cells to PowerCo\n"
    "QuantumScape said its cash runway now extends into 2028, as the solid-state battery developer signed a "
    "licensing deal with PowerCo for up to 40 GWh a year."
)
RUNWAY_2029 = (
    "QuantumScape stretches its runway\n"
    "QuantumScape said its cash runway now extends into 2029, a year longer than it previously forecast, "
    "as its solid-state battery programme moves to B samples."
)


def test_last_year_is_the_year_before_each_articles_date(warehouse: Warehouse) -> None:
    """A quarter of the market "last year" in 2023 and 23% "last year" in 2024 are two years, not a change."""
    first = (
        "Korea's all-solid-state battery push\nSeoul bets on all-solid-state batteries to win back ground. "
        "Korean manufacturers held about a quarter of the global EV battery market last year."
    )
    second = (
        "Korean cell makers lose ground\nChinese rivals squeezed Korea's makers, who answer with all-solid-state "
        "batteries. Korean manufacturers together held about 23% of the global EV battery market last year."
    )
    reports = [
        ingest(warehouse, [_article("https://news.example/a", first, date(2023, 3, 1))]),
        ingest(warehouse, [_article("https://news.example/b", second, date(2024, 3, 1))]),
    ]
    assert [r.alerts + r.candidates for r in reports] == [0, 0]
    periods = warehouse.query("SELECT period FROM metrics WHERE unit = '%' ORDER BY id").rows
    assert periods == [("2022",), ("2023",)]


def _article(url: str, text: str, published: date) -> Article:
    return Article(url=url, source="test", text=text, title=text.split("\n")[0], published=published)


def _first_then(warehouse: Warehouse, first: tuple[str, date], later: tuple[str, date]) -> IngestReport:
    """Ingest an article, then a later one, each as its own run (as monitoring meets them): the later report."""
    ingest(warehouse, [_article("https://a.example/1", *first)])
    return ingest(warehouse, [_article("https://b.example/2", *later)])


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _tracked(catalogue, text: str) -> dict[str, tuple[str | None, float]]:
    return {t.figure.surface: (t.metric, t.identity.confidence) for t in catalogue.track(text)}


@pytest.mark.parametrize(
    ("sentence", "surface", "key"),
    [
        ("QuantumScape said its cash runway now extends into 2029.", "into 2029", "quantumscape/cash-runway"),
        # a ticker in brackets after a name the catalogue knows is not the subject's name
        (
            "Solid Power (SLDP) said spending cuts now let it fund operations into 2028.",
            "into 2028",
            "solid-power/cash-runway",
        ),
        # output a year is a capacity, whatever verb reaches it
        ("Ganfeng now plans for its solid-state battery base to reach 20 GWh a year.", "20 GWh", "ganfeng/capacity"),
        # a company's people are one measure, whatever the noun
        ("Ion Storage Systems now employs more than 200 people.", "200 people", "ion-storage-systems/employees"),
        ("Ion Storage Systems has about 100 employees in Maryland.", "100 employees", "ion-storage-systems/employees"),
        (  # the dateline says where the story was filed, not who it is about
            "WOBURN, Massachusetts, May 16 (Grid Wire) - SES AI Corp aims to begin producing cells in 2025.",
            "in 2025",
            "ses-ai/production-start",
        ),
        (  # a ranking milestone is not the start of commercialisation
            "China is expected to overtake Japan in the commercialization of solid-state batteries in 2024.",
            "in 2024",
            "china/overtaking",
        ),
        (  # a clause with a subject of its own says nothing of this figure
            "Samsung SDI is preparing for mass production of its cells in 2027, while SK On's pilot plant in "
            "Daejeon is due for completion in 2025.",
            "in 2027",
            "samsung-sdi/production-start",
        ),
        (  # a word inside a two-word name: a demonstration (production) line
            "Honda Motor will begin operating a demonstration production line for solid-state cells in spring 2024.",
            "in spring 2024",
            "honda/pilot-line",
        ),
        (  # the company the appositive names, not its owner
            "Volkswagen's battery company PowerCo will build 80 GWh of annual capacity.",
            "80 GWh",
            "powerco/capacity",
        ),
        (
            "Honda's demonstration line in Sakura, Tochigi, began operating in January 2025.",
            "in January 2025",
            "honda/pilot-line",
        ),
        (
            "Solid Power was awarded a $50 million grant by the US Department of Energy.",
            "$50 million",
            "solid-power/subsidy",
        ),
        (
            "Samsung SDI reiterated its target to mass-produce solid-state cells by 2027.",
            "by 2027",
            "samsung-sdi/production-start",
        ),
        (
            "The deal lets PowerCo build up to 40 GWh a year of cells using the solid-state design.",
            "40 GWh",
            "powerco/capacity",
        ),
        (
            "Toyota Motor claims more than 1,000 patents on sulfide solid electrolytes.",
            "1,000 patents",
            "toyota.ssb_patents",
        ),
        (  # shipping samples is not the testing that follows
            "QuantumScape still aims to ship B samples of its QSE-5 cell to carmakers in 2024.",
            "in 2024",
            "quantumscape/sample-shipment",
        ),
        (  # what it holds, not what it invests
            "Solid Power held about $385 million in cash and investments at the end of September.",
            "$385 million",
            "solid-power/cash-position",
        ),
        (
            "Solid Power has been selected for up to $50 million from the US Department of Energy to help build "
            "a continuous manufacturing line.",
            "$50 million",
            "solid-power/subsidy",
        ),
        (  # the company, not the country it is from
            "Taiwan's ProLogium Technology will start production at its gigafactory in Dunkirk in 2028.",
            "in 2028",
            "prologium/production-start",
        ),
        (  # a conjunct's own subject names nothing; its sibling's subject is another company's
            "SAIC Motor said that its partner Qingtao Energy would complete a solid-state battery line by the end "
            "of 2024, and that vehicles using the cells would enter mass production in 2026.",
            "in 2026",
            "saic/production-start",
        ),
        (  # ... unless nothing above names one ("the company" is the article's)
            "ProLogium has redrawn its plans, the Taiwanese company said on Monday, and production at the Dunkirk "
            "plant has been pushed back to 2028.",
            "to 2028",
            "prologium/production-start",
        ),
        (  # "the developer" is who said so, not the company whose clause is above it
            "QuantumScape said that Volkswagen's battery company PowerCo had agreed to pay up to $131 million more, "
            "allowing the solid-state battery developer to stretch its cash runway through the end of 2029.",
            "through the end of 2029",
            "quantumscape/cash-runway",
        ),
        (  # "it" stands for the demonstration (production) line the sentence named
            "Honda Motor is preparing a demonstration production line for all-solid-state batteries in Sakura, "
            "and expects it to start running in spring 2024.",
            "in spring 2024",
            "honda/pilot-line",
        ),
        (  # so does "the facility" after it
            "Honda showed reporters its demonstration production line for all-solid-state batteries on Friday, "
            "saying the facility started operating in January 2025.",
            "in January 2025",
            "honda/pilot-line",
        ),
        (  # what was raised "to" a value is the plant's budget, not a funding round
            "Mitsui Kinzoku has raised the budget for its first mass-production plant for sulfide solid "
            "electrolytes to about ¥20 billion.",
            "¥20 billion",
            "mitsui-kinzoku/investment",
        ),
        (  # "its" owns the gigafactory; the name before it says where
            "ProLogium Technology now expects its Dunkirk gigafactory to start production in 2028.",
            "in 2028",
            "prologium/production-start",
        ),
        (  # a plant named for a company the catalogue knows is that company's
            "The Samsung SDI plant will start mass production in 2027.",
            "in 2027",
            "samsung-sdi/production-start",
        ),
        (
            "SK On will bring all-solid-state batteries to market in 2029, a year earlier than planned.",
            "in 2029",
            "sk-on/commercialisation",
        ),
        (  # "commercially ready", "commercially available": a market date
            "SK On now expects the technology to be commercially ready in 2029.",
            "in 2029",
            "sk-on/commercialisation",
        ),
        (  # a conjunct clause's own subject, though the small model tags its verb a noun
            "LG Energy Solution is targeting commercialisation around 2030, and SK On aims to commercialise "
            "all-solid-state cells by 2030.",
            "by 2030",
            "sk-on/commercialisation",
        ),
        (  # a company suffix is not part of the name
            "Gotion High-Tech said it is lifting the capacity of its all-solid-state pilot line to 2 GWh.",
            "2 GWh",
            "gotion/pilot-line",
        ),
        (  # electric vehicles are EVs ("1.5 million battery EVs", later "around 1 million electric vehicles")
            "Toyota now expects to build around 1 million electric vehicles in 2026.",
            "1 million electric vehicles",
            "toyota/evs",
        ),
        (  # the organisations a subject deals with are one count, whatever the reporter calls them
            "Samsung SDI has shipped samples to three automakers.",
            "three automakers",
            "samsung-sdi/partners",
        ),
        (
            "Solid Power is now sampling its sulfide electrolyte with 12 companies.",
            "12 companies",
            "solid-power/partners",
        ),
        (
            "Voltaic Insight Partners expects solid-state cells to take 12% of electric-vehicle battery demand.",
            "12%",
            "voltaic-insight-partners/market-share",
        ),
        (
            "QuantumScape will receive royalties and an upfront royalty prepayment of $130 million.",
            "$130 million",
            "quantumscape/payment",
        ),
        (  # a reporting verb's subject is what "it" below it stands for
            "Samsung SDI, seen as the Korean front-runner, reaffirmed that it will start mass production in 2027.",
            "in 2027",
            "samsung-sdi/production-start",
        ),
        # a region's government acts (a place the plant is at does not)
        (
            "North Chungcheong Province will put ₩45 billion into a shared pilot plant near Ochang.",
            "₩45 billion",
            "north-chungcheong/pilot-line",
        ),
        ("Aichi Prefecture will put ¥5 billion into a pilot plant in Toyota City.", "¥5 billion", "aichi/pilot-line"),
        # "last" tagged an adjective still has a subject: the cash
        (
            "QuantumScape now expects its cash to last until the end of 2029.",
            "until the end of 2029",
            "quantumscape/cash-runway",
        ),
    ],
)
def test_a_figure_gets_the_subject_and_measure_of_its_clause(catalogue, sentence: str, surface: str, key: str) -> None:
    metric, confidence = _tracked(catalogue, sentence)[surface]
    assert metric == key
    assert confidence >= 0.75


def test_the_line_is_the_pilot_line_said_before_unless_the_sentence_names_its_own_measure(catalogue) -> None:
    text = (
        "Samsung SDI opens a pilot line\nSamsung SDI has opened a pilot line for solid-state cells in Suwon. "
        "It will use the line to refine processes, with the goal of beginning mass production in 2027. "
        "The line itself will begin operating in 2024."
    )
    tracked = {t.figure.surface: t.metric for t in catalogue.track(text, text.split("\n")[0])}
    assert tracked == {"in 2027": "samsung-sdi/production-start", "in 2024": "samsung-sdi/pilot-line"}


@pytest.mark.parametrize(
    ("text", "surface", "key"),
    [
        (  # what the plant said before costs is the pilot plant's
            "Idemitsu to build a solid electrolyte pilot plant\nIdemitsu Kosan will build a large pilot "
            "plant for sulfide solid electrolyte. The plant, at its Chiba complex, will cost ¥21.3 billion.",
            "¥21.3 billion",
            "idemitsu/pilot-line",
        ),
        (  # the article says two names are one subject
            "Seramo expands\nNippon Ceramic Works, known as Seramo, makes sulfide electrolytes for "
            "solid-state batteries. Nippon Ceramic Works will spend about ¥5 billion on its first plant.",
            "¥5 billion",
            "seramo/investment",
        ),
        (  # "if demand allows" is no forecast of demand
            "ProLogium scales back Dunkirk\nProLogium has a new plan for its solid-state battery plant. "
            "Output is then to rise to 4 GWh by 2030 and 12 GWh by 2032, with up to 48 GWh possible over "
            "the longer term if demand allows, equivalent to batteries for between 500,000 and 600,000 cars "
            "a year.",
            "4 GWh",
            "prologium/capacity",
        ),
        (  # "its share" is the article subject's
            "CATL keeps its lead in solid-state race\nCATL remained the world's largest supplier of EV "
            "batteries: its share of the worldwide market rose to 37.9% last year.",
            "37.9%",
            "catl/market-share",
        ),
        (  # the line is not another company's pilot line
            "Chinese carmakers race to solid-state\nGAC, which opened a pilot line for all-solid-state cells "
            "in Guangzhou, says the batteries will appear in its cars in 2026. Qingtao has doubled the "
            "planned capacity of its all-solid-state line in Anting to 1 GWh.",
            "1 GWh",
            "qingtao/capacity",
        ),
        (  # a place the article named is never the subject
            "ProLogium picks Dunkirk\nProLogium will invest €5.2 billion in a factory in Dunkirk, France. "
            "The Dunkirk plant will start production in 2026.",
            "in 2026",
            "prologium/production-start",
        ),
        (  # a plant named for its town is where, not whose
            "ProLogium bets on France\nProLogium Technology will build its first factory outside Asia. The "
            "company said the Dunkirk plant would create about 3,000 jobs and start production in 2026.",
            "in 2026",
            "prologium/production-start",
        ),
        (  # the names a count lists are what it counts, not whom it is about
            "Factorial Energy signs another carmaker\nFour carmakers, Mercedes-Benz, Stellantis, Hyundai and Kia, "
            "have joint development agreements with the company.",
            "Four carmakers",
            "factorial/partners",
        ),
        (  # the headline's "Factorial's sulfide bet": the story's company, however often its partners are named
            "Factorial's sulfide bet: inside the start-up courting Mercedes, Stellantis and Hyundai\nThe company has "
            "development agreements with three carmakers, Mercedes-Benz, Stellantis and Hyundai, and raised money "
            "in a round led by Stellantis. Stellantis will test the cells in a fleet. Stellantis says it is pleased.",
            "three carmakers",
            "factorial/partners",
        ),
        (  # ... not "VW's PowerCo": the owned thing is itself a company
            "VW's PowerCo licenses QuantumScape tech for up to 40 GWh\nQuantumScape will receive a royalty "
            "prepayment of $130 million. The deal, with lower spending, stretches the cash runway into 2028.",
            "into 2028",
            "quantumscape/cash-runway",
        ),
        (  # a list's bullet is no part of the clause ("- The cash runway, helped by ..." parsed as an aside)
            "QuantumScape Q2: Cobra on track\nTakeaways:\n- The cash runway, helped by recent share sales, extends "
            "into 2028, the company said.",
            "into 2028",
            "quantumscape/cash-runway",
        ),
        (  # the headline's grammatical subject, not the place that owns its noun
            "Dunkirk's ceramic-cell gamble: what ProLogium is building on the coast\nThe first cells are due to "
            "leave the line in 2026, according to the schedule the company is presenting.",
            "in 2026",
            "prologium/production-start",
        ),
        (  # "we" in a quote: the organisation of the speaker the attribution names, not the story's
            "At InterBattery, Korea's cell makers line up their dates\nSamsung SDI repeated its plans. "
            '"We are working towards commercial solid-state cells in 2029, and the pilot plant in Daejeon is how '
            'we get there," an SK On research executive said in a presentation.',
            "in 2029",
            "sk-on/commercialisation",
        ),
        (  # a list's entry named on its own line: "Its" is that company
            "The Korean materials makers racing to supply solid electrolyte\nThese are the suppliers.\n\n"
            "Lotte Energy Materials. Its Iksan pilot line supplies samples to customers, and volume output of "
            "solid electrolyte is pencilled in for 2027.",
            "for 2027",
            "lotte-energy-materials/production-start",
        ),
        (  # a list's entry: the name on its own, then what it does without a subject
            "Japan's all-solid-state push, line by line\nJapan's strategy rests on a few numbers.\n\nToyota. Aims "
            "to commercialise all-solid-state batteries in 2027-28.",
            "in 2027-28",
            "toyota/commercialisation",
        ),
        (  # a thing with a clause of its own that comes "with" the figure's is not what it measures
            "Korea's big three set out timetables\nSK On is positioning later. It told us it is aiming for "
            "commercialisation in 2030, with a pilot plant in Daejeon meant to bridge research and production.",
            "in 2030",
            "sk-on/commercialisation",
        ),
        (  # a relative clause is about the noun it describes
            "Q&A: Ilika on licensing\nSamples, which Ilika now expects to send to automotive partners during 2026, "
            "will be built to their specifications.",
            "during 2026",
            "ilika/sample-shipment",
        ),
        (  # "chief executive Siva Sivaram told analysts": a person speaks for the article's company
            'QuantumScape Q3: runway stretched\n"Our cash runway now extends into the second half of 2028," '
            "chief executive Siva Sivaram told analysts.",
            "into the second half of 2028",
            "quantumscape/cash-runway",
        ),
        (  # "the Salzgitter-based unit": a company's unit is a generic name for the one before
            "PowerCo licenses QuantumScape cells\nPowerCo can expand the licence by a further 40 GWh, the companies "
            "said. The Salzgitter-based unit will pay QuantumScape $130 million in royalty prepayments.",
            "$130 million",
            "powerco/payment",
        ),
        (  # "could total": the verb adds up, it names no budget
            "QuantumScape and PowerCo widen pact\nWith the additional money, payments from PowerCo under the "
            "agreement could total as much as $261 million, according to QuantumScape.",
            "$261 million",
            "powerco/payment",
        ),
        (  # a base "in" a named area is where; "Ganfeng LiEnergy" is the known Ganfeng's; "10 GWh a year" a capacity
            "Ganfeng bets on solid-state cells\nGanfeng's battery arm, Ganfeng LiEnergy, is building a solid-state "
            "battery base in Chongqing's Liangjiang New Area, where capacity of 10 GWh a year is planned.",
            "10 GWh",
            "ganfeng/capacity",
        ),
        (  # "QS": the capitals of a name the article spells out; what "resources" carry it into is its runway
            "PowerCo deepens QuantumScape pact\nQuantumScape said PowerCo would pay more. QS now expects its "
            "existing resources to carry it into 2029, management told analysts.",
            "into 2029",
            "quantumscape/cash-runway",
        ),
        (  # "The company" after a dateline's sentence: its subject, not the dateline; the list a colon opens
            "Factorial bets on quasi-solid cells to win over carmakers\nWOBURN, Mass. - In a converted building "
            "north of Boston, Factorial Energy is trying to prove that a start-up can beat the giants. The "
            "company, led by co-founder Siyu Huang, now has development agreements with three carmakers: "
            "Mercedes-Benz, Stellantis and Hyundai. Mercedes and Stellantis led its $200 million round.",
            "three carmakers",
            "factorial/partners",
        ),
        (  # "its gigafactory in Dunkirk, where ...": where the plant is
            "ProLogium delays Dunkirk\nProLogium Technology unveiled a redesigned plan for its gigafactory in "
            "Dunkirk, where production is now due to start in 2028 rather than 2026.",
            "in 2028",
            "prologium/production-start",
        ),
        (  # a headline's label names what the story is about
            "QuantumScape: PowerCo licence gives solid-state start-up a path to scale\nPowerCo will make "
            "additional payments of up to $131 million. Financially, the company ended the quarter with almost "
            "$1 billion in liquidity and said it expected that cash to last into the second half of 2028.",
            "into the second half of 2028",
            "quantumscape/cash-runway",
        ),
        (  # "French" misread as an organisation, and a place, are not what the story is about
            "Brussels clears €1.5 billion French aid for ProLogium's Dunkirk gigafactory\nThe project at a "
            "glance:\n\n- Start of production: 2026, followed by a phased ramp-up",
            "2026",
            "prologium/production-start",
        ),
        (  # "For Solid Power, ...": the topic "the company" in the next sentence stands for
            "BMW tests Solid Power cells in an i7\nBMW has begun road tests of the car. For Solid Power, based in "
            "Thornton, Colorado, the test is a milestone in a partnership with BMW. In its first-quarter update, "
            "the company said tight spending control would stretch its cash runway into 2028.",
            "into 2028",
            "solid-power/cash-runway",
        ),
        (  # the carmakers a count lists are what it counts; "It" is the company said before
            "Solid-state cells hit the road\nFactorial Energy makes solid-state cells. It works with three "
            "carmakers - Mercedes, Stellantis and Hyundai - and raised $200 million in a funding round.",
            "three carmakers",
            "factorial/partners",
        ),
        (  # "it" after a clause whose subject is named is that subject; "SK" is no abbreviation out of brackets
            "InterBattery 2025: SK On pulls solid-state target forward\nSK On drew the biggest crowds with a "
            "change of plan: it has brought forward its target for commercialising all-solid-state batteries to "
            "2029, from 2030 previously.",
            "to 2029",
            "sk-on/commercialisation",
        ),
        (  # "It" after "The Taoyuan-based company" is the company named before that
            "France lands a solid-state gigafactory\nTaiwan's ProLogium Technology intends to build its first "
            "factory outside Asia. The Taoyuan-based company picked Dunkirk after weighing other sites. It has "
            "said production will start in 2026.",
            "in 2026",
            "prologium/production-start",
        ),
        (  # an adjectival complement says what the clause is about: ready for mass production
            'Ilika readies Goliath cells\nIlika chief executive Graeme Purdy said: "Our plan is for Goliath to be '
            'ready for mass production in 2026."',
            "in 2026",
            "ilika/production-start",
        ),
        (  # "the Taiwanese company" is the story's company, though the model tags "Taiwanese" an organisation
            "ProLogium delays Dunkirk\nProLogium showed new cells at the Paris Motor Show. Away from the stand, "
            "however, the Taiwanese company confirmed that its Dunkirk gigafactory will come later than promised: "
            "mass production is now expected in 2028, rather than 2026 as originally planned.",
            "in 2028",
            "prologium/production-start",
        ),
        (  # a ticker in brackets is no abbreviation of the name
            "QuantumScape loss widens\nQuantumScape Corp (QS.N) reported a wider loss. It said that would fund "
            "operations into the second half of 2028.",
            "into the second half of 2028",
            "quantumscape/cash-runway",
        ),
        (  # management speaks for the company; the cause clause's names are not the subject
            "QuantumScape extends its runway\nBecause the PowerCo structure shifts factory spending to "
            "Volkswagen's battery unit, management extended its cash runway into the second half of 2028.",
            "into the second half of 2028",
            "quantumscape/cash-runway",
        ),
        (  # "the Dunkirk lines" make Dunkirk a place
            "ProLogium delays its French plant\nProLogium has redesigned its solid-state battery plant. The "
            "first cells are now expected to come off the Dunkirk lines in 2028.",
            "in 2028",
            "prologium/production-start",
        ),
        (  # a list's capital does not make a measure's word or "management" a name
            "QuantumScape results\nQuantumScape reported its results. Key points:\n\n"
            "- Liquidity stood at about $1.2 billion at the end of September.\n"
            "- Management said that cash balance gives it a runway into 2028.",
            "into 2028",
            "quantumscape/cash-runway",
        ),
        (  # a list line's name is what its pronouns stand for
            "Where Korea's battery trio stands\nHere is where each of them stands:\n\n"
            "- LG Energy Solution: taking a measured path, it plans to commercialise sulfide-based all-solid-state "
            "cells by 2030.\n- SK On: pursuing both chemistries. It aims to bring sulfide-based all-solid-state "
            "cells to market in 2029.",
            "in 2029",
            "sk-on/commercialisation",
        ),
        (
            "Where Korea's battery trio stands\nHere is where each of them stands:\n\n"
            "- LG Energy Solution: taking a measured path, it plans to commercialise sulfide-based all-solid-state "
            "cells by 2030.\n- SK On: pursuing both chemistries.",
            "by 2030",
            "lg-energy-solution/commercialisation",
        ),
        (  # "The SK Innovation unit": a described generic noun stands for the name before, not the newsletter
            "Battery Brief: SK On speeds up its solid-state timetable\nGood morning. SK On is in a hurry. The SK "
            "Innovation unit told visitors it now intends to have sulfide-based all-solid-state batteries on the "
            "market in 2029.",
            "in 2029",
            "sk-on/commercialisation",
        ),
        (  # another generic noun before "The company" is another referent: the chain stops there
            "Factorial's sulfide bet\nFor Factorial, a start-up based in Woburn, the project marks a step to "
            "solid-state cells. Mercedes said Solstice could be ready by 2030. The German carmaker is not "
            "Factorial's only backer. The company has development agreements with three carmakers.",
            "three carmakers",
            "factorial/partners",
        ),
        (  # nor one in a coordinated clause with a subject of its own
            "ProLogium picks Dunkirk\nProLogium plans to invest about €5.2 billion in the site. Production is "
            "scheduled to begin in 2026, and the factory is expected to create about 3,000 jobs in a region of "
            "northern France.",
            "in 2026",
            "prologium/production-start",
        ),
        (  # the head's own words before its modifiers': building work, not the site
            "ProLogium redraws Dunkirk plan\nProLogium told reporters that building work at its site in Dunkirk "
            "should get under way in 2026.",
            "in 2026",
            "prologium/construction-start",
        ),
        (  # a feature's title says whom it is about
            "Inside Basquevolt, the Basque start-up betting on polymer solid-state cells\nThe start-up was founded "
            "with backing from the Basque regional government. It now employs around 100 people.",
            "100 people",
            "basquevolt/employees",
        ),
        (  # "The group" after a sentence whose scene-setting clause names the company (not the article's METI)
            "METI approves up to ¥350 billion for battery projects\nJapan's Ministry of Economy, Trade and Industry "
            "has certified a new round of battery plans. The certification comes as Toyota reins in its ambitions "
            "for battery cars. The group now expects to build around 1 million electric vehicles in 2026.",
            "1 million electric vehicles",
            "toyota/evs",
        ),
        (  # "The company's" gigafactory is the article's company's, not the state's that backs it
            "ProLogium resets French factory timetable\nProLogium used the Paris Motor Show to present a new cell. "
            "The company's Dunkirk gigafactory, announced last year with strong backing from the French state, will "
            "now make its first cells in 2028.",
            "in 2028",
            "prologium/production-start",
        ),
        (  # a company its country describes is the article's company, not the country
            "Q&A: what SAIC's solid-state battery roadmap promises\nChina's largest state-owned carmaker said it "
            "would begin mass production in 2026.",
            "in 2026",
            "saic/production-start",
        ),
        (  # a year no word names, after the old value of a named measure: that measure's new value
            "SK On pulls its target forward\nThe Korean battery maker had pointed to 2030 for commercialisation. "
            "Executives said that goal has been brought forward: the company is now working toward 2029.",
            "toward 2029",
            "sk-on/commercialisation",
        ),
        (  # the first cells are a production start
            "ProLogium resets its French timetable\nThe first cells are now due in 2028, against the 2026 the company "
            "gave when it chose the site.",
            "due in 2028",
            "prologium/production-start",
        ),
        (  # "the Southampton company" is the article's company, not a subject named for its town
            "Ilika slips its sample timetable\nPresenting results for the year to April, the Southampton company said "
            "the move to a larger cell format means P2 samples will reach customers in 2026.",
            "in 2026",
            "ilika/sample-shipment",
        ),
        (  # an old year no word names, just after the new one: the new one's measure
            "Ilika slips its sample timetable\nIlika said P2 samples will reach customers in 2026. Last autumn it was "
            "still guiding to 2025.",
            "to 2025",
            "ilika/sample-shipment",
        ),
        (  # who supplies a thing is not whose it is
            "Nio schedules its big pack\nThe pack made with WeLion's semi-solid-state cells will be deployed in the "
            "second quarter of 2024.",
            "in the second quarter of 2024",
            "nio/commercialisation",
        ),
        (  # nor is a country an adjective names in an aside
            "Nio Q4: margins thin\nThe interesting line sat in the highlights the company posted on its Chinese "
            "social channels: the pack will be deployed in the second quarter of 2024.",
            "in the second quarter of 2024",
            "nio/commercialisation",
        ),
        (  # a reason's name is not what "It" in the next sentence stands for (a scene's is: "comes as Toyota ...")
            "Toyota opens a plant\nThe plant will open in 2027 because Panasonic is expanding. It will employ "
            "500 people.",
            "500 people",
            "toyota/employees",
        ),
        (  # only the next unnamed year takes the old value's measure
            "SK On pulls its target forward\nThe Korean battery maker had pointed to 2030 for commercialisation. "
            "The company is now working toward 2029, and it expects to be profitable by 2031.",
            "by 2031",
            "sk-on/date",
        ),
        (  # the owner a feature's title names, not the place it owns
            "Inside Honda's Sakura solid-state line, nine months behind schedule\nThe building is new. When the "
            "carmaker opened the facility to journalists this week, it said operations would begin in January 2025.",
            "in January 2025",
            "honda/production-start",
        ),
        (  # nor one the model tags an organisation
            "QuantumScape results: what investors need to know\nQuantumScape published its annual results. The "
            "main points:\n\n- Cash: the company finished the year with about $1.1 billion in cash.\n- Runway: "
            "management repeated that existing funds should last into the second half of 2028.",
            "into the second half of 2028",
            "quantumscape/cash-runway",
        ),
        (  # "It" after a sentence that opens with the line is the line said before
            "Honda starts up its demonstration line\nHonda Motor has begun operating its demonstration production "
            "line for all-solid-state batteries. The line, which covers about 27,400 square metres, cost ¥43 billion "
            "to build. It started running in January 2025.",
            "in January 2025",
            "honda/pilot-line",
        ),
        (  # a title's period after the name is not part of it
            "Solid Power Q4: electrolyte focus, liquidity near $310 million\nThe Colorado company reported "
            "results.\n\n- Total liquidity of roughly $310 million at year-end.",
            "$310 million",
            "solid-power/cash-position",
        ),
        (  # a name in a because-clause gives the reason, not the subject
            "QuantumScape results\nQuantumScape reported results dominated by its licence deal. Earnings summary:\n"
            "- Cash runway: now expected to last into 2028, because the PowerCo agreement moves part of the cost "
            "of industrialisation onto its partner.",
            "into 2028",
            "quantumscape/cash-runway",
        ),
    ],
)
def test_a_figure_in_an_article_gets_the_key_its_context_gives(catalogue, text: str, surface: str, key: str) -> None:
    """The title (the text's first line) and the sentences before are the figure's context."""
    tracked = {t.figure.surface: t.metric for t in catalogue.track(text, text.split("\n")[0])}
    assert tracked[surface] == key


def test_demand_a_consultancy_forecasts_is_its_own_measure(catalogue) -> None:
    text = (
        "SNE Research sees solid-state demand taking off\nSNE Research expects solid-state batteries to spread. "
        "The consultancy projects global ASSB demand of about 117 GWh by 2030."
    )
    tracked = {t.figure.surface: t for t in catalogue.track(text, text.split("\n")[0])}
    assert (tracked["117 GWh"].metric, tracked["117 GWh"].identity.confidence) == ("sne-research/demand", 0.75)


def test_it_in_have_it_running_is_the_thing_and_the_line_it_stands_for_is_sure_enough_to_alert(catalogue) -> None:
    """ "Honda ... aims to have it running in spring 2024": "it" is the line (the measure, said before in the
    sentence), not who the figure is about; a measure so named is as sure as one read near the figure."""
    text = (
        "Honda to spend ¥43 billion on solid-state line\nHonda Motor will spend about ¥43 billion on a "
        "demonstration production line for all-solid-state batteries at its research site in Sakura, and aims "
        "to have it running in spring 2024, the company said at its annual business briefing."
    )
    (tracked,) = [t for t in catalogue.track(text, text.split("\n")[0]) if t.figure.unit == "year"]
    assert tracked.metric == "honda/pilot-line"
    assert tracked.identity.confidence >= Settings().alert_confidence


def test_a_share_price_move_is_no_metric(catalogue) -> None:
    moved = catalogue.track("QuantumScape shares rose as much as 39% in premarket trading.")
    assert [t.metric for t in moved] == [None]  # a move on the day, not a figure that holds


def test_a_contested_subject_does_not_meet_a_curated_rule_limited_to_subjects(catalogue) -> None:
    """In a METI story, "the carmaker" named beside Toyota is not Japan's commercialisation target."""
    text = (
        "METI backs 12 battery projects\nThe projects include plans by Toyota Motor to make all-solid-state "
        "batteries, which the carmaker still aims to commercialise in 2027-28."
    )
    (tracked,) = [t for t in catalogue.track(text, text.split("\n")[0]) if t.figure.unit == "year"]
    assert tracked.identity.contested
    assert tracked.metric != "jp.assb.commercialization_target"


@pytest.mark.parametrize("between", ["", " Its rivals are watching. "])
def test_a_sentence_opening_with_it_is_about_the_subject_of_the_sentence_before(catalogue, between: str) -> None:
    text = (
        "SK On sharpens its timeline\nSK On plans to commercialise all-solid-state cells in 2029. Samsung SDI "
        f"will start mass production in 2027.{between or ' '}It has been making prototype cells on a pilot line "
        "in Suwon that began operating in 2023."
    )
    tracked = {t.figure.surface: t.identity.subject for t in catalogue.track(text, text.split("\n")[0])}
    assert tracked["in 2023"] == ("samsung-sdi" if not between else "sk-on")  # "Its rivals": no named subject


def test_the_carmaker_after_a_reported_plan_is_the_plans_owner_and_the_companies_are_contested(catalogue) -> None:
    text = (
        "METI approves ¥350 billion for battery plans\nToyota's certified plan calls for about 9 GWh, the "
        "ministry said. The carmaker repeated that it aims to launch solid-state batteries in 2027 or 2028. "
        "Toyota and SMM agreed to mass-produce cathodes. The companies aim to begin mass production of the "
        "material from fiscal 2028, in step with Toyota's plan."
    )
    tracked = {t.figure.surface: t for t in catalogue.track(text, text.split("\n")[0])}
    assert tracked["in 2027 or 2028"].identity.subject == "toyota"
    assert tracked["from fiscal 2028"].identity.contested
    assert tracked["from fiscal 2028"].metric != "toyota.ssb_mass_production"


def test_the_company_refers_to_the_article_subject_not_to_a_partner(catalogue) -> None:
    text = (
        "Idemitsu Kosan to build a solid electrolyte plant\n"
        "Idemitsu Kosan will supply Toyota with sulfide electrolyte. The company plans to start production in 2027."
    )
    tracked = {t.figure.surface: t for t in catalogue.track(text, text.split("\n")[0])}
    assert tracked["in 2027"].identity.subject == "idemitsu"


def test_the_model_is_loaded_once_per_process(catalogue) -> None:
    catalogue.track(RUNWAY_2028)
    before = _nlp.cache_info()
    catalogue.track(RUNWAY_2029)
    after = _nlp.cache_info()
    assert (after.currsize, after.misses) == (1, before.misses)


def test_a_discovered_metric_changing_raises_one_alert_and_is_listed_in_metric_keys(warehouse: Warehouse) -> None:
    assert ingest(warehouse, [_article("https://a.example/1", RUNWAY_2028, date(2024, 7, 25))]).alerts == 0
    report = ingest(warehouse, [_article("https://b.example/2", RUNWAY_2029, date(2025, 2, 13))])
    assert report.alerts == 1
    assert warehouse.query("SELECT metric, period, unit, old_value, new_value FROM alerts").rows == [
        ("quantumscape/cash-runway", "target", "year", 2028, 2029)
    ]
    assert warehouse.query(
        "SELECT subject, measure, unit, articles FROM metric_keys WHERE key = 'quantumscape/cash-runway'"
    ).rows == [("quantumscape", "cash-runway", "year", 2)]
    repeat = RUNWAY_2029.replace("a year longer than it previously forecast", "unchanged from February")
    assert ingest(warehouse, [_article("https://c.example/3", repeat, date(2025, 5, 1))]).alerts == 0


def test_a_superseded_value_never_alerts(warehouse: Warehouse) -> None:
    ingest(warehouse, [_article("https://a.example/1", RUNWAY_2029, date(2025, 2, 13))])
    text = (
        "QuantumScape recap\n"
        "QuantumScape said its cash runway now extends into 2029; its previous guidance of 2028 was set before "
        "the solid-state deal."
    )
    assert ingest(warehouse, [_article("https://b.example/2", text, date(2025, 3, 1))]).alerts == 0
    assert warehouse.query("SELECT value, previous FROM metrics WHERE value = 2028").rows == [(2028, True)]


def test_one_companys_grant_is_not_the_ministrys_rd_subsidy(warehouse: Warehouse, seed_articles) -> None:
    ingest(warehouse, seed_articles)
    grant = (
        "Solid Power wins DOE support\n"
        "Solid Power was awarded a $50 million subsidy by the US Department of Energy for its solid-state "
        "electrolyte line."
    )
    korea = (
        "Korea funds solid-state research\n"
        "South Korea's industry ministry will provide a subsidy of 172 billion won for all-solid-state battery R&D."
    )
    report = ingest(
        warehouse,
        [
            _article("https://a.example/g", grant, date(2025, 2, 1)),
            _article("https://b.example/k", korea, date(2025, 3, 1)),
        ],
    )
    assert (report.alerts, report.candidates) == (0, 0)
    assert warehouse.query(
        "SELECT count(*) FROM metrics WHERE metric = 'jp.meti.assb_rd_subsidy' AND value IN (50e6, 172e9)"
    ).rows == [(0,)]


@respx.mock
def test_a_weak_change_is_a_candidate_never_sent_until_an_analyst_confirms_it(
    warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("ASSBWATCH_WAREHOUSE", str(warehouse.path))
    ingest(warehouse, [_article("https://a.example/1", RUNWAY_2028, date(2024, 7, 25))], confidence=1.01)
    report = ingest(warehouse, [_article("https://b.example/2", RUNWAY_2029, date(2025, 2, 13))], confidence=1.01)
    assert (report.alerts, report.candidates) == (0, 1)
    assert warehouse.query("SELECT reason FROM alert_candidates").rows == [("identity 1.00 < 1.01",)]
    hook = respx.post("https://hooks.example/a").mock(return_value=httpx.Response(204))
    channel = WebhookChannel("https://hooks.example/a", client=httpx.Client())
    assert deliver_pending(warehouse, [channel]) == {"webhook": 0}

    assert main(["alerts", "--candidates", "--format", "json"]) == 0
    (candidate,) = json.loads(capsys.readouterr().out)
    assert (candidate["metric"], candidate["old_value"], candidate["new_value"]) == (
        "quantumscape/cash-runway", 2028, 2029,
    )  # fmt: skip
    assert main(["alerts", "--confirm", str(candidate["id"])]) == 0
    assert "confirmed as alert 1" in capsys.readouterr().out
    assert deliver_pending(warehouse, [channel]) == {"webhook": 1}
    assert json.loads(hook.calls[0].request.content)["alerts"][0]["new_value"] == 2029

    assert main(["alerts", "--confirm", str(candidate["id"])]) == 1
    assert capsys.readouterr().err.strip() == (
        f"assbwatch: alert candidate {candidate['id']}: already confirmed as alert 1"
    )
    assert main(["alerts", "--confirm", "99"]) == 1
    assert "no such candidate" in capsys.readouterr().err


def test_the_alert_confidence_is_a_setting() -> None:
    from assbwatch.config.settings import Settings
    from assbwatch.errors import ConfigError

    assert Settings.from_env({}).alert_confidence == 0.75
    assert Settings.from_env({"ASSBWATCH_ALERT_CONFIDENCE": "0.9"}).alert_confidence == 0.9
    with pytest.raises(ConfigError, match="ASSBWATCH_ALERT_CONFIDENCE"):
        Settings.from_env({"ASSBWATCH_ALERT_CONFIDENCE": "high"})


def test_library_defaults_are_the_settings_defaults() -> None:
    """Defaults live in Settings; the library's keyword defaults read them, so the two never drift."""
    import inspect
    from collections.abc import Callable

    from assbwatch.alerts.detect import detect_changes, same_value
    from assbwatch.config.settings import Settings
    from assbwatch.pipeline import ingest
    from assbwatch.reextract import reextract
    from assbwatch.store.runlock import run_lock
    from assbwatch.store.warehouse import Warehouse

    def default(fn: Callable[..., object], name: str) -> object:
        return inspect.signature(fn).parameters[name].default

    s = Settings()
    assert default(Warehouse, "lock_wait") == s.lock_wait
    assert default(run_lock, "wait") == s.run_wait
    assert (default(ingest, "batch_size"), default(ingest, "digits"), default(ingest, "confidence")) == (
        s.batch_size, s.alert_tolerance_digits, s.alert_confidence,
    )  # fmt: skip
    assert default(reextract, "batch_size") == s.batch_size
    assert default(same_value, "digits") == default(detect_changes, "digits") == s.alert_tolerance_digits


def test_a_change_the_new_sentence_states_or_gives_the_old_value_of_is_an_alert(warehouse: Warehouse) -> None:
    """(A change stated plainly is a candidate: see the Honda line's "scheduled to open" above.)"""
    ingest(warehouse, [_article("https://a.example/1", RUNWAY_2028, date(2024, 7, 25))])
    report = ingest(warehouse, [_article("https://c.example/3", RUNWAY_2029.replace("2029", "2030"), date(2025, 5, 1))])
    assert (report.alerts, report.candidates) == (1, 0)  # "a year longer than it previously forecast"
    given = (
        "QuantumScape signs with a second carmaker\n"
        "QuantumScape said its cash runway lasts into 2031, from 2030, after a solid-state battery licence for a "
        "second carmaker brought in fees."
    )
    report = ingest(warehouse, [_article("https://d.example/4", given, date(2025, 8, 1))])
    assert (report.alerts, report.candidates) == (1, 0)  # no word of moving, but the old value is given


def test_the_old_value_a_sentence_gives_says_which_metric_a_figure_is(warehouse: Warehouse) -> None:
    """ "Seven carmakers, up from four": the metric of the subject that holds 4 (its partners), whatever
    noun the new sentence counts; a subject with no metric holding the old value keeps its own key."""
    first = (
        "Ilika ships solid-state prototypes\nIlika says its Goliath solid-state cells are being tested by four "
        "partners."
    )
    later = (
        "Ilika widens solid-state testing\nIlika says seven carmakers and suppliers are now evaluating its "
        "Goliath solid-state cells, up from four last autumn."
    )
    report = _first_then(warehouse, (first, date(2024, 10, 1)), (later, date(2025, 6, 1)))
    assert report.alerts == 1
    assert warehouse.query("SELECT metric, old_value, new_value FROM alerts").rows == [("ilika/partners", 4, 7)]


@pytest.mark.parametrize(("former", "pushed"), [("spring 2024", (1, 0)), ("2023", (0, 1))])
def test_an_article_that_gives_the_old_value_in_another_sentence_states_the_change(
    warehouse: Warehouse, former: str, pushed: tuple[int, int]
) -> None:
    """ "Said it would start operating in January 2025. The company had previously planned spring 2024": the
    move is stated, though not in the new figure's sentence; a former value the key never held states nothing."""
    planned = (
        "Honda readies its solid-state line\nHonda Motor is preparing a demonstration production line for "
        "all-solid-state batteries and expects it to start operating in spring 2024, company officials said."
    )
    moved = (
        "Honda unveils its solid-state line\nHonda Motor showed its demonstration production line for "
        f"all-solid-state batteries and said it would open in 2025.\n\nThe company had previously "
        f"planned to start the line in {former}."
    )
    report = _first_then(warehouse, (planned, date(2023, 9, 1)), (moved, date(2024, 11, 21)))
    assert (report.alerts, report.candidates) == pushed


@pytest.mark.parametrize(
    ("later", "pushed", "predicate"),
    [
        ("said the line will start operating in January 2025", (1, 0), "start"),  # the same plan, another year
        # "start running", "begin producing": a start, whatever is started
        ("said the line would begin producing cells in January 2025", (1, 0), "start"),
        # a copula says when its noun is: "Start-up is in 2025" is the start
        ('its plant manager said: "Start-up is in January 2025."', (1, 0), "start"),
        ("said the first cells would come off the line in January 2025", (1, 0), "start"),  # production starts
        ("said the line is scheduled to open in January 2025", (0, 1), "open"),  # another statement
    ],
)
def test_a_year_said_with_the_same_verb_is_the_plan_moved(
    warehouse: Warehouse, later: str, pushed: tuple[int, int], predicate: str
) -> None:
    planned = (
        "Honda readies its solid-state line\nHonda Motor says the demonstration production line for "
        "all-solid-state batteries it is building will start operating in spring 2024."
    )
    moved = (
        "Honda unveils its solid-state line\nHonda Motor showed reporters the demonstration production line for "
        f"all-solid-state batteries it has built in Sakura, and {later}."
    )
    report = _first_then(warehouse, (planned, date(2023, 9, 14)), (moved, date(2024, 11, 21)))
    assert (report.alerts, report.candidates) == pushed
    assert [r[0] for r in warehouse.query("SELECT predicate FROM metrics ORDER BY id").rows] == ["start", predicate]


@pytest.mark.parametrize(("now", "pushed"), [("now says", (1, 0)), ("says", (0, 0))])
def test_a_value_recounted_before_the_one_an_article_says_is_now_another_is_the_old_one(
    warehouse: Warehouse, now: str, pushed: tuple[int, int]
) -> None:
    """ "Twelve months ago the company told investors its money would last into 2027. ... management now says it
    funds operations into 2028": the article's news is 2028, though 2027 comes first."""
    first = (
        "Solid Power keeps its runway\nSolid Power, the solid-state battery developer, said its cash runway "
        "extends into 2027."
    )
    later = (
        "Solid Power: a year more of runway\nTwelve months ago Solid Power told investors its cash runway would "
        f"last into 2027. This quarter the wording was different: management {now} its cash runway lasts into 2028."
    )
    report = _first_then(warehouse, (first, date(2024, 8, 1)), (later, date(2025, 8, 1)))
    assert (report.alerts, report.candidates) == pushed


@pytest.mark.parametrize(("title", "pushed"), [("trims", (1, 0)), ("confirms", (0, 1))])
def test_a_headline_that_says_its_figure_moved_states_the_change(
    warehouse: Warehouse, title: str, pushed: tuple[int, int]
) -> None:
    first = (
        "Honda sets out its solid-state battery plan\nHonda has earmarked ¥10 trillion for EV and software "
        "investment through fiscal 2030, all-solid-state batteries included."
    )
    later = (
        f"Honda {title} electrification budget to 7 trillion yen, keeps solid-state line\nHonda Motor will spend "
        "¥7 trillion on electrification through fiscal 2030, its chief executive said. Its all-solid-state battery "
        "line stays."
    )
    report = _first_then(warehouse, (first, date(2024, 5, 16)), (later, date(2025, 5, 13)))
    assert (report.alerts, report.candidates) == pushed


def test_an_old_value_the_sentence_gives_names_its_metric_whatever_period_is_read_beside_it(
    warehouse: Warehouse,
) -> None:
    """ "140.8 billion won in funding, less than the 172.4 billion won it had originally requested, and work
    would begin this year": this year is the work's; the old value's metric (the budget, 'now') moved."""
    first = (
        "MOTIE seeks battery R&D money\nSouth Korea's Ministry of Trade, Industry and Energy (MOTIE) has "
        "submitted a 172.4 billion won research programme on all-solid-state batteries for review."
    )
    later = (
        "MOTIE trims solid-state battery R&D\nMOTIE said its solid-state battery research programme had cleared the "
        "review with 140.8 billion won in funding, less than the 172.4 billion won it had originally requested, "
        "and that work would begin this year."
    )
    report = _first_then(warehouse, (first, date(2024, 8, 1)), (later, date(2025, 3, 5)))
    assert report.alerts == 1
    assert warehouse.query("SELECT metric, period, old_value, new_value FROM alerts").rows == [
        ("motie/budget", "now", 172.4e9, 140.8e9)
    ]


def test_an_old_value_with_a_period_of_its_own_is_a_series_not_a_move(warehouse: Warehouse) -> None:
    """ "Fell from 30% in 2022 to 20% in 2024": each value has its year; the 2022 share did not move."""
    first = "Panasonic's solid-state bet\nPanasonic's share of the solid-state battery market was 30% in 2022."
    later = (
        "Panasonic loses solid-state ground\nPanasonic's share of the solid-state battery market fell from 30% "
        "in 2022 to 20% in 2024."
    )
    report = _first_then(warehouse, (first, date(2023, 3, 1)), (later, date(2025, 3, 1)))
    assert report.alerts == 0
    assert warehouse.query("SELECT period FROM metrics WHERE value = 20").rows == [("2024",)]


def test_a_plan_named_by_its_noun_and_later_by_its_verb_is_one_plan_moved(warehouse: Warehouse) -> None:
    """ "SK On: commercialisation targeted for 2030", later "we aim to commercialise ... in 2029": what is
    planned, not the verb of planning, says it is the same plan."""
    listed = (
        "Seoul backs its battery makers\nThe three cell makers have published all-solid-state battery timelines:"
        "\n\n- SK On: commercialisation targeted for 2030\n- Samsung SDI: mass production from 2027"
    )
    quoted = (
        'SK On starts work on solid-state pilot plant\n"We aim to commercialise all-solid-state batteries in '
        '2029," an SK On executive said at a briefing.'
    )
    report = _first_then(warehouse, (listed, date(2023, 6, 1)), (quoted, date(2024, 9, 10)))
    assert (report.alerts, report.candidates) == (1, 0)


def test_a_runway_is_one_value_another_end_year_is_it_moved(warehouse: Warehouse) -> None:
    """ "Extends into 2028", later "should last into 2029": no word of change, no shared verb, but a company has
    one cash runway (`single` in the catalogue)."""
    first = "QuantumScape Q2\nQuantumScape said its cash runway, helped by share sales, extends into 2028."
    later = "QuantumScape stretches runway\nQuantumScape said on Wednesday that its cash should last into 2029."
    report = _first_then(warehouse, (first, date(2024, 7, 24)), (later, date(2025, 2, 26)))
    assert (report.alerts, report.candidates) == (1, 0)


def test_an_amount_said_with_the_same_verb_is_no_plan_moved(warehouse: Warehouse) -> None:
    """ "Ended June with $1.1 billion", "ended 2024 with $860 million": balances at two dates, for an analyst."""
    first = "QuantumScape reports\nQuantumScape said it ended June with liquidity of roughly $1.1 billion."
    later = "QuantumScape reports\nQuantumScape said it ended 2024 with liquidity of about $860 million."
    report = _first_then(warehouse, (first, date(2024, 7, 24)), (later, date(2025, 2, 12)))
    assert (report.alerts, report.candidates) == (0, 1)


def test_an_old_value_several_metrics_hold_is_the_one_its_own_figure_names(warehouse: Warehouse) -> None:
    """ "Up from the 200 MWh pilot line": of the subject's metrics holding 0.2 GWh, the pilot line's."""
    first = (
        "Gotion starts its solid-state pilot line\nGotion said its first all-solid-state battery pilot line, with a "
        "designed capacity of 0.2 GWh a year, is up and running. Analysts said a 0.2 GWh line is small by "
        "battery-industry standards."
    )
    later = (
        "Gotion plans a bigger solid-state line\nGotion said it has begun designing a 2 GWh all-solid-state "
        "production line, up from the 200 MWh pilot line it unveiled in May."
    )
    ingest(warehouse, [_article("https://a.example/1", first, date(2025, 5, 18))])
    held = warehouse.query("SELECT DISTINCT metric FROM metrics WHERE value = 0.2 ORDER BY metric").rows
    assert held == [("gotion/capacity",), ("gotion/pilot-line",)]  # two metrics hold the old value
    ingest(warehouse, [_article("https://b.example/2", later, date(2025, 10, 1))])
    assert warehouse.query("SELECT metric, old_value, new_value FROM alerts").rows == [("gotion/pilot-line", 0.2, 2)]


def test_an_old_value_belongs_to_the_nearest_new_figure_of_its_unit(warehouse: Warehouse) -> None:
    first = "SK On sets its solid-state goal\nSK On plans to commercialise all-solid-state batteries in 2030."
    later = (
        "SK On pulls its solid-state target forward\nSK On will finish a pilot plant for all-solid-state "
        "batteries in the second half of 2025 and aims to commercialise the batteries in 2029, a year ahead of "
        "its earlier goal of 2030."
    )
    ingest(warehouse, [_article("https://a.example/1", first, date(2024, 3, 1))])
    ingest(warehouse, [_article("https://b.example/2", later, date(2025, 3, 6))])
    rows = warehouse.query("SELECT metric, old_value, new_value FROM alerts").rows
    assert rows == [("sk-on/commercialisation", 2030, 2029)]  # not the pilot plant's 2025


def test_a_start_reported_done_later_than_it_was_planned_is_an_alert_and_a_new_plan_is_not(
    warehouse: Warehouse,
) -> None:
    planned = (
        "Honda readies its solid-state line\nHonda's demonstration line for all-solid-state batteries in Sakura "
        "is scheduled to start operating in spring 2024."
    )
    done = (
        "Honda shows its solid-state line\nHonda's demonstration line for all-solid-state batteries in Sakura "
        "began operating in {}, the carmaker said."
    )
    report = _first_then(warehouse, (planned, date(2023, 9, 1)), (done.format("January 2025"), date(2025, 1, 10)))
    assert (report.alerts, report.candidates) == (1, 0)  # the dates say it slipped
    replan = (
        "Honda plans a second solid-state stage\nHonda said the next stage of its demonstration line for "
        "all-solid-state batteries, after new equipment is installed, is scheduled to start operating in 2026."
    )
    report = ingest(warehouse, [_article("https://c.example/3", replan, date(2025, 3, 1))])
    assert (report.alerts, report.candidates) == (0, 1)  # a plan after a done start: nothing says it moved


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (  # the cell maker's story, the government's target
            "Samsung SDI opens a solid-state battery line\n"
            "The line also fits the government's battery strategy, which seeks commercialisation of "
            "all-solid-state cells by 2028.",
            None,
        ),
        (
            "Samsung SDI opens a solid-state battery line\n"
            "The line fits South Korea's plans: the government's strategy seeks commercialisation of "
            "all-solid-state cells by 2028.",
            "south-korea/commercialisation",
        ),
        (  # a ministry's story: "the ministry" is its subject
            "MIIT widens its solid-state battery programme\n"
            "The ministry seeks commercialisation of all-solid-state cells by 2028.",
            "miit/commercialisation",
        ),
    ],
)
def test_the_government_is_a_state_never_the_company_the_article_is_about(catalogue, text: str, key) -> None:
    (tracked,) = catalogue.track(text, text.split("\n")[0])
    assert tracked.metric == key


@pytest.mark.parametrize(
    ("eventually", "pushed"), [("", 1), (" The site could eventually be scaled to 48 GWh a year.", 0)]
)
def test_a_value_the_new_article_gives_for_another_period_still_stands(
    warehouse: Warehouse, eventually: str, pushed: int
) -> None:
    """ "A first phase of 0.8 GWh ... eventually 48 GWh": the phase is not the site's capacity moved."""
    picked = (
        "ProLogium picks Dunkirk\nProLogium Technology will ramp its Dunkirk plant up in phases towards a "
        "full capacity of 48 GWh a year."
    )
    later = (
        "ProLogium breaks ground in Dunkirk\nUnder the revised roadmap, ProLogium's Dunkirk plant will start "
        f"with a capacity of 0.8 GWh.{eventually}"
    )
    _first_then(warehouse, (picked, date(2023, 5, 12)), (later, date(2026, 2, 11)))
    alerts = warehouse.query("SELECT metric, old_value, new_value FROM alerts WHERE unit = 'GWh'").rows
    assert alerts == [("prologium/capacity", 48.0, 0.8)] * pushed
    held = warehouse.query("SELECT reason FROM alert_candidates WHERE unit = 'GWh'").rows
    assert held == [("old value still reported",)] * (1 - pushed)
