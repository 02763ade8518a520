"""The annual evaluation: ordered on the page, generated once by a task after commit with a progress bar,
kept, approved by the Direktion; a year without data says so; a year of demo data takes under 10 seconds."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coordination.models import Body, Membership, Person
from planning import pdf, services
from planning.models import EvaluationReport
from tests.planning.conftest import make_meetings


@pytest.fixture
def rendered_html(monkeypatch):
    """Capture the HTML each evaluation PDF is rendered from."""
    pages: list[str] = []
    original = pdf.render_to_string

    def capture(*args, **kwargs):
        pages.append(original(*args, **kwargs))
        return pages[-1]

    monkeypatch.setattr(pdf, "render_to_string", capture)
    return pages


def test_ordering_a_report_generates_it_after_commit_and_keeps_the_pdf(
    client, sekretariat, body, membership, django_capture_on_commit_callbacks
):
    make_meetings(body=body, year=2025, count=2, person=membership.person)
    client.force_login(sekretariat)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("planning:report_request"), {"year": 2025})
    report = EvaluationReport.objects.get()
    assert report.status == EvaluationReport.Status.QUEUED  # nothing runs before the order is committed
    assert len(callbacks) == 1
    callbacks[0]()
    report.refresh_from_db()
    assert (report.status, report.progress, report.has_data, report.requested_by) == ("faerdig", 100, True, sekretariat)
    assert default_storage.open(report.stored_name).read().startswith(b"%PDF")
    response = client.get(reverse("planning:report_download", args=[report.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="evaluering-boligkoordinering-2025.pdf"'


def test_generating_twice_does_the_work_once(sekretariat, body, membership):
    report = EvaluationReport.objects.create(year=2025, requested_by=sekretariat)
    assert services.report_generate(report_id=report.pk) is True
    stored = EvaluationReport.objects.get().stored_name
    assert services.report_generate(report_id=report.pk) is False
    assert EvaluationReport.objects.get().stored_name == stored


def test_run_abandoned_by_a_dead_worker_is_taken_over_but_a_live_one_is_not(sekretariat):
    live = EvaluationReport.objects.create(
        year=2025, requested_by=sekretariat, status="i_gang", started_at=timezone.now()
    )
    dead = EvaluationReport.objects.create(
        year=2025,
        requested_by=sekretariat,
        status="i_gang",
        started_at=timezone.now() - services.ABANDONED_AFTER - datetime.timedelta(minutes=1),
    )
    assert services.report_generate(report_id=live.pk) is False
    assert services.report_generate(report_id=dead.pk) is True
    assert EvaluationReport.objects.get(pk=dead.pk).status == EvaluationReport.Status.DONE


def test_year_without_data_says_so_instead_of_empty_charts(sekretariat, body, rendered_html):
    report = EvaluationReport.objects.create(year=2031, requested_by=sekretariat)
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.DONE
    assert report.has_data is False
    assert "Der er ingen data for 2031" in rendered_html[0]
    assert "<svg" not in rendered_html[0]


def test_report_has_the_sections_and_charts_of_the_year(sekretariat, body, membership, rendered_html):
    make_meetings(body=body, year=2025, count=3, person=membership.person)
    report = EvaluationReport.objects.create(year=2025, requested_by=sekretariat)
    services.report_generate(report_id=report.pk)
    html = rendered_html[0]
    for heading in ["1. Organernes møder", "2. Styringsdialogen", "3. Renoveringsprojekter", "4. Nøgletal"]:
        assert heading in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "<desc" in html


def test_failed_generation_is_shown_not_left_running(sekretariat, monkeypatch):
    def broken(**kwargs):
        raise OSError("disken er fuld")

    monkeypatch.setattr(pdf, "evaluation_pdf", broken)
    report = EvaluationReport.objects.create(year=2025, requested_by=sekretariat)
    with pytest.raises(OSError):
        services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.error) == (EvaluationReport.Status.FAILED, "disken er fuld")


def test_status_fragment_polls_while_running_and_links_when_done(client, direktion, sekretariat):
    report = EvaluationReport.objects.create(year=2025, requested_by=sekretariat, status="i_gang", progress=40)
    client.force_login(direktion)
    url = reverse("planning:report_status", args=[report.pk])
    running = client.get(url).content.decode()
    assert f'hx-get="{url}"' in running
    assert '<progress id="fremdrift-' in running and 'value="40"' in running
    EvaluationReport.objects.filter(pk=report.pk).update(status="faerdig", progress=100)
    done = client.get(url).content.decode()
    assert "hx-get" not in done
    assert reverse("planning:report_download", args=[report.pk]) in done


def test_report_page_loads_htmx_from_the_portal_itself(client, direktion):
    client.force_login(direktion)
    page = client.get(reverse("planning:report_list")).content.decode()
    assert '<script src="/static/vendor/htmx/htmx.min.js"></script>' in page


def test_unfinished_report_cannot_be_downloaded(client, direktion, sekretariat):
    report = EvaluationReport.objects.create(year=2025, requested_by=sekretariat)
    client.force_login(direktion)
    assert client.get(reverse("planning:report_download", args=[report.pk])).status_code == 404


def test_direktion_approves_a_finished_report_once_with_time_and_name(client, direktion, sekretariat):
    report = EvaluationReport.objects.create(year=2025, requested_by=sekretariat, status="faerdig", progress=100)
    client.force_login(direktion)
    url = reverse("planning:report_approve", args=[report.pk])
    client.post(url)
    report.refresh_from_db()
    approved_at = report.approved_at
    assert report.approved_by == direktion and approved_at is not None
    response = client.post(url, follow=True)
    assert "Rapporten er allerede godkendt." in response.content.decode()
    report.refresh_from_db()
    assert report.approved_at == approved_at


def test_unfinished_report_cannot_be_approved(client, direktion, sekretariat):
    report = EvaluationReport.objects.create(year=2025, requested_by=sekretariat)
    client.force_login(direktion)
    response = client.post(reverse("planning:report_approve", args=[report.pk]), follow=True)
    assert "Kun en færdig rapport kan godkendes." in response.content.decode()
    assert EvaluationReport.objects.get().approved_at is None


@pytest.mark.django_db
def test_a_year_of_demo_data_is_reported_in_under_ten_seconds():
    call_command("seed_demo", verbosity=0)
    year = 2025
    for body in Body.objects.all():
        new_year = timezone.make_aware(datetime.datetime(year - 1, 12, 31, 23, 59))
        planned = len([d for d in body.cadence_dates(after=new_year, count=60) if d.year == year]) or 2
        person = (
            Membership.objects.filter(body=body).first().person if body.memberships.exists() else Person.objects.first()
        )
        make_meetings(body=body, year=year, count=planned, person=person)
    report = EvaluationReport.objects.create(
        year=year, requested_by=get_user_model().objects.get(username="sekretariat")
    )
    started = time.monotonic()
    services.report_generate(report_id=report.pk)
    elapsed = time.monotonic() - started
    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.DONE and report.has_data
    assert elapsed < 10, f"{elapsed:.1f} s"
