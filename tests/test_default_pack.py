"""The default pack shipped in content/default: valid, and it defines the national framework."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from hocvuso.curriculum.models import Competence, CompetenceGroup
from hocvuso.curriculum.packs.validate import validate_pack

DEFAULT = Path(__file__).resolve().parent.parent / "content" / "default"


def test_the_default_pack_has_no_problem() -> None:
    pack, problems = validate_pack(DEFAULT)
    assert [str(p) for p in problems] == []
    assert pack is not None and pack.meta["owner"] == "national"


def test_it_defines_the_nine_groups_of_the_framework() -> None:
    pack, _problems = validate_pack(DEFAULT)
    assert pack is not None
    assert [g["code"] for g in pack.groups] == [
        "K1",
        "K2",
        "K3",
        "S1",
        "S2",
        "S3",
        "S4",
        "S5",
        "S6",
    ]
    for group in pack.groups:
        assert len(group["competences"]) >= 3, group["code"]


@pytest.mark.django_db
def test_make_run_loads_the_framework(places: None) -> None:
    out = StringIO()
    call_command("import_pack", str(DEFAULT), "--publish", stdout=out)
    assert CompetenceGroup.objects.count() == 9
    assert Competence.objects.filter(code="S5.2", title="Giữ bí mật mã OTP").exists()
    again = StringIO()
    call_command("import_pack", str(DEFAULT), "--publish", stdout=again)
    assert "0 changes; published: 0 changes" in again.getvalue()
