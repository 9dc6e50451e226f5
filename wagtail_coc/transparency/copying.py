"""Copies, aliases and translations of the app's pages, on every path Wagtail takes.

``ScannedPageMixin.copy()``, ``create_alias()`` and ``copy_for_translation()`` only run when
the page itself is copied through its specific class. Wagtail copies subpages (the admin's
"copy subpages", ``Page.copy(recursive=True)``), aliases subtrees, and translates subtrees
("include subpages") through ``CopyPageAction._copy_page`` and
``CreatePageAliasAction._create_alias``, often with plain ``Page`` instances. Those two
methods are the places every copy passes, so the rules are applied there (``install()``, from
the app's ``ready()``):

* only the Code of Conduct team and reviewers copy or alias a page of the app (the acting user
  is the action's, or Wagtail's log context's, which every admin view sets);
* a page that holds findings, or whose history does, is never copied;
* a copy never carries the page's revisions.

Translating a subtree skips the app's pages its user may not copy (they stay untranslated),
so translating the home page with its subpages works for everyone and copies no report for
someone outside the team.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.log_actions import get_active_log_context
from wagtail.signals import copy_for_translation_done

from wagtail_coc.transparency.permissions import may_handle_reports
from wagtail_coc.transparency.scan.guards import (
    COPY_REFUSED,
    holds_copy_findings,
    refuse_copying,
)

COPY_OUTSIDE_TEAM = _(
    "Not copied: pages of the transparency app are copied, aliased and translated by the "
    "Code of Conduct team and reviewers only."
)


def _is_scanned(page) -> bool:
    return getattr(page.specific_deferred, "scanned_before_publishing", False)


def _acting_user(user):
    return user if user is not None else get_active_log_context().user


def may_copy(user, page) -> bool:
    """Whether ``user`` (None: code, outside any admin view) may copy pages of the app."""
    user = _acting_user(user)
    return user is None or may_handle_reports(user)


def subtree_refused_to(user, page) -> bool:
    """Whether ``page`` or a page below it belongs to the app and ``user`` may not copy it."""
    if may_copy(user, page):
        return False
    return any(_is_scanned(candidate) for candidate in page.get_descendants(inclusive=True))


def _refuse(page, user) -> None:
    if not may_copy(user, page):
        raise PermissionDenied(str(COPY_OUTSIDE_TEAM))
    refuse_copying(page.specific)


def install() -> None:
    """Wrap Wagtail's copy and alias actions once; see the module's docstring."""
    if getattr(CopyPageAction, "_wagtail_coc_guarded", False):
        return
    copy_page = CopyPageAction._copy_page
    create_alias = CreatePageAliasAction._create_alias

    def guarded_copy_page(self, page, *args, **kwargs):
        if not _is_scanned(page):
            return copy_page(self, page, *args, **kwargs)
        _refuse(page, self.user)
        copy_revisions, self.copy_revisions = self.copy_revisions, False
        try:
            return copy_page(self, page, *args, **kwargs)
        finally:
            self.copy_revisions = copy_revisions

    def guarded_create_alias(self, page, *args, **kwargs):
        if _is_scanned(page):
            _refuse(page, kwargs.get("user") or self.user)
        return create_alias(self, page, *args, **kwargs)

    def guarded_walk(self, current_page):
        # Wagtail's walk, skipping the app's pages this user may not copy, and their subpages.
        for child_page in current_page.get_children():
            if _is_scanned(child_page) and (
                not may_copy(self.user, child_page) or holds_copy_findings(child_page.specific)
            ):
                continue
            translated_page = self._copy_for_translation(
                child_page if child_page.live else child_page.get_latest_revision_as_object(),
                self.locale,
                self.copy_parents,
                self.alias,
                self.exclude_fields,
            )
            copy_for_translation_done.send(
                sender=self.__class__,
                source_obj=child_page.specific,
                target_obj=translated_page,
            )
            self.walk(child_page)

    translate = CopyPageForTranslationAction.execute

    def guarded_translate(self, *args, **kwargs):
        # The translation views catch nothing: a refusal of the page itself is a 403 with the
        # reason, not a server error.
        try:
            return translate(self, *args, **kwargs)
        except ValidationError as error:
            if getattr(error, "code", None) != "sensitive_data":
                raise
            raise PermissionDenied(str(COPY_REFUSED)) from error

    CopyPageForTranslationAction.execute = guarded_translate
    CopyPageAction._copy_page = guarded_copy_page
    CreatePageAliasAction._create_alias = guarded_create_alias
    CopyPageForTranslationAction.walk = guarded_walk
    CopyPageAction._wagtail_coc_guarded = True


def refuse_copying_sensitive_data(request, page):
    """``before_copy_page``: the admin copy view, with or without subpages, and aliases."""
    if subtree_refused_to(request.user, page):
        # The same answer whatever the pages hold: no oracle on the register.
        messages.error(request, COPY_OUTSIDE_TEAM)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    if holds_copy_findings(page.specific, recursive=True):
        messages.error(request, COPY_REFUSED)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
