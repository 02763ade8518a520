"""A web process is warmed up before gunicorn forks its workers: no worker compiles a template on a request."""

import gc
from unittest import mock

from django.template import engines
from django.template.loaders.filesystem import Loader as FilesystemLoader

from lib.warmup import template_names, warm_up


def test_template_names_cover_the_portal_forms_and_emails():
    names = template_names()
    assert {"base.html", "meetings/meeting_detail.html", "bootstrap5/field.html"} <= set(names)
    assert [name for name in names if name.endswith(".txt")]


def test_after_the_warm_up_no_template_is_read_or_compiled_again():
    try:
        assert warm_up() == len(template_names())
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    # The app directories' loader is a file system loader too.
    with mock.patch.object(FilesystemLoader, "get_contents", side_effect=AssertionError("read")):
        for name in template_names():
            engines["django"].engine.get_template(name)
