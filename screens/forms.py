"""Forms of the screens page: display links and rotations."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.db import transaction

from boards.models import Board
from screens.models import Rotation, RotationEntry

ROTATION_ROWS = 8


class OpeningHoursForm(forms.Form):
    """A display link's opening hours: both times, or neither for a screen always on."""

    open_from = forms.TimeField(required=False, label="On from")
    open_until = forms.TimeField(required=False, label="Until")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("open_from"), data.get("open_until")
        if (start is None) != (end is None):
            raise forms.ValidationError(
                "Give both opening times (on from, until), or neither for a screen always on."
            )
        if start is not None and start == end:
            raise forms.ValidationError("The screen cannot go off at the time it comes on.")
        return data

    def hours(self) -> tuple[time, time] | None:
        """Return the opening hours picked (after validation), or None: always on."""
        start, end = self.cleaned_data.get("open_from"), self.cleaned_data.get("open_until")
        return (start, end) if start is not None and end is not None else None


class KioskLinkForm(OpeningHoursForm):
    """A new display link: which screen it is for, the board or rotation it shows, and
    its opening hours."""

    name = forms.CharField(max_length=100, label="Screen name")
    target = forms.ChoiceField(label="Shows")

    def __init__(self, *args: Any, boards: Any, rotations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.boards = {str(b.pk): b for b in boards}
        self.rotations = {str(r.pk): r for r in rotations}
        field: forms.ChoiceField = self.fields["target"]  # type: ignore[assignment]
        field.choices = [
            ("Boards", [(f"board:{pk}", b.title) for pk, b in self.boards.items()]),
            ("Rotations", [(f"rotation:{pk}", r.name) for pk, r in self.rotations.items()]),
        ]

    def chosen(self) -> Board | Rotation:
        """Return the board or rotation picked (after validation)."""
        kind, _, pk = self.cleaned_data["target"].partition(":")
        return self.boards[pk] if kind == "board" else self.rotations[pk]


class RotationForm(forms.Form):
    """A rotation: a name and up to ROTATION_ROWS boards with their seconds on screen."""

    name = forms.CharField(max_length=100)

    def __init__(self, *args: Any, boards: Any, rotation: Rotation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rotation = rotation
        self.boards = {str(b.pk): b for b in boards}
        choices = [("", "—"), *((pk, b.title) for pk, b in self.boards.items())]
        for i in range(ROTATION_ROWS):
            self.fields[f"board_{i}"] = forms.ChoiceField(
                choices=choices, required=False, label=f"Board {i + 1}"
            )
            self.fields[f"seconds_{i}"] = forms.IntegerField(
                min_value=5, max_value=3600, initial=30, required=False, label="Seconds"
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"board_{i}"], self[f"seconds_{i}"]) for i in range(ROTATION_ROWS)]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = Rotation.objects.filter(name=name)
        if self.rotation is not None:
            others = others.exclude(pk=self.rotation.pk)
        if others.exists():
            raise forms.ValidationError("Another rotation has this name.")
        return name

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        if not self.steps():
            raise forms.ValidationError("Pick at least one board.")
        return cleaned

    def steps(self) -> list[tuple[Board, int]]:
        """Return the boards picked, in order, with their seconds (30 when left empty)."""
        data = getattr(self, "cleaned_data", {})
        picked = [(data.get(f"board_{i}"), data.get(f"seconds_{i}")) for i in range(ROTATION_ROWS)]
        return [(self.boards[pk], seconds or 30) for pk, seconds in picked if pk]

    @transaction.atomic
    def save(self) -> Rotation:
        rotation = self.rotation or Rotation()
        rotation.name = self.cleaned_data["name"]
        rotation.save()
        rotation.entries.all().delete()
        RotationEntry.objects.bulk_create(
            RotationEntry(rotation=rotation, board=board, seconds=seconds, position=i)
            for i, (board, seconds) in enumerate(self.steps())
        )
        return rotation

    @classmethod
    def initial_for(cls, rotation: Rotation) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": rotation.name}
        for i, entry in enumerate(rotation.entries.all()[:ROTATION_ROWS]):
            initial[f"board_{i}"] = str(entry.board_id)
            initial[f"seconds_{i}"] = entry.seconds
        return initial
