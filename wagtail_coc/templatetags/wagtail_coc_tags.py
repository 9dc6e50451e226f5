"""Embed the CoC team, emergency information or short version on any page.

Without an argument each tag uses the site's defaults from "Code of Conduct settings".
When there is nothing to show (no default configured, or an unpublished snippet) a tag
renders nothing at all, so a site can put them in its base template unconditionally.

On multi-language sites, a page shows the translations in its own locale of what it embeds
(translated pages keep pointing at the original snippets); outside a page, the site's
defaults follow the active language, and snippets passed explicitly are shown as given.
The markup comes from ``wagtail_coc/includes/*.html``, which projects may override.
"""

from django import template
from django.utils import translation

from wagtail_coc.anchors import section_anchors
from wagtail_coc.caching import cached_fragment
from wagtail_coc.contacts import contact_link, help_channels, link_contacts
from wagtail_coc.models import CoCSettings, CoCTeam, EmergencyInfo
from wagtail_coc.models.pages import (
    emergency_info_with_numbers,
    in_locale,
    page_and_team_of,
    team_with_roster,
)
from wagtail_coc.models.short_version import team_contact_line

register = template.Library()


def _site_settings(context):
    request = context.get("request")
    return CoCSettings.for_request(request) if request is not None else None


def _page_locale_id(context):
    return getattr(context.get("page"), "locale_id", None)


def _default(context, name):
    site_settings = _site_settings(context)
    default = getattr(site_settings, name) if site_settings else None
    if default is None or _page_locale_id(context) is not None:
        return default
    return default.localized


def _needs_translation(context, instance):
    locale_id = _page_locale_id(context)
    return locale_id is not None and getattr(instance, "locale_id", locale_id) != locale_id


def _is_prefetched(instance, relation):
    return relation in getattr(instance, "_prefetched_objects_cache", {})


def _is_public(obj):
    # Snippets with drafts: only published ones belong on public pages.
    return obj is not None and getattr(obj, "live", True)


def _with_related(context, instance, model, relation, load):
    """``instance`` in the page's locale with ``relation`` loaded, querying only when needed."""
    if _needs_translation(context, instance):
        return load(instance.pk, _page_locale_id(context))
    if isinstance(instance, model) and not _is_prefetched(instance, relation):
        return load(instance.pk)
    return instance


def _render(context, template_name, values):
    """Render like an inclusion tag does, with the caller's request and autoescaping."""
    values = {**values, "request": context.get("request")}
    return context.template.engine.get_template(template_name).render(context.new(values))


def _is_preview(context):
    return getattr(context.get("request"), "is_preview", False)


@register.simple_tag(takes_context=True)
def coc_team(context, team=None, heading_level=2):
    if team is None:
        team = _default(context, "default_team")
    if not _is_public(team):
        return ""
    if _needs_translation(context, team):
        team = in_locale(team, _page_locale_id(context))

    def render():
        roster = _with_related(context, team, CoCTeam, "members", team_with_roster)
        return _render(
            context,
            "wagtail_coc/includes/team.html",
            {"team": roster, "heading_level": heading_level},
        )

    if _is_preview(context):
        return render()
    parts = (team.pk, heading_level, translation.get_language())
    return cached_fragment("team", parts, render)


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        def render():
            return self.nodelist.render(context)

        if _is_preview(context):
            return render()
        parts = [part.resolve(context) for part in self.parts]
        return cached_fragment("block", [*parts, translation.get_language()], render)


@register.tag
def coc_cache(parser, token):
    """``{% coc_cache name part... %}markup{% endcoc_cache %}``: the markup, cached under
    the name and parts, the language and wagtail-coc's content and template versions; so it
    is never stale (see ``wagtail_coc.caching``). Previews are never cached."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("coc_cache needs a name.")
    nodelist = parser.parse(("endcoc_cache",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.simple_tag(takes_context=True)
def coc_emergency_info(context, info=None, heading_level=2):
    if info is None:
        info = _default(context, "default_emergency_info")
    if info is None:
        return ""
    info = _with_related(context, info, EmergencyInfo, "numbers", emergency_info_with_numbers)
    return _render(
        context,
        "wagtail_coc/includes/emergency_info.html",
        {"info": info, "heading_level": heading_level},
    )


@register.simple_tag(takes_context=True)
def coc_short_version(context, short_version, heading_level=2):
    if not _is_public(short_version):
        return ""
    if _needs_translation(context, short_version):
        short_version = in_locale(short_version, _page_locale_id(context))
    return _render(
        context,
        "wagtail_coc/includes/short_version.html",
        {
            "short_version": short_version,
            "coc_page_url": coc_page_url(
                context, in_locale(short_version.coc_page, short_version.locale_id)
            ),
            "heading_level": heading_level,
        },
    )


@register.simple_tag(takes_context=True)
def coc_page_url(context, page=None):
    """URL of a CoC page (by default the site's), for footers and registration forms."""
    if page is None:
        page = _default(context, "default_coc_page")
    if _needs_translation(context, page):
        page = in_locale(page, _page_locale_id(context))
    if page is None or not page.live:
        return ""
    return page.get_url(context.get("request")) or ""


@register.simple_tag(takes_context=True)
def coc_short_version_contacts(context, short_version):
    """How to reach the team a short version names, from the team's current contacts."""
    _page, team = page_and_team_of(short_version, _site_settings(context))
    return team_contact_line(team, short_version.contact_note)


@register.filter
def members_with_role(members, role):
    """Members holding ``role``, so a template can leave out a heading with nobody under it."""
    return [member for member in members if member.role == role]


@register.filter
def coc_conflict_contacts(members):
    """Escalation contacts, then team members flagged as conflict-of-interest contacts:
    each member is entered once and shown wherever they serve."""
    members = list(members)
    escalation = [m for m in members if m.role == "escalation"]
    flagged = [m for m in members if m.role != "escalation" and m.is_conflict_contact]
    return escalation + flagged


MEMBER_PHOTO = "fill-160x160"


@register.simple_tag
def coc_member_photo(image):
    """A member's photo; unlike ``{% image %}``, reuses prefetched renditions without
    writing each of them to the cache on every render."""
    rendition = image.get_renditions(MEMBER_PHOTO)[MEMBER_PHOTO]
    return rendition.img_tag({"alt": "", "class": "coc-member-photo"})


def _language_codes(request):
    """Locale id → language code, looked up once per request (or per call without one)."""
    from wagtail.models import Locale

    codes = getattr(request, "_coc_language_codes", None)
    if codes is None:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        if request is not None:
            request._coc_language_codes = codes
    return codes


@register.simple_tag(takes_context=True)
def coc_content_language(context, obj=None):
    """The language ``obj`` (a page or snippet) is written in, for its ``lang`` attribute;
    the active language when it has no locale. Pages and snippets shown under an interface
    of another language (an English page at a French address, an English team on a French
    page) are then read by screen readers in their own language."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is not None:
        code = _language_codes(context.get("request")).get(locale_id)
        if code:
            return code
    return translation.get_language() or ""


@register.simple_tag(takes_context=True)
def coc_first_landmark(context, name):
    """True the first time a landmark of this name is drawn for the request: a box shown
    twice on one page (page field and block) is a landmark once (axe: landmark-unique)."""
    request = context.get("request")
    if request is None:
        return True
    drawn = request.__dict__.setdefault("_coc_landmarks", set())
    if name in drawn:
        return False
    drawn.add(name)
    return True


@register.filter
def coc_contact_links(text, region=None):
    """Text with its emails, web addresses and phone numbers as links (escaped otherwise)."""
    return link_contacts(str(text or ""), region)


@register.simple_tag
def coc_channel_contact(channel, region=None):
    """A reporting channel's "what to use" as a link: mailto, tel or the form's address."""
    url = channel.get("url") or ""
    return contact_link(channel.get("kind", ""), channel.get("label", ""), region, url)


@register.simple_tag
def coc_section_anchors(body):
    """(block, anchor) pairs: each section's anchor is its heading's slug, made unique."""
    return section_anchors(body)


@register.filter
def coc_first_anchor(sections, block_type):
    """The anchor of the first section of ``block_type`` among (block, anchor) pairs."""
    return next((anchor for block, anchor in sections if block.block_type == block_type), "")


@register.simple_tag
def coc_help_channels(sections, team=None):
    """The reporting channels for the "How to get help" box, each once, in page order;
    the team's shared address is shown on its own line, so it is left out here."""
    channels = help_channels(
        block.value for block, _anchor in sections if block.block_type == "reporting"
    )
    shared = (getattr(team, "shared_email", "") or "").casefold() if team else ""
    return [c for c in channels if not shared or c["label"].strip().casefold() != shared]
