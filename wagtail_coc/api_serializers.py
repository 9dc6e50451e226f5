"""What the read-only API says about teams, emergency information and short versions.

Every value is listed here by hand. Model fields are never serialised wholesale, so a field
added to a model later (or a private one such as ``gender_description``) stays out of the
API until someone decides it is public. Imported by the models, so no model imports here.
"""

from rest_framework.fields import Field

MEMBER_PHOTO_SPEC = "fill-160x160"


def phone_data(number):
    if number is None:
        return None
    return {"number": number.stored, "display": number.display, "tel": number.tel_uri}


def photo_data(image):
    if image is None:
        return None
    # A rendition rather than the original: originals can carry camera and location metadata.
    rendition = image.get_rendition(MEMBER_PHOTO_SPEC)
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height}


def member_data(member):
    return {
        "name": member.name,
        "pronouns": member.pronouns,
        "role": member.role,
        "role_display": str(member.get_role_display()),
        "languages": member.languages,
        "availability": member.availability,
        "is_direct_contact": member.is_direct_contact,
        "email": member.public_email or None,
        "phone": phone_data(member.public_phone),
        "chat_handle": member.public_chat_handle or None,
        "photo": photo_data(member.photo),
    }


def team_data(team):
    """The published team, or None for a team that has never been published."""
    if not team.live:
        return None
    return {
        "id": team.pk,
        "name": team.name,
        "shared_email": team.shared_email,
        "hotline": phone_data(team.hotline_number),
        "introduction": team.introduction,
        "members": [member_data(member) for member in team.members.all()],
    }


def emergency_number_data(number):
    return {
        "kind": number.kind,
        "label": str(number.display_label),
        **(phone_data(number.phone) or {"number": "", "display": "", "tel": ""}),
        "url": number.url,
    }


def emergency_info_data(info):
    """The published emergency information, or None when it has never been published."""
    if not info.live:
        return None
    return {
        "id": info.pk,
        "venue_name": info.venue_name,
        "venue_address": info.venue_address,
        "region": info.region,
        "hospital_name": info.hospital_name,
        "hospital_address": info.hospital_address,
        "notes": info.notes,
        "numbers": [emergency_number_data(number) for number in info.numbers.all()],
    }


def coc_page_link(page, request=None):
    """Title and URL of a CoC page the public can read, else None."""
    if page is None or not page.live or page.get_view_restrictions().exists():
        return None
    return {"id": page.pk, "title": page.title, "url": page.get_full_url(request)}


class ReadOnlyField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class TeamField(ReadOnlyField):
    def to_representation(self, team):
        return team_data(team)


class EmergencyInfoField(ReadOnlyField):
    def to_representation(self, info):
        return emergency_info_data(info)


class MembersField(ReadOnlyField):
    def to_representation(self, members):
        return [member_data(member) for member in members.all()]


class PhoneField(ReadOnlyField):
    def to_representation(self, number):
        return phone_data(number)


class EmergencyNumbersField(ReadOnlyField):
    def to_representation(self, numbers):
        return [emergency_number_data(number) for number in numbers.all()]


class CoCPageLinkField(ReadOnlyField):
    def to_representation(self, page):
        return coc_page_link(page, self.context.get("request"))
