from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from wagtail_coc import conf, personal_email
from wagtail_coc.models.layout import PreviewLayoutMixin
from wagtail_coc.phone import PhoneNumber, present

PERSONAL_SHARED_EMAIL_MESSAGE = _(
    "This looks like a personal address. Use a dedicated shared address "
    "such as conduct@your-event.org so reports do not depend on one person."
)


def shared_email_looks_personal(address: str, members) -> bool:
    """Whether ``address`` is one person's mailbox; ``members`` are (name, role) pairs.

    Escalation contacts are often outside bodies ("PSF Conduct WG") whose names share words
    with a team alias; only the team's own people make an address personal.
    """
    own_names = [name for name, role in members if name and role != CommitteeMember.Role.ESCALATION]
    return bool(address) and personal_email.looks_personal(address, own_names)


class CoCTeam(
    PreviewLayoutMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """The committee that receives and handles reports; kept once, shown wherever needed."""

    name = models.CharField(_("name"), max_length=255)
    shared_email = models.EmailField(
        _("shared reporting email"),
        help_text=_(
            "A dedicated address the whole team reads, such as conduct@example.org. "
            "Not a personal mailbox: team members take turns answering it."
        ),
    )
    hotline = models.CharField(
        _("hotline"),
        max_length=32,
        blank=True,
        help_text=_("A phone number answered during the event, if you have one."),
    )
    region = models.CharField(
        _("phone region"),
        max_length=2,
        default=conf.default_region,
        help_text=_("Country whose national format phone numbers are written in, e.g. US, GB."),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "Shown above the roster, e.g. how the team is chosen and how it stays independent."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("shared_email"), FieldPanel("hotline"), FieldPanel("region")]),
        FieldPanel("introduction"),
        InlinePanel("members", heading=_("Members"), label=_("Member")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Code of Conduct team")
        verbose_name_plural = _("Code of Conduct teams")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        members = [(member.name, member.role) for member in self.members.all()]
        if shared_email_looks_personal(self.shared_email, members):
            raise ValidationError({"shared_email": PERSONAL_SHARED_EMAIL_MESSAGE})

    @property
    def hotline_number(self) -> PhoneNumber | None:
        return present(self.hotline, self.region) if self.hotline else None

    def get_preview_template(self, request, mode_name):
        return "wagtail_coc/previews/team.html"


class CommitteeMember(Orderable):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")
        ESCALATION = "escalation", _("Escalation contact")

    team = ParentalKey(CoCTeam, related_name="members", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=255)
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField(_("job title"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    is_conflict_contact = models.BooleanField(
        _("conflict-of-interest contact"),
        default=False,
        help_text=_(
            "Also listed under “Conflict of interest”, for reports about the rest of the team."
        ),
    )
    email = models.EmailField(_("personal email"), blank=True)
    publish_email = models.BooleanField(_("show email publicly"), default=False)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    publish_phone = models.BooleanField(_("show phone publicly"), default=False)
    chat_handle = models.CharField(
        _("chat handle"),
        max_length=100,
        blank=True,
        help_text=_("E.g. @sam on the event's Discord or Matrix server."),
    )
    chat_platform = models.CharField(
        _("chat platform"),
        max_length=100,
        blank=True,
        help_text=_("Where the handle is, e.g. Slack, Discord, Matrix."),
    )
    publish_chat_handle = models.BooleanField(_("show chat handle publicly"), default=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    languages = models.CharField(
        _("languages"), max_length=255, blank=True, help_text=_("E.g. English, Español")
    )
    availability = models.CharField(
        _("availability"),
        max_length=255,
        blank=True,
        help_text=_("When and where they can be found, e.g. 'Registration desk, Friday mornings'."),
    )
    is_direct_contact = models.BooleanField(
        _("direct contact for sensitive reports"),
        default=False,
        help_text=_("Attendees may contact this person directly instead of the whole team."),
    )
    gender_description = models.CharField(
        _("gender (optional, never shown)"),
        max_length=100,
        blank=True,
        help_text=_(
            "Only if they chose to give it, in their own words. Never published: used solely to "
            "check that sensitive reports can go to direct contacts of different genders."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("pronouns"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("job_title"), FieldPanel("organisation")]),
        FieldPanel("photo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("email"), FieldPanel("publish_email")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("publish_phone")]),
                FieldRowPanel(
                    [
                        FieldPanel("chat_platform"),
                        FieldPanel("chat_handle"),
                        FieldPanel("publish_chat_handle"),
                    ]
                ),
            ],
            heading=_("Contact details"),
        ),
        FieldRowPanel([FieldPanel("languages"), FieldPanel("availability")]),
        FieldRowPanel([FieldPanel("is_direct_contact"), FieldPanel("gender_description")]),
        FieldPanel("is_conflict_contact"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self):
        return self.name

    @property
    def public_email(self) -> str:
        return self.email if self.publish_email else ""

    @property
    def public_phone(self) -> PhoneNumber | None:
        if self.phone and self.publish_phone:
            return present(self.phone, self.team.region)
        return None

    @property
    def public_chat_handle(self) -> str:
        return self.chat_handle if self.publish_chat_handle else ""
