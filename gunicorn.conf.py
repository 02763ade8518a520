"""gunicorn for the portal (docker-compose's web service, the Dockerfile and `make bench` use this file).

WEB_CONCURRENCY sets the number of worker processes (default 3; gunicorn reads it itself)."""

import os
import signal

workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Django is loaded once, in the master, and warmed up there (lib.warmup) before the workers are forked: they share
# its memory and none spends its first requests compiling templates.
preload_app = True
control_socket_disable = True
# On SIGTERM the workers get this long to finish their requests before the master kills them: less than the 10
# seconds `docker compose stop` waits before it kills the container, so the master itself ends the workers and exits.
# It also bounds a stop that comes while a worker is being started and misses the signal (see post_fork).
graceful_timeout = 8


def when_ready(server) -> None:
    from lib.warmup import warm_up

    server.log.info("Klar: %d skabeloner kompileret", warm_up())


def post_fork(server, worker) -> None:
    """A new worker has the master's signal handlers until it sets its own, and a stop signal the master sends it
    meanwhile goes to the master's handler and is lost: the worker then serves on until the graceful timeout kills it.
    Until the worker's own handlers are set, a stop signal ends it at once (it serves nothing yet)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
