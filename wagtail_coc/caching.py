"""Cached markup that is never stale: keys change whenever anything they show changes.

A rendered Code of Conduct page body or team roster is cached under a key made of what it
shows (the page's live revision, the team, the heading level, the language) plus two
versions:

- the *content version*, a number in the cache that moves on every save or deletion of
  anything such markup can show: teams and members, emergency information and numbers,
  short versions, the site's Code of Conduct settings, images, documents, sites (their
  hostnames are in links), and pages (a rich-text link shows the linked page's URL and
  title), except saves that only record a draft;
- the *template version*, a digest of the package's templates as this process resolves
  them (including a site's overrides), so a deploy that changes a template changes every
  key.

Moving the content version orphans every old key at once; the cache's own eviction removes
them. This trades a little memory for never having to find every page a change affects.
"""

import functools
import hashlib
from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.template import engines
from django.template.exceptions import TemplateDoesNotExist
from django.utils.crypto import get_random_string
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from wagtail_coc.base_page import BasePage as Page

CONTENT_VERSION_KEY = "wagtail_coc:content-version"
# Models of the core whose rows cached markup shows.
SHOWN_MODELS = (
    "CoCTeam",
    "CommitteeMember",
    "EmergencyInfo",
    "EmergencyNumber",
    "ShortVersion",
    "CoCSettings",
)


def content_version() -> str:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = get_random_string(12)
        # add() keeps a version another process set in the meantime.
        if not cache.add(CONTENT_VERSION_KEY, version, timeout=None):
            version = cache.get(CONTENT_VERSION_KEY) or version
    return version


def content_changed(**kwargs) -> None:
    """Receiver: anything cached markup may show was saved or deleted."""
    cache.set(CONTENT_VERSION_KEY, get_random_string(12), timeout=None)


# Fields a page's draft, lock or workflow writes: what visitors see does not change.
DRAFT_FIELDS = frozenset(
    "latest_revision has_unpublished_changes draft_title locked locked_at locked_by".split()
)


def page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """Receiver: a page was saved; only a draft's bookkeeping leaves visitors' view alone."""
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    content_changed()


@functools.cache
def template_version() -> str:
    """Digest of every package template as resolved now (site overrides included).

    Computed once per process: Django's cached template loader does not see template edits
    without a restart either.
    """
    digest = hashlib.sha256()
    engine = engines["django"].engine
    package = Path(apps.get_app_config("wagtail_coc").path).parent
    for path in sorted(package.glob("**/templates/wagtail_coc/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        try:
            template = engine.get_template(name)
        except TemplateDoesNotExist:
            continue
        digest.update(name.encode())
        digest.update(template.source.encode())
    return digest.hexdigest()[:16]


def fragment_key(kind: str, *parts) -> str:
    key = ":".join(str(part) for part in (kind, *parts, content_version(), template_version()))
    return "wagtail_coc:fragment:" + hashlib.sha256(key.encode()).hexdigest()


def cached_fragment(kind: str, parts, render) -> str:
    """``render()``'s markup, cached under ``kind`` and ``parts`` plus both versions."""
    key = fragment_key(kind, *parts)
    markup = cache.get(key)
    if markup is None:
        markup = render()
        cache.set(key, markup, timeout=None)
    return markup


def connect_receivers() -> None:
    senders = [apps.get_model("wagtail_coc", name) for name in SHOWN_MODELS]
    senders += [get_image_model(), get_document_model(), Site]
    for sender in senders:
        post_save.connect(content_changed, sender=sender, dispatch_uid=f"coc-save-{sender}")
        post_delete.connect(content_changed, sender=sender, dispatch_uid=f"coc-del-{sender}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"coc-{id(signal)}")
    # Every page model is its own sender: listen to all saves, keep pages.
    post_save.connect(page_saved, dispatch_uid="coc-page-save")
