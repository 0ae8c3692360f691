"""What certificates do when learning or accounts say something happened."""

from __future__ import annotations

import contextlib
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from hocvuso.accounts.signals import person_deleting
from hocvuso.certificates.actions import AlreadyRevoked, do_issue_certificate, do_revoke_certificate
from hocvuso.certificates.counting import uncount_holder
from hocvuso.certificates.models import (
    GROUPS,
    STANDARD,
    Certificate,
    CertificateKind,
    InPersonAssessment,
)
from hocvuso.curriculum.models import Course
from hocvuso.learning.actions import reach_standard
from hocvuso.learning.models import QuizSubmission, Route, StandardReached
from hocvuso.learning.signals import basic_skills_reached, course_quiz_passed, standard_withdrawn


def _standard_reached(sender: Any, user: Any, **kw: Any) -> None:
    do_issue_certificate(user, CertificateKind.STANDARD)


def _course_passed(sender: Any, user: Any, course: Course, **kw: Any) -> None:
    do_issue_certificate(user, CertificateKind.COURSE, course=course)


def _passed_in_person(user: Any) -> bool:
    passes = InPersonAssessment.objects.filter(person=user, passed=True).values_list(
        "groups", flat=True
    )
    return any(set(GROUPS) <= set(groups) for groups in passes)


def _standard_withdrawn(sender: Any, user: Any, **kw: Any) -> None:
    if _passed_in_person(user):
        # An assessor saw the person pass all nine groups after they had reached the standard
        # online: rejecting the online evidence does not undo that (decision 22). Learning
        # cannot see assessments, so the standard is reached again here, by that route, and
        # the certificate stands.
        reach_standard(user, Route.IN_PERSON)
        return
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
