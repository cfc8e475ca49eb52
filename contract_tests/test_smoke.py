def test_lists_accounts_with_the_admin_key(callrail):
    response = callrail.api.get("/v3/a.json")
    assert response.status_code == 200
    assert response.json()["accounts"][0]["id"] == callrail.account_id
