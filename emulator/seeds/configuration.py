"""Account configuration for `demo` and `docs`: every company gets a Webhooks integration with
no URLs, the company default integration trigger, notifications and summary emails."""
from __future__ import annotations

from emulator.clock import iso_z
from emulator.domain import integration_triggers, integrations, notifications, summary_emails
from emulator.seeds import step

ALL_SECTIONS = {"summary_statistics": True, "top_sources": True, "top_keywords": True, "call_log": True}


def _rows(ctx, sql: str, *params) -> list[dict]:
    return [dict(r) for r in ctx.conn.execute(sql, params)]


def _notify(ctx, account_id: str, created: str, **values) -> None:
    base = {"account_id": account_id, "user_id": None, "email": None, "agent_id": None, "company_id": None,
            "tracker_id": None, "alert_type": "all", "call_enabled": True, "sms_enabled": True,
            "send_desktop": False, "send_email": True, "send_push": False, "created_at": created}
    notifications.insert_notification(ctx.conn, {**base, **values})


def _subscribe(ctx, account_id: str, created: str, **values) -> None:
    base = {"account_id": account_id, "company_id": None, "user_id": None, "email": None,
            "frequency": ["weekly"], "config": ALL_SECTIONS, "lead_status": "All", "created_at": created}
    summary_emails.insert_summary_email(ctx.db, ctx.conn, **{**base, **values})


def configure_account(ctx, account: dict) -> None:
    created = iso_z(ctx.now)
    rng = ctx.rng
    admins = _rows(ctx, "SELECT * FROM users WHERE account_id=? AND role='admin' ORDER BY rowid", account["id"])
    owner = admins[0]
    _notify(ctx, account["id"], created, user_id=owner["id"], alert_type="first_call", send_desktop=True)
    _subscribe(ctx, account["id"], created, user_id=owner["id"], frequency=["daily", "weekly"])
    companies = _rows(ctx, "SELECT * FROM companies WHERE account_id=? ORDER BY rowid", account["id"])
    for n, company in enumerate(companies):
        integrations.insert_integration(ctx.conn, account["id"], company["id"], "Webhooks", {},
                                        company["created_at"])
        integration_triggers.insert_default(ctx.conn, account["id"], company["id"], company["created_at"])
        members = _rows(ctx, "SELECT users.* FROM users JOIN user_companies uc ON uc.user_id = users.id "
                             "WHERE uc.company_id=? AND users.accepted=1 ORDER BY users.rowid", company["id"])
        recipient = members[0] if members else owner
        _notify(ctx, account["id"], created, user_id=recipient["id"], company_id=company["id"],
                send_push=rng.random() < 0.5)
        trackers = _rows(ctx, "SELECT id FROM trackers WHERE company_id=? AND status='active' ORDER BY rowid",
                         company["id"])
        if trackers:
            _notify(ctx, account["id"], created, user_id=owner["id"], company_id=company["id"],
                    tracker_id=trackers[0]["id"], alert_type=rng.choice(notifications.ALERT_TYPES),
                    send_push=True)
        _subscribe(ctx, account["id"], created, user_id=recipient["id"], company_id=company["id"],
                   frequency=[rng.choice(summary_emails.FREQUENCIES)],
                   lead_status=rng.choice(summary_emails.LEAD_STATUSES))
        if n == 0:
            address = f"reports@{company['id'][3:11]}.example.com"
            _notify(ctx, account["id"], created, email=address, company_id=company["id"], sms_enabled=False)
            _subscribe(ctx, account["id"], created, email=address, company_id=company["id"],
                       frequency=["monthly"], config={**ALL_SECTIONS, "call_log": False})


@step("demo", 30)
def demo(ctx):
    for account in _rows(ctx, "SELECT * FROM accounts ORDER BY rowid"):
        configure_account(ctx, account)


WIDGET_SHOP = "COM8154748ae6bd4e278a7cddd38a662f4f"


@step("docs", 30)
def docs(ctx):
    for account in _rows(ctx, "SELECT * FROM accounts ORDER BY rowid"):
        configure_account(ctx, account)
    # The doc's Custom integration with its own trigger (Listing All Integration Triggers).
    widget = ctx.conn.execute("SELECT * FROM companies WHERE id=?", (WIDGET_SHOP,)).fetchone()
    if widget is None:
        return
    custom = integrations.insert_integration(ctx.conn, widget["account_id"], widget["id"], "Custom",
                                             {"grab_cookies": ["_ga", "mycookie31"]}, widget["created_at"])
    tracker = ctx.conn.execute("SELECT id FROM trackers WHERE id='TRK8154748ae6bd4e278a7cddd38a662d5d'").fetchone()
    ctx.conn.execute(
        "INSERT INTO integration_triggers(account_id, company_id, integration_id, tracker_ids, min_duration, "
        "max_duration, created_at) VALUES (?,?,?,?,?,?,?)",
        (widget["account_id"], widget["id"], custom, f'["{tracker[0]}"]' if tracker else "[]", 1, 11,
         widget["created_at"]))
