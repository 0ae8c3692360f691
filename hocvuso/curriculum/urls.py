"""Addresses of the editors' pages."""

from django.urls import path

from hocvuso.curriculum import views

app_name = "curriculum"
urlpatterns = [
    path("packs/", views.packs, name="packs"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("versions/<int:pk>/publish/", views.publish, name="publish"),
    path("versions/<int:pk>/lessons/<slug:lesson_id>/", views.preview, name="preview"),
    path("versions/<int:pk>/files/<path:path>", views.image, name="image"),
]
