"""What certificates do when learning or accounts say something happened."""

from __future__ import annotations

import contextlib
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from hocvuso.accounts.signals import person_deleting
from hocvuso.certificates.actions import AlreadyRevoked, do_issue_certificate, do_revoke_certificate
from hocvuso.certificates.counting import uncount_holder
from hocvuso.certificates.models import STANDARD, Certificate, CertificateKind
from hocvuso.curriculum.models import Course
from hocvuso.learning.models import QuizSubmission, StandardReached
from hocvuso.learning.signals import basic_skills_reached, course_quiz_passed, standard_withdrawn


def _standard_reached(sender: Any, user: Any, **kw: Any) -> None:
    do_issue_certificate(user, CertificateKind.STANDARD)


def _course_passed(sender: Any, user: Any, course: Course, **kw: Any) -> None:
    do_issue_certificate(user, CertificateKind.COURSE, course=course)


def _standard_withdrawn(sender: Any, user: Any, **kw: Any) -> None:
    found = Certificate.objects.filter(holder=user, achievement=STANDARD, revoked_at=None).first()
    if found is None or found.in_person_id is not None:
        return
    with translation.override("vi"):
        reason = _("An officer found that the learning records behind it do not count.")
    with contextlib.suppress(AlreadyRevoked):  # an officer got there first
        do_revoke_certificate(None, found, reason)


def _deleting(sender: Any, user: Any, **kw: Any) -> None:
    uncount_holder(user)


def connect() -> None:
    basic_skills_reached.connect(_standard_reached, sender=StandardReached)
    course_quiz_passed.connect(_course_passed, sender=QuizSubmission)
    standard_withdrawn.connect(_standard_withdrawn, sender=StandardReached)
    person_deleting.connect(_deleting)
