"""Helpers of the casework tests: people, a report page, what a reporter types, and many cases
at once (the case list's tests and benchmark)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail_coc.casework.crypto import new_wrapped_key
from wagtail_coc.casework.models import Case, IncidentReportPage, Recusal

ACCOUNT = {
    "what_happened": "Zephyrine Okonkwo-Lindqvist cornered me by the coffee urn",
    "when": "Tuesday around 15:40",
    "where": "Quillfeather Hall, second floor",
    "who": "Zephyrine Okonkwo-Lindqvist, tall, red lanyard",
    "witnesses": "Barnaby Thistlewood saw it",
    "contact": "reporter-xq17@mailbox.example",
    "desired_response": "Please ask her to keep away from me",
}
SECRETS = [
    "Okonkwo-Lindqvist", "coffee urn", "Quillfeather Hall", "red lanyard", "Thistlewood",
    "reporter-xq17", "keep away from me", "Tuesday around 15:40",
]  # fmt: skip


def make_user(username, *groups, admin=True, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@pyharbour.example", "password", **extra
    )
    if admin:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for group in groups:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def build_report_page(parent, slug="report"):
    page = IncidentReportPage(title="Report an incident", slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def report_data(token="token-1", action="send", **changes):
    data = {**ACCOUNT, "may_share_name": "no", "token": token, "action": action}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def bulk_cases(count, site=None, start=0):
    """``count`` empty cases in a few queries. They share one wrapped data key: the list reads
    no content, and wrapping 10,000 keys would only time Fernet."""
    key = new_wrapped_key()
    return Case.objects.bulk_create(
        (
            Case(code_name=f"Grey Heron {start + number:05d}", site=site, wrapped_key=key)
            for number in range(count)
        ),
        batch_size=1000,
    )


def recuse_from_every_third(user, cases):
    """Recuse ``user`` from a third of ``cases``, each way a member can be recused."""
    reasons = list(Recusal.Reason)
    Recusal.objects.bulk_create(
        (
            Recusal(case=case, user=user, reason=reasons[index % len(reasons)])
            for index, case in enumerate(cases[::3])
        ),
        batch_size=1000,
    )
