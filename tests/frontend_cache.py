"""A frontend cache backend that records what it is asked to purge."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

purged: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        purged.append(url)
