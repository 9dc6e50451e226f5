"""Benchmark CoC page rendering: ``python -m benchmarks.render_coc [--renders N]``.

Renders a complete Code of Conduct page whose team has 5, 50 and 500 members (each with a
photo and a published phone number) through Django's test client, next to a plain Wagtail
page (the demo HomePage with only a rich-text intro) holding the same amount of text.
Reported per size: SQL queries for one warm render, the median milliseconds over N warm
renders, and the CoC/plain ratio against its goal (50 members: at most 1.5; 500 members: at
most 3). ``--check`` exits 1 when a goal is missed. Uses an in-memory SQLite database built
with ``migrate``.
"""

import argparse
import os
import re
import statistics
import sys
import time
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEAM_SIZES = (5, 50, 500)
# Largest CoC/plain ratio allowed per team size.
GOALS = {50: 1.5, 500: 3.0}
DEFAULT_RENDERS = 10
_FILLER = (
    "Be kind to one another, listen generously and make room for people who are new to the "
    "community; talk to the Code of Conduct team whenever something does not feel right. "
)


def setup_django():
    # The tests' settings give an in-memory SQLite database and a throwaway media folder.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    for path in (ROOT, ROOT / "example_project"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def visible_text_length(html: str) -> int:
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", main.split(">", 1)[-1])
    return len(re.sub(r"\s+", " ", unescape(text)).strip())


def build_pages(team_size: int):
    """A complete CoC page for a team of ``team_size`` and a plain page of equal text length."""
    from django.test import Client
    from home.models import HomePage
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Site

    from tests.factories import build_coc_page, build_emergency_info, build_team

    Image = get_image_model()
    root = Site.objects.get(is_default_site=True).root_page
    team = build_team(member_count=team_size, name=f"Team of {team_size}")
    for index, member in enumerate(team.members.all()):
        member.photo = Image.objects.create(
            title=member.name, file=get_test_image_file(size=(200, 200))
        )
        member.phone = f"+141555501{index % 100:02d}"
        member.publish_phone = True
        member.save(update_fields=["photo", "phone", "publish_phone"])
    coc_page = build_coc_page(
        root, team=team, emergency_info=build_emergency_info(), slug=f"coc-{team_size}"
    )
    coc_text = visible_text_length(Client().get(coc_page.url).content.decode())

    repeats = coc_text // len(_FILLER) + 1
    paragraphs = "".join(f"<p>{_FILLER.strip()}</p>" for _ in range(repeats))
    plain_page = HomePage(title="Plain page", slug=f"plain-{team_size}", intro=paragraphs)
    root.add_child(instance=plain_page)
    plain_page.save_revision().publish()
    return coc_page, plain_page


def measure(url: str, renders: int) -> tuple[int, float, str]:
    """Queries of one warm render, median milliseconds of ``renders`` warm renders, the HTML."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    # Warm-up: creates photo renditions and fills Wagtail's site and rendition caches.
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as context:
        html = client.get(url).content.decode()
    # captured_queries reads the connection's log lazily, and every request clears that log.
    queries = len(context.captured_queries)
    timings = []
    for _ in range(renders):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return queries, statistics.median(timings), html


def run(renders: int = DEFAULT_RENDERS, sizes=TEAM_SIZES) -> list[dict]:
    setup_django()
    results = []
    for size in sizes:
        coc_page, plain_page = build_pages(size)
        coc_queries, coc_ms, coc_html = measure(coc_page.url, renders)
        plain_queries, plain_ms, plain_html = measure(plain_page.url, renders)
        results.append(
            {
                "members": size,
                "text_chars": visible_text_length(coc_html),
                "plain_text_chars": visible_text_length(plain_html),
                "coc_queries": coc_queries,
                "coc_ms": coc_ms,
                "plain_queries": plain_queries,
                "plain_ms": plain_ms,
                "ratio": coc_ms / plain_ms,
            }
        )
    return results


def report(results: list[dict], renders: int) -> str:
    rows = [
        (
            "members",
            "text chars (CoC/plain)",
            "CoC queries",
            "CoC median ms",
            "plain queries",
            "plain median ms",
            "CoC/plain",
            "goal",
        )
    ]
    rows += [
        (
            str(r["members"]),
            f"{r['text_chars']}/{r['plain_text_chars']}",
            str(r["coc_queries"]),
            f"{r['coc_ms']:.1f}",
            str(r["plain_queries"]),
            f"{r['plain_ms']:.1f}",
            f"{r['ratio']:.1f}x",
            f"<= {GOALS[r['members']]}x" if r["members"] in GOALS else "",
        )
        for r in results
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [f"CoC page rendering, median of {renders} warm renders via the test client"]
    for index, row in enumerate(rows):
        lines.append(" | ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.render_coc")
    parser.add_argument(
        "--renders", type=int, default=DEFAULT_RENDERS, help="timed renders per page"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    arguments = parser.parse_args(argv)
    if arguments.renders < 1:
        parser.error("--renders must be at least 1")
    results = run(arguments.renders)
    print(report(results, arguments.renders))
    missed = [r for r in results if r["ratio"] > GOALS.get(r["members"], float("inf"))]
    return 1 if arguments.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
