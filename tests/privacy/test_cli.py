"""``python -m wagtail_coc.privacy scan``, run as a separate process without Django settings."""

import json
import os
import subprocess
import sys

import pytest

PAGE = """<!DOCTYPE html>
<html><body>
<p>Questions? Ask <b>Anna</b> Kowalska or write to coc@pycon.example.</p>
</body></html>
"""


def run(tmp_path, *arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")
    }
    return subprocess.run(
        [sys.executable, "-m", "wagtail_coc.privacy", *arguments],
        input=stdin,
        capture_output=True,
        cwd=tmp_path,
        env=environment,
        timeout=60,
        check=False,
    )


@pytest.fixture
def names_file(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text(
        "# CoC team, confidential\n\nAnna Kowalska\n   \n"
        "  # Ben Nowak is public\n  Cara Lindqvist  \n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_runs_without_django(tmp_path):
    code = (
        "import sys\n"
        "import wagtail_coc.privacy.__main__\n"
        "from wagtail_coc.privacy import Scanner\n"
        "assert Scanner(names=['Anna Kowalska']).scan('<p>Anna Kowalska</p>')\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        cwd=tmp_path,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "[]"


def test_clean_page_exits_0(tmp_path, names_file):
    clean = tmp_path / "clean.html"
    clean.write_text("<p>Report an incident to the team.</p>", encoding="utf-8")
    result = run(tmp_path, "scan", "--names", str(names_file), str(clean))
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


def test_findings_exit_1_and_plain_report_hides_matched_text(tmp_path, names_file, page):
    result = run(tmp_path, "scan", "--names", str(names_file), str(page))
    assert result.returncode == 1
    line = PAGE.splitlines()[2]
    assert result.stdout.decode().splitlines() == [
        f"{page}: line 3, column {line.index('Anna') + 1}: protected name (name) in text",
        f"{page}: line 3, column {line.index('coc@') + 1}: email address (address) in text",
    ]
    assert b"Kowalska" not in result.stdout + result.stderr
    assert b"coc@" not in result.stdout + result.stderr


def test_json_lists_findings_with_matched_text(tmp_path, names_file, page):
    result = run(tmp_path, "scan", "--names", str(names_file), "--json", str(page))
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert [(item["kind"], item["matched"]) for item in findings] == [
        ("name", "Anna Kowalska"),
        ("email", "coc@pycon.example"),
    ]
    name = findings[0]
    assert name["path"] == str(page)
    column = PAGE.splitlines()[2].index("Anna") + 1
    assert (name["line"], name["column"], name["context"], name["rule"]) == (
        3,
        column,
        "text",
        "name",
    )
    assert PAGE[name["start"] : name["end"]] == "Anna</b> Kowalska"
    assert name["protected"] == [0]


def test_json_clean_prints_an_empty_list(tmp_path, page):
    result = run(tmp_path, "scan", "--json", "--allow", "coc@pycon.example", str(page))
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_stdin(tmp_path, names_file):
    result = run(
        tmp_path,
        "scan",
        "--names",
        str(names_file),
        "--json",
        "-",
        stdin=b"Thanks, Cara Lindqvist!",
    )
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)
    assert (finding["path"], finding["matched"]) == ("-", "Cara Lindqvist")


def test_names_file_comments_and_blank_lines_are_ignored(tmp_path, names_file):
    result = run(
        tmp_path,
        "scan",
        "--names",
        str(names_file),
        "--json",
        "-",
        stdin=b"Ben Nowak and Cara Lindqvist",
    )
    assert [item["matched"] for item in json.loads(result.stdout)] == ["Cara Lindqvist"]


def test_repeated_allow_values(tmp_path):
    text = b"Write to coc@pycon.example or call the hotline on +1 (415) 555-0199."
    flagged = run(tmp_path, "scan", "--json", "-", stdin=text)
    assert [item["kind"] for item in json.loads(flagged.stdout)] == ["email", "phone"]
    allowed = run(
        tmp_path, "scan", "--allow", "COC@pycon.example", "--allow", "415-555-0199", "-", stdin=text
    )
    assert (allowed.returncode, allowed.stdout) == (0, b"")


def test_region_reads_national_numbers(tmp_path):
    text = b"Call Anna on 020 7946 0958."
    assert run(tmp_path, "scan", "-", stdin=text).returncode == 0
    assert run(tmp_path, "scan", "--region", "gb", "-", stdin=text).returncode == 1


@pytest.mark.parametrize(
    "arguments",
    [["--region", "us", "--region", "GB"], ["--regions", "US,GB"], ["--region", "us, gb"]],
)
def test_several_regions(tmp_path, arguments):
    text = b"Call 020 7946 0958 or (415) 555-0100."
    result = run(tmp_path, "scan", *arguments, "--json", "-", stdin=text)
    assert [item["matched"] for item in json.loads(result.stdout)] == [
        "020 7946 0958",
        "(415) 555-0100",
    ]


def test_missing_file_exits_2_with_a_clear_message(tmp_path, page):
    missing = tmp_path / "missing.html"
    result = run(tmp_path, "scan", str(page), str(missing))
    assert result.returncode == 2
    assert result.stdout == b""
    assert f"cannot read {missing}: No such file or directory" in result.stderr.decode()


def test_missing_names_file_exits_2(tmp_path, page):
    result = run(tmp_path, "scan", "--names", "nope.txt", str(page))
    assert result.returncode == 2
    assert "cannot read nope.txt" in result.stderr.decode()


def test_file_that_is_not_utf8_exits_2(tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Łódź".encode("utf-16"))
    result = run(tmp_path, "scan", str(latin1))
    assert result.returncode == 2
    assert "is not valid UTF-8" in result.stderr.decode()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["scan", "--region", "XX", "-"], "Unknown region 'XX'"),
        (["scan", "--regions", "GB,XX", "-"], "Unknown region 'XX'"),
        (["scan", "--allow", "the hotline", "-"], "neither an email address nor a phone number"),
        (["scan"], "the following arguments are required: PATH"),
        (["inspect", "-"], "invalid choice: 'inspect'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(tmp_path, arguments, message):
    result = run(tmp_path, *arguments, stdin=b"")
    assert result.returncode == 2
    assert message in result.stderr.decode()
