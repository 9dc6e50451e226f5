# wagtail-coc: opening slides, posters and badges, before Wagtail's catch-all.
urlpatterns.insert(0, path("coc/", include("wagtail_coc.signage.urls")))
