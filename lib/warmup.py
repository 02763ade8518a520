"""Ready a web process before it answers: what Django otherwise does on the first request of each worker."""

import gc
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".ics"}


def template_names() -> list[str]:
    """Name every template the template loaders can find, as get_template() takes them."""
    names: set[str] = set()
    for backend in engines.all():
        for loader in backend.engine.template_loaders:
            for source in getattr(loader, "loaders", [loader]):
                for directory in map(Path, source.get_dirs()):
                    names.update(
                        str(path.relative_to(directory))
                        for path in directory.rglob("*")
                        if path.suffix in TEMPLATE_SUFFIXES and path.is_file()
                    )
    return sorted(names)


def warm_up() -> int:
    """Compile every template, build the URL resolver and load each language's catalogue; return the templates.

    gunicorn calls this in the master process before it forks the workers (gunicorn.conf.py), so each worker
    starts with the cached loader full and none spends its first requests compiling. What was loaded is then
    frozen out of the garbage collector's scans: it lives as long as the process, and a full collection that
    walked it all would stall a request for tens of milliseconds."""
    names = template_names()
    for name in names:
        engines["django"].engine.get_template(name)
    get_resolver()._populate()
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Boligportalen")
    # Nothing above should have queried, but a connection opened before the fork would be shared by the workers.
    connections.close_all()
    gc.collect()
    gc.freeze()
    return len(names)
