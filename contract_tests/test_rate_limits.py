"""Rate limits (doc 501-510): three classes per account, hourly and daily windows on the
emulator clock, 429 + Retry-After, exact counting under concurrent requests."""
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.callrail_seed("docs")

DOCUMENTED = {"general": {"hourly": 1000, "daily": 10000}, "sms_send": {"hourly": 150, "daily": 1000},
              "outbound_call": {"hourly": 100, "daily": 2000}}
TEN_AM = "2026-03-10T10:00:00Z"
UNLIMITED = {"hourly": None, "daily": None}


@pytest.fixture
def cr(callrail):
    callrail.control.freeze(TEN_AM)
    return callrail


def set_limits(callrail, **classes) -> dict:
    return callrail.control.put("/rate_limits", classes)


def general(cr, api=None):
    return (api or cr.api).get(f"/v3/a/{cr.account_id}/companies.json")


def sms(cr, api=None):
    return (api or cr.api).post(f"/v3/a/{cr.account_id}/text-messages.json", json={})


def outbound(cr, api=None):
    return (api or cr.api).post(f"/v3/a/{cr.account_id}/calls.json", json={})


SENDERS = {"general": general, "sms_send": sms, "outbound_call": outbound}


def assert_limited(response, name: str, retry_after: int):
    assert response.status_code == 429, response.text
    assert "error" in response.json()
    assert response.headers["Retry-After"] == str(retry_after)
    assert response.headers["X-RateLimit-Class"] == name
    assert response.headers["X-RateLimit-Remaining"] == "0"


def test_the_documented_limits_are_in_force_by_default(callrail):
    assert callrail.control.get("/rate_limits") == DOCUMENTED


def test_put_is_partial_and_null_or_off_lifts_a_limit(callrail):
    answer = set_limits(callrail, general={"hourly": 5}, sms_send=None)
    assert answer == {**DOCUMENTED, "general": {"hourly": 5, "daily": 10000}, "sms_send": UNLIMITED}
    answer = set_limits(callrail, outbound_call={"daily": "off"})
    assert answer["outbound_call"] == {"hourly": 100, "daily": None}
    assert answer["general"] == {"hourly": 5, "daily": 10000}
    assert callrail.control.get("/rate_limits") == answer


@pytest.mark.parametrize("body,parameter", [
    ({"nonsense": {"hourly": 1}}, "nonsense"), ({"general": {"weekly": 1}}, "general.weekly"),
    ({"general": {"hourly": -1}}, "general.hourly"), ({"sms_send": {"daily": "many"}}, "sms_send.daily"),
    ({"general": {"hourly": 1.5}}, "general.hourly"), ({"general": {"hourly": True}}, "general.hourly"),
    ({"general": 10}, "general"), ({"general": {"hourly": 10**30}}, "general.hourly"),
    ({"general": {"hourly": {"n": 5}}}, "general.hourly"), ({"sms_send": [150]}, "sms_send")])
def test_bad_limits_are_refused_naming_the_parameter_and_change_nothing(callrail, body, parameter):
    response = callrail.control.request("PUT", "/rate_limits", {"general": {"hourly": 7}, **body}
                                        if "general" not in body else body)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert callrail.control.get("/rate_limits") == DOCUMENTED


def test_off_as_the_whole_body_lifts_every_limit(callrail):
    everything_off = {name: UNLIMITED for name in DOCUMENTED}
    assert callrail.control.request("PUT", "/rate_limits", "off").json() == everything_off
    assert callrail.control.get("/rate_limits") == everything_off


def test_general_hourly_limit_is_reached_exactly_and_cleared_by_the_clock(cr):
    set_limits(cr, general={"hourly": 3})
    remaining = []
    for _ in range(3):
        response = general(cr)
        assert response.status_code == 200
        remaining.append(response.headers["X-RateLimit-Remaining"])
        assert response.headers["X-RateLimit-Limit"] == "3"
        assert response.headers["X-RateLimit-Window"] == "hourly"
        assert response.headers["X-RateLimit-Reset"] == "3600"
    assert remaining == ["2", "1", "0"]
    assert_limited(general(cr), "general", 3600)
    # every endpoint of the class answers 429, whatever the path, method or route
    for response in (cr.api.get("/v3/a.json"), cr.api.post(f"/v3/a/{cr.account_id}/companies.json",
                                                            json={"name": "Not stored"}),
                     cr.api.get(f"/v3/a/{cr.account_id}/no-such-thing.json")):
        assert_limited(response, "general", 3600)
    cr.control.advance(3599)
    assert_limited(general(cr), "general", 1)
    cr.control.advance(1)
    assert general(cr).status_code == 200
    names = [c["name"] for c in cr.api.get(f"/v3/a/{cr.account_id}/companies.json",
                                            params={"per_page": 250}).json()["companies"]]
    assert "Not stored" not in names


def test_general_daily_limit_is_reached_exactly_and_cleared_the_next_day(cr):
    set_limits(cr, general={"hourly": None, "daily": 4})
    assert [general(cr).status_code for _ in range(4)] == [200] * 4
    assert_limited(general(cr), "general", 14 * 3600)
    cr.control.advance(3600)  # a new hour does not clear a daily window
    assert_limited(general(cr), "general", 13 * 3600)
    cr.control.advance(13 * 3600)
    response = general(cr)
    assert response.status_code == 200
    assert response.headers["X-RateLimit-Remaining"] == "3"


@pytest.mark.parametrize("name", ["sms_send", "outbound_call"])
@pytest.mark.parametrize("period,retry_after,clears_after", [("hourly", 3600, 3600), ("daily", 14 * 3600, 14 * 3600)])
def test_each_class_limit_is_reached_exactly_and_leaves_the_others_alone(cr, name, period, retry_after, clears_after):
    other = "outbound_call" if name == "sms_send" else "sms_send"
    set_limits(cr, **{name: {"hourly": None, "daily": None, period: 2}})
    send = SENDERS[name]
    for _ in range(2):
        response = send(cr)
        assert response.status_code != 429
        assert response.headers["X-RateLimit-Class"] == name
    assert_limited(send(cr), name, retry_after)
    assert general(cr).status_code == 200
    assert SENDERS[other](cr).status_code != 429
    assert cr.api.get(f"/v3/a/{cr.account_id}/text-messages.json").status_code != 429  # a GET is general
    cr.control.advance(clears_after - 1)
    assert_limited(send(cr), name, 1)
    cr.control.advance(1)
    assert send(cr).status_code != 429


def _until_refused(cr, send, most: int) -> tuple[int, object]:
    """Send until the first 429 (at most `most` requests): (how many were let through, the 429)."""
    for n in range(most):
        response = send(cr)
        if response.status_code == 429:
            return n, response
    return most, None


def test_the_documented_hourly_limits_are_reached_exactly(cr):
    for name, limit in (("outbound_call", 100), ("sms_send", 150), ("general", 1000)):
        let_through, refused = _until_refused(cr, SENDERS[name], limit + 1)
        assert let_through == limit, name
        assert_limited(refused, name, 3600)
        cr.control.advance(3600)


def test_the_documented_daily_sms_and_outbound_limits_are_reached_exactly(cr):
    cr.control.freeze("2026-03-10T00:00:00Z")
    sent = {"sms_send": 0, "outbound_call": 0}
    for hour in range(21):
        for name, hourly in (("sms_send", 150), ("outbound_call", 100)):
            let_through, refused = _until_refused(cr, SENDERS[name], hourly + 1)
            sent[name] += let_through
            window = "daily" if sent[name] == DOCUMENTED[name]["daily"] else "hourly"
            assert refused.headers["X-RateLimit-Window"] == window, (hour, name, sent)
        cr.control.advance(3600)
    assert sent == {"sms_send": 1000, "outbound_call": 2000}
    assert_limited(sms(cr), "sms_send", 3 * 3600)  # 21:00: the day ends in three hours
    cr.control.advance(3 * 3600)
    assert sms(cr).status_code != 429 and outbound(cr).status_code != 429


def test_sms_and_outbound_requests_also_count_as_general_requests(cr):
    set_limits(cr, general={"hourly": 3})
    assert sms(cr).status_code != 429
    assert outbound(cr).status_code != 429
    assert general(cr).status_code == 200
    assert_limited(general(cr), "general", 3600)
    assert_limited(sms(cr), "general", 3600)
    assert_limited(outbound(cr), "general", 3600)


def test_a_refused_request_counts_nowhere(cr):
    set_limits(cr, general={"hourly": 2})
    assert [general(cr).status_code for _ in range(5)] == [200, 200, 429, 429, 429]
    set_limits(cr, general={"hourly": 3})
    assert general(cr).status_code == 200
    assert general(cr).status_code == 429


def test_requests_without_a_valid_key_are_not_counted(cr):
    set_limits(cr, general={"hourly": 1})
    for _ in range(3):
        assert general(cr, cr.api.with_key("no-such-key")).status_code == 401
    assert general(cr).status_code == 200
    assert general(cr).status_code == 429
    assert general(cr, cr.api.with_key("no-such-key")).status_code == 401


def test_one_accounts_burst_does_not_limit_another(cr):
    other = cr.control.post("/accounts", {"name": "Second Account"})
    other_api, other_id = cr.api.with_key(other["api_key"]), other["account"]["id"]
    set_limits(cr, general={"hourly": 2})
    assert [general(cr).status_code for _ in range(3)] == [200, 200, 429]
    first = other_api.get(f"/v3/a/{other_id}/companies.json")
    assert first.status_code == 200
    assert first.headers["X-RateLimit-Remaining"] == "1"
    assert other_api.get("/v3/a.json").status_code == 200
    assert other_api.get("/v3/a.json").status_code == 429
    assert general(cr).status_code == 429


def test_limits_off_let_everything_through_without_rate_headers(cr):
    set_limits(cr, general={"hourly": 0})
    assert_limited(general(cr), "general", 3600)
    set_limits(cr, general="off")
    response = general(cr)
    assert response.status_code == 200
    assert "X-RateLimit-Limit" not in response.headers


def test_reset_returns_to_the_start_up_limits_and_clears_the_counters(cr):
    set_limits(cr, general={"hourly": 1})
    assert general(cr).status_code == 200
    cr.control.reset("docs")
    assert cr.control.get("/rate_limits") == DOCUMENTED
    cr.control.freeze(TEN_AM)
    set_limits(cr, general={"hourly": 1})
    assert general(cr).status_code == 200


def _burst(cr, threads: int, each: int, send) -> list[int]:
    def worker(_):
        api = cr.api.with_key(cr.api_key)
        return [send(cr, api).status_code for _ in range(each)]

    with ThreadPoolExecutor(threads) as pool:
        return [status for statuses in pool.map(worker, range(threads)) for status in statuses]


def test_concurrent_bursts_are_counted_exactly(cr):
    set_limits(cr, general={"hourly": 150})
    statuses = _burst(cr, 8, 25, general)
    assert len(statuses) == 200
    assert statuses.count(200) == 150
    assert statuses.count(429) == 50
    # the counter holds exactly 150: raising the limit to 200 lets exactly 50 more through
    set_limits(cr, general={"hourly": 200})
    statuses = _burst(cr, 8, 10, general)
    assert statuses.count(200) == 50
    assert statuses.count(429) == 30


def test_concurrent_sms_sends_are_counted_exactly(cr):
    set_limits(cr, sms_send={"hourly": 37})
    statuses = _burst(cr, 8, 10, sms)
    assert len(statuses) == 80
    assert statuses.count(429) == 43


def test_simultaneous_requests_at_the_boundary_let_exactly_the_limit_through(cr):
    """Many rounds of 8 requests released together against a limit of 2: each window admits 2."""
    import threading

    set_limits(cr, general={"hourly": 2})
    apis = [cr.api.with_key(cr.api_key) for _ in range(8)]
    for _ in range(15):
        barrier = threading.Barrier(8)

        def worker(api, barrier=barrier):
            barrier.wait()
            return general(cr, api).status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(worker, apis))
        assert statuses.count(200) == 2, statuses
        assert statuses.count(429) == 6
        cr.control.advance(3600)


def test_authenticated_requests_count_whatever_they_answer(cr):
    set_limits(cr, general={"hourly": 4})
    assert cr.api.get(f"/v3/a/{cr.account_id}/no-such-thing.json").status_code == 404
    assert cr.api.get("/v3/a/99999999999999999999999999/companies.json").status_code == 404
    assert cr.api.delete("/v3/a.json").status_code == 405
    assert cr.api.post(f"/v3/a/{cr.account_id}/companies.json", data="x").status_code == 406
    assert_limited(general(cr), "general", 3600)
