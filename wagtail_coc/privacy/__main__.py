"""Command line: ``python -m wagtail_coc.privacy scan [options] PATH...``.

Exit status: 0 when nothing was found, 1 when there are findings, 2 on a usage or input
error. The plain report says what was found and where, never the matched text, so it is
safe in CI logs. ``--json`` includes the matched text (``"matched"``) for the CoC team
working locally: do not paste it anywhere public.
"""

import argparse
import json
import sys
from pathlib import Path

from .scanner import Scanner

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".text"}


class InputError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wagtail_coc.privacy",
        description="Find protected names, email addresses and phone numbers in pages.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    scan = commands.add_parser(
        "scan",
        help="scan HTML or text files",
        description=(
            "Scan HTML or text files. Exit 0 when clean, 1 when something was found, "
            "2 on a usage or input error."
        ),
    )
    scan.add_argument(
        "paths", nargs="+", metavar="PATH", help="HTML or text file; '-' reads standard input"
    )
    scan.add_argument(
        "--names",
        metavar="FILE",
        help="UTF-8 file with one protected name, alias or handle per line "
        "(lines starting with '#' and blank lines are ignored)",
    )
    scan.add_argument(
        "--allow",
        metavar="VALUE",
        action="append",
        default=[],
        help="public email address or phone number that may appear (repeatable)",
    )
    scan.add_argument(
        "--region",
        "--regions",
        dest="regions",
        metavar="CC",
        action="append",
        help="country code for national phone number formats; repeat it or separate codes "
        "with commas for an international event, main region first (default: US)",
    )
    scan.add_argument(
        "--json",
        action="store_true",
        help="print findings as a JSON list; includes the matched text, keep it private",
    )
    return parser


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{label} is not valid UTF-8 (byte {error.start}).") from error


def _read(path: str) -> str:
    if path == "-":
        return _decode(sys.stdin.buffer.read(), "standard input")
    try:
        return _decode(Path(path).read_bytes(), path)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}.") from error


def read_names(path: str) -> list[str]:
    names = []
    for line in _read(path).splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            names.append(entry)
    return names


def _is_html(path: str) -> bool | None:
    suffix = Path(path).suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return True
    if suffix in _TEXT_SUFFIXES:
        return False
    return None


def scan_command(arguments: argparse.Namespace) -> int:
    names = read_names(arguments.names) if arguments.names else []
    try:
        scanner = Scanner(names=names, allow=arguments.allow, regions=arguments.regions)
    except ValueError as error:
        raise InputError(str(error)) from error
    # Read everything first so that a bad path fails the run before any report is printed.
    documents = [(path, _read(path)) for path in arguments.paths]
    results = []
    for path, content in documents:
        for finding in scanner.scan(content, html=_is_html(path)):
            results.append((path, finding))
    if arguments.json:
        payload = [
            {"path": path, **finding.as_dict(include_matched=True)} for path, finding in results
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for path, finding in results:
            print(f"{path}: {finding.describe()}")
        if results:
            print(f"{len(results)} finding(s).", file=sys.stderr)
    return EXIT_FINDINGS if results else EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    try:
        return scan_command(arguments)
    except InputError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
