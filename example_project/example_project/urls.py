from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_coc.api import register_endpoints

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
register_endpoints(api_router)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
# English at /code-of-conduct/, French at /fr/code-of-conduct/; signs follow the same rule.
urlpatterns += i18n_patterns(
    # Before Wagtail's catch-all, which would otherwise answer these paths with a 404.
    path("coc/", include("wagtail_coc.signage.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
