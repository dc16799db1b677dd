"""Create a user with a role, or change an existing user's password and role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandParser

from accounts import roles


class Command(BaseCommand):
    help = "Create or update a user with a role: viewer, supervisor, campaign_admin, superuser."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", choices=roles.ORDER, default=roles.VIEWER)

    def handle(self, *args: Any, **options: Any) -> None:
        user, created = User.objects.get_or_create(username=options["username"])
        user.set_password(options["password"])
        user.is_superuser = user.is_staff = options["role"] == roles.SUPERUSER
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=roles.GROUPS.values()))
        if options["role"] in roles.GROUPS:
            user.groups.add(Group.objects.get(name=roles.GROUPS[options["role"]]))
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} '{user.username}' as {options['role'].replace('_', ' ')}.")
