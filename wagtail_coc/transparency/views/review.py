"""Admin view for CoC reviewers: a page's sensitive data findings, and dismissing one.

Findings are listed by location and kind with the surrounding text masked; the matched text
is never sent to the browser. Only members of the reviewers group
(``WAGTAIL_COC_REVIEWERS_GROUP``, default "CoC reviewers") may see the list or dismiss, on
every request, whatever other permissions they hold.
"""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter, log

from wagtail_coc.models.base_page import BasePage
from wagtail_coc.transparency.models import FindingDismissal
from wagtail_coc.transparency.permissions import is_coc_reviewer
from wagtail_coc.transparency.scan.findings import (
    build_scanner,
    dismissal_for,
    dismissed_fingerprints,
    scan_object,
    site_for,
)
from wagtail_coc.transparency.scan.redaction import redact

logger = logging.getLogger(__name__)


class DismissFindingForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is this a false positive?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with your name and the time. Do not repeat the text found."),
    )

    def __init__(self, *args, site=None, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        # The reason is stored in the clear: it must not carry a protected name itself (the
        # reviewer is asked to rewrite it), and a reporter's email address or phone number in
        # it is masked before it is stored, or logged.
        scanner = build_scanner(self.site)
        if any(f.kind == "name" for f in scanner.scan(reason, html=False)):
            raise forms.ValidationError(
                _("The reason contains a protected name. Describe the false positive without it.")
            )
        return redact(reason, scanner)


class FindingsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_coc/transparency/review/findings.html"
    page_title = _("Sensitive data findings")
    header_icon = "warning"

    def dispatch(self, request, page_id):
        if not is_coc_reviewer(request.user):
            raise PermissionDenied
        self.page = get_object_or_404(BasePage, pk=page_id).specific
        if not getattr(self.page, "scanned_before_publishing", False):
            raise Http404
        self.revision = self.page.get_latest_revision()
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.page_title},
        ]

    def findings(self):
        if self.revision is None:
            return []
        obj = self.revision.as_object()
        dismissals = dismissed_fingerprints(self.revision)
        return [
            (found, dismissal_for(found, dismissals))
            for found in scan_object(obj, revision=self.revision, site=site_for(obj))
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invalid = kwargs.get("form")
        rows = []
        for index, (found, dismissal) in enumerate(self.findings(), start=1):
            if invalid is not None and invalid.data.get("fingerprint") == found.fingerprint:
                form = invalid
            else:
                form = DismissFindingForm(
                    initial={"revision": self.revision.pk, "fingerprint": found.fingerprint},
                    auto_id=f"id_finding_{index}_%s",
                )
            rows.append({"finding": found, "dismissal": dismissal, "form": form})
        context.update(
            page=self.page,
            revision=self.revision,
            rows=rows,
            open_count=sum(1 for row in rows if row["dismissal"] is None),
            refused=self.request.GET.get("refused") == "approval",
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context

    def post(self, request, page_id):
        form = DismissFindingForm(request.POST, site=site_for(self.page), auto_id="id_invalid_%s")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if self.revision is None or form.cleaned_data["revision"] != self.revision.pk:
            messages.error(
                request,
                _("The page was edited meanwhile: review the findings of the latest revision."),
            )
            return redirect(request.path)
        found = next(
            (
                found
                for found, _dismissal in self.findings()
                if found.fingerprint == form.cleaned_data["fingerprint"]
            ),
            None,
        )
        if found is None:
            messages.error(request, _("This finding is no longer in the latest revision."))
            return redirect(request.path)
        try:
            with transaction.atomic():
                dismissal = FindingDismissal.objects.create(
                    revision=self.revision,
                    fingerprint=found.fingerprint,
                    location=found.label[:255],
                    kind=found.kind,
                    reason=form.cleaned_data["reason"],
                    dismissed_by=request.user,
                )
        except IntegrityError:
            messages.info(request, _("This finding was already dismissed."))
            return redirect(request.path)
        log(
            instance=self.page,
            action="wagtail_coc.dismiss_finding",
            user=request.user,
            revision=self.revision,
            data={"location": found.label, "kind": found.kind_label, "reason": dismissal.reason},
        )
        logger.info(
            "Finding dismissed on page id=%s revision id=%s by user id=%s: %s",
            self.page.pk,
            self.revision.pk,
            request.user.pk,
            found.describe(),
        )
        messages.success(
            request,
            _("Dismissed as a false positive: %(finding)s.") % {"finding": found.describe()},
        )
        return redirect(request.path)


class DismissFindingLogFormatter(LogFormatter):
    label = _("Dismiss sensitive data finding")

    def format_message(self, log_entry):
        data = log_entry.data
        return _("Dismissed a %(kind)s in %(location)s as a false positive: %(reason)s") % {
            "kind": data.get("kind", ""),
            "location": data.get("location", ""),
            "reason": data.get("reason", ""),
        }


def get_urls():
    return [
        path(
            "coc/review/<int:page_id>/findings/",
            FindingsView.as_view(),
            name="findings",
        )
    ]


def findings_button(page, user, view_name, next_url=None):
    if getattr(page.specific_deferred, "scanned_before_publishing", False) and is_coc_reviewer(
        user
    ):
        yield Button(
            _("Sensitive data findings"),
            reverse("wagtail_coc_review:findings", args=[page.pk]),
            icon_name="warning",
            priority=80,
        )
