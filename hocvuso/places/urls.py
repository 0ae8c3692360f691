"""Addresses of the place picker."""

from django.urls import path

from hocvuso.places import views

app_name = "places"
urlpatterns = [
    path("pick/", views.pick, name="pick"),
    path("pick/search/", views.search, name="search"),
]
