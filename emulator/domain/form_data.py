"""What a form submission's fields and URLs say: the customer (phone, email, name), the
marketing attribution and the milestone touches. Pure functions, shared by the API and the seeds."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from emulator.domain import phones

# -- what a form's fields say about the customer ("The app will attempt to parse out any
#    phone numbers in the form data", Creating a form submission)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]{10,20}$")
NAME_KEYS = ("name", "full_name", "fullname", "your_name", "contact_name", "customer_name")


def customer_from(form_data: dict) -> dict:
    """Phone (E.164), email and name found in the form's fields."""
    items = [(str(k).lower(), v) for k, v in form_data.items() if isinstance(v, (str, int))
             and not isinstance(v, bool)]
    phone = None
    for key, value in sorted(items, key=lambda kv: not any(w in kv[0] for w in ("phone", "tel", "mobile", "cell"))):
        if PHONE_LIKE.match(str(value).strip()) and (phone := phones.maybe(str(value).strip())):
            break
    email = next((str(v).strip() for k, v in items if EMAIL.match(str(v).strip())), None)
    values = dict(items)
    name = next((str(values[k]).strip() for k in NAME_KEYS if str(values.get(k) or "").strip()), None)
    if name is None:
        parts = [str(values.get(k) or "").strip() for k in ("first_name", "last_name")]
        name = " ".join(p for p in parts if p) or None
    return {"phone": phone, "email": email, "name": name}




def display_name(name: str | None) -> str | None:
    """Caller-ID style names are upper case ("MANN KEVIN" is shown as "Mann Kevin")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split()) if name else name


# -- marketing attribution from the referrer and the landing page

SOURCES = {  # referrer entity -> (source, medium)
    "google_paid": ("Google Ads", "CPC"), "google_organic": ("Google Organic", "organic"),
    "bing_paid": ("Bing Ads", "CPC"), "bing_organic": ("Bing Organic", "organic"),
    "yahoo_paid": ("Yahoo Ads", "CPC"), "yahoo_organic": ("Yahoo Organic", "organic"),
    "facebook_paid": ("Facebook Ads", "CPC"), "facebook": ("Facebook", "social"),
    "direct": ("Direct", "direct"),
}


def url_params(url: str | None) -> dict:
    if not url:
        return {}
    return dict(parse_qsl(urlsplit(url if "//" in url else "//" + url).query))


def attribution(referrer: str | None, referring_url: str | None, landing_page_url: str | None) -> dict:
    params = url_params(landing_page_url)
    entity = (referrer or "").lower()
    host = urlsplit(referring_url if referring_url and "//" in referring_url
                    else "//" + (referring_url or "")).hostname or ""
    paid = "gclid" in params or "msclkid" in params or params.get("utm_medium", "").lower() in ("cpc", "ppc", "paid")
    if entity not in SOURCES:
        engine = next((e for e in ("google", "bing", "yahoo") if e in host or e in entity), None)
        if engine:
            entity = f"{engine}_{'paid' if paid else 'organic'}"
        elif "facebook" in host or "facebook" in entity:
            entity = "facebook_paid" if "fbclid" in params or paid else "facebook"
        elif not host and entity in ("", "direct"):
            entity = "direct"
    source, medium = SOURCES.get(entity, (host or referrer or "Referral", "referral"))
    return {"source": source, "medium": medium,
            "keywords": (params.get("keywords") or params.get("utm_term")) if medium == "CPC" else None,
            "campaign": params.get("utm_campaign") or params.get("campaign"),
            "utm_source": params.get("utm_source"), "utm_medium": params.get("utm_medium"),
            "utm_campaign": params.get("utm_campaign")}


MILESTONES = ("first_touch", "lead_created", "qualified", "last_touch")
EMPTY_TOUCH = {"event_date": None, "ad_position": None, "campaign": None, "device": None, "keywords": None,
               "landing": None, "landing_page_url_params": {}, "match_type": None, "medium": None,
               "referrer": None, "referrer_url_params": {}, "session_browser": None, "url_utm_params": {},
               "source": None}


def touch(event_date: str, attr: dict, landing: str | None, referring_url: str | None,
          device: str = "desktop", browser: str = "Chrome") -> dict:
    params = url_params(landing)
    return {**EMPTY_TOUCH, "event_date": event_date, "campaign": attr["campaign"], "device": device,
            "keywords": attr["keywords"], "landing": landing, "landing_page_url_params": params,
            "medium": (attr["medium"] or "").lower() or None, "referrer": referring_url,
            "referrer_url_params": url_params(referring_url), "session_browser": browser,
            "url_utm_params": {k: v for k, v in params.items() if k.startswith("utm_")},
            "source": attr["source"]}
