"""An e-mail backend for the worker test: Django's file backend, slowed down so a batch takes long enough to be
interrupted. Before each pause it leaves a marker file, so the test can kill the worker in the middle of a send."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        (Path(os.environ["SLOW_MAIL_MARKERS"]) / uuid.uuid4().hex).touch()
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.5")))
        return super().send_messages(email_messages)
