"""nginx for the load test: deploy/nginx-compose.conf and deploy/nginx-cache.conf as deployed,
with the upstream servers, the port and the cache directory of this machine.

`render(...)` is also what tests/test_deploy.py checks with `nginx -t`, so the configuration the
benchmark measures is the one the compose file runs.
"""

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def site(upstreams: list[str], port: int, cache_dir: Path) -> str:
    text = (DEPLOY / "nginx-compose.conf").read_text()
    text = text.replace("server web:8000;", "\n    ".join(f"server {address};" for address in upstreams))
    text = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", text)
    text = text.replace("/etc/nginx/afn-cache.conf", str(DEPLOY / "nginx-cache.conf"))
    return text.replace("/var/cache/nginx/afn", str(cache_dir))


def render(upstreams: list[str], port: int, workdir: Path) -> Path:
    """A whole nginx.conf in `workdir` (pid, logs, temp files and cache inside it); its path."""
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o755)
    for sub in ("cache", "tmp"):
        (workdir / sub).mkdir(exist_ok=True)
        (workdir / sub).chmod(0o777)  # nginx's workers may run as another user than its master
    # The main context as the official nginx image's nginx.conf (the compose file's), sendfile for
    # the cached bodies, but one worker, not one per core: wrk needs the other core of this 2-core
    # machine (with two workers and wrk fighting for both, wrk's p99 measured its own run queue:
    # 355 ms against 43 ms, at 7,500 and 8,400 req/s).
    config = f"""
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path {workdir / "tmp"};
    proxy_temp_path {workdir / "tmp"};
    fastcgi_temp_path {workdir / "tmp"};
    uwsgi_temp_path {workdir / "tmp"};
    scgi_temp_path {workdir / "tmp"};
    types {{ application/json json; }}
{site(upstreams, port, workdir / "cache")}
}}
"""
    path = workdir / "nginx.conf"
    path.write_text(config)
    return path


def executable() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def check(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run([executable(), "-t", "-c", str(config)], capture_output=True, text=True, timeout=30)


def start(config: Path) -> subprocess.Popen:
    return subprocess.Popen([executable(), "-c", str(config), "-g", "daemon off;"])
