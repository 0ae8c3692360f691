"""The site's addresses: each app's pages, wired together."""

from django.urls import include, path
from django.views.i18n import set_language

from hocvuso.api import api
from hocvuso.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("text-size/", core_views.text_size, name="text-size"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("places/", include("hocvuso.places.urls")),
    path("accounts/", include("hocvuso.accounts.urls")),
    path("curriculum/", include("hocvuso.curriculum.urls")),
    path("learn/", include("hocvuso.learning.urls")),
    path("integrity/", include("hocvuso.integrity.urls")),
    path("", include("hocvuso.certificates.urls")),
    path("api/", api.urls),
    path("", include("hocvuso.pwa.urls")),
]

handler400 = "hocvuso.core.views.bad_request"
handler403 = "hocvuso.core.views.permission_denied"
handler404 = "hocvuso.core.views.page_not_found"
handler500 = "hocvuso.core.views.server_error"
