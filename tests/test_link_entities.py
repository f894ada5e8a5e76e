"""Entities: spelling variants unified, units recognised by shape, on real seed text too."""

from __future__ import annotations

from builder.link.entities import UnitNames, extract_entities, name_units, unit_mentions
from builder.records import Entities
from tests.conftest import REPO

SEEDS = REPO / "content" / "reports"


def entities_of(*texts: str) -> list[Entities]:
    units = UnitNames()
    found = [extract_entities(text, units) for text in texts]
    for entities in found:
        name_units(entities, units)
    return found


def test_place_spellings_are_one_place() -> None:
    texts = ["Troops fled in Zaporizhzhia Oblast.", "Fighting near Zaporozhye went on.",
             "Units based in the temporarily occupied part of the Zaporizhia region."]
    assert [e.places for e in entities_of(*texts)] == [["Zaporizhia"]] * 3


def test_place_inside_an_outlet_name_is_not_a_place() -> None:
    (entities,) = entities_of("The Kyiv Independent reported the desertions in Kherson.")
    assert entities.places == ["Kherson"]


def test_units_are_recognised_by_shape_whatever_the_case() -> None:
    keys = [key for key, _ in unit_mentions(
        "the 247th Airborne Assault Regiment, the 1437th motorized rifle regiment and the "
        "20th Guards Motor Rifle Division; also the 810th Separate Naval Infantry Brigade "
        "and the 58th Combined Arms Army")]
    assert keys == ["247th air assault regiment", "1437th motor rifle regiment",
                    "20th motor rifle division", "810th naval infantry brigade",
                    "58th combined arms army"]


def test_translations_of_one_unit_share_the_most_common_name() -> None:
    found = entities_of("the 1437th Motorized Rifle Regiment", "the 1437th motor rifle regiment",
                        "the 1437th Motorized Rifle Regiment fled")
    assert {tuple(e.units) for e in found} == {("1437th Motorized Rifle Regiment",)}


def test_a_number_without_a_unit_type_is_not_a_unit() -> None:
    assert unit_mentions("In the 21st century, 300 soldiers of the 3rd fled.") == []


def test_people_by_alias_title_and_surname() -> None:
    (entities,) = entities_of(
        "Governor Ivan Petrenko said 500 left. Petrenko added more. President Zelenskyy "
        "and Vladimir Putin met nobody.")
    assert entities.people == ["Ivan Petrenko", "Volodymyr Zelensky", "Vladimir Putin"]


def test_seed_reports_entities() -> None:
    atesh = (SEEDS / "2025-08-02-atesh-russian-paratroopers-fled-zaporizhia.txt").read_text()
    icaro = (SEEDS / "icaro-atesh-mass-desertions-kherson.txt").read_text()
    sumy = (SEEDS / "2022-03-23-llb-russian-soldiers-refuse-to-fight-sumy.txt").read_text()
    a, i, s = entities_of(atesh, icaro, sumy)
    assert {"Zaporizhia", "Pokrovsk", "Luhansk", "Kherson", "Crimea"} <= set(a.places)
    assert a.units == ["247th Airborne Assault Regiment", "1437th Motorized Rifle Regiment"]
    assert {"Kherson", "Novooleksiivka", "Crimea", "Perekop"} <= set(i.places)
    assert "Dnepr group of forces" in i.orgs and "Rosgvardia" in i.orgs
    assert {"Sumy", "Okhtyrka"} <= set(s.places)
    assert "Paul Mason" in s.people


def test_bare_unit_is_the_one_fuller_unit_of_its_number() -> None:
    a, b = entities_of("Marines of the 155th Separate Naval Infantry Brigade fled.",
                       "The 155th Brigade lost many men.")
    assert a.units == b.units == ["155th Separate Naval Infantry Brigade"]


def test_numbered_military_units_and_posts_that_are_not_people() -> None:
    (e,) = entities_of("Soldiers of military unit 51460 fled, Deputy Defence Minister said. "
                       "Kherson-based partisans agreed.")
    assert e.units == ["Military Unit 51460"]
    assert e.people == []
    assert e.places == ["Kherson"]
