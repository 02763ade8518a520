"""The portal's URLs plus stand-ins for the meeting page and the reply link while this branch lacks them (they come
with the agenda work, and then this adds nothing). Used by the notify tests and by the worker they start."""

from django.http import HttpResponse
from django.urls import include, path

from albertslund_bolig import urls as root_urls
from lib.views import PUBLIC, rule_required
from meetings import urls as meetings_urls


@rule_required(PUBLIC)
def _stand_in(request, **kwargs):
    return HttpResponse("stand-in")


STAND_INS = {"meeting_detail": "<int:pk>/", "reply_by_token": "svar/<str:token>/"}
_patterns = list(meetings_urls.urlpatterns)
_names = {pattern.name for pattern in _patterns}
_patterns += [path(route, _stand_in, name=name) for name, route in STAND_INS.items() if name not in _names]

urlpatterns = [
    *(entry for entry in root_urls.urlpatterns if str(entry.pattern) != "moeder/"),
    path("moeder/", include((_patterns, "meetings"))),
]
