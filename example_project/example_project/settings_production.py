"""Production settings for the wagtail-coc demo: an example to copy, with every secret taken
from the environment. ``python manage.py check --deploy`` is clean with it (a test runs it).

Environment:
    DJANGO_SECRET_KEY            a long random string (never the demo's)
    DJANGO_ALLOWED_HOSTS         comma-separated host names, e.g. conduct.example.org
    DATABASE_URL                 e.g. postgres://user:password@db.internal:5432/wagtail_coc
    WAGTAIL_COC_ENCRYPTION_KEYS  comma-separated Fernet keys, newest first
    WAGTAILADMIN_BASE_URL        e.g. https://conduct.example.org
    DJANGO_MEDIA_ROOT            where uploaded images and documents live (optional)
    DJANGO_HSTS_SECONDS          HSTS max-age (optional, default one year)

The site sits behind a proxy (nginx, a load balancer) that terminates TLS and sets
``X-Forwarded-Proto``; static files are served by WhiteNoise, media files by the web server.
"""

import os

# Read before the demo settings load, so they never fall back to the demo's public key.
os.environ.setdefault("DJANGO_DEBUG", "0")

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from example_project.settings import *  # noqa: F403
from example_project.settings import MIDDLEWARE


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (settings_production).")
    return value


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in env("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS]
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")

DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=600)}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The register's keys: from the environment only; no fallback, ever.
WAGTAIL_COC_ENCRYPTION_KEYS = env("WAGTAIL_COC_ENCRYPTION_KEYS").split(",")

# HTTPS behind a proxy that terminates TLS and says so in X-Forwarded-Proto. Only set this when
# the proxy always overwrites that header, or anyone can claim to be on HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# HSTS: start low (e.g. 300) on a new domain, raise to a year once HTTPS works everywhere.
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing frames the site; Wagtail's preview views allow their own same-origin frame.
X_FRAME_OPTIONS = "DENY"

# Static files through WhiteNoise (compressed, with hashed names cached forever): run
# `manage.py collectstatic` at deploy. Media files (uploads) are served by the web server from
# MEDIA_ROOT, or swap the "default" storage for object storage (django-storages).
MIDDLEWARE = [
    MIDDLEWARE[0],  # SecurityMiddleware
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media"))  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
