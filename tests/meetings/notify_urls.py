"""The portal's URLs plus a stand-in for the meeting page while this branch lacks it (it comes with the agenda work,
and then this adds nothing). Used by the notify tests and by the worker they start."""

from django.http import HttpResponse
from django.urls import include, path

from albertslund_bolig import urls as root_urls
from lib.views import PUBLIC, rule_required
from meetings import urls as meetings_urls


@rule_required(PUBLIC)
def _meeting_stand_in(request, pk: int):
    return HttpResponse(f"møde {pk}")


_patterns = list(meetings_urls.urlpatterns)
if "meeting_detail" not in {pattern.name for pattern in _patterns}:
    _patterns.append(path("<int:pk>/", _meeting_stand_in, name="meeting_detail"))

urlpatterns = [
    *(entry for entry in root_urls.urlpatterns if str(entry.pattern) != "moeder/"),
    path("moeder/", include((_patterns, "meetings"))),
]
