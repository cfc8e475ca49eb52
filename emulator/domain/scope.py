"""Who is asking, about which account: the context every domain function receives."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from emulator.clock import iso_offset
from emulator.ids import as_int
from emulator.engine import dates
from emulator.errors import bad_request, forbidden


@dataclass
class Scope:
    db: object                     # emulator.db.Database
    user: dict                     # the key's user
    account: dict | None           # the account in the path, once resolved
    company_ids: set[str] | None   # None: every company of the account (admins)
    now: datetime
    base_url: str = ""
    args: object = None            # the request's parameters (time_zone affects rendering)
    events: list = field(default_factory=list)

    @property
    def conn(self):
        return self.db.conn()

    @property
    def role(self) -> str:
        return self.user["role"]

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require(self, *roles: str) -> None:
        if self.role not in roles:
            raise forbidden()

    def zone(self, args=None) -> ZoneInfo:
        return dates.request_zone(args or self.args or {}, self.user["time_zone"])

    def local_time(self, stored: str | None, args=None) -> str | None:
        """A stored UTC timestamp in the request's time zone, with its offset."""
        if stored is None:
            return None
        return iso_offset(datetime.fromisoformat(stored.replace("Z", "+00:00")), self.zone(args))

    def can_see_company(self, company_id: str | None) -> bool:
        return self.company_ids is None or company_id in self.company_ids

    def company_param(self, value, parameter: str) -> dict:
        """A company named in a request, by `COM…` id or numeric id, visible to this key."""
        row = None
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            row = self.conn.execute(
                "SELECT * FROM companies WHERE account_id=? AND (id=? OR numeric_id=?)",
                (self.account["id"], str(value), as_int(value))).fetchone()
        if row is None or not self.can_see_company(row["id"]):
            raise bad_request(parameter, f"{parameter} does not name a company of this account: {value!r}")
        return dict(row)


