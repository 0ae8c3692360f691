"""Addresses of certificates: the public verification pages, the signing keys, the holder's
documents and the officers' pages."""

from hocvuso.certificates.views import documents, officer, public

app_name = "certificates"
urlpatterns = [*public.urlpatterns, *documents.urlpatterns, *officer.urlpatterns]
