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
    # the word before "of" heads the name: a department of state is no place
    ("The Department of State reports that the note was sent.", "Department of State",
     "organisation"),
    ("The University of Texas grew.", "University of Texas", "organisation"),
    # a nation of Native Americans is a group; a monarch's style is a person
    ("The Creeks attacked the settlers on the frontier.", "Creeks", "group"),
    ("The Cherokees said that the treaty was broken.", "Cherokees", "group"),
    ("His Catholic Majesty agreed to the convention.", "Catholic Majesty", "person"),
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


# -- round 7: adjectives, offices, place prefixes, old spellings (each read by hand) ----------
def test_a_capitalised_adjective_is_no_name():
    # rule 6: "-al" and a lower-case noun after it in every mention; "Federal Government" stays
    got = kinds("Federal courts met. Federal officers came. We cut Federal aid. "
                "The Federal Government agreed.")
    assert got == {("Federal Government", "organisation"): 1}


def test_an_adjective_needs_most_mentions_before_a_noun():
    # the same word heading the phrase in two of three mentions is kept as a name
    got = kinds("Federal courts met. We asked Federal. Federal said no.")
    assert sum(n for (a, _), n in got.items() if a == "Federal") == 3


def test_a_singular_demonym_before_a_noun_is_an_adjective():
    got = kinds("Then Texan independence came. The Texan troops marched. All Texan land "
                "was sold. The Texans agreed.")
    assert got == {("Texans", "group"): 1}


def test_an_institution_before_a_noun_stays_a_name():
    got = kinds("We saw Executive orders signed. Then Executive action followed. The "
                "Executive power grew.")
    assert got == {("Executive", "organisation"): 3}


@pytest.mark.parametrize("text", [
    "The Postmaster-General reports that the revenue grew.",
    "The Acting Attorney-General thinks the law is sound.",
    "The Vice-President declared that the vote was even.",
])
def test_an_office_alone_is_no_name(text):
    assert kinds(text) == {}


def test_a_title_before_a_named_officer_still_marks_a_person():
    assert kinds("Assistant Secretary Ahearne said that the plan works.") == {
        ("Ahearne", "person"): 1}


def test_a_title_inside_an_organisation_name_is_kept():
    got = kinds("The German Marshal Fund of the United States published it.")
    assert ("Marshal Fund", "person") not in got and ("Fund", "person") not in got


@pytest.mark.parametrize("text, actor, kind", [
    ("The Strasbourg Conference has testified to their vision.", "Strasbourg Conference",
     "organisation"),
    ("The General Staff reports that the army is ready.", "Staff", "organisation"),
    ("The Annual Message announced the plan.", "Annual Message", "other"),
    ("We met at St. Louis.", "St. Louis", "place"),
    ("The St. Lawrence froze.", "St. Lawrence", "place"),
    ("Fort Sumter fell.", "Fort Sumter", "place"),
    ("Ships sailed from Holland.", "Netherlands", "place"),
    ("The Netherlands complains of the duty.", "Netherlands", "place"),
    ("Chili declared that the port was closed.", "Chile", "place"),
    ("The Isthmus was crossed.", "Isthmus", "place"),
])
def test_kinds_of_offices_places_and_old_spellings(text, actor, kind):
    got = kinds(text)
    assert got.get((actor, kind), 0) >= 1, got


def test_saint_before_a_person_stays_a_title():
    assert kinds("Saint Paul wrote that love endures.") == {("Paul", "person"): 1}


def test_he_opening_the_next_sentence_after_a_subject_is_person_evidence():
    text = ("Saddam Hussein has not disclosed these facilities. He has given no evidence. "
            "Then Saddam Hussein rejected the path of peace. He chose war.")
    assert kinds(text) == {("Saddam Hussein", "person"): 2}


def test_he_after_an_object_or_after_one_mention_is_no_evidence():
    # the pronoun takes up the subject, not "Dachau"; one mention is not enough either
    text = ("The soldiers liberated Dachau. He saw it. We remember Dachau. He wept. "
            "Zorblat Quenn has left. He is gone.")
    got = kinds(text)
    assert got[("Dachau", "other")] == 2 and got[("Zorblat Quenn", "other")] == 1


@pytest.mark.parametrize("text, actor, kind", [
    # an organisation's head word outranks a programme or policy word inside its name ...
    ("The Domestic Policy Council met.", "Domestic Policy Council", "organisation"),
    ("The Union Pacific Railroad was built.", "Union Pacific Railroad", "organisation"),
    # ... but not a word of the list itself
    ("The Food Stamp Program grew.", "Food Stamp Program", "other"),
    ("We saved the Union.", "Union", "place"),
])
def test_an_organisation_head_at_the_end_decides(text, actor, kind):
    got = kinds(text)
    assert got.get((actor, kind), 0) == 1, got
