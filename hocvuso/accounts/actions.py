"""Writes to accounts: sign-up, verification, reset, consent, assisted learners, roles, places.

Each `do_*` is atomic and is what views, commands and tests call.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hocvuso.accounts.codes import check_code, issue_code, notify, reissue
from hocvuso.accounts.consent_text import CONSENT_VERSION, snapshot
from hocvuso.accounts.counting import count_new_person, count_verified, move_counts, uncount_person
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
from hocvuso.accounts.signals import person_deleting, person_moved
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


def do_sign_up(
    phone: str, password: str, profile: Profile, guardian: Guardian | None = None
) -> OneTimeCode | None:
    """Keep a sign-up waiting for its code; the account is made when that code comes back
    (`do_verify_phone`), so nobody can hold a number they do not have.

    For a number that already has an account nothing is kept: its owner gets a text saying so.
    A password is hashed on both paths, and the caller shows the same page either way.
    """
    hashed = make_password(password)
    if User.objects.filter(phone=phone).exists():
        with translation.override("vi"):
            notice = _(
                "Someone tried to create a hocvuso account with this number, which already has one. If it was you, use “Forgot password” to sign in."
            )
        notify(phone, notice)
        return None
    payload = {
        "password": hashed,
        "full_name": profile.full_name,
        "birth_year": profile.birth_year,
        "learner_group": profile.learner_group,
        "place": profile.home_place.code if profile.home_place else "",
        "guardian": [guardian.name, guardian.relation, guardian.phone] if guardian else None,
        "consent_text": snapshot(),
        "consented_at": timezone.now().isoformat(),
    }
    issued = issue_code(CodePurpose.VERIFY, phone=phone, payload=payload)
    return issued[1] if issued else None


def _create_from_sign_up(phone: str, payload: dict[str, Any]) -> User | None:
    if User.objects.filter(phone=phone).exists():
        return None  # another sign-up of this number was confirmed first
    place = Place.objects.filter(code=payload.get("place", "")).first()
    user = User(
        phone=phone,
        password=payload["password"],
        full_name=payload["full_name"],
        birth_year=payload["birth_year"],
        learner_group=payload["learner_group"],
        home_place=place,
        phone_verified_at=timezone.now(),
    )
    guardian = payload.get("guardian")
    if user.needs_guardian():
        user.status = AccountStatus.AWAITING_GUARDIAN
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return None
    given_at = datetime.datetime.fromisoformat(payload["consented_at"])
    Consent.objects.create(
        user=user,
        kind=ConsentKind.SELF,
        version=CONSENT_VERSION,
        text=payload["consent_text"],
        given_at=given_at,
    )
    count_new_person(user)
    _event(user, EventKind.SIGNED_UP)
    _event(user, EventKind.PHONE_VERIFIED)
    if user.needs_guardian() and guardian:
        _ask_guardian(user, Guardian(*guardian))
    return user


def _ask_guardian(user: User, guardian: Guardian) -> None:
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


@transaction.atomic
def do_verify_phone(phone: str, code: str, pending_id: int | None = None) -> User | None:
    """Check the code of one pending request (a sign-up, or the claim of an assisted
    learner's account) and carry it out."""
    found = check_code(CodePurpose.VERIFY, code, phone=phone, row_id=pending_id)
    if found is None:
        return None
    if found.user is None:
        return _create_from_sign_up(phone, found.payload)
    user = User.objects.select_for_update().get(pk=found.user.pk)
    claiming = user.phone is None
    if claiming:
        if User.objects.filter(phone=phone).exists():
            return None
        user.phone = phone
        user.password = found.payload.get("password", user.password)
        user.status = AccountStatus.ACTIVE
        user.claimed_at = timezone.now()
    elif user.phone != phone:
        return None
    first_time = user.phone_verified_at is None
    user.phone_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the number was claimed by someone else a moment earlier
        return None
    if first_time:
        count_verified(user)
    if claiming:
        OneTimeCode.objects.filter(user=user, purpose=CodePurpose.CLAIM, used_at=None).update(
            used_at=user.claimed_at
        )
        _event(user, EventKind.CLAIMED)
    _event(user, EventKind.PHONE_VERIFIED)
    return user


def do_resend_verification(pending_id: int | None) -> None:
    row = (
        OneTimeCode.objects.filter(pk=pending_id, purpose=CodePurpose.VERIFY, used_at=None).first()
        if pending_id
        else None
    )
    if row is not None:
        reissue(row)


@transaction.atomic
def do_confirm_guardian(phone: str, code: str) -> User | None:
    """A guardian's code, typed in with the child's number, activates the child's account."""
    user = User.objects.filter(phone=phone, status=AccountStatus.AWAITING_GUARDIAN).first()
    if user is None:
        return None
    pending = Consent.objects.filter(user=user, kind=ConsentKind.GUARDIAN, given_at=None).first()
    if (
        pending is None
        or check_code(CodePurpose.GUARDIAN, code, phone=pending.guardian_phone, user=user) is None
    ):
        return None
    pending.given_at = timezone.now()
    pending.save(update_fields=["given_at"])
    user.status = AccountStatus.ACTIVE
    user.save(update_fields=["status"])
    _event(user, EventKind.GUARDIAN_CONSENTED, detail=pending.guardian_relation)
    return user


def do_resend_guardian(phone: str) -> None:
    user = User.objects.filter(phone=phone, status=AccountStatus.AWAITING_GUARDIAN).first()
    pending = (
        Consent.objects.filter(user=user, kind=ConsentKind.GUARDIAN, given_at=None).first()
        if user
        else None
    )
    if pending is not None:
        issue_code(CodePurpose.GUARDIAN, phone=pending.guardian_phone, user=user)


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
    if not can_act_for(actor, person):
        raise ScopeError
    issued = issue_code(CodePurpose.RESET, phone=person.phone, user=person, issued_by=actor)
    if issued is None:  # codes handed over in person are never throttled
        raise ScopeError
    _event(person, EventKind.RESET_CODE_HANDED, actor=actor)
    with translation.override("vi"):
        warning = _(
            "%(name)s just made a hocvuso password reset code for you in person. If you did not ask for it, tell the commune officer."
        ) % {"name": actor.full_name}
    notify(person.phone, warning, always=True)
    return issued[0]


@transaction.atomic
def do_change_password(user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    _event(user, EventKind.PASSWORD_CHANGED)


@transaction.atomic
def do_update_profile(user: User, profile: Profile, assisted_by: User | None = None) -> None:
    old_place_id, old_group = user.home_place_id, user.learner_group
    user.full_name = profile.full_name
    user.birth_year = profile.birth_year
    user.learner_group = profile.learner_group
    user.home_place = profile.home_place
    user.save(update_fields=["full_name", "birth_year", "learner_group", "home_place"])
    if (old_place_id, old_group) != (user.home_place_id, user.learner_group):
        move_counts(user, old_place_id, old_group)
        person_moved.send(User, user=user, old_place_id=old_place_id, old_group=old_group)
    _event(user, EventKind.PROFILE_UPDATED, actor=assisted_by or user, assisted_by=assisted_by)


@transaction.atomic
def do_delete_account(user: User) -> None:
    """Delete a person and everything recorded about them; what they counted for stops
    counting. Records of staff who read their data keep only a blank."""
    user = User.objects.select_for_update().get(pk=user.pk)
    uncount_person(user)
    person_deleting.send(User, user=user)
    user.delete()


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
    count_new_person(person)
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
    if not can_act_for(volunteer, person):
        raise ScopeError
    issued = issue_code(CodePurpose.CLAIM, user=person, issued_by=volunteer)
    if issued is None:
        raise ScopeError
    _event(person, EventKind.CLAIM_CODE_HANDED, actor=volunteer, assisted_by=volunteer)
    return issued[0]


@transaction.atomic
def do_start_claim(claim_code: str, phone: str, password: str) -> OneTimeCode | None:
    """The person types the volunteer's code, their own number and a password; a code then
    goes to that number, and the account is theirs once they type it back (the claim code
    stays valid until then). Whether the number is free is checked only then, once the
    person has shown they hold the phone."""
    found = check_code(CodePurpose.CLAIM, claim_code, consume=False)
    if found is None or found.user is None or found.user.phone is not None:
        make_password(password)
        return None
    issued = issue_code(
        CodePurpose.VERIFY,
        phone=phone,
        user=found.user,
        payload={"password": make_password(password)},
    )
    return issued[1] if issued else None


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


def can_act_for(actor: User, person: User) -> bool:
    """A helper acts for people in their area who hold no role; someone holding roles only by
    a manager of every place those roles are on (and an admin only by an admin)."""
    if person.pk == actor.pk or not User.objects.visible_to(actor).filter(pk=person.pk).exists():
        return False
    roles = list(Role.objects.filter(user=person).select_related("place"))
    if not roles:
        return True
    actor_is_admin = Role.objects.filter(user=actor, kind=RoleKind.ADMIN).exists()
    return all(
        manages(actor, r.place) and (r.kind != RoleKind.ADMIN or actor_is_admin) for r in roles
    )


def can_help_at(user: User, place: Place) -> bool:
    from hocvuso.accounts.models.roles import PEOPLE_KINDS

    return Role.objects.covering(place).filter(user=user, kind__in=PEOPLE_KINDS).exists()


@transaction.atomic
def do_grant_role(granter: User, person: User, kind: str, place: Place) -> Role:
    """Officers grant roles inside their own scope, to people whose number is proved; only an
    admin makes another admin."""
    if not manages(granter, place) or not person.is_verified:
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
