"""Phone numbers are stored as seed 002's import notes say: "+" and non-digits dropped;
US_CANADA keeps 011... and 1 + ten digits, prepends 1 to ten digits, refuses the rest;
OTHER drops the Remove prefix and adds the Default country code when missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.simulator.conftest import Sim
from tests.simulator.listapi import V3, Lists, unique


@pytest.fixture(scope="module")
def lists(sim: Sim) -> dict[str, str]:
    """Create one list per phone type; return their ids by phone type."""
    phones: dict[str, dict[str, Any]] = {
        "US_CANADA": {"phoneType": "US_CANADA", "removePrefix": "99", "defaultCountryCode": "7"},
        "OTHER": {"phoneType": "OTHER", "removePrefix": "00", "defaultCountryCode": "44"},
        "PLAIN": {"phoneType": "OTHER"},
    }
    made = {}
    with sim.client() as client:
        api = Lists(client)
        for kind, properties in phones.items():
            fields = [
                {"name": "id", "type": "OTHER", "key": True},
                {"name": "phone", "type": "PHONE", "required": True, **properties},
            ]
            body = {"formatName": unique(kind), "fields": fields, "listName": unique(kind)}
            made[kind] = api.json("POST", f"{V3}/callinglist/createListWithNewFormat", body)["id"]
    return made


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def stored(api: Lists, list_id: str, given: str) -> str | None:
    """Add a record with phone `given`; return the stored number, None if refused."""
    record_id = unique("R")
    result = api.json(
        "POST", f"{V3}/callinglist/addAll/{list_id}", [{"id": record_id, "phone": given}]
    )
    if result["added"] == 0:
        assert list(result["error"]) == ["formatError"]
        return None
    entry = api.json("POST", f"{V3}/callinglist/get/{list_id}/aaa", {"id": record_id})["entry"]
    phone: str = entry["phone"]
    return phone


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("+1 (650) 555-0100", "16505550100"),  # "+" and non-digits go; 1 + ten digits kept
        ("650.555.0100", "16505550100"),  # ten digits not starting with 1: 1 prepended
        ("011 44 20 7946 0018", "011442079460018"),  # 011 kept as is, whatever follows
        ("  16505550100  ", "16505550100"),  # surrounding whitespace trimmed
        ("1650555010", None),  # 1 and ten digits in all: a format error
        ("555-0100", None),  # any other length: a format error
        ("99 650 555 0100", None),  # Remove prefix does not apply to US/Canada numbers
        ("phone", None),  # no digits at all
    ],
)
def test_us_canada_numbers(api: Lists, lists: dict[str, str], given: str, kept: str | None) -> None:
    assert stored(api, lists["US_CANADA"], given) == kept


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("0020 7946 0018", "442079460018"),  # prefix 00 removed, then 44 added
        ("+44 20 7946 0018", "442079460018"),  # already starts with the country code
        ("20 7946 0018", "442079460018"),  # no prefix: only the country code added
        ("0044 20 7946 0018", "442079460018"),  # prefix removed; code already there
        ("4420-7946-0018", "442079460018"),
    ],
)
def test_other_numbers_with_prefix_and_country_code(
    api: Lists, lists: dict[str, str], given: str, kept: str
) -> None:
    assert stored(api, lists["OTHER"], given) == kept


@pytest.mark.parametrize(
    ("given", "kept"), [("+1004", "1004"), ("(0) 20-7946", "0207946"), ("12", "12")]
)
def test_other_numbers_without_prefix_or_code_only_lose_non_digits(
    api: Lists, lists: dict[str, str], given: str, kept: str
) -> None:
    assert stored(api, lists["PLAIN"], given) == kept
