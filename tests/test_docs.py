"""The documentation keeps up with the code: README's installation snippets are the adoption
test's, and every setting, template and management command has its entry in ``docs/``."""

import inspect
import re
import tomllib
from pathlib import Path

import pytest

import wagtail_coc
from wagtail_coc import conf

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = sorted((DOCS / "snippets").iterdir())


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda path: path.name)
def test_readme_shows_each_installation_snippet_exactly(snippet):
    assert snippet.read_text().rstrip() in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda path: path.name)
def test_installation_docs_include_each_snippet(snippet):
    assert f'--8<-- "docs/snippets/{snippet.name}"' in (DOCS / "installation.md").read_text()


def test_the_adoption_test_applies_every_snippet():
    script = (ROOT / ".ci" / "adoption").read_text()
    for snippet in SNIPPETS:
        assert f"docs/snippets/{snippet.name}" in script


def test_every_setting_in_conf_is_documented():
    settings_doc = (DOCS / "settings.md").read_text()
    functions = [
        name
        for name, member in inspect.getmembers(conf, inspect.isfunction)
        if member.__module__ == conf.__name__ and not name.startswith("_")
    ]
    assert len(functions) >= 7
    for name in functions:
        assert f"`conf.{name}()`" in settings_doc, name
    for setting in set(re.findall(r"WAGTAIL_COC_[A-Z_]+", inspect.getsource(conf))):
        assert f"## `{setting}`" in settings_doc, setting


def test_every_template_is_documented():
    templates_doc = (DOCS / "templates.md").read_text()
    templates = [
        str(path.relative_to(folder))
        for folder in (ROOT / "wagtail_coc").rglob("templates")
        for path in folder.rglob("*.html")
    ]
    assert len(templates) > 30
    for template in templates:
        name = template.removeprefix("wagtail_coc/")
        assert (
            f"`{template}`" in templates_doc
            or f"`{name}`" in templates_doc
            or (name.startswith("previews/") and f"`previews/{Path(name).name}`" in templates_doc)
        ), template


def test_every_management_command_is_documented():
    commands_doc = (DOCS / "commands.md").read_text()
    for command in (ROOT / "wagtail_coc").rglob("management/commands/*.py"):
        if command.name != "__init__.py":
            assert f"## `{command.stem}`" in commands_doc, command.stem


def test_version_is_in_one_place_and_in_the_changelog():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "wagtail_coc.__version__"
    }
    assert f"## [{wagtail_coc.__version__}]" in (ROOT / "CHANGELOG.md").read_text()


def test_pypi_description_starts_with_what_it_is_and_how_to_install():
    text = (ROOT / "PYPI.md").read_text()
    assert text.index("pip install wagtail-coc") < text.index("## What you get")
    assert "make demo" not in text
