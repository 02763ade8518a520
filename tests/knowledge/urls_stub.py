"""The portal's URLs with stand-ins for the meeting pages that are built on another branch, so that the links
these pages render to a meeting or an attachment resolve in the knowledge tests (see conftest.py)."""

from django.http import HttpResponse
from django.urls import URLResolver, include, path

from albertslund_bolig.urls import urlpatterns as portal_urlpatterns
from lib.views import rule_required


@rule_required("meetings.use")
def _stand_in(request, pk: int):
    return HttpResponse("møde")


meeting_stand_ins = [
    path("<int:pk>/", _stand_in, name="meeting_detail"),
    path("bilag/<int:pk>/", _stand_in, name="attachment_download"),
]

urlpatterns = [
    entry for entry in portal_urlpatterns if not (isinstance(entry, URLResolver) and entry.namespace == "meetings")
] + [path("moeder/", include((meeting_stand_ins, "meetings")))]
