"""StreamField blocks: the typed sections of a Code of Conduct, and blocks any page can embed.

The block names (``expected_behaviour``, ``reporting`` ...) are what the best-practice
checklist looks for, so they are part of the public API.
"""

from django import forms
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from wagtail_coc.sanitise import SafeURLBlock, SanitisedRichTextBlock, is_valid_pk

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
# One item of a list: a bold lead-in and links, never headings or nested lists.
ITEM_FEATURES = ["bold", "italic", "link", "document-link"]


class StoredByIdChooserBlock(SnippetChooserBlock):
    """A snippet chooser that stores only what it can look up: a value written by code that
    is neither a snippet nor a usable id is stored as nothing, never raising."""

    def get_prep_value(self, value):
        if value is None or isinstance(value, self.target_model):
            return super().get_prep_value(value)
        return value if is_valid_pk(self.target_model, value) else None


class EmergencyInfoBlock(StoredByIdChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("wagtail_coc.EmergencyInfo", **kwargs)

    def bulk_to_python(self, values):
        # One query for the numbers of every chosen venue, instead of one per block.
        infos = super().bulk_to_python(values)
        prefetch_related_objects([info for info in infos if info is not None], "numbers")
        return infos

    class Meta:
        label = _("Emergency information")
        icon = "warning"
        template = "wagtail_coc/blocks/emergency_info.html"


class TeamBlock(StoredByIdChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("wagtail_coc.CoCTeam", **kwargs)

    def bulk_to_python(self, values):
        # Loads the rosters and photo renditions of every chosen team in a fixed few queries.
        teams = super().bulk_to_python(values)
        prefetch_related_objects(
            [team for team in teams if team is not None], "members__photo__renditions"
        )
        return teams

    class Meta:
        label = _("Code of Conduct team")
        icon = "group"
        template = "wagtail_coc/blocks/team.html"


class ShortVersionBlock(StoredByIdChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("wagtail_coc.ShortVersion", **kwargs)

    class Meta:
        label = _("Code of Conduct short version")
        icon = "openquote"
        template = "wagtail_coc/blocks/short_version.html"


class SectionBlock(blocks.StructBlock):
    """A section with a heading and an introduction; subclasses add their structured parts."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    intro = SanitisedRichTextBlock(
        label=_("Introduction"), features=RICH_TEXT_FEATURES, required=False
    )

    class Meta:
        icon = "doc-full"


def item_list(label, item_label, **kwargs):
    """A list whose items are short rich text: bold lead-ins and links survive."""
    return blocks.ListBlock(
        SanitisedRichTextBlock(label=item_label, features=ITEM_FEATURES), label=label, **kwargs
    )


def closing_text():
    return SanitisedRichTextBlock(
        label=_("After the list"),
        features=RICH_TEXT_FEATURES,
        required=False,
        help_text=_("E.g. a closing sentence shown under the list."),
    )


class BehaviourListBlock(SectionBlock):
    behaviours = item_list(_("Behaviours"), _("Behaviour"), min_num=1)
    outro = closing_text()

    class Meta:
        template = "wagtail_coc/blocks/behaviour_list.html"


class ExpectedBehaviourBlock(BehaviourListBlock):
    class Meta:
        label = _("Expected behaviour")
        icon = "tick"
        default = {"heading": _("Expected behaviour")}


class UnacceptableBehaviourBlock(BehaviourListBlock):
    class Meta:
        label = _("Unacceptable behaviour")
        icon = "cross"
        default = {"heading": _("Unacceptable behaviour")}


class EnforcementStepBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Step"), help_text=_("E.g. 'Warning', 'Temporary ban'."))
    leads_to = blocks.TextBlock(label=_("What leads to it"), required=False, rows=2)
    what_happens = blocks.TextBlock(label=_("What happens"), rows=2, required=False)


class ConsequencesBlock(SectionBlock):
    """Either an ordered ladder of steps, or the list of actions the team may take."""

    ladder = blocks.ListBlock(
        EnforcementStepBlock(),
        label=_("Enforcement ladder"),
        help_text=_("From the mildest response to the most severe. Leave empty to list actions."),
        min_num=0,
        required=False,
        default=[],
    )
    actions = item_list(
        _("Possible actions"),
        _("Action"),
        help_text=_("Actions the team may take, in no particular order."),
        min_num=0,
        required=False,
        default=[],
    )
    outro = closing_text()

    class Meta:
        label = _("Consequences")
        icon = "warning"
        template = "wagtail_coc/blocks/consequences.html"
        default = {"heading": _("Consequences of unacceptable behaviour")}


PEOPLE_CHOICES = [
    ("attendees", _("Attendees")),
    ("speakers", _("Speakers")),
    ("sponsors", _("Sponsors and exhibitors")),
    ("volunteers", _("Volunteers")),
    ("staff", _("Organisers and staff")),
]
PLACE_CHOICES = [
    ("venue", _("All venue spaces, including talks, workshops and hallways")),
    ("online", _("Online spaces run by the event (chat, streams, forums)")),
    ("social", _("Official social events")),
]


class ScopeBlock(SectionBlock):
    people = blocks.MultipleChoiceBlock(
        label=_("Who it applies to"),
        choices=PEOPLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_people = item_list(
        _("Also applies to"),
        _("Who"),
        help_text=_("E.g. board members, panelists, meetup organisers."),
        min_num=0,
        required=False,
        default=[],
    )
    places = blocks.MultipleChoiceBlock(
        label=_("Where it applies"),
        choices=PLACE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_places = item_list(
        _("Also applies in"),
        _("Where"),
        help_text=_("E.g. meetups, mailing lists, GitHub, the event hashtag, after-hours venues."),
        min_num=0,
        required=False,
        default=[],
    )
    details = SanitisedRichTextBlock(
        label=_("Details"), features=RICH_TEXT_FEATURES, required=False
    )

    class Meta:
        label = _("Scope")
        icon = "site"
        template = "wagtail_coc/blocks/scope.html"
        default = {"heading": _("Scope")}


CHANNEL_CHOICES = [
    ("email", _("Email")),
    ("phone", _("Phone")),
    ("in_person", _("In person")),
    ("online_form", _("Online form")),
    ("chat", _("Chat")),
]


class ReportingChannelBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("Channel"), choices=CHANNEL_CHOICES)
    label = blocks.CharBlock(
        label=_("What to use"),
        help_text=_(
            "E.g. the address, the number, 'any team member in a purple lanyard'. An email "
            "address or a phone number becomes a link."
        ),
    )
    url = SafeURLBlock(label=_("Link"), required=False, help_text=_("For online forms."))
    description = blocks.TextBlock(
        label=_("Details"),
        required=False,
        rows=2,
        help_text=_("Email addresses, phone numbers and web addresses written here become links."),
    )


class ReportingBlock(SectionBlock):
    audience = blocks.CharBlock(
        label=_("For"),
        required=False,
        max_length=120,
        help_text=_(
            "When reporting differs by audience: e.g. 'The conference', 'Online spaces', "
            "'Meetups'. Add one “How to report” section per audience."
        ),
    )
    channels = blocks.ListBlock(
        ReportingChannelBlock(), label=_("Reporting channels"), required=False
    )
    response_time = blocks.CharBlock(
        label=_("Response time"),
        required=False,
        max_length=200,
        help_text=_("E.g. 'We answer within 24 hours, during the event within an hour.'"),
    )
    team = TeamBlock(
        label=_("Team for this audience"),
        required=False,
        help_text=_("Leave empty for the page's team."),
    )
    show_team = blocks.BooleanBlock(
        label=_("List the team and its contacts"),
        required=False,
        default=True,
        help_text=_("Shows the Code of Conduct team under the channels."),
    )
    what_to_include = SanitisedRichTextBlock(
        label=_("What to include in a report"),
        features=RICH_TEXT_FEATURES,
        required=False,
    )
    confidentiality = SanitisedRichTextBlock(
        label=_("Confidentiality"), features=RICH_TEXT_FEATURES, required=False
    )

    class Meta:
        label = _("How to report")
        icon = "mail"
        template = "wagtail_coc/blocks/reporting.html"
        default = {"heading": _("How to report"), "show_team": True}


class ResponseTimeBlock(blocks.StructBlock):
    stage = blocks.CharBlock(label=_("Stage"), help_text=_("E.g. 'Acknowledgement'."))
    commitment = blocks.CharBlock(label=_("Commitment"), help_text=_("E.g. 'Within 24 hours'."))


class ProcedureBlock(SectionBlock):
    body = SanitisedRichTextBlock(label=_("Procedure"), features=RICH_TEXT_FEATURES)
    response_times = blocks.ListBlock(
        ResponseTimeBlock(), label=_("Response-time commitments"), required=False
    )

    class Meta:
        label = _("What happens after a report")
        icon = "list-ol"
        template = "wagtail_coc/blocks/procedure.html"
        default = {"heading": _("What happens after a report")}


class ConflictOfInterestBlock(SectionBlock):
    body = SanitisedRichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    contact_email = blocks.EmailBlock(
        label=_("Independent contact email"),
        required=False,
        help_text=_("E.g. the foundation's conduct working group."),
    )
    show_escalation_contacts = blocks.BooleanBlock(
        label=_("List the team's escalation contacts"),
        required=False,
        default=True,
        help_text=_("Also lists the team members marked as conflict-of-interest contacts."),
    )

    class Meta:
        label = _("Conflict of interest")
        icon = "user"
        template = "wagtail_coc/blocks/conflict_of_interest.html"
        default = {
            "heading": _("If your report concerns a team member or an organiser"),
            "show_escalation_contacts": True,
        }


class FreeSectionBlock(SectionBlock):
    body = SanitisedRichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        label = _("Other section")
        template = "wagtail_coc/blocks/free_section.html"


class ResourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    url = SafeURLBlock(label=_("Link"))
    description = blocks.TextBlock(label=_("Description"), required=False, rows=2)


class ResourcesBlock(SectionBlock):
    links = blocks.ListBlock(ResourceLinkBlock(), label=_("Links"), min_num=1)

    class Meta:
        label = _("Resources and training")
        icon = "link"
        template = "wagtail_coc/blocks/resources.html"
        default = {"heading": _("Resources")}


class LicenceBlock(blocks.StructBlock):
    text = SanitisedRichTextBlock(
        label=_("Licence and attribution"), features=["bold", "italic", "link"]
    )

    class Meta:
        label = _("Licence and attribution")
        icon = "doc-empty"
        template = "wagtail_coc/blocks/licence.html"


class CodeOfConductBody(blocks.StreamBlock):
    expected_behaviour = ExpectedBehaviourBlock()
    unacceptable_behaviour = UnacceptableBehaviourBlock()
    consequences = ConsequencesBlock()
    scope = ScopeBlock()
    reporting = ReportingBlock()
    procedure = ProcedureBlock()
    conflict_of_interest = ConflictOfInterestBlock()
    emergency_info = EmergencyInfoBlock()
    section = FreeSectionBlock()
    resources = ResourcesBlock()
    licence = LicenceBlock()


class EmbeddableCoCBlocks(blocks.StreamBlock):
    """Blocks for any page of a site: add them to your own StreamFields."""

    coc_team = TeamBlock()
    emergency_info = EmergencyInfoBlock()
    coc_short_version = ShortVersionBlock()
