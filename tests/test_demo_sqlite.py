"""`make run`'s portal: the demo data on SQLite, without PostgreSQL or Redis. Every role's main pages (those the
benchmark measures, scripts/bench.py) answer, so code written for PostgreSQL (arrays, its full-text search) keeps a
path for the demo's database."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a process of its own, on a database built as `make run` builds it (migrate, then seed_demo).
PAGES = r"""
import json, sys
sys.path.insert(0, "scripts")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
from bench import PAGES
from dialogue.models import DialogueRound
from meetings.models import Meeting

setup_test_environment()
# The board member's body's latest meeting: the demo's have no approved minutes yet, so the minutes are theirs to
# see only once approved (404 until then), the secretariat's at once.
meeting = Meeting.objects.filter(body__slug="boligforum").order_by("-starts_at").first()
round_ = DialogueRound.objects.filter(organisation__short_name="BO-VEST").order_by("-year").first()
answers = {}
for role, paths in PAGES.items():
    client = Client()
    if role != "anonym":
        client.force_login(get_user_model().objects.get(username=role))
    for path in paths:
        path = path.format(meeting=meeting.pk, round=round_.pk)
        answers[f"{role} {path}"] = client.get(path).status_code
print(json.dumps({"answers": answers, "minutes_approved": meeting.status == Meeting.Status.MINUTES_APPROVED}))
"""


def test_every_roles_main_pages_answer_on_the_demos_sqlite(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"}
    }
    environment |= {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_BROKER_URL": "memory://",
    }

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    run("manage.py", "migrate", "--noinput", "-v0")
    run("manage.py", "seed_demo")
    read = json.loads(run("-c", PAGES).strip().splitlines()[-1])
    answers = read["answers"]
    assert len(answers) == 50
    board_members_minutes = next(page for page in answers if page.startswith("bovest") and "referat" in page)
    expected = {page: 200 for page in answers} | {board_members_minutes: 200 if read["minutes_approved"] else 404}
    assert answers == expected
