"""Public URLs of wagtail-coc; include them before Wagtail's page catch-all, e.g.
``path("coc/", include("wagtail_coc.urls"))``."""

from django.urls import path, re_path

from wagtail_coc import signage

app_name = "wagtail_coc"

urlpatterns = [
    path("short/<int:pk>/slide/", signage.slide, name="short_version_slide"),
    re_path(
        rf"^short/(?P<pk>[0-9]+)/poster/(?P<paper>{'|'.join(signage.PAPER_SIZES)})/$",
        signage.poster,
        name="short_version_poster",
    ),
    path("short/<int:pk>/badge/", signage.badge, name="short_version_badge"),
    path("short/<int:pk>/badges.csv", signage.badges_csv, name="short_version_badges_csv"),
]
