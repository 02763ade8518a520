"""The load balancer's health check: answers without touching the database or the session."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lib.views import PUBLIC


@never_cache
@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


healthz.permission_rule = PUBLIC
