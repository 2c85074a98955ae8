"""gunicorn settings for the container and the systemd unit; every value can be overridden by the environment."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: bounded memory over weeks of uptime. The application is loaded
# once before forking (afn_directory/wsgi.py imports every view), so a new worker starts warm.
max_requests = 2000
max_requests_jitter = 200
preload_app = True
accesslog = "-"
errorlog = "-"
# The proxy in front (nginx) sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 25.1 opens a control socket for `gunicornc` at $HOME/.gunicorn/gunicorn.ctl: two
# instances on one host (the load test, a unit per port) share that path and log "Control server
# error" at start. Nothing here uses it; systemd and the container manage the processes. (An
# older gunicorn ignores a setting it does not know.)
control_socket_disable = True


# The preloaded application is some 120,000 long-lived objects (modules, classes, URL patterns,
# translations). Frozen before each fork, they are left out of every later garbage collection in
# the workers: a full collection then scans only what requests allocate (a 100-170 ms pause at
# the p95 of the list API before, in bench/), and the pages shared with the master stay shared.
# Collecting is off in the master meanwhile, so that loading leaves no freed holes in them.
gc.disable()


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
