"""DNC lists, by id (v3) and by name (v2): entries added, deleted and replaced, each
refused entry under its error kind, and the State/Province type closed to changes."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.simulator.conftest import Sim
from tests.simulator.listapi import V2, V3, Lists, unique


@pytest.fixture
def api(sim: Sim) -> Iterator[Lists]:
    with sim.client() as client:
        yield Lists(client)


def v3(api: Lists, action: str, name: str, body: object = None) -> object:
    return api.json("POST", f"{V3}/donotcalllist/{action}/{api.dnc_id(name)}", body)


def present(api: Lists, name: str, *keys: str) -> list[str]:
    """Return which of `keys` the list holds (found by deleting, then adding them back)."""
    result = v3(api, "delete", name, [{"key": k} for k in keys])
    assert isinstance(result, dict)
    missing = {item["key"] for item in result.get("error", {}).get("keyNotFound", [])}
    found = [k for k in keys if k not in missing]
    v3(api, "addAll", name, [{"key": k} for k in found])
    return found


def test_add_many_files_duplicate_missing_and_malformed_keys(api: Lists) -> None:
    key = unique("1415555")
    batch = [
        {"key": key, "comment": "asked twice"},
        {"key": f"  {key}  "},  # trimmed: the same key again
        {"comment": "no key"},
        {"key": ""},
        {"key": True},
        {"key": "1", "note": "x"},
    ]

    result = v3(api, "addAll", "Internal DNC", batch)

    assert result == {
        "added": 1,
        "error": {
            "duplicateKey": [batch[1]],
            "missingKey": [batch[2], batch[3]],
            "formatError": [batch[4], batch[5]],
        },
    }


def test_integer_keys_become_strings(api: Lists) -> None:
    v3(api, "addAll", "Area Code DNC", [{"key": 555}])

    assert present(api, "Area Code DNC", "555") == ["555"]


def test_delete_many_files_keys_not_found(api: Lists) -> None:
    key = unique("1650555")
    v3(api, "addAll", "Internal DNC", [{"key": key}])

    result = v3(api, "delete", "Internal DNC", [{"key": key}, {"key": key}, {"comment": "no key"}])

    assert result == {
        "deleted": 1,
        "error": {"keyNotFound": [{"key": key}], "missingKey": [{"comment": "no key"}]},
    }


def test_an_exclusion_list_takes_no_comment(api: Lists) -> None:
    entry = {"key": unique("N"), "comment": "why"}

    result = v3(api, "addAll", "Account Exclusions", [entry])

    assert result == {"added": 0, "error": {"formatError": [entry]}}


def test_delete_all_empties_the_list_and_counts(api: Lists) -> None:
    v3(api, "addAll", "Postal DNC", [{"key": "30301"}, {"key": "30302"}])

    first = v3(api, "deleteAll", "Postal DNC")
    second = v3(api, "deleteAll", "Postal DNC")

    assert isinstance(first, dict) and first["deleted"] >= 2
    assert second == {"deleted": 0}
    assert present(api, "Postal DNC", "30301") == []


def test_deprecated_add_ignores_duplicates(api: Lists) -> None:
    key = unique("1212555")

    first = v3(api, "add", "Internal DNC", [[key, "first"], [key, "again"]])
    second = v3(api, "add", "Internal DNC", [[key]])

    assert (first, second) == ({"added": 1}, {"added": 0})


def test_deprecated_replace_keeps_only_the_new_rows(api: Lists) -> None:
    v3(api, "add", "Area Code DNC", [["808"]])

    result = v3(api, "replaceAll", "Area Code DNC", [["907", "Alaska"], ["671"]])

    assert result == {"added": 2}
    assert present(api, "Area Code DNC", "808", "907", "671") == ["907", "671"]


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("Internal DNC", [["1", "comment", "extra"]]),
        ("Account Exclusions", [["N1", "comment"]]),
        ("Internal DNC", [[]]),
        ("Internal DNC", [[" "]]),
        ("Internal DNC", ["14155550100"]),
        ("Internal DNC", [[{"key": "1"}]]),
    ],
    ids=[
        "too many values",
        "comment on exclusions",
        "empty row",
        "blank key",
        "not a row",
        "object",
    ],
)
def test_deprecated_rows_that_do_not_fit_are_400(api: Lists, name: str, rows: object) -> None:
    response = api.client.post(f"{V3}/donotcalllist/add/{api.dnc_id(name)}", json=rows)

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_a_bad_replacement_leaves_the_list_as_it_was(api: Lists) -> None:
    v3(api, "add", "Area Code DNC", [["303"]])

    response = api.client.post(
        f"{V3}/donotcalllist/replaceAll/{api.dnc_id('Area Code DNC')}", json=[["720"], []]
    )

    assert response.status_code == 400
    assert present(api, "Area Code DNC", "303", "720") == ["303"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", V3 + "/donotcalllist/addAll/{id}", [{"key": "TX"}]),
        ("POST", V3 + "/donotcalllist/delete/{id}", [{"key": "AK"}]),
        ("POST", V3 + "/donotcalllist/deleteAll/{id}", None),
        ("POST", V3 + "/donotcalllist/add/{id}", [["TX"]]),
        ("POST", V3 + "/donotcalllist/replaceAll/{id}", [["TX"]]),
        ("POST", V2 + "/donotcalllist/add/{name}", [["TX"]]),
        ("POST", V2 + "/donotcalllist/deleteAll/{name}", None),
    ],
)
def test_a_state_dnc_list_may_not_be_changed(
    api: Lists, method: str, path: str, body: object
) -> None:
    target = path.format(id=api.dnc_id("State DNC"), name=quote("State DNC"))

    response = api.client.request(method, target, json=body)

    assert response.status_code == 403
    assert "not allowed" in response.json()["error_description"]


@pytest.mark.parametrize(
    "path", [V3 + "/donotcalllist/addAll/nope", V2 + "/donotcalllist/add/Nope"]
)
def test_an_unknown_dnc_list_is_404(api: Lists, path: str) -> None:
    response = api.client.post(path, json=[["1"]] if "v2" in path else [{"key": "1"}])

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_v2_methods_find_dnc_lists_by_name(api: Lists) -> None:
    key = unique("1303555")
    base = f"{V2}/donotcalllist"

    added = api.json("POST", f"{base}/add/{quote('Internal DNC')}", [[key, "v2"]])
    deleted = api.client.post(f"{base}/delete/{quote('Internal DNC')}", json=[{"key": key}])

    assert added == {"added": 1}
    assert (deleted.status_code, deleted.content) == (200, b"")
    assert present(api, "Internal DNC", key) == []
