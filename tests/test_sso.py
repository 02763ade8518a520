"""Single sign-on for municipal staff through OpenID Connect, against a real identity provider on loopback."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from coordination.models import Person

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class IdentityProvider(BaseHTTPRequestHandler):
    """Token, JWKS and userinfo endpoints of an OpenID provider, serving one prepared identity."""

    claims: dict = {}
    nonce: str = ""

    def log_message(self, *args):
        pass

    def _json(self, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/jwks":
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
            self._json({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]})
        elif self.path == "/userinfo":
            self._json(IdentityProvider.claims)
        else:
            self.send_error(404)

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = parse_qs(self.rfile.read(length).decode())
        if self.path != "/token" or form.get("code") != ["god-kode"] or form.get("client_secret") != ["hemmelig"]:
            self.send_error(400)
            return
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": "http://idp",
                "aud": "portal",
                "sub": "123",
                "iat": now,
                "exp": now + 300,
                "nonce": IdentityProvider.nonce,
                **IdentityProvider.claims,
            },
            KEY,
            algorithm="RS256",
            headers={"kid": "k1"},
        )
        self._json({"id_token": id_token, "access_token": "adgang", "token_type": "Bearer"})


@pytest.fixture
def idp(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), IdentityProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "lib.sso.MunicipalOIDCBackend"]
    settings.OIDC_RP_CLIENT_ID = "portal"
    settings.OIDC_RP_CLIENT_SECRET = "hemmelig"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.OTP_REQUIRED_ROLES = ["Sekretariat", "Direktion"]
    yield IdentityProvider
    server.shutdown()


def _sign_in(client, idp, claims, code="god-kode"):
    idp.claims = claims
    start = client.get("/accounts/sso/?next=/personer/")
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    idp.nonce = query["nonce"][0]
    return client.get("/accounts/sso/retur/", {"code": code, "state": query["state"][0]})


def test_start_sends_the_browser_to_the_identity_provider(client, idp, db):
    response = client.get("/accounts/sso/")
    location = urlparse(response["Location"])
    assert location.path == "/authorize"
    query = parse_qs(location.query)
    assert query["client_id"] == ["portal"]
    assert query["response_type"] == ["code"]
    assert "openid" in query["scope"][0]


def test_staff_member_signs_in_and_is_linked_to_their_person(client, idp, organisations):
    person = Person.objects.create(name="Susan Madsen", organisation=organisations["MTF"], email="sma@albertslund.dk")
    response = _sign_in(client, idp, {"email": "sma@albertslund.dk", "given_name": "Susan", "family_name": "Madsen"})
    assert response.status_code == 302
    assert response["Location"] == "/personer/"
    person.refresh_from_db()
    assert person.user is not None
    assert list(person.user.groups.values_list("name", flat=True)) == ["Medarbejder"]
    assert client.get("/personer/").status_code == 200


def test_an_existing_secretariat_user_is_not_asked_for_a_second_factor_after_sso(client, idp, sekretariat):
    sekretariat.email = "ap@albertslund.dk"
    sekretariat.save()
    _sign_in(client, idp, {"email": "ap@albertslund.dk"})
    assert client.get("/revisionsspor/").status_code == 200


def test_an_address_outside_the_municipality_is_refused(client, idp, db, django_user_model):
    response = _sign_in(client, idp, {"email": "someone@example.com"})
    assert response["Location"].startswith("/accounts/login/")
    assert not django_user_model.objects.filter(email="someone@example.com").exists()


def test_a_forged_code_signs_in_no_one(client, idp, db, django_user_model):
    response = _sign_in(client, idp, {"email": "x@albertslund.dk"}, code="forfalsket")
    assert response["Location"] == "/accounts/login/"
    assert "mislykkedes" in client.get("/accounts/login/").content.decode()
    assert not django_user_model.objects.filter(email="x@albertslund.dk").exists()


def test_without_the_setting_sso_does_not_exist(client, db):
    assert client.get("/accounts/sso/").status_code == 404
    assert "kommunens konto" not in client.get("/accounts/login/").content.decode()


def test_login_page_offers_sso_when_switched_on(client, idp, db):
    assert "Log ind med kommunens konto" in client.get("/accounts/login/").content.decode()
