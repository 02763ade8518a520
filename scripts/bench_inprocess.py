"""The in-process half of `make bench` (scripts/bench.py runs it against the bench database and reads its JSON).

`samples`: the ids of the pages measured over HTTP that need one (a meeting with minutes, a steering-dialogue
round with its agreement). `measure`: times the agenda, minutes, agreement and annual-report PDFs through their
renderers, and the dispatch of 10,000 due reminders by two workers at once, checking each reminder became
exactly one notification."""

import datetime
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "albertslund_bolig.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from dialogue import selectors as dialogue_selectors  # noqa: E402
from dialogue.models import DialogueRound  # noqa: E402
from dialogue.pdf import agreement_pdf  # noqa: E402
from meetings.minutes import minutes_meeting_get_for_user  # noqa: E402
from meetings.models import Meeting, Notification, Reminder  # noqa: E402
from meetings.pdf import agenda_pdf, minutes_pdf  # noqa: E402
from meetings.reminders import reminders_send_due  # noqa: E402
from meetings.selectors import agenda_items_for_user  # noqa: E402
from planning.models import EvaluationReport  # noqa: E402
from planning.pdf import evaluation_pdf  # noqa: E402

REMINDERS = 10_000
WORKERS = 2
PDF_RUNS = 3


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _meeting() -> Meeting:
    """The latest meeting with approved minutes of a body the demo board member sits in (boligforum)."""
    return (
        Meeting.objects.filter(body__slug="boligforum", status=Meeting.Status.MINUTES_APPROVED)
        .order_by("-starts_at")
        .first()
    )


def _round() -> DialogueRound:
    """The latest round with an agreement of the demo board member's organisation (BO-VEST)."""
    rounds = DialogueRound.objects.filter(agreement__isnull=False, organisation__short_name="BO-VEST")
    return rounds.order_by("-year").first()


def samples() -> dict:
    return {"meeting": _meeting().pk, "round": _round().pk}


def _timed(render, runs: int = PDF_RUNS) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        document = render()
        times.append(time.perf_counter() - started)
    return {"median_s": statistics.median(times), "max_s": max(times), "bytes": len(document.content)}


def pdfs() -> dict:
    secretariat = _user("sekretariat")
    meeting = minutes_meeting_get_for_user(user=secretariat, pk=_meeting().pk)

    def items():
        return agenda_items_for_user(user=secretariat, meeting=meeting)

    round = dialogue_selectors.round_get_for_user(user=secretariat, pk=_round().pk)
    report = EvaluationReport.objects.create(year=timezone.localdate().year - 1, requested_by=secretariat)
    return {
        "dagsorden": _timed(lambda: agenda_pdf(meeting=meeting, items=items())),
        "referat": _timed(lambda: minutes_pdf(meeting=meeting, items=items())),
        "aftale": _timed(lambda: agreement_pdf(round=round, goals=dialogue_selectors.round_goals(round=round))),
        "årsrapport": _timed(lambda: evaluation_pdf(report=report, progress=lambda percent: None)[0], runs=1),
    }


def _due_reminders(now: datetime.datetime) -> list[int]:
    """Create REMINDERS reminders before the coming meetings, due a minute ago, spread over the active users."""
    meetings = list(Meeting.objects.filter(starts_at__gt=now + datetime.timedelta(days=1)).values_list("pk", flat=True))
    users = list(get_user_model().objects.filter(is_active=True).values_list("pk", flat=True))
    reminders = Reminder.objects.bulk_create(
        Reminder(
            key=f"bench-{now:%Y%m%d%H%M%S}-{number}",
            kind=Notification.Kind.REMINDER,
            user_id=users[number % len(users)],
            meeting_id=meetings[number % len(meetings)],
            due_at=now - datetime.timedelta(minutes=1),
        )
        for number in range(REMINDERS)
    )
    return [reminder.pk for reminder in reminders]


def reminders() -> dict:
    now = timezone.now()
    Reminder.objects.filter(sent_at__isnull=True, skipped_at__isnull=True, due_at__lte=now).update(skipped_at=now)
    ids = _due_reminders(now)
    counts = []

    def worker() -> None:
        try:
            while True:
                sent = reminders_send_due(now=now)
                counts.append(sent)
                if not sent["sent"] + sent["skipped"] + sent["failed"]:
                    return
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    per_reminder = Notification.objects.filter(reminder_id__in=ids).values("reminder_id").annotate(n=Count("id"))
    twice = sum(1 for row in per_reminder if row["n"] > 1)
    notifications = sum(row["n"] for row in per_reminder)
    # The database keeps its ten-year volume for the next run (BENCH_REUSE): the bench's own reminders and the
    # notifications they became are deleted, or each run would add 10,000 unread notifications to the users' pages.
    Notification.objects.filter(reminder_id__in=ids).delete()
    Reminder.objects.filter(pk__in=ids).delete()
    return {
        "påmindelser": len(ids),
        "arbejdere": WORKERS,
        "sendt": sum(count["sent"] for count in counts),
        "sprunget_over": sum(count["skipped"] for count in counts),
        "fejlet": sum(count["failed"] for count in counts),
        "til_email": sum(count["to_email"] for count in counts),
        "notifikationer": notifications,
        "sendt_to_gange": twice,
        "sekunder": elapsed,
        "pr_sekund": len(ids) / elapsed,
    }


if __name__ == "__main__":
    mode = sys.argv[1]
    result = samples() if mode == "samples" else {"pdf": pdfs(), "påmindelser": reminders()}
    print(json.dumps(result, ensure_ascii=False))
