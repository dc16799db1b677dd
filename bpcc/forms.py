"""The form of a tenant, shared by the tenants page (console/views/tenants.py) and the
admin: the secrets are write-only, and the connection can be tested before saving."""

from __future__ import annotations

import copy

from django import forms

from bpcc.models import Tenant, default_time_zone, validate_time_zone

# What a connection test uses: the rest of the form may still be wrong.
CONNECTION_FIELDS = (
    *("base_url", "flavour", "auth_mode", "client_id", "secret"),
    *("appointments_url", "appointments_token"),
)


class TenantForm(forms.ModelForm):
    base_url = forms.URLField(
        label="Base URL", assume_scheme="https", help_text="e.g. https://example.brightpattern.com"
    )
    # The secret is write-only: never sent back to the page; leaving it empty keeps it.
    secret = forms.CharField(
        label="API secret (or password)",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Stored encrypted. Leave empty to keep the current one.",
    )

    appointments_url = forms.URLField(
        label="Appointment service URL",
        required=False,
        assume_scheme="https",
        help_text="Empty: the tenant has no video appointments.",
    )
    appointments_token = forms.CharField(
        label="Appointment service token",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="Stored encrypted. Leave empty to keep the current one; "
        "docs/upstream/appointments.md says how it is issued.",
    )

    time_zone = forms.CharField(
        required=False,
        initial=default_time_zone,
        validators=[validate_time_zone],
        help_text="The centre's time zone, e.g. Europe/London; board clocks show it. "
        "Empty: the server's time zone.",
    )

    class Meta:
        model = Tenant
        fields = [
            "name",
            "base_url",
            "flavour",
            "auth_mode",
            "client_id",
            "poll_interval",
            "time_zone",
            "enabled",
            "appointments_url",
        ]

    # The secret beside the login it goes with; the appointment service's pair last.
    field_order = [
        *("name", "base_url", "flavour", "auth_mode", "client_id", "secret"),
        *("poll_interval", "time_zone", "enabled", "appointments_url", "appointments_token"),
    ]

    def clean_time_zone(self) -> str:
        return str(self.cleaned_data["time_zone"] or default_time_zone())

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data["secret"]
        if not secret and not self.instance.secret_encrypted:
            raise forms.ValidationError("Enter the API secret generated on the user's page.")
        return secret

    def connection_problems(self) -> dict[str, list[str]]:
        """Return the errors of the fields a connection test uses, by field."""
        errors = self.errors  # validates the form, once
        return {
            name: [str(e) for e in errors[name]] for name in CONNECTION_FIELDS if name in errors
        }

    def tenant_to_test(self) -> Tenant:
        """Return the tenant as the form has it, unsaved, to test its connection: the
        kept secrets unless new ones are typed. Call once `connection_problems()` is empty."""
        tenant = copy.copy(self.instance)  # already given the form's values by validation
        if self.cleaned_data["secret"]:
            tenant.client_secret = self.cleaned_data["secret"]
        if self.cleaned_data.get("appointments_token"):
            tenant.appointments_token = self.cleaned_data["appointments_token"]
        return tenant

    def save(self, commit: bool = True) -> Tenant:
        tenant: Tenant = super().save(commit=False)
        if self.cleaned_data["secret"]:
            tenant.client_secret = self.cleaned_data["secret"]
        if self.cleaned_data["appointments_token"]:
            tenant.appointments_token = self.cleaned_data["appointments_token"]
        if not tenant.appointments_url:
            tenant.appointments_token = ""  # no service, no token kept for it
        if commit:
            tenant.save()
        return tenant
