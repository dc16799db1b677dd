"""Campaign results read as people read them: headings, times in the tenant's time
zone, yes and no; filters typed in the tenant's time zone reach the API in UTC."""

from __future__ import annotations

import zoneinfo

from django.test import Client

from console.result_rows import label, local_time, row
from console.views.results import api_time

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_field_names_become_headings() -> None:
    assert [label(n) for n in ("lastName", "date_time", "phone", "globalInteractionID")] == [
        "Last name",
        "Date time",
        "Phone",
        "Global interaction id",
    ]


def test_api_times_are_shown_in_the_tenants_time_zone() -> None:
    assert local_time("2023-07-19T20:46:35.000", LONDON) == "2023-07-19 21:46:35"
    assert local_time("2023-01-19T20:46:35.000", LONDON) == "2023-01-19 20:46:35"
    assert local_time("not a time", LONDON) == "not a time"


def test_a_record_reads_yes_and_no_and_local_times() -> None:
    record = {
        "entry": {"firstname": "Ada", "vip": True},
        "status": {"completed": False, "totalAttempts": 2, "lastDate": "2023-07-19T20:46:35.000"},
        "attempts": [{"date": "2023-07-19T20:46:35.000", "disposition": "Busy"}],
    }

    shown = row(record, ["firstname", "vip"], LONDON)  # type: ignore[arg-type]

    assert shown["entry"] == ["Ada", "yes"]
    assert shown["status"] == ["no", "2", "", "2023-07-19 21:46:35", ""]
    assert shown["attempts"][0][0] == ("Time", "2023-07-19 21:46:35")


def test_filter_times_are_the_tenants_and_reach_the_api_in_utc() -> None:
    assert api_time("2023-07-19T21:46", LONDON) == "2023-07-19T20:46:00.000"
    assert api_time("2023-07-19T21:46:00+00:00", LONDON) == "2023-07-19T21:46:00.000"
    assert api_time("") == ""


def test_a_filter_time_that_cannot_be_moved_between_zones_is_refused(admin: Client) -> None:
    answer = admin.get("/console/campaigns/C1/results/", {"start": "0001-01-01T00:00"})

    assert answer.status_code == 400
    assert "'start' must be a date and time" in answer.content.decode().replace("&#x27;", "'")
