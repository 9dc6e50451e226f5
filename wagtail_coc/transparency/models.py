"""Transparency reports: what was reported at an event and how it was resolved.

Statistics are structured rows (category x outcome -> count) rather than prose, so the index
page can compare several years side by side, as the PSF guidelines recommend.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from wagtail_coc.models.base_page import BasePage
from wagtail_coc.models.layout import SiteLayoutMixin
from wagtail_coc.sanitise import (
    SanitisedRichTextField,
    SanitisedStreamField,
    TamperProofFormMixin,
)
from wagtail_coc.transparency.access_log import RegisterAccess
from wagtail_coc.transparency.dismissals import FindingDismissal
from wagtail_coc.transparency.permissions import ReportPermissionTester
from wagtail_coc.transparency.register import (
    ProtectedName,
    protected_names_for_page,
    protected_names_for_site,
)
from wagtail_coc.transparency.review import CoCReviewTask, SensitiveDataScanTask
from wagtail_coc.transparency.scan.guards import (
    SensitiveDataFormMixin,
    check_identifying_fields,
    guard_save,
    refuse_copying,
)
from wagtail_coc.transparency.workflows import (
    attach_review_workflow,
    ends_with_rescan,
    review_workflow,
)

__all__ = [
    "CoCReviewTask",
    "FindingDismissal",
    "ProtectedName",
    "RegisterAccess",
    "SensitiveDataScanTask",
    "TransparencyReportIndexPage",
    "TransparencyReportPage",
    "TransparencyStatistic",
    "protected_names_for_page",
    "protected_names_for_site",
]

HISTORY_YEARS = 5
TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class Category(models.TextChoices):
    HARASSMENT = "harassment", _("Harassment")
    SEXUAL_ATTENTION = "sexual_attention", _("Unwelcome sexual attention")
    LANGUAGE = "language", _("Inappropriate language or jokes")
    PHYSICAL_CONTACT = "physical_contact", _("Unwanted physical contact")
    PRIVACY = "privacy", _("Privacy breach")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    """The enforcement ladder, mildest first, then the outcomes that are not sanctions."""

    CORRECTION = "correction", _("Correction (informal conversation)")
    WARNING = "warning", _("Warning")
    TEMPORARY_BAN = "temporary_ban", _("Temporary removal or ban")
    PERMANENT_BAN = "permanent_ban", _("Permanent ban")
    NOT_A_VIOLATION = "not_a_violation", _("Not a violation")
    NO_ACTION = "no_action", _("No action")
    UNRESOLVED = "unresolved", _("Unresolved")


class ReportKind(models.TextChoices):
    FORMAL = "formal", _("Formal")
    INFORMAL = "informal", _("Informal")


class ReportSummaryBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind of report"), choices=ReportKind.choices, default=ReportKind.FORMAL
    )
    category = blocks.ChoiceBlock(label=_("Category"), choices=Category.choices)
    summary = blocks.TextBlock(
        label=_("Anonymised summary"),
        help_text=_(
            "What happened, without names, handles, talk titles, companies or any other "
            "detail that could identify the people involved."
        ),
    )
    outcome = blocks.ChoiceBlock(label=_("Outcome"), choices=Outcome.choices)
    resolution = blocks.TextBlock(
        label=_("Resolution"), required=False, help_text=_("How the team resolved it.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Report summary")
        template = "wagtail_coc/transparency/blocks/report_summary.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = _choice_label(ReportKind, value.get("kind"))
        context["category_label"] = _choice_label(Category, value.get("category"))
        context["outcome_label"] = _choice_label(Outcome, value.get("outcome"))
        return context


def _choice_label(choices, key):
    # Stored stream data may hold a choice that a later release renamed or removed.
    try:
        return choices(key).label
    except ValueError:
        return key


class ReportSummaries(blocks.StreamBlock):
    report = ReportSummaryBlock()


class ScannedPageForm(TamperProofFormMixin, SensitiveDataFormMixin, WagtailAdminPageForm):
    """The admin form of every page type of the app: publishing and comments are scanned."""


class TransparencyReportForm(ScannedPageForm):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("period_start"), cleaned_data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        self._check_statistics_unique()
        return cleaned_data

    def _check_statistics_unique(self):
        formset = self.formsets.get("statistics")
        if formset is None:
            return
        # Stored rows the post does not mention stay (modelcluster keeps them): a new row
        # repeating one of them would fail the database's unique constraint.
        posted = [form.instance.pk for form in formset.forms if form.instance.pk]
        seen = set(
            TransparencyStatistic.objects.filter(page_id=self.instance.pk)
            .exclude(pk__in=posted)
            .values_list("category", "outcome")
        )
        for form in formset.forms:
            # Child forms may not be cleaned yet; is_valid() cleans them once and caches.
            if not form.is_valid() or formset._should_delete_form(form):
                continue
            data = form.cleaned_data
            key = (data.get("category"), data.get("outcome"))
            if None in key:
                continue
            if key in seen:
                form.add_error(
                    None,
                    _(
                        "'%(category)s' with outcome '%(outcome)s' is already counted above. "
                        "Add the numbers together in one row."
                    )
                    % {"category": Category(key[0]).label, "outcome": Outcome(key[1]).label},
                )
            seen.add(key)


class ScannedPageMixin:
    """What every page type of the transparency app shares: the same guards on every path.

    * ``scanned_before_publishing``: the publish guard (``guard_save`` in ``save()``), the
      bulk publishing guard, ``publish_scheduled``, the findings view and history masking
      apply to the page type;
    * the title and slug are checked on every save, drafts included (``clean()``);
    * the review workflow always ends with a scan (``get_workflow()``);
    * copies, aliases and translations are refused while the page holds findings
      (``copy()``, ``create_alias()``, ``copy_for_translation()``; the admin's copy view
      asks the same question through the ``before_copy_page`` hook), and copies never carry
      the page's revisions;
    * only the Code of Conduct team and reviewers may edit, create, copy, move, publish or
      delete such pages (``permissions_for_user()``): nobody else can learn from the editor
      whether a text holds a protected name.
    """

    scanned_before_publishing = True
    base_form_class = ScannedPageForm

    def clean(self):
        super().clean()
        # Title and slug reach page history and notifications even for drafts.
        errors = check_identifying_fields(self)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The one place every publishing path reaches; see wagtail_coc.transparency.scan.guards.
        guard_save(self, kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def get_workflow(self):
        workflow = super().get_workflow()
        if workflow is None or ends_with_rescan(workflow):
            return workflow
        # Any other workflow's final approval would meet the publish guard mid-request and
        # fail the reviewer's request; pages of the app always finish with a scan.
        return review_workflow()

    def permissions_for_user(self, user):
        return ReportPermissionTester(user, self)

    def copy(self, *args, recursive=False, **kwargs):
        refuse_copying(self, recursive=recursive)
        # Revisions of a draft may hold what the scan sent back; a copy starts afresh.
        kwargs["copy_revisions"] = False
        return super().copy(*args, recursive=recursive, **kwargs)

    def create_alias(self, *args, recursive=False, **kwargs):
        refuse_copying(self, recursive=recursive)
        return super().create_alias(*args, recursive=recursive, **kwargs)

    def copy_for_translation(self, *args, copy_parents=False, **kwargs):
        refuse_copying(self)
        return super().copy_for_translation(*args, copy_parents=copy_parents, **kwargs)


class TransparencyReportPage(ScannedPageMixin, SiteLayoutMixin, BasePage):
    """The report published after one event."""

    event_name = models.CharField(_("event"), max_length=255)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    attendees_in_person = models.PositiveIntegerField(_("in-person attendees"), default=0)
    attendees_online = models.PositiveIntegerField(_("online attendees"), default=0)
    promotion = SanitisedRichTextField(
        _("how the Code of Conduct was promoted"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("E.g. accepted at registration, announced at the opening, on badges."),
    )
    enforcement = SanitisedRichTextField(
        _("how the Code of Conduct was enforced"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("E.g. who was on the team, how to reach them, response times."),
    )
    reports = SanitisedStreamField(
        ReportSummaries(),
        verbose_name=_("report summaries"),
        blank=True,
        help_text=_(
            "Formal and informal reports, anonymised. Never include names of reporters or of "
            "the people reported."
        ),
    )
    takeaways = SanitisedRichTextField(_("takeaways"), features=TEXT_FEATURES, blank=True)

    parent_page_types = ["wagtail_coc_transparency.TransparencyReportIndexPage"]
    subpage_types = []
    base_form_class = TransparencyReportForm

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("event_name"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldRowPanel([FieldPanel("attendees_in_person"), FieldPanel("attendees_online")]),
            ],
            heading=_("Event"),
        ),
        FieldPanel("promotion"),
        FieldPanel("enforcement"),
        InlinePanel(
            "statistics",
            heading=_("Statistics"),
            label=_("Row"),
            help_text=_("One row per category and outcome, with the number of reports."),
        ),
        FieldPanel("reports"),
        FieldPanel("takeaways"),
    ]
    # Only the title, which is checked on every save, drafts included: Wagtail indexes drafts
    # of pages never published, and search backends keep deleted terms (SQLite's FTS5
    # segments) long after the text changed.
    search_fields = BasePage.search_fields
    template = "wagtail_coc/transparency/pages/transparency_report_page.html"

    class Meta:
        verbose_name = _("transparency report")
        verbose_name_plural = _("transparency reports")

    @property
    def year(self) -> int:
        return self.period_start.year

    @property
    def no_reports_received(self) -> bool:
        return not self.statistics.exists() and not self.reports

    def statistics_table(self):
        """Counts by category (rows) and outcome (columns), only for what occurs."""
        rows = list(self.statistics.all())
        return build_table(
            [(row.category, row.outcome, row.count) for row in rows],
            row_choices=Category,
            column_choices=Outcome,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["statistics_table"] = self.statistics_table()
        return context


class TransparencyStatistic(Orderable):
    page = ParentalKey(TransparencyReportPage, related_name="statistics", on_delete=models.CASCADE)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices)
    count = models.PositiveIntegerField(
        _("number of reports"), default=1, validators=[MinValueValidator(1)]
    )

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("outcome"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "category", "outcome"],
                name="wagtail_coc_statistic_unique_category_outcome",
            )
        ]


def build_table(triples, row_choices, column_choices):
    """A table of sums from (row key, column key, count), keeping the choices' order.

    Returns ``{"columns": [(key, label)], "rows": [{"key", "label", "cells", "total"}],
    "column_totals": [...], "total": n}``; rows and columns with no reports are left out.
    """
    sums = defaultdict(int)
    for row_key, column_key, count in triples:
        sums[(row_key, column_key)] += count
    row_keys = [key for key in row_choices.values if any(k[0] == key for k in sums)]
    column_keys = [key for key in column_choices.values if any(k[1] == key for k in sums)]
    rows = []
    for row_key in row_keys:
        cells = [sums.get((row_key, column_key), 0) for column_key in column_keys]
        rows.append(
            {
                "key": row_key,
                "label": row_choices(row_key).label,
                "cells": cells,
                "total": sum(cells),
            }
        )
    column_totals = [sum(row["cells"][i] for row in rows) for i in range(len(column_keys))]
    return {
        "columns": [(key, column_choices(key).label) for key in column_keys],
        "rows": rows,
        "column_totals": column_totals,
        "total": sum(column_totals),
    }


class TransparencyReportIndexPage(ScannedPageMixin, SiteLayoutMixin, BasePage):
    """Lists the reports by year, with several years of statistics side by side."""

    intro = SanitisedRichTextField(_("introduction"), features=TEXT_FEATURES, blank=True)

    subpage_types = ["wagtail_coc_transparency.TransparencyReportPage"]
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    template = "wagtail_coc/transparency/pages/transparency_report_index_page.html"
    search_fields = BasePage.search_fields

    class Meta:
        verbose_name = _("transparency report index")
        verbose_name_plural = _("transparency report indexes")

    def save(self, *args, **kwargs):
        is_new = self.pk is None
        result = super().save(*args, **kwargs)
        if is_new:
            # Reports inherit the workflow of their index.
            attach_review_workflow(self)
        return result

    def live_reports(self):
        return (
            TransparencyReportPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-period_start", "title")
        )

    def reports_by_year(self):
        """``[(year, [reports])]``, newest year first."""
        grouped = defaultdict(list)
        for report in self.live_reports():
            grouped[report.year].append(report)
        return sorted(grouped.items(), reverse=True)

    def history(self, years=HISTORY_YEARS):
        """Reports by category and by outcome for the latest ``years`` years with a report.

        Two aggregate queries whatever the number of years or reports.
        """
        reports = self.live_reports()
        report_years = sorted(
            {d.year for d in reports.dates("period_start", "year")}, reverse=True
        )[:years]
        if not report_years:
            return None
        report_years.reverse()
        first = datetime.date(report_years[0], 1, 1)
        totals = (
            TransparencyStatistic.objects.filter(
                page__in=reports.filter(period_start__gte=first).values("pk")
            )
            .values("page__period_start__year", "category", "outcome")
            .annotate(total=Sum("count"))
        )
        by_category = defaultdict(int)
        by_outcome = defaultdict(int)
        for entry in totals:
            year = entry["page__period_start__year"]
            by_category[(entry["category"], year)] += entry["total"]
            by_outcome[(entry["outcome"], year)] += entry["total"]
        return {
            "years": report_years,
            "categories": _history_rows(by_category, Category, report_years),
            "outcomes": _history_rows(by_outcome, Outcome, report_years),
            "totals": [
                sum(v for (_key, year), v in by_category.items() if year == y) for y in report_years
            ],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports_by_year"] = self.reports_by_year()
        context["history"] = self.history()
        return context


def _history_rows(sums, choices, years):
    return [
        {"label": choices(key).label, "cells": [sums.get((key, year), 0) for year in years]}
        for key in choices.values
        if any(sums.get((key, year)) for year in years)
    ]
