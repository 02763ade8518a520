"""gunicorn for the portal (docker-compose's web service, the Dockerfile and `make bench` use this file).

WEB_CONCURRENCY sets the number of worker processes (default 3; gunicorn reads it itself)."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Django is loaded once, in the master, and warmed up there (lib.warmup) before the workers are forked: they share
# its memory and none spends its first requests compiling templates.
preload_app = True
control_socket_disable = True


def when_ready(server) -> None:
    from lib.warmup import warm_up

    server.log.info("Klar: %d skabeloner kompileret", warm_up())
