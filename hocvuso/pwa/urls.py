"""Addresses of the web app files; mounted at the site root so the service worker covers it all."""

from django.urls import path

from hocvuso.pwa import views

urlpatterns = [
    path("sw.js", views.service_worker, name="pwa-sw"),
    path("manifest.webmanifest", views.manifest, name="pwa-manifest"),
    path("offline/", views.offline, name="pwa-offline"),
]
