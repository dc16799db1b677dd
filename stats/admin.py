from __future__ import annotations

from django import forms
from django.contrib import admin

from stats.models import Board, Tenant


class TenantForm(forms.ModelForm):
    base_url = forms.URLField(
        label="Base URL", assume_scheme="https", help_text="e.g. https://example.brightpattern.com"
    )
    # The secret is never sent back to the page; leaving the field empty keeps it.
    client_secret = forms.CharField(
        label="API secret", required=False, widget=forms.PasswordInput(render_value=False)
    )

    class Meta:
        model = Tenant
        fields = ["name", "base_url", "client_id", "client_secret", "enabled"]

    def clean_client_secret(self) -> str:
        secret = self.cleaned_data["client_secret"]
        if not secret and self.instance.pk:
            return self.instance.client_secret
        if not secret:
            raise forms.ValidationError("Enter the API secret generated on the user's page.")
        return secret


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    form = TenantForm
    list_display = ["name", "base_url", "client_id", "enabled"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "tenant", "enabled"]
    prepopulated_fields = {"slug": ["title"]}
