"""Staff views of other people's data are written to the audit log, which admins read."""

import pytest
from django.test import Client

from hocvuso.accounts.models import AuditEntry
from tests.cast import Cast, sign_in

pytestmark = pytest.mark.django_db


def test_listing_people_records_who_saw_whom(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    page = dung.get("/accounts/people/")
    assert page.status_code == 200
    entry = AuditEntry.objects.get(actor=cast.dung, action="list_people")
    assert set(entry.object_ids) == {p.pk for p in page.context["page"].object_list}
    assert cast.an.pk in entry.object_ids and cast.em.pk not in entry.object_ids


def test_opening_a_person_records_it(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    assert dung.get(f"/accounts/people/{cast.an.pk}/").status_code == 200
    assert AuditEntry.objects.filter(
        actor=cast.dung, action="view_person", object_ids=[cast.an.pk]
    ).exists()


def test_unverified_numbers_are_marked_and_counted(cast: Cast) -> None:
    cast.an.phone_verified_at = None
    cast.an.save()
    dung = sign_in(Client(), cast.dung)
    page = dung.get("/accounts/people/")
    assert page.context["counts"]["unverified"] >= 1
    only = dung.get("/accounts/people/?verified=no")
    assert [p.pk for p in only.context["page"]] == [cast.an.pk]


def test_admins_read_and_filter_the_log(cast: Cast) -> None:
    sign_in(Client(), cast.dung).get("/accounts/people/")
    admin = sign_in(Client(), cast.admin)
    everything = admin.get("/accounts/audit/")
    assert everything.status_code == 200
    mine = admin.get("/accounts/audit/", {"actor": cast.dung.phone, "action": "list_people"})
    assert [e.actor for e in mine.context["page"]] == [cast.dung]
    nothing = admin.get("/accounts/audit/", {"actor": cast.chi.phone})
    assert list(nothing.context["page"]) == []


def test_only_admins_read_the_log(cast: Cast) -> None:
    assert sign_in(Client(), cast.dung).get("/accounts/audit/").status_code == 403
