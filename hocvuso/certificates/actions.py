"""Issuing, assessing in person and revoking certificates."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hocvuso.certificates import credential
from hocvuso.certificates.models import (
    GROUPS,
    STANDARD,
    Certificate,
    CertificateKind,
    InPersonAssessment,
)
from hocvuso.curriculum.models import Course
from hocvuso.learning.actions import reach_standard
from hocvuso.learning.models import Route
from hocvuso.places.models import Level, Place
from hocvuso.tally.actions import bump, national_root_id
from hocvuso.tally.models import Indicator

# The short code: no 0/O, 1/I/L, 2/Z, 5/S or 8/B, which are easy to mistake for each other.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a person typed, as stored: capitals, without spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def shown_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def verify_url(token: str) -> str:
    from django.conf import settings

    return settings.PUBLIC_URL + reverse("certificates:verify", args=[token])


def issuing_unit(place: Place) -> Place:
    """The unit named on a certificate: the province of the place (or the nation)."""
    if place.level <= Level.PROVINCE:
        return place
    province = place.province_code()
    return Place.objects.filter(code=province, level=Level.PROVINCE).first() or place


def issuer_name(place: Place) -> str:
    with translation.override("vi"):
        return _("Digital literacy movement, %(unit)s") % {"unit": issuing_unit(place).name}


def _titles(kind: str, course: Course | None) -> tuple[str, str]:
    with translation.override("vi"):
        if kind == CertificateKind.STANDARD:
            return (
                _("Basic digital skills standard"),
                _(
                    "Has the basic digital knowledge and skills of the national framework, in "
                    "all nine groups."
                ),
            )
        if course is None:
            raise ValueError("a course certificate needs its course")
        return (
            _("Completed the course “%(title)s”") % {"title": course.title},
            _("Finished the lessons of the course and passed its quiz."),
        )


@transaction.atomic
def do_issue_certificate(
    holder: Any,
    kind: str,
    *,
    course: Course | None = None,
    assessment: InPersonAssessment | None = None,
    groups: list[str] | None = None,
) -> Certificate:
    """The holder's valid certificate for this achievement: made once, whoever asks twice or at
    the same moment (a UNIQUE constraint settles a race); counted in `certificates.issued`.
    A revoked one does not stand in the way: the achievement earned again gets a new one."""
    if kind == CertificateKind.STANDARD:
        achievement = STANDARD
    elif course is not None:
        achievement = f"course:{course.stable_id}"
    else:
        raise ValueError("a course certificate needs its course")
    valid = Certificate.objects.filter(holder=holder, achievement=achievement, revoked_at=None)
    existing = valid.first()
    if existing is not None:
        return existing
    place = (assessment.place if assessment else None) or holder.home_place
    if place is None:
        place = Place.objects.get(pk=national_root_id())
    title, description = _titles(kind, course)
    now = timezone.now()
    token = secrets.token_urlsafe(16)  # 128 random bits
    # The nine groups are what the standard certifies; a course certificate says the course
    # was finished, not that any group was reached, so it names none unless told. The
    # credential names the standard by its groups and each course by its own stable id.
    if kind == CertificateKind.STANDARD:
        shown_groups = list(GROUPS if groups is None else groups)
        achievement_key = "-".join(GROUPS)
    else:
        shown_groups = list(groups or [])
        achievement_key = achievement.replace(":", "-")
    certificate = Certificate(
        holder=holder,
        kind=kind,
        achievement=achievement,
        course=course,
        holder_name=holder.full_name,
        title=title,
        groups=shown_groups,
        issued_at=now,
        issued_place=place,
        segment=holder.learner_group or "",
        in_person=assessment,
        token=token,
        code=new_code(),
    )
    certificate.credential = credential.sign(
        credential.credential_payload(
            verify_url=verify_url(token),
            achievement_key=achievement_key,
            holder_name=holder.full_name,
            title=title,
            description=description,
            groups=shown_groups,
            issued_at=now,
            issuer_name=issuer_name(place),
            in_person=assessment is not None,
        )
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        # Issued at the same moment by another request; a code clash (1 in 10^13) also lands
        # here and is simply tried again by the caller's next event.
        found = valid.first()
        if found is None:
            raise
        return found
    bump(
        place.pk,
        Indicator.CERTIFICATES_ISSUED,
        segment=certificate.segment,
        day=timezone.localdate(now),
    )
    return certificate


@transaction.atomic
def do_record_assessment(
    assessor: Any,
    person: Any,
    *,
    place: Place,
    assessed_on: datetime.date,
    groups: list[str],
    passed: bool,
    note: str = "",
) -> tuple[InPersonAssessment, Certificate | None]:
    """An assessor's record of an in-person assessment. A pass in all nine groups issues the
    standard certificate, marked as assessed in person, and counts as the standard reached."""
    assessment = InPersonAssessment.objects.create(
        person=person,
        assessor=assessor,
        place=place,
        assessed_on=assessed_on,
        groups=[g for g in GROUPS if g in groups],
        passed=passed,
        note=note,
    )
    if not (passed and set(GROUPS) <= set(groups)):
        return assessment, None
    certificate = do_issue_certificate(person, CertificateKind.STANDARD, assessment=assessment)
    reach_standard(person, Route.IN_PERSON)
    return assessment, certificate


class AlreadyRevoked(Exception):
    pass


@transaction.atomic
def do_revoke_certificate(officer: Any, certificate: Certificate, reason: str) -> Certificate:
    """The certificate stays on record, says revoked and since when, and stops counting."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise AlreadyRevoked
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = officer
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    bump(
        certificate.issued_place_id,
        Indicator.CERTIFICATES_ISSUED,
        -1,
        segment=certificate.segment,
        day=timezone.localdate(certificate.issued_at),
    )
    return certificate
