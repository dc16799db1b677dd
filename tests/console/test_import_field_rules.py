"""A row that breaks a documented rule of the list's format is refused before it is
sent, and every refusal names the bad value and the rule it broke (the rules:
docs/upstream/list-management-api-v3.md, "Lists" and "Create List with New Format")."""

from __future__ import annotations

import pytest

from console import importing
from console.field_rules import FieldRule, problems, rules_of
from console.importing import Refusal, Row

FORMAT = rules_of(
    [
        {"name": "ID", "type": "OTHER", "required": True, "key": True},
        {"name": "Phone", "type": "PHONE", "required": True, "phoneType": "US_CANADA"},
        {"name": "Age", "type": "INTEGER"},
        {"name": "Renewal", "type": "DATETIME", "format": "dd-MM-yyyy"},
    ]
)
HEADER = ["Customer", "Phone Number", "Age", "Renews"]
MAPPING = {"Customer": "ID", "Phone Number": "Phone", "Age": "Age", "Renews": "Renewal"}


@pytest.mark.parametrize(
    ("values", "kind", "words"),
    [
        (
            ["C1", "12ab", "", ""],
            "formatError",
            "Phone: “12ab” is not a phone number: it has letters",
        ),
        (
            ["C1", "12345", "", ""],
            "formatError",
            "Phone: “12345” is not a phone number: a US or Canada",
        ),
        (["C1", "4155550101", "4.5", ""], "formatError", "Age: “4.5” is not a whole number"),
        (
            ["C1", "4155550101", "", "2026-12-31"],
            "formatError",
            "Renewal: “2026-12-31” is not a date in the form dd-MM-yyyy, such as 31-12-2026",
        ),
        (["", "4155550101", "", ""], "missingKey", "ID is the list's key and is empty here."),
        (["C1", " ", "", ""], "missingRequired", "Phone is required and is empty here."),
    ],
)
def test_a_row_that_breaks_a_rule_is_refused_naming_its_value(
    values: list[str], kind: str, words: str
) -> None:
    made = importing.record(Row(7, values), HEADER, MAPPING, FORMAT)

    assert isinstance(made, Refusal)
    assert (made.line, made.kind) == (7, kind)
    assert words in made.reason


def test_a_good_row_is_sent_trimmed_as_it_was_written() -> None:
    made = importing.record(
        Row(2, [" C1 ", "+1 (415) 555-0101", "42", "31-12-2026"]), HEADER, MAPPING, FORMAT
    )

    assert made == {"ID": "C1", "Phone": "+1 (415) 555-0101", "Age": "42", "Renewal": "31-12-2026"}


def test_without_the_formats_types_only_the_tenant_checks() -> None:
    names_only = [FieldRule("ID"), FieldRule("Phone")]

    made = importing.record(
        Row(2, ["C1", "12ab"]), ["ID", "Phone"], {"ID": "ID", "Phone": "Phone"}, names_only
    )

    assert made == {"ID": "C1", "Phone": "12ab"}


def test_a_record_needs_one_of_its_optional_phones() -> None:
    two = [FieldRule("Home", "PHONE"), FieldRule("Work", "PHONE")]

    (found,) = problems({"Home": "", "Work": ""}, two)

    assert (found.kind, found.field) == ("missingRequired", "Home")
    assert found.message == "A record needs a phone number, and none is here (Home, Work)."


def test_the_tenants_refusals_are_explained_by_the_rule_broken() -> None:
    sent = [
        (2, {"ID": "C1", "Phone": "4155550101"}),
        (3, {"ID": "C1", "Phone": "4155550102"}),
    ]
    errors = {"duplicateKey": [{"ID": "C1", "Phone": "4155550102"}]}

    (refused,) = importing.match(sent, errors, FORMAT)

    assert refused.line == 3
    assert refused.reason == "ID “C1”: already in the list, or earlier in the file."


def test_a_tenants_refusal_the_console_cannot_explain_keeps_its_meaning() -> None:
    (refused,) = importing.match([(2, {"ID": "C1"})], {"limitExceeded": [{"ID": "C1"}]}, FORMAT)

    assert refused.reason == importing.KINDS["limitExceeded"]


def test_fields_described_without_their_types_still_need_their_key() -> None:
    described = rules_of([{"name": "ID", "described": True, "key": True}, {"name": "Phone"}])
    mapping = {"ID": "ID", "Phone": "Phone"}

    made = importing.record(Row(3, [" ", "12ab"]), ["ID", "Phone"], mapping, described)

    assert isinstance(made, Refusal)
    assert (made.kind, made.reason) == ("missingKey", "ID is the list's key and is empty here.")
