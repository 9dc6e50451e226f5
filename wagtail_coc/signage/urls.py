"""Public URLs of the signs; include them before Wagtail's page catch-all, e.g.
``path("coc/", include("wagtail_coc.views.urls"))``."""

from django.urls import path, re_path

from wagtail_coc.signage import views

app_name = "wagtail_coc_signage"

urlpatterns = [
    path("short/<int:pk>/slide/", views.slide, name="short_version_slide"),
    re_path(
        rf"^short/(?P<pk>[0-9]+)/poster/(?P<paper>{'|'.join(views.PAPER_SIZES)})/$",
        views.poster,
        name="short_version_poster",
    ),
    path("short/<int:pk>/badge/", views.badge, name="short_version_badge"),
    path("short/<int:pk>/badges.csv", views.badges_csv, name="short_version_badges_csv"),
]
