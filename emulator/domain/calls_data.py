"""How a call's stored columns follow from its tracker, its caller and its outcome: customer
location from the number, marketing attribution from the tracker (and the web session for
session trackers), call_type from the outcome. Shared by simulated calls, outbound calls and
the seeds, so every path stores the same kind of row."""
from __future__ import annotations

import base64
import json
from urllib.parse import parse_qsl, urlencode, urlparse

import phonenumbers
from phonenumbers import geocoder

STATES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA",
    "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS",
    "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA",
    "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
    "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM",
    "New York": "NY", "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK",
    "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC",
    "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT",
    "Virginia": "VA", "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
    "Washington D.C.": "DC", "Ontario": "ON", "Quebec": "QC", "British Columbia": "BC",
    "Alberta": "AB", "Manitoba": "MB", "Saskatchewan": "SK", "Nova Scotia": "NS",
    "New Brunswick": "NB", "Newfoundland and Labrador": "NL", "Prince Edward Island": "PE",
}

# Area codes the seeds draw callers from: (area code, city, state, country).
AREAS = [
    ("404", "Atlanta", "GA", "US"), ("770", "Marietta", "GA", "US"), ("706", "Blue Ridge", "GA", "US"),
    ("303", "Denver", "CO", "US"), ("720", "Aurora", "CO", "US"), ("212", "New York City", "NY", "US"),
    ("718", "Brooklyn", "NY", "US"), ("312", "Chicago", "IL", "US"), ("415", "San Francisco", "CA", "US"),
    ("213", "Los Angeles", "CA", "US"), ("619", "San Diego", "CA", "US"), ("206", "Seattle", "WA", "US"),
    ("503", "Portland", "OR", "US"), ("512", "Austin", "TX", "US"), ("214", "Dallas", "TX", "US"),
    ("713", "Houston", "TX", "US"), ("305", "Miami", "FL", "US"), ("407", "Orlando", "FL", "US"),
    ("904", "Jacksonville", "FL", "US"), ("617", "Boston", "MA", "US"), ("215", "Philadelphia", "PA", "US"),
    ("602", "Phoenix", "AZ", "US"), ("702", "Las Vegas", "NV", "US"), ("615", "Nashville", "TN", "US"),
    ("704", "Charlotte", "NC", "US"), ("919", "Raleigh", "NC", "US"), ("612", "Minneapolis", "MN", "US"),
    ("314", "St. Louis", "MO", "US"), ("504", "New Orleans", "LA", "US"), ("801", "Salt Lake City", "UT", "US"),
    ("416", "Toronto", "ON", "CA"), ("604", "Vancouver", "BC", "CA"), ("514", "Montreal", "QC", "CA"),
]
AREA_BY_CODE = {a[0]: a[1:] for a in AREAS}

CALL_TYPE_LABELS = {"answered": "Answered Call", "missed": "Missed Call", "voicemail": "Voicemail",
                    "voicemail_transcription": "Voicemail", "abandoned": "Abandoned Call",
                    "in_progress": "In Progress", "outbound": "Outbound Call"}

# Session-tracker visitor sources: key -> (source, medium, referrer, search engine kind)
WEB_SOURCES = {
    ("google", "paid"): ("Google Ads", "cpc", "https://www.google.com/"),
    ("google", "organic"): ("Google Organic", "organic", "https://www.google.com/"),
    ("bing", "paid"): ("Bing Ads", "cpc", "https://www.bing.com/"),
    ("bing", "organic"): ("Bing Organic", "organic", "https://www.bing.com/"),
    ("yahoo", "paid"): ("Yahoo Ads", "cpc", "https://search.yahoo.com/"),
    ("yahoo", "organic"): ("Yahoo Organic", "organic", "https://search.yahoo.com/"),
    ("direct", None): ("Direct", "direct", None),
    ("facebook", None): ("Facebook", "social", "https://www.facebook.com/"),
    ("yelp", None): ("Yelp", "referral", "https://www.yelp.com/"),
}


def location(e164: str) -> tuple[str | None, str | None, str | None]:
    """(city, 2-letter state, country) "based on the original assigned location of their
    phone number": the seeds' area table first, else libphonenumber's geocoder."""
    known = AREA_BY_CODE.get(e164[-10:-7]) if e164.startswith("+1") else None
    if known:
        return known
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None, None, None
    country = phonenumbers.region_code_for_number(number)
    description = geocoder.description_for_number(number, "en")
    if "," in description:
        city, state = (p.strip() for p in description.rsplit(",", 1))
        if len(state) == 2:
            return city, state, country
    return None, STATES.get(description), country


def call_type(direction: str, answered, voicemail, duration, transcription=None) -> str:
    """The stored call_type ("call_type" field): one of the documented values."""
    if direction == "outbound":
        return "outbound"
    if answered is None or duration is None:
        return "in_progress"
    if voicemail:
        return "voicemail_transcription" if transcription else "voicemail"
    if answered:
        return "answered"
    return "abandoned" if duration < 5 else "missed"


def tracker_source(tracker: dict) -> dict:
    """Attribution a source tracker gives every call: "as specified in the configuration for
    Source Trackers" (utm_source/utm_medium/utm_campaign)."""
    source = json.loads(tracker["source"]) if isinstance(tracker.get("source"), str) else (tracker.get("source") or {})
    kind = source.get("type")
    campaign = tracker.get("campaign_name")
    engine = source.get("search_engine")
    if kind == "search" and engine:
        medium = (source.get("search_type") or "paid")
        name, med, _ = WEB_SOURCES.get((engine, "paid" if medium == "paid" else "organic"),
                                       WEB_SOURCES[("google", "paid")])
    elif kind in ("google_ad_extension", "mobile_ad_extension"):
        name, med = "Google Ads", "cpc"
    elif kind == "google_my_business":
        name, med = "Google My Business", "organic"
    elif kind == "direct":
        name, med = "Direct", "direct"
    elif kind == "web_referrer":
        referrer = (source.get("referrer") or [None])
        name, med = (referrer[0] if isinstance(referrer, list) and referrer else "Referral"), "referral"
    elif kind == "offline":
        name, med = tracker["name"], "offline"
    else:
        name, med = "Website", "direct"
    return {"source": name, "medium": med, "campaign": campaign, "utm_source": None,
            "utm_medium": None, "utm_campaign": campaign}


def session_options(tracker: dict) -> list[tuple]:
    """The WEB_SOURCES keys a session tracker's pool is shown to ("Advanced Session Tracking")."""
    source = json.loads(tracker["source"]) if isinstance(tracker.get("source"), str) else (tracker.get("source") or {})
    options = []
    for engine in ("google", "bing", "yahoo"):
        for kind in source.get(engine) or []:
            if (engine, kind) in WEB_SOURCES:
                options.append((engine, kind))
    if source.get("type") == "direct":
        options.append(("direct", None))
    if source.get("inverted") or not options:
        options = [k for k in WEB_SOURCES if k not in options] or list(WEB_SOURCES)
    return options


def session_attribution(key: tuple, site: str, rng, keywords: str | None = None,
                        campaign: str | None = None) -> dict:
    """The columns a web session of one visitor from `key` (a WEB_SOURCES key) fills in."""
    source, medium, referrer = WEB_SOURCES[key]
    paid = medium == "cpc"
    params = {}
    if paid:
        params = {"utm_source": key[0], "utm_medium": "cpc", "utm_campaign": campaign or "Brand",
                  "utm_term": keywords or "", "utm_content": f"ad{rng.randint(1, 9)}"}
        params[{"google": "gclid", "bing": "msclkid"}.get(key[0], "gclid")] = _token(rng, 24)
    elif key[0] == "facebook":
        params = {"fbclid": _token(rng, 24)}
    path = rng.choice(["/", "/services/", "/pricing/", "/contact/", "/about/", "/specials/"])
    landing = f"https://{site}{path}" + (f"?{urlencode(params)}" if params else "")
    last = f"https://{site}{rng.choice(['/contact/', '/book-now/', '/pricing/', '/'])}"
    return {
        "source": source, "medium": medium, "campaign": campaign if paid else None,
        "keywords": keywords if paid else None,
        "referring_url": referrer, "referrer_domain": urlparse(referrer).netloc if referrer else None,
        "landing_page_url": landing, "last_requested_url": last,
        "utm_source": params.get("utm_source"), "utm_medium": params.get("utm_medium"),
        "utm_term": params.get("utm_term"), "utm_content": params.get("utm_content"),
        "utm_campaign": params.get("utm_campaign"),
        "gclid": params.get("gclid"), "fbclid": params.get("fbclid"), "msclkid": params.get("msclkid"),
        "ga": f"GA1.2.{rng.randint(10**8, 10**9 - 1)}.{rng.randint(10**9, 2 * 10**9)}",
        "utma": f"{rng.randint(10**7, 10**8)}.{rng.randint(10**8, 10**9)}.1.1.1.1",
        "utmb": f"{rng.randint(10**7, 10**8)}.1.10.1", "utmc": str(rng.randint(10**7, 10**8)),
        "utmv": None, "utmz": f"{rng.randint(10**7, 10**8)}.1.1.1.utmcsr={key[0]}|utmcmd={medium}",
    }


def params_from(url: str | None) -> dict:
    return dict(parse_qsl(urlparse(url).query)) if url else {}


def _token(rng, n: int) -> str:
    """n URL-safe characters from the seeded rng (click ids look like this)."""
    raw = rng.getrandbits(6 * n + 24).to_bytes((6 * n + 24) // 8 + 1, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")[-n:]
