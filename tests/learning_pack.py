"""A national pack for learning tests: one lesson and eleven questions in each of the nine
groups, two courses, a prerequisite, and the self-check and final pools, built as files and
brought in through the real import and publish."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from hocvuso.curriculum.actions import do_import_pack, do_publish
from hocvuso.curriculum.models import Course, Lesson, Question

FRAMEWORK = Path(__file__).parent.parent / "content" / "default" / "framework.yaml"
GROUPS = ["K1", "K2", "K3", "S1", "S2", "S3", "S4", "S5", "S6"]
BODY = """Bài này nói về nhóm {code}. Đọc chậm, từng câu một.

![Sơ đồ các bước](images/so-do.svg)

::: steps
1. Mở điện thoại.
2. Làm theo hướng dẫn.
:::

::: safety
Không đọc mã [[OTP]] cho ai.
:::

Tóm tắt: học từng bước, hỏi người thân khi cần.
"""


def _questions(code: str, lesson: str) -> list[dict[str, object]]:
    competence = f"{code}.1"
    made: list[dict[str, object]] = []
    # Six practice questions of every kind; the right answer of the single ones is always 2.
    for n in range(1, 4):
        made.append(
            {
                "id": f"{code.lower()}-chon-{n}",
                "kind": "single",
                "competence": competence,
                "lesson": lesson,
                "prompt": f"Câu hỏi {n} của nhóm {code}: chọn câu đúng.",
                "choices": ["Câu sai", "Câu đúng", "Câu sai khác"],
                "answer": 2,
                "explanation": "Câu thứ hai là câu đúng.",
            }
        )
    made += [
        {
            "id": f"{code.lower()}-dung-sai",
            "kind": "true_false",
            "competence": competence,
            "lesson": lesson,
            "prompt": f"Nhóm {code}: mã OTP chỉ dành cho mình bạn.",
            "answer": True,
            "explanation": "Không ai được hỏi mã OTP của bạn.",
        },
        {
            "id": f"{code.lower()}-nhieu",
            "kind": "multiple",
            "competence": competence,
            "lesson": lesson,
            "prompt": f"Nhóm {code}: dấu hiệu nào là lừa đảo?",
            "choices": ["Đòi mã OTP", "Hối thúc chuyển tiền", "Chào hỏi lịch sự"],
            "answer": [1, 2],
            "explanation": "Đòi mã và hối thúc là dấu hiệu lừa đảo.",
        },
        {
            "id": f"{code.lower()}-thu-tu",
            "kind": "ordering",
            "competence": competence,
            "lesson": lesson,
            "prompt": f"Nhóm {code}: xếp các bước theo thứ tự.",
            "choices": ["Bước hai", "Bước một", "Bước ba"],
            "answer": [2, 1, 3],
            "explanation": "Bước một, rồi bước hai, rồi bước ba.",
        },
    ]
    for n in range(1, 3):
        made.append(
            {
                "id": f"{code.lower()}-tu-danh-gia-{n}",
                "kind": "scenario",
                "competence": competence,
                "pool": "selfcheck",
                "prompt": f"Nhóm {code}: bạn làm gì?",
                "scenario": {"type": "call", "text": "Tôi là công an, đọc mã OTP cho tôi."},
                "choices": ["Đọc mã", "Tắt máy, gọi số chính thức"],
                "answer": 2,
                "explanation": "Công an không bao giờ hỏi mã OTP.",
            }
        )
    for n in range(1, 4):
        made.append(
            {
                "id": f"{code.lower()}-cuoi-{n}",
                "kind": "single",
                "competence": competence,
                "pool": "final",
                "prompt": f"Bài kiểm tra cuối, nhóm {code}, câu {n}.",
                "choices": ["Sai", "Đúng"],
                "answer": 2,
                "explanation": "Câu thứ hai là câu đúng.",
            }
        )
    return made


def write_pack(root: Path, extra_lessons: int = 0) -> None:
    (root / "lessons" / "images").mkdir(parents=True)
    (root / "lessons" / "images" / "so-do.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    (root / "questions").mkdir()
    (root / "courses").mkdir()
    (root / "pack.yaml").write_text(
        'id: hoc-thu\ntitle: Gói học thử\nversion: "1.0"\nlanguage: vi\n'
        "licence: CC-BY-4.0\nowner: national\n",
        encoding="utf-8",
    )
    shutil.copy(FRAMEWORK, root / "framework.yaml")
    (root / "glossary.yaml").write_text(
        "OTP: Mã số dùng một lần, gửi qua tin nhắn.\n", encoding="utf-8"
    )
    questions: list[dict[str, object]] = []
    for code in GROUPS:
        lesson = f"bai-{code.lower()}"
        prerequisites = "prerequisites: [bai-s1]\n" if code == "S2" else ""
        (root / "lessons" / f"{lesson}.md").write_text(
            f"---\nid: {lesson}\ntitle: Bài học nhóm {code}\ncompetences: [{code}.1]\n"
            f"learner_groups: [citizen, student, civil_servant, enterprise]\nminutes: 5\n"
            f"{prerequisites}sources:\n  - Tài liệu thử nghiệm\n---\n" + BODY.format(code=code),
            encoding="utf-8",
        )
        questions += _questions(code, lesson)
    for n in range(extra_lessons):
        lesson = f"them-{n:04d}"
        (root / "lessons" / f"{lesson}.md").write_text(
            f"---\nid: {lesson}\ntitle: Bài thêm {n}\ncompetences: [K1.2]\n"
            "learner_groups: [citizen]\nminutes: 3\nsources:\n  - Tài liệu thử nghiệm\n---\n"
            "Một đoạn ngắn.\n",
            encoding="utf-8",
        )
    (root / "questions" / "cau-hoi.yaml").write_text(
        yaml.safe_dump(questions, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    first = [f"bai-{c.lower()}" for c in GROUPS[:5]]
    second = [f"bai-{c.lower()}" for c in GROUPS[5:]] + [
        f"them-{n:04d}" for n in range(extra_lessons)
    ]
    for order, (course, title, lessons) in enumerate(
        [("co-ban", "Khởi đầu", first), ("nang-cao", "Đi tiếp", second)], start=1
    ):
        (root / "courses" / f"{course}.yaml").write_text(
            yaml.safe_dump(
                {
                    "id": course,
                    "title": title,
                    "order": order,
                    "learner_groups": ["citizen", "student", "civil_servant", "enterprise"],
                    "lessons": lessons,
                },
                allow_unicode=True,
                sort_keys=False,
            ),
            encoding="utf-8",
        )


def publish_learning_pack(extra_lessons: int = 0) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "pack"
        write_pack(root, extra_lessons)
        result = do_import_pack(root)
    assert result.version is not None, [str(p) for p in result.problems]
    do_publish(result.version)


def lesson(code: str) -> Lesson:
    return Lesson.objects.get(stable_id=f"bai-{code.lower()}")


def course(stable_id: str = "co-ban") -> Course:
    return Course.objects.get(stable_id=stable_id)


def practice(code: str) -> list[Question]:
    return list(Question.objects.filter(lesson_ref=f"bai-{code.lower()}").order_by("position"))


def right_answer(question: Question) -> object:
    return question.answer


def pass_final(user: Any) -> None:
    """The learner takes the final assessment and answers every question rightly, at once (so
    the attempt is also flagged as too fast for an officer to look at)."""
    from hocvuso.core.sync import Actor
    from hocvuso.learning.actions import do_start_final, do_submit_final, new_event
    from hocvuso.learning.models import EventKind

    attempt = do_start_final(user)
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    answers = {questions[pk]: questions[pk].answer for pk in attempt.question_ids}
    event = new_event(Actor(user), EventKind.FINAL_SUBMITTED, {"attempt": attempt.pk})
    assert event is not None
    do_submit_final(Actor(user), attempt, answers, event)
