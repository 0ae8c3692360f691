"""Addresses of the flag review pages."""

from django.urls import path

from hocvuso.integrity import views

app_name = "integrity"
urlpatterns = [
    path("flags/", views.flags, name="flags"),
    path("flags/<int:pk>/", views.flag, name="flag"),
    path("flags/<int:pk>/decide/", views.decide, name="decide"),
]
