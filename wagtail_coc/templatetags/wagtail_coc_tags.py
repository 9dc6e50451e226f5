"""Embed the CoC team, emergency information or short version on any page.

Without an argument each tag uses the site's defaults from "Code of Conduct settings".
"""

from django import template

from wagtail_coc.models import CoCSettings, CoCTeam, EmergencyInfo
from wagtail_coc.models.pages import emergency_info_with_numbers, team_with_roster

register = template.Library()


def _site_settings(context):
    request = context.get("request")
    return CoCSettings.for_request(request) if request is not None else None


def _is_prefetched(instance, relation):
    return relation in getattr(instance, "_prefetched_objects_cache", {})


@register.inclusion_tag("wagtail_coc/includes/team.html", takes_context=True)
def coc_team(context, team=None, heading_level=2):
    if team is None:
        site_settings = _site_settings(context)
        team = site_settings.default_team if site_settings else None
    if isinstance(team, CoCTeam) and not _is_prefetched(team, "members"):
        team = team_with_roster(team.pk)
    return {"team": team, "heading_level": heading_level, "request": context.get("request")}


@register.inclusion_tag("wagtail_coc/includes/emergency_info.html", takes_context=True)
def coc_emergency_info(context, info=None, heading_level=2):
    if info is None:
        site_settings = _site_settings(context)
        info = site_settings.default_emergency_info if site_settings else None
    if isinstance(info, EmergencyInfo) and not _is_prefetched(info, "numbers"):
        info = emergency_info_with_numbers(info.pk)
    return {"info": info, "heading_level": heading_level}


@register.inclusion_tag("wagtail_coc/includes/short_version.html", takes_context=True)
def coc_short_version(context, short_version, heading_level=2):
    return {
        "short_version": short_version,
        "heading_level": heading_level,
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def coc_page_url(context):
    """URL of the site's Code of Conduct page, for footers and registration forms."""
    site_settings = _site_settings(context)
    page = site_settings.default_coc_page if site_settings else None
    return page.get_url(context.get("request")) if page else ""
