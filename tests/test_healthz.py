def test_healthz_answers_ok_without_touching_the_database(client):
    # No database fixture: any query would raise "Database access not allowed".
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
