"""Campaigns: live states, bound list instances, start and stop, bind, update, unbind."""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bpcc.admin_api import AdminClient, UpstreamError
from bpcc.admin_api.wire import CampaignDetail, ListInstance
from bpcc.campaign_progress import fetch
from bpcc.tokens import client_for
from console.forms import SORT_ORDERS, SORTING_TYPES, InstanceForm
from console.safety import Outcome, confirmation_error
from console.tenancy import require_v3
from console.views.common import carry_out, console_view, page, reading, tenant_of

SWITCH_CONFLICT = {
    "start": "The campaign is already running, or it is disabled, so it was not started. "
    "Nothing changed.",
    "stop": "The campaign is already stopped, or it is disabled, so it was not stopped. "
    "Nothing changed.",
}
MOST_CAMPAIGNS = 100  # campaigns one progress request may count
NOT_BOUND = "This list instance is not bound to this campaign (any more). Nothing changed."


def campaigns_of(api: AdminClient, by_name: bool) -> list[dict[str, Any]]:
    """Return the enabled campaigns as `{"id", "name", "state", "lists"}`; on OneCloud CX
    the id is the name, and `lists` names the bound lists."""
    if by_name:
        return [{"id": c["name"], **c} for c in api.v2_get_campaigns()]
    return [{**c, "lists": []} for c in api.get_campaigns()]


@console_view
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    tenant = tenant_of(request)
    with reading(tenant, "reading the campaigns") as api:
        campaigns = campaigns_of(api, tenant.is_onecloud)
    return page(request, "console/campaigns.html", {"campaigns": campaigns})


@console_view
@require_GET
def campaign_progress(request: HttpRequest) -> HttpResponse:
    """Return the progress of the campaigns named in `name` parameters, counted afresh:
    the figures a board's campaign widget shows (bpcc/campaign_progress.py), with each
    list's completed records. Pages ask for it once loaded, as counting reads every
    completed record."""
    tenant = tenant_of(request)
    names = [n for n in request.GET.getlist("name")[:MOST_CAMPAIGNS] if 0 < len(n) <= 200]
    with client_for(tenant) as api:
        try:
            figures, counts = fetch(api, tenant.flavour, names, {}, time.time())
        except UpstreamError as exc:
            return JsonResponse({"error": str(exc)}, status=502)
    lists = {name: {k: t["completed"] for k, t in counts.get(name, {}).items()} for name in figures}
    found = {name: {**f, "lists": lists[name]} for name, f in figures.items()}
    return JsonResponse({"campaigns": found})


@console_view
@require_GET
def campaign_states(request: HttpRequest) -> HttpResponse:
    """Return every enabled campaign's state, for the pages that keep it live."""
    tenant = tenant_of(request)
    with client_for(tenant) as api:
        try:
            campaigns = campaigns_of(api, tenant.is_onecloud)
        except UpstreamError as exc:
            return JsonResponse({"error": str(exc)}, status=502)
    return JsonResponse({"campaigns": [{"id": c["id"], "state": c["state"]} for c in campaigns]})


@console_view
@require_GET
def campaign_detail(request: HttpRequest, campaign_id: str) -> HttpResponse:
    tenant = tenant_of(request)
    campaign: dict[str, Any] | None
    with reading(tenant, "reading the campaign") as api:
        if tenant.is_onecloud:
            found = [c for c in campaigns_of(api, True) if c["id"] == campaign_id]
            campaign = found[0] if found else None
        else:
            campaign = dict(api.get_campaign(campaign_id))
    bound = _bound(campaign, tenant.is_onecloud) if campaign else []
    context: dict[str, Any] = {"campaign": campaign, "bound": bound}
    context.update(campaign_id=campaign_id, sortings=SORTING_TYPES, orders=SORT_ORDERS)
    return page(request, "console/campaign_detail.html", context)


def _bound(campaign: dict[str, Any], by_name: bool) -> list[dict[str, Any]]:
    """Return the campaign's bound lists in their dialling order (by name on OneCloud
    CX, which has no order)."""
    if by_name:
        return [{"name": n} for n in dict.fromkeys(campaign["lists"])]
    return sorted(campaign["lists"], key=lambda i: (i["order"], i["name"]))


@console_view
@require_http_methods(["GET", "POST"])
def campaign_start(request: HttpRequest, campaign_id: str) -> HttpResponse:
    return _switch(request, campaign_id, "start")


@console_view
@require_http_methods(["GET", "POST"])
def campaign_stop(request: HttpRequest, campaign_id: str) -> HttpResponse:
    return _switch(request, campaign_id, "stop")


def _switch(request: HttpRequest, campaign_id: str, verb: str) -> HttpResponse:
    """Confirm, then start or stop a campaign (docs/upstream/list-management-api-v3.md,
    Start / Stop)."""
    tenant = tenant_of(request)
    require_v3(tenant)
    detail_url = reverse("console:campaign", args=[campaign_id])
    if request.method == "POST":
        # The campaign list confirms inline and is where its form leads back to.
        from_list = request.POST.get("back") == "list"
        name = request.POST.get("campaign_name", "")

        def call(api: AdminClient) -> Outcome:
            method = api.start_campaign if verb == "start" else api.stop_campaign
            state = method(campaign_id)
            return Outcome(f"{name or 'The campaign'} is now {state or verb + 'ed'}.")

        return carry_out(
            request,
            tenant,
            action=f"{verb} campaign",
            target=f"{name} ({campaign_id})",
            summary={"campaign": campaign_id},
            call=call,
            done_url=reverse("console:campaigns") if from_list else detail_url,
            conflict=SWITCH_CONFLICT[verb],
        )
    with reading(tenant, "reading the campaign") as api:
        campaign = api.get_campaign(campaign_id)
    enabled = [i for i in campaign["lists"] if i["enabled"]]
    context = {"campaign": campaign, "campaign_id": campaign_id, "verb": verb, "enabled": enabled}
    return page(request, "console/campaign_switch.html", context)


@console_view
@require_http_methods(["GET", "POST"])
def campaign_bind(request: HttpRequest, campaign_id: str) -> HttpResponse:
    """Bind a list to a campaign (docs/upstream/list-management-api-v3.md "Bind List")."""
    tenant = tenant_of(request)
    require_v3(tenant)
    form = InstanceForm(request.POST if request.method == "POST" else None)
    list_id = request.POST.get("list_id", "")
    if request.method == "POST" and form.is_valid() and list_id:
        settings = {"listId": list_id, **form.settings()}
        name = request.POST.get("campaign_name", "")

        def call(api: AdminClient) -> Outcome:
            bound = api.bind_list(campaign_id, settings)
            return Outcome(
                f"The list is bound: instance {bound['instanceId']}, "
                f"{bound['totalRecords']} records.",
                details=dict(bound),
            )

        return carry_out(
            request,
            tenant,
            action="bind list",
            target=f"{name} ({campaign_id})",
            summary={"body": settings},
            call=call,
            done_url=reverse("console:campaign", args=[campaign_id]),
        )
    return _instance_page(request, campaign_id, form, None, bind=True)


@console_view
@require_http_methods(["GET", "POST"])
def instance_edit(request: HttpRequest, campaign_id: str, instance_id: str) -> HttpResponse:
    """Change a list instance (docs/upstream/list-management-api-v3.md "Update List")."""
    tenant = tenant_of(request)
    require_v3(tenant)
    form = InstanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        settings = {"instanceId": instance_id, **form.settings()}

        def call(api: AdminClient) -> Outcome:
            total = api.update_list(campaign_id, settings)
            return Outcome(f"The list instance is updated ({total} records).")

        return carry_out(
            request,
            tenant,
            action="update list instance",
            target=f"{request.POST.get('list_name', '')} in "
            f"{request.POST.get('campaign_name', '')} ({instance_id})",
            summary={"campaign": campaign_id, "body": settings},
            call=call,
            done_url=reverse("console:campaign", args=[campaign_id]),
            conflict=NOT_BOUND,
        )
    return _instance_page(request, campaign_id, form, instance_id, bind=False)


def _instance_page(
    request: HttpRequest, campaign_id: str, form: InstanceForm, instance_id: str | None, bind: bool
) -> HttpResponse:
    tenant = tenant_of(request)
    with reading(tenant, "reading the campaign") as api:
        campaign = api.get_campaign(campaign_id)
        lists = api.get_lists()["records"] if bind else []
    instance = _instance(campaign, instance_id) if instance_id else None
    if instance is not None and not form.is_bound:
        form = InstanceForm(initial=_initial(instance))
    sort_rows = list(form.sort_fields) if form.is_bound else []
    if instance is not None and not form.is_bound:
        sort_rows = [
            {"fieldName": f.get("fieldName", ""), "sortOrder": f.get("sortOrder", "ASC")}
            for f in instance["sortingOrder"]["sortingFields"]
        ]
    sort_rows += [{"fieldName": "", "sortOrder": "ASC"}] * max(1, 3 - len(sort_rows))
    context = {
        "campaign": campaign,
        "campaign_id": campaign_id,
        "instance": instance,
        "form": form,
        "lists": lists,
        "bind": bind,
        "sort_rows": sort_rows,
        "orders": SORT_ORDERS,
    }
    return page(request, "console/instance_form.html", context)


def _instance(campaign: CampaignDetail, instance_id: str) -> ListInstance | None:
    return next((i for i in campaign["lists"] if i["instanceId"] == instance_id), None)


def _initial(instance: ListInstance) -> dict[str, Any]:
    return {
        "instance_name": instance["instanceName"],
        "enabled": instance["enabled"],
        "order": instance["order"],
        "dialing_ratio": instance["dialingRatio"],
        "sorting": instance["sortingOrder"]["type"].upper(),
    }


@console_view
@require_http_methods(["GET", "POST"])
def instance_unbind(request: HttpRequest, campaign_id: str, instance_id: str) -> HttpResponse:
    """Unbind a list instance after its list's name is typed (its calls are dropped)."""
    tenant = tenant_of(request)
    require_v3(tenant)
    with reading(tenant, "reading the campaign") as api:
        campaign = api.get_campaign(campaign_id)
    instance = _instance(campaign, instance_id)
    expected = instance["name"] if instance else instance_id
    error = ""
    if request.method == "POST":
        error = confirmation_error(request, expected)
        if not error:

            def call(api: AdminClient) -> Outcome:
                api.unbind_list(campaign_id, instance_id)
                return Outcome(f"“{expected}” is no longer bound to {campaign['name']}.")

            return carry_out(
                request,
                tenant,
                action="unbind list",
                target=f"{expected} from {campaign['name']} ({instance_id})",
                summary={"campaign": campaign_id, "instanceId": instance_id},
                call=call,
                done_url=reverse("console:campaign", args=[campaign_id]),
                conflict=NOT_BOUND,
            )
    context = {
        "campaign": campaign,
        "campaign_id": campaign_id,
        "instance": instance,
        "expected": expected,
        "error": error,
    }
    return page(request, "console/instance_unbind.html", context, status=400 if error else 200)
