"""Test settings: the demo project's, with a throwaway media folder and fast hashing.

Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:54329/postgres) to run on PostgreSQL.
"""

import tempfile

from example_project.settings import *  # noqa: F403

DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["NAME"] = ":memory:"  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="wagtail-coc-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# A fixed, public key: test data only.
WAGTAIL_COC_ENCRYPTION_KEYS = ["u1LNSw-iEJUS1oeg0EkTn2-IEJYqztkhaDhSKhCfgrE="]

# The ORM task backend's tables, for the one test that runs casework's tasks in its worker
# (tests/casework/test_tasks_worker.py); every other test runs tasks at once (no TASKS).
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
