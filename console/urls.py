"""The console's URLs, all under /console/ and all for campaign admins (the tenants page
for superusers).

Every view carries `required_role` (accounts.roles.role_required); a test walks these
patterns and checks that a viewer is refused everywhere.
"""

from __future__ import annotations

from django.urls import path

from console.views import (
    appointments,
    audit,
    campaigns,
    dnc,
    home,
    imports,
    lists,
    records,
    results,
    tasks,
    tenants,
)

app_name = "console"

urlpatterns = [
    path("", home.home, name="home"),
    path("tenant/", home.pick_tenant, name="pick-tenant"),
    # Tenants (superusers)
    path("tenants/", tenants.tenant_list, name="tenants"),
    path("tenants/new/", tenants.tenant_add, name="tenant-add"),
    path("tenants/new/test/", tenants.tenant_test, name="tenant-test-new"),
    path("tenants/<int:pk>/", tenants.tenant_edit, name="tenant"),
    path("tenants/<int:pk>/test/", tenants.tenant_test, name="tenant-test"),
    # Campaigns
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/states.json", campaigns.campaign_states, name="campaign-states"),
    path("campaigns/progress.json", campaigns.campaign_progress, name="campaign-progress"),
    path("campaigns/<str:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<str:campaign_id>/start/", campaigns.campaign_start, name="campaign-start"),
    path("campaigns/<str:campaign_id>/stop/", campaigns.campaign_stop, name="campaign-stop"),
    path("campaigns/<str:campaign_id>/bind/", campaigns.campaign_bind, name="campaign-bind"),
    path(
        "campaigns/<str:campaign_id>/instances/<str:instance_id>/",
        campaigns.instance_edit,
        name="instance",
    ),
    path(
        "campaigns/<str:campaign_id>/instances/<str:instance_id>/unbind/",
        campaigns.instance_unbind,
        name="instance-unbind",
    ),
    path("campaigns/<str:campaign_id>/results/", results.results, name="results"),
    path("campaigns/<str:campaign_id>/results.csv", results.export_results, name="results-csv"),
    path("campaigns/<str:campaign_id>/query/", results.query_record, name="query"),
    # Calling lists
    path("lists/", lists.list_browser, name="lists"),
    path("lists/new/", lists.list_create, name="list-create"),
    path("lists/<str:list_id>/", lists.list_detail, name="list"),
    path("lists/<str:list_id>/fields.json", lists.list_fields, name="list-fields"),
    path("lists/<str:list_id>/delete/", lists.list_delete, name="list-delete"),
    path("lists/<str:list_id>/fields/", lists.format_describe, name="format-describe"),
    path("lists/<str:list_id>/records/add/", records.record_add, name="record-add"),
    path("lists/<str:list_id>/records/update/", records.record_update, name="record-update"),
    path("lists/<str:list_id>/records/erase/", records.record_erase, name="record-erase"),
    path("lists/<str:list_id>/records/delete/", records.delete_records, name="delete-records"),
    path("lists/<str:list_id>/records/delete-all/", records.delete_all, name="delete-all"),
    path("lists/<str:list_id>/import/", imports.import_upload, name="import-upload"),
    path("imports/<uuid:pk>/", imports.import_detail, name="import"),
    path("imports/<uuid:pk>/status.json", imports.import_status, name="import-status"),
    path("imports/<uuid:pk>/preview/", imports.import_preview, name="import-preview"),
    path("imports/<uuid:pk>/resume/", imports.import_resume, name="import-resume"),
    path("imports/<uuid:pk>/rejected.csv", imports.import_rejected, name="import-rejected"),
    path("jobs/<int:pk>/", records.job_detail, name="job"),
    path("jobs/<int:pk>/status.json", records.job_status, name="job-status"),
    # Do-Not-Call lists
    path("dnc/", dnc.dnc_lists, name="dnc-lists"),
    path("dnc/<str:dnc_id>/", dnc.dnc_detail, name="dnc"),
    path("dnc/<str:dnc_id>/add/", dnc.dnc_add, name="dnc-add"),
    path("dnc/<str:dnc_id>/delete/", dnc.dnc_delete, name="dnc-delete"),
    path("dnc/<str:dnc_id>/delete-all/", dnc.dnc_delete_all, name="dnc-delete-all"),
    # Tasks
    path("tasks/", tasks.task_home, name="tasks"),
    path("tasks/queue/", tasks.task_queue, name="task-queue"),
    path("tasks/lookup/", tasks.task_lookup, name="task-lookup"),
    path("tasks/cancel-service/", tasks.cancel_service, name="cancel-service"),
    path("tasks/<str:task_id>/", tasks.task_detail, name="task"),
    path("tasks/<str:task_id>/update/", tasks.task_update, name="task-update"),
    path("tasks/<str:task_id>/cancel/", tasks.task_cancel, name="task-cancel"),
    # Video appointments
    path("appointments/", appointments.appointment_home, name="appointments"),
    path("appointments/schedule/", appointments.appointment_schedule, name="appointment-schedule"),
    path("appointments/<int:pk>/", appointments.appointment_detail, name="appointment"),
    path(
        "appointments/<int:pk>/moderator/",
        appointments.appointment_moderator,
        name="appointment-moderator",
    ),
    path(
        "appointments/<int:pk>/customers/",
        appointments.appointment_customers,
        name="appointment-customers",
    ),
    path(
        "appointments/<int:pk>/status/", appointments.appointment_status, name="appointment-status"
    ),
    # Audit log
    path("audit/", audit.audit_log, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit-csv"),
    path("audit/<int:pk>/", audit.audit_entry, name="audit-entry"),
]
