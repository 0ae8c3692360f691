"""The scope matrix: for every address that takes an object, who gets what, in and out of scope.

The first test walks the URL resolver and fails if an address with a parameter has no row
here, so every later feature must say who may open its objects. Out of scope is always 404.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from hocvuso.certificates.actions import do_issue_certificate
from hocvuso.certificates.models import Certificate, CertificateKind, PrintJob
from hocvuso.curriculum.models import Course, Lesson, PackVersion
from hocvuso.integrity.actions import do_raise_flag
from hocvuso.learning.actions import do_start_final
from tests.cast import HCM, Cast, hcm_commune, sign_in
from tests.learning_pack import course, lesson, practice, publish_learning_pack
from tests.packs import province_pack

pytestmark = pytest.mark.django_db

MEMBERS = ["anonymous", "an", "binh", "chi", "dung", "admin"]


@dataclass(frozen=True)
class Row:
    method: str
    url: Callable[[Cast, str], str]
    objects: tuple[str, str]  # (object in Hà Nội, object in Hồ Chí Minh)
    expected: dict[str, tuple[int, int]]


def person(cast: Cast, label: str) -> int:
    return int(getattr(cast, label).pk)


def pack_version(cast: Cast, label: str) -> int:
    """A draft province pack: "hn" owned by Hà Nội, "hcm" by Hồ Chí Minh City (made once)."""
    made = cast.__dict__.setdefault("_packs", {})
    if label not in made:
        made[label] = province_pack("01" if label == "hn" else HCM).pk
    return int(made[label])


def learning(cast: Cast, label: str) -> int:
    """Learning objects: "live" ones of the published test pack, "gone" ones it retired."""
    made = cast.__dict__.setdefault("_learning", {})
    if not made:
        publish_learning_pack()
        Lesson.objects.filter(stable_id="bai-s6").update(retired_at=timezone.now())
        Course.objects.filter(stable_id="nang-cao").update(retired_at=timezone.now())
        made.update(
            {
                "lesson": lesson("K1").pk,
                "gone-lesson": lesson("S6").pk,
                "question": practice("K1")[0].pk,
                "course": course("co-ban").pk,
                "gone-course": course("nang-cao").pk,
                "version": PackVersion.objects.get(pack__pack_id="hoc-thu").pk,
                "an": do_start_final(cast.an).pk,
                "em": do_start_final(cast.em).pk,
                "flag-an": do_raise_flag(cast.an, cast.an.home_place_id, "fast_lesson", "t:1").pk,  # type: ignore[union-attr]
                "flag-em": do_raise_flag(cast.em, cast.em.home_place_id, "fast_lesson", "t:2").pk,  # type: ignore[union-attr]
            }
        )
    return int(made[label])


def certificate(cast: Cast, label: str) -> int:
    """The standard certificate of a cast member (made once)."""
    made = cast.__dict__.setdefault("_certificates", {})
    if label not in made:
        made[label] = do_issue_certificate(getattr(cast, label), CertificateKind.STANDARD).pk
    return int(made[label])


def print_job(cast: Cast, label: str) -> int:
    """A print job asked for by a cast member, still waiting for the worker (made once)."""
    made = cast.__dict__.setdefault("_print_jobs", {})
    if label not in made:
        made[label] = PrintJob.objects.create(requester=getattr(cast, label)).pk
    return int(made[label])


def commune_code(cast: Cast, label: str) -> str:
    return "00004" if label == "ba_dinh" else hcm_commune().code


STAFF_ONLY = {
    "anonymous": (302, 302),
    "an": (403, 403),
    "binh": (403, 403),
    "chi": (404, 200),
    "dung": (200, 404),
    "admin": (200, 200),
}
HELPERS = {
    "anonymous": (302, 302),
    "an": (403, 403),
    "binh": (200, 404),
    "chi": (404, 200),
    "dung": (200, 404),
    "admin": (200, 200),
}

NOBODY = {
    "anonymous": (302, 302),
    "an": (403, 403),
    "binh": (404, 404),
    "chi": (404, 404),
    "dung": (404, 404),
    "admin": (404, 404),
}

PUBLIC = dict.fromkeys(MEMBERS, (200, 404))
LEARNERS = {**dict.fromkeys(MEMBERS, (200, 404)), "anonymous": (302, 302)}
OWNER_ONLY = {
    "anonymous": (302, 302),
    "an": (200, 404),
    "binh": (404, 404),
    "chi": (404, 404),
    "dung": (404, 404),
    "admin": (404, 404),
}
REVIEWERS = {**STAFF_ONLY, "binh": (403, 403)}
ISSUERS = {**STAFF_ONLY, "binh": (403, 403)}
# Print jobs are Dũng's ("dung") and Chi's ("chi"): nobody else sees one, not even an admin.
REQUESTER_ONLY = {
    **ISSUERS,
    "chi": (404, 200),
    "dung": (200, 404),
    "admin": (404, 404),
}

MATRIX: dict[str, Row] = {
    "learning:lesson": Row(
        "get", lambda c, o: f"/learn/lessons/{learning(c, o)}/", ("lesson", "gone-lesson"), PUBLIC
    ),
    "learning:course": Row(
        "get", lambda c, o: f"/learn/courses/{learning(c, o)}/", ("course", "gone-course"), PUBLIC
    ),
    "learning:quiz": Row(
        "get",
        lambda c, o: f"/learn/courses/{learning(c, o)}/quiz/",
        ("course", "gone-course"),
        LEARNERS,
    ),
    "learning:complete": Row(
        "post",
        lambda c, o: f"/learn/lessons/{learning(c, o)}/done/",
        ("lesson", "gone-lesson"),
        {**dict.fromkeys(MEMBERS, (302, 404)), "anonymous": (302, 302)},
    ),
    "learning:answer": Row(
        "post",
        lambda c, o: f"/learn/lessons/{learning(c, o)}/questions/{learning(c, 'question')}/",
        ("lesson", "gone-lesson"),
        {**dict.fromkeys(MEMBERS, (400, 404)), "anonymous": (302, 302)},
    ),
    "learning:image": Row(
        "get",
        lambda c, o: (
            f"/learn/images/{learning(c, 'version')}/lessons/images/so-do.svg"
            if o == "published"
            else f"/learn/images/{pack_version(c, 'hn')}/lessons/images/tin-nhan-otp.svg"
        ),
        ("published", "draft"),
        PUBLIC,
    ),
    "learning:final-attempt": Row(
        "get", lambda c, o: f"/learn/final/{learning(c, o)}/", ("an", "em"), OWNER_ONLY
    ),
    "integrity:flag": Row(
        "get", lambda c, o: f"/integrity/flags/{learning(c, o)}/", ("flag-an", "flag-em"), REVIEWERS
    ),
    "integrity:decide": Row(
        "post",
        lambda c, o: f"/integrity/flags/{learning(c, o)}/decide/",
        ("flag-an", "flag-em"),
        {**REVIEWERS, "chi": (404, 400), "dung": (400, 404), "admin": (400, 400)},
    ),
    "curriculum:version": Row(
        "get", lambda c, o: f"/curriculum/versions/{pack_version(c, o)}/", ("hn", "hcm"), STAFF_ONLY
    ),
    "curriculum:publish": Row(
        "get",
        lambda c, o: f"/curriculum/versions/{pack_version(c, o)}/publish/",
        ("hn", "hcm"),
        STAFF_ONLY,
    ),
    "curriculum:preview": Row(
        "get",
        lambda c, o: f"/curriculum/versions/{pack_version(c, o)}/lessons/giu-ma-otp/",
        ("hn", "hcm"),
        STAFF_ONLY,
    ),
    "curriculum:image": Row(
        "get",
        lambda c, o: (
            f"/curriculum/versions/{pack_version(c, o)}/files/lessons/images/tin-nhan-otp.svg"
        ),
        ("hn", "hcm"),
        STAFF_ONLY,
    ),
    "accounts:assisted-detail": Row(
        "get", lambda c, o: f"/accounts/assisted/{person(c, o)}/", ("lan", "mai"), HELPERS
    ),
    "accounts:assisted-start": Row(
        "post",
        lambda c, o: f"/accounts/assisted/{person(c, o)}/start/",
        ("lan", "mai"),
        {**HELPERS, "binh": (302, 404), "chi": (404, 302), "dung": (302, 404), "admin": (302, 302)},
    ),
    "accounts:claim-code": Row(
        "post",
        lambda c, o: f"/accounts/assisted/{person(c, o)}/claim-code/",
        ("lan", "mai"),
        HELPERS,
    ),
    "accounts:reset-code": Row(
        "post", lambda c, o: f"/accounts/people/{person(c, o)}/reset-code/", ("an", "em"), HELPERS
    ),
    "accounts:person": Row(
        "get", lambda c, o: f"/accounts/people/{person(c, o)}/", ("an", "em"), STAFF_ONLY
    ),
    "accounts:revoke-role": Row(
        "get",
        lambda c, o: f"/accounts/roles/{getattr(c, o).pk}/revoke/",
        ("role_binh", "role_chi"),
        STAFF_ONLY,
    ),
    "certificates:detail": Row(
        "get", lambda c, o: f"/certificates/{certificate(c, o)}/", ("an", "em"), ISSUERS
    ),
    "certificates:revoke": Row(
        "post",
        lambda c, o: f"/certificates/{certificate(c, o)}/revoke/",
        ("an", "em"),
        {**ISSUERS, "chi": (404, 400), "dung": (400, 404), "admin": (400, 400)},
    ),
    "certificates:pdf": Row(
        "get", lambda c, o: f"/certificates/{certificate(c, o)}/pdf/", ("an", "em"), OWNER_ONLY
    ),
    "certificates:credential": Row(
        "get",
        lambda c, o: f"/certificates/{certificate(c, o)}/credential/",
        ("an", "em"),
        OWNER_ONLY,
    ),
    # Anyone holding the QR address may check it: the token is the key.
    "certificates:verify": Row(
        "get",
        lambda c, o: f"/verify/{Certificate.objects.get(pk=certificate(c, o)).token}/",
        ("an", "em"),
        dict.fromkeys(MEMBERS, (200, 200)),
    ),
    "certificates:print-job": Row(
        "get",
        lambda c, o: f"/certificates/print/{print_job(c, o)}/",
        ("dung", "chi"),
        REQUESTER_ONLY,
    ),
    "certificates:print-download": Row(
        "get",
        lambda c, o: f"/certificates/print/{print_job(c, o)}/download/",
        ("dung", "chi"),
        # The file is not made yet: its requester is sent back to the progress page.
        {**REQUESTER_ONLY, "chi": (404, 302), "dung": (302, 404)},
    ),
    "accounts:subunits": Row(
        "get",
        lambda c, o: f"/accounts/places/{commune_code(c, o)}/subunits/",
        ("ba_dinh", "saigon"),
        STAFF_ONLY,
    ),
}


def _object_urls(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[str]:
    names = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            names += _object_urls(entry.url_patterns, prefix + str(entry.pattern), inner or "")
        elif isinstance(entry, URLPattern) and "<" in prefix + str(entry.pattern):
            names.append(f"{namespace}:{entry.name}" if namespace else str(entry.name))
    return names


# More rows for the same addresses: targets that are not what the address is for.
EXTRA_ROWS: list[tuple[str, Row]] = [
    # People who signed up themselves are not "assisted": nobody edits them from these pages.
    (
        "accounts:assisted-detail",
        Row("get", lambda c, o: f"/accounts/assisted/{person(c, o)}/", ("an", "em"), NOBODY),
    ),
    # A volunteer never acts for someone holding a role; only a manager above them does.
    (
        "accounts:reset-code",
        Row(
            "post",
            lambda c, o: f"/accounts/people/{person(c, o)}/reset-code/",
            ("dung", "chi"),
            {**NOBODY, "admin": (200, 200)},
        ),
    ),
]


def test_every_address_with_an_object_has_a_row() -> None:
    missing = sorted(set(_object_urls(get_resolver().url_patterns)) - set(MATRIX))
    assert missing == [], "add these to MATRIX in tests/test_scope_matrix.py"


ROWS = [(name, row) for name, row in sorted(MATRIX.items())] + EXTRA_ROWS


@pytest.mark.parametrize(("name", "row"), ROWS, ids=[f"{n}-{r.objects[0]}" for n, r in ROWS])
def test_the_matrix(cast: Cast, name: str, row: Row) -> None:
    got: dict[str, tuple[int, int]] = {}
    for member in MEMBERS:
        client = Client() if member == "anonymous" else sign_in(Client(), getattr(cast, member))
        statuses = []
        for label in row.objects:
            response = getattr(client, row.method)(row.url(cast, label))
            statuses.append(response.status_code)
            if member == "anonymous" and response.status_code == 302:
                assert response["Location"].startswith("/accounts/sign-in/")
        got[member] = (statuses[0], statuses[1])
    assert got == row.expected
