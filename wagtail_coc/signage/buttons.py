"""Admin buttons that open a live short version's signs."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button

from wagtail_coc.models import ShortVersion
from wagtail_coc.signage.views import PAPER_SIZES


def signage_buttons(short_version: ShortVersion, priority=100) -> list[Button]:
    """Admin buttons to each sign; drafts have none because their URLs answer 404."""
    if not short_version.live:
        return []
    pk = short_version.pk
    links = [
        (
            _("Opening slide"),
            reverse("wagtail_coc_signage:short_version_slide", args=[pk]),
            "media",
        ),
        *(
            (
                _("Poster (%(paper)s)") % {"paper": label},
                reverse("wagtail_coc_signage:short_version_poster", args=[pk, paper]),
                "doc-full",
            )
            for paper, label in PAPER_SIZES.items()
        ),
        (_("Badge preview"), reverse("wagtail_coc_signage:short_version_badge", args=[pk]), "user"),
        (
            _("Badge CSV"),
            reverse("wagtail_coc_signage:short_version_badges_csv", args=[pk]),
            "download",
        ),
    ]
    return [
        Button(label, url=url, icon_name=icon, priority=priority + index)
        for index, (label, url, icon) in enumerate(links)
    ]
