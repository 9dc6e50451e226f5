"""Transparency reports: what was reported at an event and how it was resolved.

Statistics are structured rows (category x outcome -> count) rather than prose, so the index
page can compare several years side by side, as the PSF guidelines recommend.
"""

import datetime
from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.text import capfirst
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
    "TransparencyReportSpace",
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
    """The enforcement ladder, mildest first, then the outcomes that are not sanctions.

    The ladder's keys never change, so figures add up across years; what a team actually did
    ("talk re-recorded without the slide") goes in the free-text detail next to the outcome.
    """

    CORRECTION = "correction", _("Correction (informal conversation)")
    WARNING = "warning", _("Warning")
    TEMPORARY_BAN = "temporary_ban", _("Temporary removal or ban")
    PERMANENT_BAN = "permanent_ban", _("Permanent ban")
    HANDLED_BY_OTHERS = "handled_by_others", _("Handled by others")
    ADVICE_GIVEN = "advice_given", _("Advice given")
    LOGGED_ONLY = "logged_only", _("Logged only")
    NOT_A_VIOLATION = "not_a_violation", _("Not a violation")
    NO_ACTION = "no_action", _("No action")
    UNRESOLVED = "unresolved", _("Unresolved")
    UNKNOWN = "unknown", _("Unknown")


class Scope(models.TextChoices):
    """What a report covers: one event, or a period of an organisation's spaces."""

    EVENT = "event", _("One event")
    PERIOD = "period", _("A period of an organisation's spaces")


SCOPE_SHORT_LABELS = {Scope.EVENT: _("Event"), Scope.PERIOD: _("Organisation period")}


class SpaceKind(models.TextChoices):
    VENUE = "venue", _("Venue")
    ONLINE = "online", _("Online space")
    PLATFORM = "platform", _("Platform")


class ReportKind(models.TextChoices):
    FORMAL = "formal", _("Formal")
    INFORMAL = "informal", _("Informal")


class SummaryOutcomeBlock(blocks.StructBlock):
    outcome = blocks.ChoiceBlock(label=_("Outcome"), choices=Outcome.choices)
    detail = blocks.CharBlock(
        label=_("Detail"),
        required=False,
        max_length=255,
        help_text=_(
            'What was done, in the team\'s words, e.g. "talk re-recorded without the slide".'
        ),
    )

    class Meta:
        icon = "tick"
        label = _("Outcome")


def upgrade_summary(value):
    """A summary of the earlier shape (one ``category``, one ``outcome``) in today's shape.

    Migration 0004 moves stored summaries; this covers copies it cannot reach (fixtures,
    code). Values already in today's shape come back unchanged.
    """
    if not isinstance(value, dict) or ("category" not in value and "outcome" not in value):
        return value
    value = dict(value)
    category = value.pop("category", None)
    outcome = value.pop("outcome", None)
    value.setdefault("categories", [category] if category else [])
    value.setdefault("outcomes", [{"outcome": outcome, "detail": ""}] if outcome else [])
    return value


class ReportSummaryBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=255,
        help_text=_('E.g. "Comments in the hallway track". Never a name or a talk title.'),
    )
    kind = blocks.ChoiceBlock(
        label=_("Kind of report"), choices=ReportKind.choices, default=ReportKind.FORMAL
    )
    cases = blocks.IntegerBlock(
        label=_("Number of cases"),
        required=False,
        min_value=1,
        help_text=_("How many cases this summary covers; leave blank for one."),
    )
    categories = blocks.MultipleChoiceBlock(
        label=_("Categories"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = blocks.TextBlock(
        label=_("Anonymised summary"),
        help_text=_(
            "What happened, without names, handles, talk titles, companies or any other "
            "detail that could identify the people involved."
        ),
    )
    outcomes = blocks.ListBlock(SummaryOutcomeBlock(), label=_("Outcomes"), min_num=1)
    resolution = blocks.TextBlock(
        label=_("Resolution"), required=False, help_text=_("How the team resolved it.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Report summary")
        template = "wagtail_coc/transparency/blocks/report_summary.html"

    # Summaries of the earlier shape held one category and one outcome: fixtures and code
    # may still hand them over that way.
    def to_python(self, value):
        return super().to_python(upgrade_summary(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([upgrade_summary(value) for value in values])

    def normalize(self, value):
        return super().normalize(upgrade_summary(value))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = _choice_label(ReportKind, value.get("kind"))
        context["category_labels"] = [
            _choice_label(Category, key) for key in value.get("categories") or []
        ]
        context["outcome_items"] = [
            {"label": _choice_label(Outcome, item.get("outcome")), "detail": item.get("detail")}
            for item in value.get("outcomes") or []
        ]
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
        votes, quorum = cleaned_data.get("votes_taken"), cleaned_data.get("votes_reached_quorum")
        if votes is not None and quorum is not None and quorum > votes:
            self.add_error(
                "votes_reached_quorum",
                _("More votes cannot reach quorum than were taken."),
            )
        self._check_statistics()
        return cleaned_data

    def _live_forms(self, name):
        formset = self.formsets.get(name)
        if formset is None:
            return []
        # Child forms may not be cleaned yet; is_valid() cleans them once and caches.
        return [
            form
            for form in formset.forms
            if form.is_valid() and not formset._should_delete_form(form) and form.has_changed()
        ]

    def _stored_statistics_kept(self):
        """Stored rows the post does not mention stay (modelcluster keeps them): a new row
        repeating one of them would fail the database's unique constraint."""
        formset = self.formsets.get("statistics")
        if formset is None or not self.instance.pk:
            return set()
        posted = [form.instance.pk for form in formset.forms if form.instance.pk]
        rows = (
            TransparencyStatistic.objects.filter(page_id=self.instance.pk)
            .exclude(pk__in=posted)
            .values_list("category", "outcome", "detail", "space")
        )
        return {(c, o, (d or "").strip(), (s or "").strip()) for c, o, d, s in rows}

    def _check_statistics(self):
        spaces = {form.cleaned_data.get("name", "").strip() for form in self._live_forms("spaces")}
        seen = self._stored_statistics_kept()
        for form in self._live_forms("statistics"):
            data = form.cleaned_data
            space = (data.get("space") or "").strip()
            if space and space not in spaces:
                form.add_error(
                    "space",
                    _("Name one of the spaces listed under Scope, or leave this blank."),
                )
            key = (
                data.get("category"),
                data.get("outcome"),
                (data.get("detail") or "").strip(),
                space,
            )
            if None in key[:2]:
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


UNKNOWN_IS_BLANK = _('Leave blank when not known: the report says "not reported", never 0.')


def optional_count(verbose_name, help_text=""):
    """A number a report may leave out; blank (None) is unknown, never 0."""
    return models.PositiveIntegerField(verbose_name, null=True, blank=True, help_text=help_text)


class TransparencyReportPage(ScannedPageMixin, SiteLayoutMixin, BasePage):
    """The report published after one event, or for a period of an organisation's spaces."""

    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.EVENT)
    event_name = models.CharField(
        _("event or organisation"),
        max_length=255,
        help_text=_('E.g. "PyHarbour Conf 2027", or "PyHarbour Foundation" for a year.'),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    attendees_in_person = optional_count(_("in-person attendees"), UNKNOWN_IS_BLANK)
    attendees_online = optional_count(_("online attendees"), UNKNOWN_IS_BLANK)
    introduction = SanitisedRichTextField(
        _("introduction"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_('E.g. what the report covers, or "we will update this post if…".'),
    )
    meetings_held = optional_count(_("meetings held"))
    votes_taken = optional_count(_("votes taken"))
    votes_reached_quorum = optional_count(_("votes that reached quorum"))
    reports_received = optional_count(_("reports received"))
    distinct_issues = optional_count(_("distinct issues"))
    people_named = optional_count(
        _("people named in reports"), _("How many people reports named, as a number only.")
    )
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
    closing = SanitisedRichTextField(
        _("closing section"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("E.g. thanks, how to reach the team, when the next report is due."),
    )

    parent_page_types = ["wagtail_coc_transparency.TransparencyReportIndexPage"]
    subpage_types = []
    base_form_class = TransparencyReportForm

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("scope"),
                FieldPanel("event_name"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                InlinePanel(
                    "spaces",
                    heading=_("Spaces"),
                    label=_("Space"),
                    help_text=_("The venue, online spaces and platforms the report covers."),
                ),
                FieldRowPanel([FieldPanel("attendees_in_person"), FieldPanel("attendees_online")]),
            ],
            heading=_("Scope"),
        ),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("meetings_held"),
                        FieldPanel("votes_taken"),
                        FieldPanel("votes_reached_quorum"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("reports_received"),
                        FieldPanel("distinct_issues"),
                        FieldPanel("people_named"),
                    ]
                ),
            ],
            heading=_("The team's work"),
            help_text=_("All optional: leave blank what the report does not state."),
        ),
        FieldPanel("promotion"),
        FieldPanel("enforcement"),
        InlinePanel(
            "statistics",
            heading=_("Statistics"),
            label=_("Row"),
            help_text=_(
                "One row per category and outcome (and space, to break the figures down), "
                "with the number of reports."
            ),
        ),
        FieldPanel("reports"),
        FieldPanel("takeaways"),
        FieldPanel("closing"),
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
    def is_event(self) -> bool:
        return self.scope != Scope.PERIOD

    @property
    def scope_label(self):
        return SCOPE_SHORT_LABELS.get(self.scope, self.scope)

    @property
    def no_reports_received(self) -> bool:
        return not self.statistics.exists() and not self.reports and not self.reports_received

    def process_figures(self):
        """``[(label, number)]`` for the figures the report states, in a fixed order."""
        names = [
            "meetings_held",
            "votes_taken",
            "votes_reached_quorum",
            "reports_received",
            "distinct_issues",
            "people_named",
        ]
        return [
            (capfirst(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in names
            if getattr(self, name) is not None
        ]

    def spaces_by_kind(self):
        """``[(kind label, [spaces])]`` in the order of ``SpaceKind``."""
        spaces = list(self.spaces.all())
        return [
            (label, [space for space in spaces if space.kind == key])
            for key, label in SpaceKind.choices
            if any(space.kind == key for space in spaces)
        ]

    def statistics_table(self):
        """Counts by category (rows) and outcome (columns), only for what occurs.

        An outcome with a detail ("handled by others: local organisers") is a column of its own.
        """
        rows = list(self.statistics.all())
        return build_table(
            [(row.category, (row.outcome, row.detail.strip()), row.count) for row in rows],
            row_choices=Category,
            column_choices=_outcome_columns(rows),
        )

    def space_table(self):
        """Counts by space (rows) and category (columns), or None if no row names a space."""
        rows = list(self.statistics.all())
        if not any(row.space.strip() for row in rows):
            return None
        names = [space.name.strip() for space in self.spaces.all()]
        for row in rows:
            if row.space.strip() and row.space.strip() not in names:
                names.append(row.space.strip())
        return build_table(
            [(row.space.strip(), row.category, row.count) for row in rows],
            row_choices=[(name, name or _("Not attributed to a space")) for name in [*names, ""]],
            column_choices=Category,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["statistics_table"] = self.statistics_table()
        context["space_table"] = self.space_table()
        return context


def _outcome_columns(rows):
    keys = {(row.outcome, row.detail.strip()) for row in rows}
    columns = []
    for outcome in Outcome.values:
        for detail in sorted(detail for key, detail in keys if key == outcome):
            label = _choice_label(Outcome, outcome)
            columns.append(((outcome, detail), f"{label}: {detail}" if detail else label))
    return columns


class TransparencyReportSpace(Orderable):
    """A space a report covers: the venue, an online space, a platform."""

    page = ParentalKey(TransparencyReportPage, related_name="spaces", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=16, choices=SpaceKind.choices)
    name = models.CharField(
        _("name"), max_length=255, help_text=_('E.g. "Harbour Hall", "Forum", "Chat".')
    )
    description = models.CharField(_("description"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("name"), FieldPanel("description")])]

    class Meta(Orderable.Meta):
        verbose_name = _("space")
        verbose_name_plural = _("spaces")


class TransparencyStatistic(Orderable):
    page = ParentalKey(TransparencyReportPage, related_name="statistics", on_delete=models.CASCADE)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices)
    detail = models.CharField(
        _("outcome detail"),
        max_length=255,
        blank=True,
        help_text=_('E.g. "local organisers" for an issue handled by others.'),
    )
    space = models.CharField(
        _("space"),
        max_length=255,
        blank=True,
        help_text=_("One of the spaces named under Scope; blank for the whole report."),
    )
    count = models.PositiveIntegerField(
        _("number of reports"), default=1, validators=[MinValueValidator(1)]
    )

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("outcome"), FieldPanel("count")]),
        FieldRowPanel([FieldPanel("detail"), FieldPanel("space")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "category", "outcome", "detail", "space"],
                name="wagtail_coc_statistic_unique_row",
            )
        ]


def _pairs(choices):
    """``[(key, label)]`` from a ``TextChoices`` class or such a list already."""
    if isinstance(choices, type) and issubclass(choices, models.Choices):
        return list(choices.choices)
    return list(choices)


def build_table(triples, row_choices, column_choices):
    """A table of sums from (row key, column key, count), keeping the choices' order.

    ``row_choices`` and ``column_choices`` are ``TextChoices`` classes or ``[(key, label)]``.
    Returns ``{"columns": [(key, label)], "rows": [{"key", "label", "cells", "total"}],
    "column_totals": [...], "total": n}``; rows and columns with no reports are left out.
    """
    sums = defaultdict(int)
    for row_key, column_key, count in triples:
        sums[(row_key, column_key)] += count
    row_pairs = [(k, label) for k, label in _pairs(row_choices) if any(s[0] == k for s in sums)]
    columns = [(k, label) for k, label in _pairs(column_choices) if any(s[1] == k for s in sums)]
    rows = []
    for row_key, row_label in row_pairs:
        cells = [sums.get((row_key, column_key), 0) for column_key, _label in columns]
        rows.append({"key": row_key, "label": row_label, "cells": cells, "total": sum(cells)})
    column_totals = [sum(row["cells"][i] for row in rows) for i in range(len(columns))]
    return {
        "columns": columns,
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
            .order_by("-period_start", "title", "pk")
        )

    def reports_by_year(self):
        """``[(year, [reports])]``, newest year first."""
        grouped = defaultdict(list)
        for report in self.live_reports():
            grouped[report.year].append(report)
        return sorted(grouped.items(), reverse=True)

    def history(self, years=HISTORY_YEARS):
        """Reports by category and by outcome, a column per report, grouped by year.

        Covers the latest ``years`` years with a report. Events and organisation periods are
        never added together: a foundation's year may include the very event that reported
        separately. Each report has its total; a year with several events also gets the total
        of its events, which are distinct and so add up. Three queries whatever the number of
        years or reports.
        """
        reports = self.live_reports()
        report_years = sorted(
            {d.year for d in reports.dates("period_start", "year")}, reverse=True
        )[:years]
        if not report_years:
            return None
        report_years.reverse()
        first = datetime.date(report_years[0], 1, 1)
        shown = list(
            reports.filter(period_start__gte=first)
            .order_by("period_start", "title", "event_name", "pk")
            .only("pk", "title", "event_name", "scope", "period_start", "period_end")
        )
        totals = (
            TransparencyStatistic.objects.filter(page__in=[report.pk for report in shown])
            .values("page", "category", "outcome")
            .annotate(total=Sum("count"))
        )
        by_category = defaultdict(int)
        by_outcome = defaultdict(int)
        for entry in totals:
            by_category[(entry["category"], entry["page"])] += entry["total"]
            by_outcome[(entry["outcome"], entry["page"])] += entry["total"]

        columns, groups = [], []
        for year in report_years:
            in_year = [report for report in shown if report.year == year]
            periods = [report for report in in_year if not report.is_event]
            events = [report for report in in_year if report.is_event]
            year_columns = [
                {
                    "label": report.event_name,
                    "scope_label": report.scope_label,
                    "pages": [report.pk],
                    "is_subtotal": False,
                }
                for report in [*periods, *events]
            ]
            if len(events) > 1:
                year_columns.append(
                    {
                        "label": _("All events"),
                        "scope_label": SCOPE_SHORT_LABELS[Scope.EVENT],
                        "pages": [report.pk for report in events],
                        "is_subtotal": True,
                    }
                )
            groups.append({"year": year, "span": len(year_columns)})
            columns.extend(year_columns)

        category_rows = _history_rows(by_category, Category, columns)
        return {
            "years": report_years,
            "groups": groups,
            "columns": columns,
            "categories": category_rows,
            "outcomes": _history_rows(by_outcome, Outcome, columns),
            "totals": [sum(row["cells"][i] for row in category_rows) for i in range(len(columns))],
            "mixed": len({report.is_event for report in shown}) > 1,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports_by_year"] = self.reports_by_year()
        context["history"] = self.history()
        return context


def _history_rows(sums, choices, columns):
    rows = []
    for key, label in choices.choices:
        cells = [sum(sums.get((key, pk), 0) for pk in column["pages"]) for column in columns]
        if any(cells):
            rows.append({"label": label, "cells": cells})
    return rows
