"""An e-mail backend for the worker test: Django's file backend, slowed down so a batch takes long enough to be
interrupted. Each send writes its own file, after the pause."""

import os
import time

from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.5")))
        return super().send_messages(email_messages)
