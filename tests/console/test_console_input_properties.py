"""Generated query strings and CSV files thrown at the console's results, audit and
CSV import views: the answer is never a 500, a refusal (400) says why, and a refused
upload queues no import."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from bpcc.admin_api import AdminClient
from console.models import AuditEntry, ImportJob
from tests import properties  # noqa: F401  (loads the hypothesis profile)

pytestmark = pytest.mark.django_db

# --- query strings ------------------------------------------------------------------

query_values = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.sampled_from(["", "²", "abc", "-1", "0", "1e3", "9" * 5000, "2024-01-31T08:00", "x"]),
)


def queries(names: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(names) | st.text(max_size=6), query_values, max_size=6)


@pytest.fixture
def campaign_id(api: AdminClient) -> str:
    return str(api.get_campaigns()[0]["id"])


RESULT_PARAMS = [
    "instance", "list", "kind", "start", "end", "attempts", "cursor", "from_index", "limit"
]  # fmt: skip


@given(query=queries(RESULT_PARAMS))
@example(query={"limit": "abc"})
@example(query={"kind": "updated", "start": "2024-99-99T99:99"})
def test_the_results_page_answers_any_query_string_without_failing(
    admin: Client, campaign_id: str, query: dict[str, str]
) -> None:
    response = admin.get(f"/console/campaigns/{campaign_id}/results/", query)

    # 502: the tenant refused what was asked (say, an unknown instance), in plain words.
    assert response.status_code in (200, 400, 502)
    if response.status_code == 400:
        assert "must be" in response.content.decode()


AUDIT_PARAMS = ["user", "tenant", "action", "target", "outcome", "since", "until", "page"]


@given(query=queries(AUDIT_PARAMS))
@example(query={"since": "x"})
def test_the_audit_log_answers_any_query_string_without_failing(
    admin: Client, query: dict[str, str]
) -> None:
    for url in ("/console/audit/", "/console/audit/export.csv"):
        response = admin.get(url, query)

        assert response.status_code in (200, 400)
    assert not AuditEntry.objects.exists()


# --- CSV files ----------------------------------------------------------------------

cells = st.text(max_size=12) | st.sampled_from(["", '"', '""', "a,b", "\r\n", "²", "=1+1"])
csv_texts = st.builds(
    lambda rows, sep, end: end.join(sep.join(row) for row in rows),
    st.lists(st.lists(cells, min_size=1, max_size=6), max_size=8),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
encodings = st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-8-sig"])
csv_files = st.one_of(
    st.builds(lambda text, enc: text.encode(enc, errors="replace"), csv_texts, encodings),
    st.binary(max_size=200),
)


@pytest.fixture
def list_id(api: AdminClient) -> str:
    return str(next(x["id"] for x in api.get_lists()["records"] if x["name"] == "Web Leads.csv"))


@given(data=csv_files)
@example(data=b"ID,Phone\nR1,4155550001\n")
@example(data=b"")
def test_a_csv_upload_never_fails_and_a_refused_one_queues_nothing(
    admin: Client, list_id: str, data: bytes
) -> None:
    before = ImportJob.objects.count()
    upload = io.BytesIO(data)
    upload.name = "generated.csv"

    response = admin.post(f"/console/lists/{list_id}/import/", {"file": upload})

    assert response.status_code in (302, 400)
    assert ImportJob.objects.count() == before + (response.status_code == 302)
    if response.status_code == 302:
        assert admin.get(response["Location"]).status_code == 200
