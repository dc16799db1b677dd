"""Columns are suggested the list field of the same normalised name, failing that the
field their values look like, never one field for two columns; an import may not start
while a key or required field has no column."""

from __future__ import annotations

import pytest

from console.column_mapping import mapping_problems, normalised, suggest
from console.field_rules import FieldRule

FORMAT = [
    FieldRule("ID", "OTHER", required=True, key=True),
    FieldRule("firstName", "FIRST_NAME"),
    FieldRule("Phone", "PHONE", required=True, phone_type="US_CANADA"),
    FieldRule("Mobile", "PHONE"),
    FieldRule("Email", "OTHER"),
    FieldRule("Renewal", "DATETIME", date_format="yyyy-MM-dd"),
]


@pytest.mark.parametrize(
    "column",
    ["Phone Number", "phone_number", "PHONE #", "PhoneNumber", " phone no. ", "Phone-Nr"],
)
def test_a_phone_column_however_written_is_named_phone(column: str) -> None:
    assert normalised(column) == normalised("Phone") == "phone"


def test_a_lone_suffix_word_is_kept_as_the_name() -> None:
    assert normalised("Number") == "number"
    assert normalised("First Name") == normalised("firstName") == "firstname"
    assert normalised("Téléphone") == "telephone"


def test_columns_are_matched_by_name_then_by_their_values() -> None:
    header = ["Phone Number", "Contact", "Renews on", "first_name", "Customer"]
    samples = [
        ["(415) 555-0101", "ann@example.com", "2027-01-31", "Ann", "C1"],
        ["415.555.0102", "bob@example.org", "2027-02-28", "Bob", "C2"],
    ]

    found = {header[i]: (s.field, s.why) for i, s in suggest(header, samples, FORMAT).items()}

    assert found == {
        "Phone Number": ("Phone", "same name"),
        "Contact": ("Email", "values look like e-mail addresses"),
        "Renews on": ("Renewal", "values look like dates"),
        "first_name": ("firstName", "same name"),
    }


def test_a_field_named_by_one_column_is_not_given_to_another_by_its_values() -> None:
    header = ["Home", "Phone #", "Work"]
    samples = [["415 555 0101", "415 555 0102", "415 555 0103"]]

    found = {header[i]: s.field for i, s in suggest(header, samples, FORMAT).items()}

    assert found == {"Phone #": "Phone", "Home": "Mobile"}  # "Work": no phone field left


def test_two_columns_of_one_name_get_the_field_once() -> None:
    found = suggest(["phone", "PHONE"], [["4155550101", "4155550102"]], FORMAT)
    assert [(i, s.field) for i, s in found.items()] == [(0, "Phone"), (1, "Mobile")]


def test_values_of_mixed_kinds_suggest_nothing() -> None:
    assert suggest(["Misc"], [["4155550101"], ["ann@example.com"]], FORMAT) == {}


def test_fields_known_by_name_only_are_matched_by_the_words_of_their_names() -> None:
    names = [FieldRule("id"), FieldRule("hotel"), FieldRule("cell_phone"), FieldRule("signup_date")]
    header = ["A", "B"]
    samples = [["555-0101-22", "12-31-2026"]]

    found = {header[i]: s.field for i, s in suggest(header, samples, names).items()}

    assert found == {"A": "cell_phone", "B": "signup_date"}


def test_an_unmapped_key_or_required_field_is_named() -> None:
    header = ["ID", "Phone Number", "Name"]

    problems = mapping_problems(header, {"ID": "", "Phone Number": "", "Name": ""}, FORMAT)
    assert problems == ["Map at least one column to a field."]

    problems = mapping_problems(header, {"ID": "", "Phone Number": "", "Name": "firstName"}, FORMAT)
    assert len(problems) == 2
    assert problems[0].startswith("“ID” is the list's key and no column goes to it")
    assert problems[1].startswith("“Phone” is required and no column goes to it")

    assert mapping_problems(header, {"ID": "ID", "Phone Number": "Phone"}, FORMAT) == []


def test_a_field_chosen_twice_or_not_in_the_list_is_refused() -> None:
    header = ["ID", "Phone", "Other phone", "Extra"]
    mapping = {"ID": "ID", "Phone": "Phone", "Other phone": "Phone", "Extra": "Nope"}

    assert mapping_problems(header, mapping, FORMAT) == [
        "“Phone” is chosen for “Phone” and “Other phone”: a field takes one column.",
        "“Nope” is not a field of this list.",
    ]


def test_a_format_whose_phones_are_optional_still_needs_one_mapped() -> None:
    optional = [FieldRule("ID", "OTHER", key=True), FieldRule("Home", "PHONE")]

    assert mapping_problems(["ID"], {"ID": "ID"}, optional) == [
        "No column goes to a phone field (Home): every record needs a phone number."
    ]
