"""Settings for the wagtail-coc demo site. Not for production: DEBUG is on and the key is public.

Production settings build on these: see ``settings_production.py``.
"""

import os
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-not-a-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# `make demo DEMO_ADDRESS=192.168.1.20:8000` serves the demo at another address.
_demo_host = os.environ.get("DEMO_ADDRESS", "").rpartition(":")[0].strip("[]")
if _demo_host:
    ALLOWED_HOSTS.append(_demo_host)

INSTALLED_APPS = [
    "home",
    # Each capability is an app; transparency must come before "wagtail" (its
    # publish_scheduled command keeps reports with sensitive data unpublished).
    "wagtail_coc",
    "wagtail_coc.transparency",
    "wagtail_coc.acceptance",
    "wagtail_coc.signage",
    "wagtail_coc.casework",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.forms",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# In the order Django's documentation recommends: SecurityMiddleware first, so its redirects
# and headers apply to every response; LocaleMiddleware after sessions, before CommonMiddleware.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "example_project.wsgi.application"

# Incident report attachments (up to 10 MB) stay in memory until they are cleaned and encrypted,
# never in a temporary file (wagtail_coc.W401).
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail keeps its search index in PostgreSQL's own types, which Django 6.1 checks for.
    INSTALLED_APPS.append("django.contrib.postgres")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                # Overwrite deleted content, so a name redacted from page history leaves no
                # trace in the file.
                "PRAGMA secure_delete = ON;"
                # Readers never wait for the writer (Wagtail's autosave runs next to publishing).
                # Old page versions sit in the -wal file until the next checkpoint.
                "PRAGMA journal_mode = WAL;"
                "PRAGMA synchronous = NORMAL;"
            ),
            # Take the write lock when a transaction starts, so two writers queue instead of
            # one failing with "database is locked" halfway through; wait up to 20 s for it.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
# Content in English and French: editors translate pages and snippets with "Translate"
# (wagtail.contrib.simple_translation); French pages live under /fr/.
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "Français")]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "PyHarbour Conf 2027"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The region used to read national phone numbers typed without a country code.
WAGTAIL_COC_DEFAULT_REGION = "US"

# Keys that encrypt the protected names register (comma-separated in the environment; the
# first encrypts, all decrypt). Real sites set the environment variable. Only a DEBUG demo
# falls back to the public key below, and says so: anything encrypted with it is readable by
# anyone. Without DEBUG and without the variable there is no key, and `manage.py check` fails.
DEMO_ENCRYPTION_KEY = "As05lyMKxcnaaTu-jg6quCE8thFmvT2dLDIwmIpsP1Y="
if os.environ.get("WAGTAIL_COC_ENCRYPTION_KEYS"):
    WAGTAIL_COC_ENCRYPTION_KEYS = os.environ["WAGTAIL_COC_ENCRYPTION_KEYS"].split(",")
elif DEBUG:
    warnings.warn(
        "WAGTAIL_COC_ENCRYPTION_KEYS is not set: the demo encrypts the protected names register "
        "with its PUBLIC demo key. Never use this outside the demo.",
        stacklevel=1,
    )
    WAGTAIL_COC_ENCRYPTION_KEYS = [DEMO_ENCRYPTION_KEY]
else:
    WAGTAIL_COC_ENCRYPTION_KEYS = []
# The group whose members may see and edit the protected names register.
WAGTAIL_COC_TEAM_GROUP = "CoC team"
# Members of this group review transparency reports and may dismiss false positives found
# by the sensitive data scan (see wagtail_coc.transparency.workflows).
WAGTAIL_COC_REVIEWERS_GROUP = "CoC reviewers"

# wagtail-coc's pages extend the site's own base template (templates/base.html).
WAGTAIL_COC_BASE_TEMPLATE = "base.html"
