"""dc.actors on another era (issue 23): offices, plural institutions, titled places, initials,
and the speed of the table on many documents. Each expectation is read by hand."""

import time

import pytest

import discourse as dc


def corpus_of(texts):
    return dc.from_texts(texts, sections=dc.all_body)


def kinds(text):
    a = dc.actors(corpus_of({"a": text}))
    return a.groupby(["actor", "kind"]).n.sum().to_dict()


def test_an_office_is_no_name_but_its_place_is():
    got = kinds("The Secretary of War reports a loss. The President of Mexico agreed.")
    assert got == {("Mexico", "place"): 1}  # no "of War", no "of Mexico" person


@pytest.mark.parametrize("text, actor, kind", [
    # the plural of an institution, territory or document is one too
    ("The two Governments signed it. The Governments agreed.", "Governments", "organisation"),
    ("The Territories grew. New Territories were added.", "Territories", "place"),
    # a plural noun of people heading a name is a group, not one person
    ("The Commissioners report that the land is sold.", "Commissioners", "group"),
    ("The Secretaries of War reported a loss.", "Secretaries of War", "group"),
    # a city that is a given name, subject of a reporting verb: a person
    ("But Brandon thought his company could help. Brandon said so.", "Brandon", "person"),
    # a plural head word of places or organisations, unless a given name opens the name
    ("The Canadian Provinces believe that trade helps.", "Canadian Provinces", "place"),
    ("Rosa Parks said that it was wrong.", "Rosa Parks", "person"),
    ("The National Convention declared that war was near.", "National Convention",
     "organisation"),
    # a capital keeps speaking for its government
    ("Moscow says the talks failed. Moscow claims more.", "Moscow", "place"),
])
def test_kinds_at_the_name(text, actor, kind):
    got = kinds(text)
    assert got.get((actor, kind), 0) >= 1, got


def test_a_titled_place_with_nobody_named_in_full_is_a_person_of_its_own():
    c = corpus_of({"a": "General Washington crossed the river. The treaty of Washington "
                        "holds. We met in Washington."})
    m = dc.actors(c, mentions=True)
    assert m.actor.tolist() == ["Washington (person)", "Washington", "Washington"]
    assert m.kind.tolist() == ["person", "place", "place"]


def test_a_middle_initial_is_part_of_the_name():
    got = kinds("John F. Kennedy declared that it was time. Kennedy said so.")
    assert got == {("John F. Kennedy", "person"): 2}


def test_a_name_with_of_has_no_surname():
    # "Interior" is no short form of "Secretaries of Interior"
    m = dc.actors(corpus_of({"a": "The Secretaries of Interior reported. The Interior grew."}),
                  mentions=True)
    assert "Interior" in set(m.actor)


def test_many_documents_each_naming_others_stay_fast():
    """Counts are grouped, not reindexed to the actor x document grid (4,000 x 4,000 = 16M
    rows took minutes); fill_zeros=True still gives the grid."""
    names = [f"Zorblat{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(4000)]
    c = dc.from_texts({f"d{i}": f"Mark {n} spoke about the budget today." for i, n in
                       enumerate(names)}, sections=dc.all_body)
    t0 = time.perf_counter()
    a = dc.actors(c)
    took = time.perf_counter() - t0
    assert len(a) == 4000 and (a.n == 1).all()
    assert took < 60, took  # the grid made this minutes long
    small = dc.from_texts({"x": "Mark Zorblat spoke.", "y": "Anna Quux spoke."})
    full = dc.actors(small, fill_zeros=True)
    assert len(full) == 4 and sorted(full.n.tolist()) == [0, 0, 1, 1]
