"""Writes to accounts: sign-up, verification, reset, consent, assisted learners, roles, places.

Each `do_*` is atomic and is what views, commands and tests call.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from hocvuso.accounts.codes import check_code, issue_code
from hocvuso.accounts.consent_text import CONSENT_VERSION, snapshot
from hocvuso.accounts.models import (
    AccountEvent,
    AccountStatus,
    CodePurpose,
    Consent,
    ConsentKind,
    EventKind,
    LearnerGroup,
    OneTimeCode,
    Role,
    RoleKind,
    User,
)
from hocvuso.accounts.models.roles import MANAGER_KINDS
from hocvuso.places.models import Level, Place, PlaceKind

SUBUNIT_KINDS = [
    PlaceKind.VILLAGE,
    PlaceKind.HAMLET,
    PlaceKind.MOUNTAIN_VILLAGE,
    PlaceKind.RESIDENTIAL_GROUP,
    PlaceKind.QUARTER,
]


class ScopeError(Exception):
    """The actor may not act on this place or person; views answer 404."""


@dataclass(frozen=True)
class Guardian:
    name: str
    relation: str
    phone: str


@dataclass(frozen=True)
class Profile:
    full_name: str
    birth_year: int | None
    learner_group: str
    home_place: Place | None


def _event(
    user: User,
    kind: str,
    actor: User | None = None,
    assisted_by: User | None = None,
    detail: str = "",
) -> None:
    AccountEvent.objects.create(
        user=user, kind=kind, actor=actor, assisted_by=assisted_by, detail=detail[:200]
    )


@transaction.atomic
def do_sign_up(
    phone: str, password: str, profile: Profile, guardian: Guardian | None = None
) -> User | None:
    """Create an account and send a code to verify the phone.

    If the number already has an account nothing is created and None is returned; the
    password is still hashed, so both paths cost the same and look the same to the caller.
    """
    if User.objects.filter(phone=phone).exists():
        make_password(password)
        return None
    user = User(
        phone=phone,
        full_name=profile.full_name,
        birth_year=profile.birth_year,
        learner_group=profile.learner_group,
        home_place=profile.home_place,
    )
    user.set_password(password)
    if user.needs_guardian():
        user.status = AccountStatus.AWAITING_GUARDIAN
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same number signed up a moment earlier
        return None
    now = timezone.now()
    Consent.objects.create(
        user=user, kind=ConsentKind.SELF, version=CONSENT_VERSION, text=snapshot(), given_at=now
    )
    _event(user, EventKind.SIGNED_UP)
    if user.needs_guardian() and guardian is not None:
        Consent.objects.create(
            user=user,
            kind=ConsentKind.GUARDIAN,
            version=CONSENT_VERSION,
            text=snapshot(),
            guardian_name=guardian.name,
            guardian_relation=guardian.relation,
            guardian_phone=guardian.phone,
        )
        issue_code(CodePurpose.GUARDIAN, phone=guardian.phone, user=user)
    issue_code(CodePurpose.VERIFY, phone=phone, user=user)
    return user


@transaction.atomic
def do_verify_phone(phone: str, code: str) -> User | None:
    """Check a verification code. For an assisted learner claiming their account, this is
    the step that gives the account its phone number."""
    found = check_code(CodePurpose.VERIFY, code, phone=phone)
    if found is None or found.user is None:
        return None
    user = User.objects.select_for_update().get(pk=found.user.pk)
    if user.phone is None:  # completing a claim
        if User.objects.filter(phone=phone).exists():
            return None
        user.phone = phone
        user.status = AccountStatus.ACTIVE
        user.claimed_at = timezone.now()
        OneTimeCode.objects.filter(user=user, purpose=CodePurpose.CLAIM, used_at=None).update(
            used_at=user.claimed_at
        )
        _event(user, EventKind.CLAIMED)
    elif user.phone != phone:
        return None
    user.phone_verified_at = timezone.now()
    user.save()
    _event(user, EventKind.PHONE_VERIFIED)
    return user


def do_resend_verification(phone: str) -> None:
    user = User.objects.filter(phone=phone, phone_verified_at=None).first()
    if user is not None:
        issue_code(CodePurpose.VERIFY, phone=phone, user=user)


@transaction.atomic
def do_confirm_guardian(phone: str, code: str) -> User | None:
    """A guardian's code, typed in with the child's number, activates the child's account."""
    user = User.objects.filter(phone=phone, status=AccountStatus.AWAITING_GUARDIAN).first()
    if user is None:
        return None
    pending = Consent.objects.filter(user=user, kind=ConsentKind.GUARDIAN, given_at=None).first()
    if (
        pending is None
        or check_code(CodePurpose.GUARDIAN, code, phone=pending.guardian_phone) is None
    ):
        return None
    pending.given_at = timezone.now()
    pending.save(update_fields=["given_at"])
    user.status = AccountStatus.ACTIVE
    user.save(update_fields=["status"])
    _event(user, EventKind.GUARDIAN_CONSENTED, detail=pending.guardian_relation)
    return user


def do_request_reset(phone: str) -> None:
    """Send a reset code if the number has an account; hash a password either way."""
    make_password(secrets.token_urlsafe())  # the same work whether or not the number is known
    user = User.objects.filter(phone=phone).first()
    if user is not None:
        issue_code(CodePurpose.RESET, phone=phone, user=user)


@transaction.atomic
def do_reset_password(phone: str, code: str, password: str) -> User | None:
    found = check_code(CodePurpose.RESET, code, phone=phone)
    if found is None or found.user is None:
        make_password(password)
        return None
    user = User.objects.select_for_update().get(pk=found.user.pk)
    user.set_password(password)
    if user.phone == phone and user.phone_verified_at is None:
        user.phone_verified_at = timezone.now()  # the code reached this phone
    user.save()
    _event(user, EventKind.PASSWORD_RESET, actor=found.issued_by)
    return user


def do_hand_reset_code(actor: User, person: User) -> str:
    """A volunteer or officer gives a person a reset code face to face."""
    if person.phone is None:
        raise ScopeError
    code = issue_code(CodePurpose.RESET, phone=person.phone, user=person, issued_by=actor)
    if code is None:  # codes handed over in person are never throttled
        raise ScopeError
    _event(person, EventKind.RESET_CODE_HANDED, actor=actor)
    return code


@transaction.atomic
def do_change_password(user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    _event(user, EventKind.PASSWORD_CHANGED)


@transaction.atomic
def do_update_profile(user: User, profile: Profile, assisted_by: User | None = None) -> None:
    user.full_name = profile.full_name
    user.birth_year = profile.birth_year
    user.learner_group = profile.learner_group
    user.home_place = profile.home_place
    user.save(update_fields=["full_name", "birth_year", "learner_group", "home_place"])
    _event(user, EventKind.PROFILE_UPDATED, actor=assisted_by or user, assisted_by=assisted_by)


@transaction.atomic
def do_withdraw_consent(user: User) -> None:
    """Withdrawing consent keeps the record of it but closes the account to sign-in."""
    now = timezone.now()
    Consent.objects.filter(user=user, withdrawn_at=None).update(withdrawn_at=now)
    user.status = AccountStatus.WITHDRAWN
    user.save(update_fields=["status"])
    _event(user, EventKind.CONSENT_WITHDRAWN)


@transaction.atomic
def do_give_consent_again(user: User) -> None:
    Consent.objects.create(
        user=user,
        kind=ConsentKind.SELF,
        version=CONSENT_VERSION,
        text=snapshot(),
        given_at=timezone.now(),
    )
    user.status = AccountStatus.AWAITING_GUARDIAN if user.needs_guardian() else AccountStatus.ACTIVE
    user.save(update_fields=["status"])


@transaction.atomic
def do_register_assisted(
    volunteer: User,
    profile: Profile,
    consent_given_on: datetime.datetime,
    guardian: Guardian | None = None,
) -> User:
    """A volunteer registers a person without a phone; consent was given on paper."""
    if profile.home_place is None or not can_help_at(volunteer, profile.home_place):
        raise ScopeError
    person = User(
        phone=None,
        full_name=profile.full_name,
        birth_year=profile.birth_year,
        learner_group=profile.learner_group or LearnerGroup.CITIZEN,
        home_place=profile.home_place,
        status=AccountStatus.ASSISTED,
        registered_by=volunteer,
    )
    person.set_unusable_password()
    person.save()
    Consent.objects.create(
        user=person,
        kind=ConsentKind.PAPER,
        version=CONSENT_VERSION,
        text=snapshot(),
        given_at=consent_given_on,
        recorded_by=volunteer,
        guardian_name=guardian.name if guardian else "",
        guardian_relation=guardian.relation if guardian else "",
    )
    _event(person, EventKind.REGISTERED_ASSISTED, actor=volunteer, assisted_by=volunteer)
    return person


def do_hand_claim_code(volunteer: User, person: User) -> str:
    if person.phone is not None:
        raise ScopeError
    code = issue_code(CodePurpose.CLAIM, user=person, issued_by=volunteer)
    if code is None:
        raise ScopeError
    _event(person, EventKind.CLAIM_CODE_HANDED, actor=volunteer, assisted_by=volunteer)
    return code


class ClaimProblem(Exception):
    """Why a claim could not start: a wrong code, or a number that already has an account."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@transaction.atomic
def do_start_claim(claim_code: str, phone: str, password: str) -> User:
    """The person types the volunteer's code, their own number and a password; a code then
    goes to that number, and the account is theirs once they type it back (the claim code
    stays valid until then)."""
    found = check_code(CodePurpose.CLAIM, claim_code, consume=False)
    if found is None or found.user is None or found.user.phone is not None:
        make_password(password)
        raise ClaimProblem("claim_code_wrong")
    if User.objects.filter(phone=phone).exists():
        raise ClaimProblem("phone_taken")
    user = found.user
    user.set_password(password)
    user.save(update_fields=["password"])
    issue_code(CodePurpose.VERIFY, phone=phone, user=user)
    return user


def do_log_assist(volunteer: User, person: User, started: bool) -> None:
    _event(
        person,
        EventKind.ASSIST_STARTED if started else EventKind.ASSIST_ENDED,
        actor=volunteer,
        assisted_by=volunteer,
    )


def manages(user: User, place: Place) -> bool:
    """True if the user is an officer or admin on `place` or above it."""
    return Role.objects.covering(place).filter(user=user, kind__in=MANAGER_KINDS).exists()


def can_help_at(user: User, place: Place) -> bool:
    from hocvuso.accounts.models.roles import PEOPLE_KINDS

    return Role.objects.covering(place).filter(user=user, kind__in=PEOPLE_KINDS).exists()


@transaction.atomic
def do_grant_role(granter: User, person: User, kind: str, place: Place) -> Role:
    """Officers grant roles inside their own scope; only an admin makes another admin."""
    if not manages(granter, place):
        raise ScopeError
    if (
        kind == RoleKind.ADMIN
        and not Role.objects.covering(place).filter(user=granter, kind=RoleKind.ADMIN).exists()
    ):
        raise ScopeError
    role, _created = Role.objects.get_or_create(
        user=person, kind=kind, place=place, defaults={"granted_by": granter}
    )
    _event(person, EventKind.ROLE_GRANTED, actor=granter, detail=f"{kind} {place.code}")
    return role


@transaction.atomic
def do_revoke_role(revoker: User, role: Role) -> None:
    if not manages(revoker, role.place) or (
        role.kind == RoleKind.ADMIN and role.user_id == revoker.pk
    ):
        raise ScopeError
    _event(
        role.user, EventKind.ROLE_REVOKED, actor=revoker, detail=f"{role.kind} {role.place.code}"
    )
    role.delete()


@transaction.atomic
def do_add_subunit(officer: User, commune: Place, name: str, kind: str) -> Place:
    """A village or residential group under a commune in the officer's scope."""
    if commune.level != Level.COMMUNE or not manages(officer, commune):
        raise ScopeError
    if kind not in SUBUNIT_KINDS:
        raise ValueError(kind)
    siblings = Place.objects.filter(parent=commune).count()
    code = f"{commune.code}-{siblings + 1:03d}"
    while Place.objects.filter(code=code).exists():
        siblings += 1
        code = f"{commune.code}-{siblings + 1:03d}"
    province = Place.objects.get(code=commune.province_code())
    return Place.objects.create(
        code=code,
        name=name,
        kind=kind,
        level=Level.SUBUNIT,
        parent=commune,
        path=Place.make_path(commune.path, code),
        search_key=Place.make_search_key(f"{name} {commune.name}", province.name),
        is_official=False,
    )


def subunit_name_taken(commune: Place, name: str) -> bool:
    return Place.objects.filter(parent=commune, name__iexact=name).exists()
