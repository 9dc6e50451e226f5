"""The reporter's forms. Written in code, not with the form builder, so no submission ever
lands in the form builder's tables, revisions or exports."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_coc.casework.attachments import (
    MAX_BYTES,
    MAX_FILES,
    RejectedAttachment,
    clean_attachment,
)
from wagtail_coc.casework.permissions import team_members
from wagtail_coc.multiple_files import MultipleFileField

NO_AUTOFILL = {"autocomplete": "off"}


def member_label(user) -> str:
    return user.get_full_name() or str(_("Team member %(number)s") % {"number": user.pk})


class ReportForm(forms.Form):
    what_happened = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 8, **NO_AUTOFILL}),
        max_length=20000,
    )
    when = forms.CharField(
        label=_("When did it happen?"),
        help_text=_("An approximate time is fine."),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )
    where = forms.CharField(
        label=_("Where did it happen?"),
        help_text=_("The venue, a room, or an online space such as the chat or a video call."),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )
    who = forms.CharField(
        label=_("Who was involved?"),
        help_text=_("A name, or a description if you do not know the name."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, **NO_AUTOFILL}),
    )
    witnesses = forms.CharField(
        label=_("Witnesses"),
        help_text=_("Anyone who saw or heard it, if you know."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, **NO_AUTOFILL}),
    )
    ongoing_or_danger = forms.BooleanField(
        label=_("It is still happening, or someone is in danger"), required=False
    )
    contact = forms.CharField(
        label=_("How can we contact you?"),
        help_text=_(
            "An email address, a phone number or another way. Leave it empty to report "
            "anonymously: you can still read our replies with your receipt code."
        ),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )
    desired_response = forms.CharField(
        label=_("What response would you like? (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, **NO_AUTOFILL}),
    )
    may_share_name = forms.TypedChoiceField(
        label=_("May we share your name with the person reported?"),
        choices=[("no", _("Never")), ("yes", _("Yes, if it helps"))],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )
    excluded = forms.MultipleChoiceField(
        label=_("Team members who must not see this report"),
        help_text=_(
            "Tick anyone with a conflict of interest. They will not see the report or know "
            "that it exists."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Never shown to people; a bot filling every field fills this one too.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # Travels with the form, so a double submit creates one case.
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(team_members())
        self.fields["excluded"].choices = [(str(m.pk), member_label(m)) for m in self.members]
        if not self.is_bound:
            self.initial.setdefault("token", secrets.token_urlsafe(32))

    def readers(self, excluded=()):
        """Who will read the report: the team minus the members excluded."""
        excluded = {str(pk) for pk in excluded}
        return [member_label(m) for m in self.members if str(m.pk) not in excluded]

    def excluded_members(self):
        wanted = set(self.cleaned_data.get("excluded") or ())
        return [m for m in self.members if str(m.pk) in wanted]


class AttachmentsForm(forms.Form):
    """Files sent with the report. Offered on the last step only, just before sending, because
    a browser cannot keep a chosen file from one page to the next."""

    attachments = MultipleFileField(
        label=_("Images or PDF files (optional)"),
        required=False,
        help_text=_(
            "Up to 5 files of 10 MB each. Hidden details, such as where and with which phone a "
            "photo was taken, are removed before the report is stored."
        ),
    )

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(_("Choose at most 5 files."))
        cleaned = []
        for upload in uploads:
            try:
                if upload.size > MAX_BYTES:
                    raise RejectedAttachment(_("A file is larger than 10 MB."))
                cleaned.append(clean_attachment(upload.read()))
            except RejectedAttachment as error:
                raise forms.ValidationError(
                    _("“%(name)s”: %(problem)s Nothing else was lost: choose the files again.")
                    % {"name": upload.name, "problem": error}
                ) from error
        return cleaned


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class AddInformationForm(ReceiptCodeForm):
    code = forms.CharField(widget=forms.HiddenInput, max_length=64)
    information = forms.CharField(
        label=_("Add information or reply"),
        widget=forms.Textarea(attrs={"rows": 5, **NO_AUTOFILL}),
        max_length=20000,
    )
