"""Purge every cached URL that shows a team, emergency information or a short version.

Wagtail's frontend cache (``wagtail.contrib.frontend_cache``) purges a page when the page is
published; nothing purges the pages that merely *show* a snippet. A changed hotline must
reach every cached page at once, so when one of these snippets changes (published, saved in
code, unpublished or deleted) this module purges:

- the pages that choose it in a field or embed it in a block (Wagtail's reference index,
  for the snippet and each of its translations: a translated page shows the translation
  of the snippet its original chose);
- every live page of a site whose Code of Conduct settings name it as a default, since a
  site's templates may show the defaults anywhere (``{% coc_team %}`` in a footer);
- the read-only API's detail URLs of the snippet and of those pages, in every API router
  the site registered them with;
- URLs other apps register under the ``register_coc_purge_urls`` hook (the signage app's
  slides, posters and badges).

Purging waits for the transaction to commit, so a cache never refetches the old content.
"""

import copy

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation
from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, ReferenceIndex, Site

from wagtail_coc.models import (
    CoCSettings,
    CoCTeam,
    CommitteeMember,
    EmergencyInfo,
    EmergencyNumber,
    ShortVersion,
)

PURGE_URLS_HOOK = "register_coc_purge_urls"
# Fields a draft, a lock or a workflow writes: they change nothing a visitor sees.
_BOOKKEEPING_FIELDS = {
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}
# Which CoCSettings default shows each snippet model.
_DEFAULT_FIELDS = {CoCTeam: "default_team", EmergencyInfo: "default_emergency_info"}
_API_ENDPOINTS = {
    CoCTeam: "coc-teams",
    EmergencyInfo: "coc-emergency-info",
    ShortVersion: "coc-short-versions",
}


def _translations(obj):
    """``obj`` and its translations; ``obj`` itself even when it has just been deleted."""
    return [obj, *obj.get_translations()]


def pages_showing(obj) -> list[Page]:
    """Live pages that show ``obj`` or one of its translations."""
    objects = _translations(obj)
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = set(
        ReferenceIndex.get_references_to_in_bulk(objects)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    pages = set(Page.objects.live().filter(pk__in={int(pk) for pk in page_ids}))
    default_field = _DEFAULT_FIELDS.get(type(obj))
    if default_field:
        site_ids = CoCSettings.objects.filter(**{f"{default_field}__in": objects}).values("site")
        for site in Site.objects.filter(pk__in=site_ids).select_related("root_page"):
            pages.update(site.root_page.get_descendants(inclusive=True).live())
    return sorted(pages, key=lambda page: page.pk)


def _api_paths(obj, pages) -> list[str]:
    wanted = [(_API_ENDPOINTS[type(obj)], item.pk) for item in _translations(obj)]
    wanted += [("pages", page.pk) for page in pages]
    paths = []
    # Any URL namespace may be an API router the site gave ``register_endpoints``.
    for namespace in sorted(get_resolver().namespace_dict):
        for endpoint, pk in wanted:
            try:
                paths.append(reverse(f"{namespace}:{endpoint}:detail", args=[pk]))
            except NoReverseMatch:
                continue
    return paths


def urls_showing(obj) -> tuple[list[Page], list[str]]:
    """The pages and the other absolute URLs that show ``obj``."""
    pages = pages_showing(obj)
    paths = _api_paths(obj, pages)
    for hook in hooks.get_hooks(PURGE_URLS_HOOK):
        paths += hook(obj)
    roots = [site.root_url for site in Site.objects.all()]
    return pages, sorted({root + path for root in roots for path in paths})


def purge(obj) -> None:
    pages, urls = urls_showing(obj)
    batch = PurgeBatch(urls)
    batch.add_pages(pages)
    batch.purge()


def paths_in_every_language(name: str, args) -> list[str]:
    """``reverse(name)`` under each of the site's languages (i18n URL prefixes differ)."""
    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse(name, args=args))
    return sorted(paths)


def _shown_object(instance):
    if isinstance(instance, CommitteeMember):
        return instance.team
    if isinstance(instance, EmergencyNumber):
        return instance.info
    return instance


def _purge_after_commit(objects) -> None:
    """Purge once per object when the transaction commits, however often it changed.

    Every change registers a callback and the first to run purges everything pending, so a
    rolled-back transaction leaves nothing stuck: its objects go with the next commit.
    """
    pending = transaction.get_connection().__dict__.setdefault("_wagtail_coc_purges", {})
    for obj in objects:
        # A copy keeps the primary key Django clears on a deleted instance.
        pending[(type(obj), obj.pk)] = copy.copy(obj)
    # Runs at once outside a transaction, after the commit inside one.
    transaction.on_commit(lambda: [purge(obj) for obj in _take(pending)])


def _take(pending: dict) -> list:
    objects = list(pending.values())
    pending.clear()
    return objects


def _changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) - _BOOKKEEPING_FIELDS:
        return
    if isinstance(instance, CoCSettings):
        shown = [getattr(instance, field) for field in _DEFAULT_FIELDS.values()]
    else:
        shown = [_shown_object(instance)]
    _purge_after_commit([obj for obj in shown if obj is not None])


def connect_receivers() -> None:
    for model in (CoCTeam, CommitteeMember, EmergencyInfo, EmergencyNumber, ShortVersion):
        post_save.connect(_changed, sender=model, dispatch_uid=f"coc-purge-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"coc-purge-delete-{model}")
    post_save.connect(_changed, sender=CoCSettings, dispatch_uid="coc-purge-settings")
