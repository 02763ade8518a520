"""Login, logout, password change and reset by e-mail, in Danish."""

import re

from django.core import mail


def test_login_page_is_danish(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "Log ind" in html
    assert "Brugernavn" in html
    assert "Adgangskode" in html


def test_wrong_password_gets_a_danish_message(client, sekretariat):
    response = client.post("/accounts/login/", {"username": "sekr", "password": "forkert"})
    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()


def test_login_rotates_the_session_and_lands_on_the_start_page(client, sekretariat):
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    response = client.post("/accounts/login/", {"username": "sekr", "password": "hemmelig-kode-123"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.cookies["sessionid"].value != (before.value if before else None)
    assert "Velkommen" in client.get("/").content.decode()


def test_logout_takes_post_only(client, sekretariat):
    client.force_login(sekretariat)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "Velkommen" not in client.get("/").content.decode()


def test_password_change(client, sekretariat):
    client.force_login(sekretariat)
    response = client.post(
        "/accounts/adgangskode/",
        {
            "old_password": "hemmelig-kode-123",
            "new_password1": "Ny-lang-kode-2026!",
            "new_password2": "Ny-lang-kode-2026!",
        },
    )
    assert response["Location"] == "/accounts/adgangskode/aendret/"
    sekretariat.refresh_from_db()
    assert sekretariat.check_password("Ny-lang-kode-2026!")


def test_too_short_new_password_is_refused_in_danish(client, sekretariat):
    client.force_login(sekretariat)
    response = client.post(
        "/accounts/adgangskode/",
        {"old_password": "hemmelig-kode-123", "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "for kort" in response.content.decode()
    sekretariat.refresh_from_db()
    assert sekretariat.check_password("hemmelig-kode-123")


def test_password_reset_by_email_in_danish(client, sekretariat):
    sekretariat.email = "alice@example.dk"
    sekretariat.save()
    response = client.post("/accounts/nulstil/", {"email": "alice@example.dk"})
    assert response["Location"] == "/accounts/nulstil/sendt/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nulstil din adgangskode til Boligportalen"
    link = re.search(r"http://testserver(/accounts/nulstil/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Vælg ny adgangskode" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Helt-ny-kode-2026!", "new_password2": "Helt-ny-kode-2026!"}
    )
    assert done["Location"] == "/accounts/nulstil/faerdig/"
    sekretariat.refresh_from_db()
    assert sekretariat.check_password("Helt-ny-kode-2026!")


def test_password_reset_for_unknown_address_reveals_nothing(client, db):
    response = client.post("/accounts/nulstil/", {"email": "ukendt@example.dk"})
    assert response["Location"] == "/accounts/nulstil/sendt/"
    assert mail.outbox == []


def test_a_used_or_forged_reset_link_says_so(client, sekretariat):
    html = client.get("/accounts/nulstil/MQ/forkert-token/", follow=True).content.decode()
    assert "Linket virker ikke" in html
