import uuid
import pytest
from django.utils import timezone
from hocvuso.core.sync import Actor
from hocvuso.curriculum.models import Competence, Question
from hocvuso.integrity.actions import do_decide_flag
from hocvuso.integrity.models import Flag
from hocvuso.learning.actions import do_answer, do_complete_lesson, do_submit_quiz, new_event
from hocvuso.learning.models import Attempt, StandardReached
from hocvuso.learning.mastery import mastery
from hocvuso.tally.actions import live_cells, recounted_cells
from tests.cast import Cast
from tests.learning_pack import GROUPS, course, lesson, practice, publish_learning_pack

pytestmark = pytest.mark.django_db

def _answer_all_right(user):
    a = Actor(user=user)
    for code in GROUPS:
        for q in practice(code):
            ev = new_event(a, "answer_given", {"question": q.pk, "answer": q.answer})
            do_answer(a, q, q.answer, ev)

def test_unrelated_rejection_withdraws_standard(places, cast):
    publish_learning_pack()
    an = cast.an
    _answer_all_right(an)
    assert StandardReached.objects.filter(user=an).exists()
    # a new pack version adds questions for a competence nobody could answer before
    base = Question.objects.filter(lesson_ref="bai-k1").first()
    comp = Competence.objects.get(code="K1.2")
    for n in range(5):
        Question.objects.create(pack=base.pack, stable_id=f"new-{n}", kind="true_false",
            competence=comp, prompt="p", choices=[], answer=True, explanation="e", pool="final")
    # an unrelated fast lesson completion, rejected by an officer
    a = Actor(user=an)
    ev = new_event(a, "lesson_completed", {"lesson": lesson("K2").pk, "seconds": 1})
    do_complete_lesson(a, lesson("K2"), 1, ev)
    flag = Flag.objects.get(person=an)
    do_decide_flag(cast.dung, flag, accept=False)
    print("standard still there:", StandardReached.objects.filter(user=an).exists())
    assert not StandardReached.objects.filter(user=an).exists()

def test_rejected_quiz_locks_question_forever(places, cast):
    publish_learning_pack()
    an = cast.an
    a = Actor(user=an)
    q = [x for x in practice("K1") if x.kind == "single"][0]
    ev = new_event(a, "quiz_submitted", {})
    sub = do_submit_quiz(a, course(), {q: 2}, 0, ev)  # 0 seconds: flagged
    flag = Flag.objects.get(subject=f"quiz:{sub.pk}")
    do_decide_flag(cast.dung, flag, accept=False)
    ev2 = new_event(a, "answer_given", {})
    do_answer(a, q, 2, ev2)
    print([(x.context, x.first, x.counted) for x in Attempt.objects.filter(user=an, question=q)])
    assert not Attempt.objects.filter(user=an, question=q, first=True, counted=True).exists()
