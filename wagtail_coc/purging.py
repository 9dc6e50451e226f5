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
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation
from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import PageViewRestriction, ReferenceIndex, Site

from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.caching import DRAFT_FIELDS
from wagtail_coc.models import (
    CoCSettings,
    CoCTeam,
    CommitteeMember,
    EmergencyInfo,
    EmergencyNumber,
    ShortVersion,
)

PURGE_URLS_HOOK = "register_coc_purge_urls"
# Which CoCSettings default shows each snippet model.
_DEFAULT_FIELDS = {CoCTeam: "default_team", EmergencyInfo: "default_emergency_info"}
_API_ENDPOINTS = {
    CoCTeam: "coc-teams",
    EmergencyInfo: "coc-emergency-info",
    ShortVersion: "coc-short-versions",
}


def _translations(obj):
    """``obj`` and its translations; ``obj`` itself even when it has just been deleted."""
    return [obj, *obj.get_translations()] if hasattr(obj, "translation_key") else [obj]


def _site_pages(site_ids) -> set[Page]:
    pages = set()
    for site in Site.objects.filter(pk__in=site_ids).select_related("root_page"):
        pages.update(site.root_page.get_descendants(inclusive=True).live())
    return pages


def pages_showing(obj) -> list[Page]:
    """Live pages that show ``obj`` or one of its translations; for a site's Code of
    Conduct settings, every page of the site (its templates may show the defaults)."""
    if isinstance(obj, CoCSettings):
        return sorted(_site_pages([obj.site_id]), key=lambda page: page.pk)
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
        pages.update(_site_pages(site_ids))
    return sorted(pages, key=lambda page: page.pk)


def _api_paths(obj, pages) -> list[str]:
    endpoint = _API_ENDPOINTS.get(type(obj))
    wanted = [(endpoint, item.pk) for item in _translations(obj)] if endpoint else []
    wanted += [("pages", page.pk) for page in pages]
    paths = []
    for namespace in sorted(get_resolver().namespace_dict):
        try:
            reverse(f"{namespace}:coc-teams:listing")
        except NoReverseMatch:
            continue  # not an API router the site gave ``register_endpoints``
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
    _purge(*urls_showing(obj))


def _purge(pages, urls) -> None:
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


def _purge_after_commit(objects=(), *, found=None) -> None:
    """Purge once per object when the transaction commits, however often it changed.

    ``found`` maps keys to pages and URLs worked out already: a deletion must find what
    showed the object before the database forgets the references. Every change registers a
    callback and the first to run purges everything pending, so a rolled-back transaction
    leaves nothing stuck: its objects go with the next commit.
    """
    pending = transaction.get_connection().__dict__.setdefault("_wagtail_coc_purges", {})
    for obj in objects:
        # A copy keeps the primary key Django clears on a deleted instance.
        pending.setdefault((type(obj), obj.pk), copy.copy(obj))
    pending.update(found or {})
    # Runs at once outside a transaction, after the commit inside one.
    transaction.on_commit(lambda: [_purge_pending(item) for item in _take(pending)])


def _purge_pending(item) -> None:
    if isinstance(item, tuple):
        _purge(*item)
    else:
        purge(item)


def _take(pending: dict) -> list:
    items = list(pending.values())
    pending.clear()
    return items


def _changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    shown = _shown_object(instance)
    if shown is not None:
        _purge_after_commit([shown])


def _deleting(sender, instance, **kwargs):
    """Before a team, emergency information or short version goes, while pages and the
    site's settings still refer to it."""
    _purge_after_commit(found={("deleted", type(instance), instance.pk): urls_showing(instance)})


def _restricted(sender, instance, **kwargs):
    """A page put behind (or freed from) a login or password: front caches must not keep
    the copy they were allowed to keep."""
    pages = instance.page.get_descendants(inclusive=True).live()
    _purge_after_commit(found={("restriction", instance.pk): (list(pages), [])})


def connect_receivers() -> None:
    for model in (CoCTeam, CommitteeMember, EmergencyInfo, EmergencyNumber, ShortVersion):
        post_save.connect(_changed, sender=model, dispatch_uid=f"coc-purge-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"coc-purge-delete-{model}")
    for model in (CoCTeam, EmergencyInfo, ShortVersion):
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"coc-purge-deleting-{model}")
    post_save.connect(_changed, sender=CoCSettings, dispatch_uid="coc-purge-settings")
    for signal in (post_save, post_delete):
        signal.connect(_restricted, sender=PageViewRestriction, dispatch_uid=f"coc-{signal}")
