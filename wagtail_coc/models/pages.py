from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from wagtail_coc.api_serializers import EmergencyInfoField, TeamField
from wagtail_coc.blocks import CodeOfConductBody
from wagtail_coc.models.base_page import BasePage
from wagtail_coc.models.emergency import EmergencyInfo, EmergencyNumber
from wagtail_coc.models.team import CoCTeam, CommitteeMember
from wagtail_coc.panels import ChecklistPanel

MEMBER_PHOTO_SPEC = "fill-160x160"


def team_with_roster(team_id):
    """The team with members and photo renditions loaded in a fixed number of queries."""
    members = CommitteeMember.objects.select_related("photo").prefetch_related("photo__renditions")
    return (
        CoCTeam.objects.prefetch_related(Prefetch("members", queryset=members))
        .filter(pk=team_id, live=True)
        .first()
    )


def emergency_info_with_numbers(info_id):
    return (
        EmergencyInfo.objects.prefetch_related(
            Prefetch("numbers", queryset=EmergencyNumber.objects.all())
        )
        .filter(pk=info_id)
        .first()
    )


class CodeOfConductPage(BasePage):
    """A Code of Conduct document: typed sections, the team to contact, emergency numbers."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    version_label = models.CharField(
        _("version"), max_length=50, help_text=_("E.g. '2.1' or '2027 edition'.")
    )
    effective_date = models.DateField(_("effective from"))
    team = models.ForeignKey(
        CoCTeam,
        verbose_name=_("Code of Conduct team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    emergency_info = models.ForeignKey(
        EmergencyInfo,
        verbose_name=_("emergency information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in an 'In an emergency' box at the top of the page."),
    )
    body = StreamField(CodeOfConductBody(), verbose_name=_("sections"))

    content_panels = [
        *BasePage.content_panels,
        ChecklistPanel(heading=_("Best-practice checklist")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("version_label"), FieldPanel("effective_date")])],
            heading=_("Version"),
        ),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("team"), FieldPanel("emergency_info")]),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    template = "wagtail_coc/pages/code_of_conduct_page.html"
    # Team and emergency information go through hand-written serialisers that only
    # know public fields; see wagtail_coc.api_serializers.
    api_fields = [
        APIField("version_label"),
        APIField("effective_date"),
        APIField("intro"),
        APIField("body"),
        APIField("team", serializer=TeamField()),
        APIField("emergency_info", serializer=EmergencyInfoField()),
    ]

    class Meta:
        verbose_name = _("Code of Conduct page")
        verbose_name_plural = _("Code of Conduct pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["coc_team"] = team_with_roster(self.team_id) if self.team_id else None
        context["coc_emergency_info"] = (
            emergency_info_with_numbers(self.emergency_info_id) if self.emergency_info_id else None
        )
        return context
