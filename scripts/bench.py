"""`make bench`: the main pages of each role at ten years of data, against the same server's fastest answer.

Creates a PostgreSQL database, fills it (seed_demo + seed_volume --years 10), starts gunicorn with production
settings, signs in as each demo role, and loads each page with a few concurrent clients. Prints p50 and p95 per
page and each page's ratio to /healthz measured in the same run; writes docs/performance.json and the table in
docs/performance.md."""

import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/boligportalen_bench")
REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "60"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
TARGET_MS, TARGET_RATIO = 150, 5

# Role -> the pages that role uses most. Add a page here when an app lands.
PAGES = {
    "anonym": ["/", "/organisationsdiagram/", "/organer/sekretariat/", "/styringsdialog/offentlig/"],
    "sekretariat": [
        "/",
        "/personer/",
        "/organer/abc/",
        "/styringsdialog/",
        "/styringsdialog/afdelinger/",
        "/revisionsspor/",
    ],
    "direktion": ["/", "/organisationer/", "/styringsdialog/"],
    "medarbejder": ["/", "/personer/"],
    "bovest": ["/", "/styringsdialog/"],
}


def environment() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE,
        "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "OTP_REQUIRED_ROLES": "",
        "DEBUG": "",
    }


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def prepare_database() -> None:
    name = DATABASE.rsplit("/", 1)[1]
    admin = DATABASE.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    manage("migrate", "-v0")
    manage("seed_demo")
    manage("seed_volume", "--years", "10")
    manage("collectstatic", "--noinput", "-v0")


def sign_in(username: str | None) -> requests.Session:
    session = requests.Session()
    if username is None:
        return session
    session.get(f"{BASE}/accounts/login/")
    response = session.post(
        f"{BASE}/accounts/login/",
        data={"username": username, "password": "demo", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{BASE}/accounts/login/"},
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise SystemExit(f"Login som {username} mislykkedes ({response.status_code})")
    return session


def measure(session: requests.Session, path: str) -> list[float]:
    def one(_):
        started = time.perf_counter()
        response = session.get(f"{BASE}{path}", allow_redirects=False)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} svarede {response.status_code}")
        return elapsed

    one(0)  # warm-up
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        return list(pool.map(one, range(REQUESTS_PER_PAGE)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    prepare_database()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "albertslund_bolig.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "3",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(),
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"{BASE}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        healthz = measure(requests.Session(), "/healthz")
        floor = percentile(healthz, 0.95)
        results = [
            {"rolle": "-", "side": "/healthz", "p50_ms": statistics.median(healthz), "p95_ms": floor, "forhold": 1.0}
        ]
        for role, paths in PAGES.items():
            session = sign_in(None if role == "anonym" else role)
            for path in paths:
                times = measure(session, path)
                p95 = percentile(times, 0.95)
                results.append(
                    {
                        "rolle": role,
                        "side": path,
                        "p50_ms": statistics.median(times),
                        "p95_ms": p95,
                        "forhold": p95 / floor,
                    }
                )
    finally:
        server.terminate()
        server.wait(timeout=20)
    write_report(results)
    failed = [r for r in results[1:] if r["p95_ms"] > TARGET_MS or r["forhold"] > TARGET_RATIO]
    for row in failed:
        print(f"OVER MÅL: {row['rolle']} {row['side']} p95 {row['p95_ms']:.0f} ms, {row['forhold']:.1f}× /healthz")
    return 1 if failed else 0


def write_report(results: list[dict]) -> None:
    (ROOT / "docs" / "performance.json").write_text(
        json.dumps(
            {
                "målt": time.strftime("%Y-%m-%d %H:%M"),
                "forespørgsler_pr_side": REQUESTS_PER_PAGE,
                "samtidige_klienter": CONCURRENCY,
                "sider": results,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    lines = ["| rolle | side | p50 (ms) | p95 (ms) | p95 ÷ /healthz |", "| --- | --- | ---: | ---: | ---: |"]
    lines += [
        f"| {r['rolle']} | `{r['side']}` | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['forhold']:.1f} |"
        for r in results
    ]
    table = "\n".join(lines)
    print(table)
    report = ROOT / "docs" / "performance.md"
    text = report.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    report.write_text(text.split(start)[0] + f"{start}\n{table}\n{end}" + text.split(end)[1], encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
