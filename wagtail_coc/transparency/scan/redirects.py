"""Redirects that keep an old URL of a page of the app: none may hold a finding.

``wagtail.contrib.redirects`` keeps the old path of a live page whose slug changed or that
moved, descendants included. The slug is checked on every save, but a name registered
*after* publication is in the slug (and so in the redirect's ``old_path``) already: editors
outside the team read it in Settings > Redirects, and anyone can test a guessed slug (a
redirect answers 301 where a path never used answers 404). Redirects to a page of the app, or
to a page below one, whose old path holds a finding are deleted when they are created
(``page_slug_changed``, ``post_page_move``), when a clean version is published, and when a
name is added to the register.
"""

from django.apps import apps

from wagtail_coc.transparency.scan.findings import build_scanner, site_for


def _path_text(path: str) -> str:
    # A path is words joined by slashes, hyphens and underscores; the scanner reads words.
    return " ".join(part for part in path.replace("-", "/").replace("_", "/").split("/") if part)


def forget_redirects(pages) -> int:
    """Delete redirects to any of ``pages`` (or below them) whose old path holds a finding."""
    if not apps.is_installed("wagtail.contrib.redirects"):
        return 0
    from wagtail.contrib.redirects.models import Redirect

    from wagtail_coc.base_page import BasePage as Page

    deleted = 0
    for page in pages:
        targets = Page.objects.descendant_of(page, inclusive=True)
        redirects = list(Redirect.objects.filter(redirect_page__in=targets).only("old_path"))
        if not redirects:
            continue
        scanner = build_scanner(site_for(page))
        doomed = [
            redirect.pk
            for redirect in redirects
            if scanner.scan(redirect.old_path, html=False)
            or scanner.scan(_path_text(redirect.old_path), html=False)
        ]
        if doomed:
            deleted += Redirect.objects.filter(pk__in=doomed).delete()[0]
    return deleted


def scanned_pages_at_or_above(page) -> list:
    """``page`` and its ancestors that are pages of the app, or pages of the app below it."""
    from wagtail_coc.base_page import BasePage as Page

    candidates = Page.objects.ancestor_of(page, inclusive=True) | Page.objects.descendant_of(page)
    return [
        candidate
        for candidate in candidates.specific()
        if getattr(candidate, "scanned_before_publishing", False)
    ]


def forget_redirects_after_url_change(sender=None, instance=None, **kwargs) -> None:
    """``page_slug_changed`` and ``post_page_move``: connected after the redirects app's own
    receivers (see ``signal_handlers``), so the redirects just created are checked too."""
    if instance is None:
        return
    forget_redirects(scanned_pages_at_or_above(instance))
