import json, tempfile, uuid
from pathlib import Path
import yaml, pytest
from django.test import Client
from django.utils import timezone
from hocvuso.curriculum.actions import do_import_pack, do_publish
from hocvuso.curriculum.models import Question
from tests import learning_pack
from tests.learning_pack import lesson
from tests.cast import Cast

pytestmark = pytest.mark.django_db

def test_final_question_with_lesson_shows_answer(places):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "pack"
        learning_pack.write_pack(root)
        f = root / "questions" / "cau-hoi.yaml"
        qs = yaml.safe_load(f.read_text(encoding="utf-8"))
        for q in qs:
            if q["id"] == "k1-cuoi-1":
                q["lesson"] = "bai-k1"
        f.write_text(yaml.safe_dump(qs, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = do_import_pack(root)
        assert result.version is not None, [str(p) for p in result.problems]
        do_publish(result.version)
    q = Question.objects.get(stable_id="k1-cuoi-1")
    assert q.pool == "final"
    html = Client().get(f"/learn/lessons/{lesson('K1').pk}/").content.decode()
    assert q.prompt in html
    assert f'data-question="{q.pk}"' in html
    print("leaked answer attr present")
