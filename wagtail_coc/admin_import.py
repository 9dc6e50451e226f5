"""Admin: "Import a Code of Conduct" — upload files or paste text, preview, then create.

The preview parses without writing anything; creating runs ``coc_import``'s code in one
transaction. Editors need permission to add pages under the chosen parent.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminPageChooser
from wagtail.permission_policies.pages import PagePermissionPolicy

from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.importing import (
    MAX_BYTES,
    STARTER_SET,
    ImportFailed,
    build_pages,
    decode,
    page_type_for,
    parse_document,
    read_files,
    title_for,
)
from wagtail_coc.models import CodeOfConductPage
from wagtail_coc.multiple_files import MultipleFileField


class ImportForm(forms.Form):
    parent = forms.ModelChoiceField(
        queryset=Page.objects.all(),
        widget=AdminPageChooser(can_choose_root=False),
        label=_("Create under"),
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "Markdown or HTML, 1 MB at most each. The first is the Code of Conduct, the others "
            "its reporting guide or response procedures."
        ),
    )
    text = forms.CharField(
        label=_("Or paste Markdown or HTML"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    starter_set = forms.BooleanField(
        label=_("Start from the starter set"),
        required=False,
        help_text=_(
            "A Code of Conduct, a reporting guide and enforcement procedures written for "
            "wagtail-coc, with placeholders the checklist flags until you replace them."
        ),
    )
    publish = forms.BooleanField(label=_("Publish the pages"), required=False)
    # The texts read at the preview, carried to the create step unchanged.
    sources = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        sources = []
        if cleaned.get("sources"):
            try:
                sources = [tuple(item) for item in json.loads(cleaned["sources"])]
            except (ValueError, TypeError):
                sources = []
        elif cleaned.get("starter_set"):
            sources = read_files(STARTER_SET)
        else:
            try:
                for upload in cleaned.get("files") or []:
                    if upload.size > MAX_BYTES:
                        raise ImportFailed(_("%(name)s is over 1 MB.") % {"name": upload.name})
                    sources.append((upload.name, decode(upload.read(), upload.name)))
                text = cleaned.get("text") or ""
                if text.strip():
                    sources.append(("pasted.md" if "<" not in text[:200] else "pasted.html", text))
                elif not sources and text:
                    raise ImportFailed(_("The pasted text is empty."))
                for name, source in sources:
                    parse_document(source, name)
            except ImportFailed as error:
                raise forms.ValidationError(str(error)) from error
        if not sources:
            raise forms.ValidationError(_("Upload a file or paste the text of a Code of Conduct."))
        cleaned["source_list"] = sources
        return cleaned


# Parts of a typed section, and headings that stay free sections, named as the editor sees them.
FOLDED_INTO = {
    "what_to_include": "reporting",
    "confidentiality": "reporting",
    "emergency": "section",
}


def section_label(kind):
    """The name the editor sees in the page editor for the section ``kind`` becomes."""
    blocks = CodeOfConductPage._meta.get_field("body").stream_block.child_blocks
    return blocks[FOLDED_INTO.get(kind, kind)].label


page_permission_policy = PagePermissionPolicy()


def can_import(user):
    """Whoever may add a page somewhere may import; the chosen parent is checked on post."""
    return page_permission_policy.user_has_permission(user, "add")


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "wagtail_coc/admin/import.html"
    form_class = ImportForm
    page_title = _("Import a Code of Conduct")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        parent = form.cleaned_data["parent"].specific
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        sources = form.cleaned_data["source_list"]
        if "create" not in request.POST:
            return self.render_to_response(self.preview_context(form, sources))
        try:
            with transaction.atomic():
                imported = build_pages(
                    sources, parent, publish=form.cleaned_data["publish"], user=request.user
                )
        except ImportFailed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            request,
            _("Imported “%(title)s”: fix what the checklist flags, then publish.")
            % {"title": imported[0].page.title},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[imported[0].page.pk]))

    def preview_context(self, form, sources):
        parsed = [(name, parse_document(text, name)) for name, text in sources]
        preview = []
        for position, (name, document) in enumerate(parsed):
            kind = "coc" if position == 0 else page_type_for(document, position)
            preview.append(
                {
                    "name": name,
                    "title": title_for(document, name),
                    "kind": {
                        "coc": _("Code of Conduct"),
                        "reporting_guide": _("reporting guide"),
                        "procedures": _("enforcement and response procedures"),
                    }[kind],
                    "has_intro": bool(document.intro_html),
                    "sections": [(s.heading, section_label(s.kind)) for s in document.sections],
                }
            )
        data = form.data.copy()
        data["sources"] = json.dumps(sources)
        confirm = ImportForm(data=data)
        confirm.fields["files"].widget = forms.HiddenInput()
        confirm.fields["text"].widget = forms.HiddenInput()
        return self.get_context_data(form=confirm, preview=preview)


def get_urls():
    return [path("coc/import/", ImportView.as_view(), name="wagtail_coc_import")]
