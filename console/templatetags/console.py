"""Template tags for console forms: the idempotency key and the typed confirmation."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from console.safety import KEY_FIELD, new_key, sign_name

register = template.Library()


@register.simple_tag
def mutation_key() -> str:
    """Render a hidden field with a fresh idempotency key for this form."""
    return format_html('<input type="hidden" name="{}" value="{}">', KEY_FIELD, new_key())


@register.simple_tag
def confirm_name(name: str, what: str = "name", typed: str = "") -> str:
    """Render the typed confirmation: "Type <name> to confirm" and its input, holding
    what was `typed` there before when the form comes back."""
    return format_html(
        '<input type="hidden" name="confirm_expected" value="{}">'
        '<label class="confirm">Type the {} <strong class="confirm-name">{}</strong> to confirm'
        '<input name="confirm_name" autocomplete="off" required data-confirm="{}" value="{}">'
        "</label>",
        sign_name(name),
        what,
        name,
        name,
        typed,
    )
