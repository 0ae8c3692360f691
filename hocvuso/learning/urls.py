"""Addresses of the learner pages."""

from django.urls import path

from hocvuso.learning.views import assessments, lessons

app_name = "learning"
urlpatterns = [
    path("", lessons.catalogue, name="catalogue"),
    path("path/", lessons.path, name="path"),
    path("courses/<int:pk>/", lessons.course, name="course"),
    path("courses/<int:pk>/quiz/", assessments.quiz, name="quiz"),
    path("lessons/<int:pk>/", lessons.lesson, name="lesson"),
    path("lessons/<int:pk>/done/", lessons.complete, name="complete"),
    path("lessons/<int:pk>/questions/<int:question_pk>/", lessons.answer, name="answer"),
    path("images/<int:version>/<path:path>", lessons.image, name="image"),
    path("progress/", assessments.progress, name="progress"),
    path("self-check/", assessments.self_check, name="self-check"),
    path("self-check/result/", assessments.self_check_result, name="self-check-result"),
    path("final/", assessments.final, name="final"),
    path("final/start/", assessments.final_start, name="final-start"),
    path("final/<int:pk>/", assessments.final_attempt, name="final-attempt"),
]
