"""API users, OAuth access tokens and the statsapi session cookies.

Tokens expire after `token_ttl` wall-clock seconds (an hour by default, as on a real
tenant; tests shorten it). The statsapi basic `auth` cookie is one per user: a new
login ends the previous cookie ("valid until the next user logs into any wallboard").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from simulator.ids import Ids
from simulator.roster import User


class Refusal(Enum):
    """Why a request's credentials were refused."""

    MISSING = "Authorization header is missing"
    UNKNOWN = "The access token does not exist"
    EXPIRED = "The access token has expired"


@dataclass
class Grant:
    """An access token or session cookie and whom it was issued to."""

    token: str
    user: User
    expires_at: float
    cookie: bool = False


class Auth:
    """Issue and check credentials."""

    def __init__(
        self, users: list[User], ids: Ids, token_ttl: float, wall: Callable[[], float] = time.time
    ) -> None:
        self.users = {u.login: u for u in users}
        self.ids = ids
        self.token_ttl = token_ttl
        self._wall = wall
        self._grants: dict[str, Grant] = {}
        self._cookies: dict[str, str] = {}  # user login -> its one live cookie token

    def user(self, login: str, secret: str) -> User | None:
        """Return the user these credentials belong to, or None."""
        user = self.users.get(login)
        return user if user is not None and user.secret == secret else None

    def issue(self, user: User) -> Grant:
        """Return a new access token for `user`."""
        grant = Grant(self.ids.token(), user, self._wall() + self.token_ttl)
        self._grants[grant.token] = grant
        return grant

    def issue_cookie(self, user: User) -> Grant:
        """Return a new session cookie for `user`, ending its previous one."""
        old = self._cookies.pop(user.login, None)
        if old:
            self._grants.pop(old, None)
        grant = Grant(self.ids.guid(), user, self._wall() + self.token_ttl, cookie=True)
        self._grants[grant.token] = grant
        self._cookies[user.login] = grant.token
        return grant

    def check(self, token: str | None) -> User | Refusal:
        """Return the user a token was issued to, or why it is refused."""
        if not token:
            return Refusal.MISSING
        grant = self._grants.get(token)
        if grant is None:
            return Refusal.UNKNOWN
        if self._wall() >= grant.expires_at:
            return Refusal.EXPIRED
        return grant.user

    def end(self, token: str) -> None:
        grant = self._grants.pop(token, None)
        if grant and grant.cookie:
            self._cookies.pop(grant.user.login, None)

    def revoke_all(self) -> int:
        """Forget every token and cookie; return how many there were."""
        count = len(self._grants)
        self._grants.clear()
        self._cookies.clear()
        return count

    def expire_all(self) -> None:
        """Make every live token expired, as an hour passing would."""
        now = self._wall()
        for grant in self._grants.values():
            grant.expires_at = min(grant.expires_at, now)
