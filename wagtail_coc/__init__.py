"""wagtail-coc: Code of Conduct pages, teams, emergency information and transparency reports
for Wagtail event sites.

Kept free of Django imports: ``pyproject.toml`` reads ``__version__`` from here at build time.
"""

__version__ = "0.1.0"
