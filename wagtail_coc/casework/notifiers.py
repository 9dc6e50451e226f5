"""The channels that carry the team's notifications: email ships; a site adds others.

``WAGTAIL_COC_CASEWORK_NOTIFIERS`` lists the classes to use, by dotted path. Each is built
without arguments and has ``send(recipients, subject, text)``: ``recipients`` are team members
(user objects, so a chat backend can look up its own handle for each), ``subject`` and
``text`` are plain text that hold a case's code name and admin link, never its content.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from wagtail.admin.mail import send_mail

from wagtail_coc import conf


class Notifier:
    """What every notification backend offers."""

    def send(self, recipients, subject: str, text: str) -> None:
        raise NotImplementedError


class EmailNotifier(Notifier):
    """One email to the members who have an address, from Wagtail's notification sender
    (``WAGTAILADMIN_NOTIFICATION_FROM_EMAIL``)."""

    def send(self, recipients, subject, text):
        addresses = [member.email for member in recipients if member.email]
        if addresses:
            send_mail(subject, text, addresses)


def get_notifiers() -> list[Notifier]:
    """An instance of each class named by ``WAGTAIL_COC_CASEWORK_NOTIFIERS``."""
    notifiers = []
    for path in conf.casework_notifiers():
        try:
            notifiers.append(import_string(path)())
        except ImportError as error:
            raise ImproperlyConfigured(
                f"WAGTAIL_COC_CASEWORK_NOTIFIERS names {path!r}, which cannot be imported."
            ) from error
    return notifiers
