"""Benchmark throughput: ``python -m benchmarks.throughput [--seconds N] [--check]``.

Serves a Code of Conduct page whose team has 50 members (photos and phone numbers
included) and a plain Wagtail page of the same text length from the demo project under
gunicorn (2 workers, SQLite file, ``DEBUG`` off, no per-site cache), loads each with wrk
for N seconds, and reports requests per second and the CoC/plain ratio (goal: at least
0.8). Needs ``wrk`` (``apt-get install wrk``) and gunicorn (test extras).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.8
TEAM_SIZE = 50
PORT = 8765
BUILD = """
import sys
from benchmarks import render_coc
render_coc.setup_django()
coc_page, plain_page = render_coc.build_pages({size})
print(coc_page.url, plain_page.url)
"""


def environment(database: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_project.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "0",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'example_project'}",
    }


def requests_per_second(url: str, seconds: int) -> float:
    output = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def run(seconds: int) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    with tempfile.TemporaryDirectory(prefix="coc-throughput-") as folder:
        env = environment(Path(folder) / "db.sqlite3")
        built = subprocess.run(
            [sys.executable, "-c", BUILD.format(size=TEAM_SIZE)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        coc_path, plain_path = built.stdout.split()[-2:]
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "--workers", "2"),
                *("--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"),
                "example_project.wsgi",
            ],
            cwd=ROOT / "example_project",
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{PORT}"
            for path in (coc_path, plain_path):
                wait_for(base + path)
            coc = requests_per_second(base + coc_path, seconds)
            plain = requests_per_second(base + plain_path, seconds)
        finally:
            server.terminate()
            server.wait()
    return {"coc": coc, "plain": plain, "ratio": coc / plain}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput")
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per page")
    parser.add_argument("--check", action="store_true", help="exit 1 if the goal is missed")
    arguments = parser.parse_args(argv)
    result = run(arguments.seconds)
    print(
        f"gunicorn, 2 workers, wrk 2 threads x 16 connections, {arguments.seconds} s per page\n"
        f"CoC page ({TEAM_SIZE} members): {result['coc']:.0f} req/s\n"
        f"plain page of the same text: {result['plain']:.0f} req/s\n"
        f"CoC / plain: {result['ratio']:.2f} (goal >= {GOAL})"
    )
    return 1 if arguments.check and result["ratio"] < GOAL else 0


if __name__ == "__main__":
    sys.exit(main())
