"""Danish first: the language is Danish unless the user chose another with the language switch."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

SIGNED_IN_AT = "portal_signed_in_at"
# The idle timeout is renewed by saving the session, at most once a minute: a session is written to the database
# on a request a minute or more after its last renewal instead of on every request.
SEEN_AT = "portal_seen_at"
RENEW_AFTER_SECONDS = 60


class ChosenLanguageMiddleware:
    """Activate the language from the language cookie, else Danish; the browser's Accept-Language is ignored
    because a municipal portal answers in Danish unless asked otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


def session_started(sender, request, user, **kwargs) -> None:
    """At login (user_logged_in): the absolute lifetime starts, and the login's own save is the first renewal."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now


class SessionLimitsMiddleware:
    """End a signed-in session after an absolute lifetime, and keep pages behind login out of every cache.
    The idle timeout is the session cookie age (SESSION_COOKIE_AGE) from the last renewal, and a request renews it
    when the last renewal is a minute old: the session ends after 29 to 30 minutes without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(SEEN_AT, 0) >= RENEW_AFTER_SECONDS:
                request.session[SEEN_AT] = now  # modified: saved with a new expiry
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
