"""A learner reads, practises, finishes lessons and takes quizzes through the pages alone
(no JavaScript): what they do is kept and shown back."""

from pathlib import Path

import pytest
from django.test import Client

from hocvuso.curriculum.packs.validate import validate_pack
from hocvuso.learning.models import Attempt, Completion, LessonProgress, LessonStatus
from tests.cast import Cast, sign_in
from tests.learning_pack import course, lesson, practice, publish_learning_pack, write_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(places: None) -> None:
    publish_learning_pack()


def test_anyone_can_read_a_lesson_and_it_may_be_kept_offline(pack: None, client: Client) -> None:
    response = client.get(f"/learn/lessons/{lesson('K1').pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bài học nhóm K1" in text
    assert "Lưu ý an toàn" in text
    assert "no-store" not in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_a_signed_in_learner_gets_the_same_public_lesson_page(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    response = client.get(f"/learn/lessons/{lesson('K1').pk}/")
    assert "no-store" not in response["Cache-Control"]
    assert "Nguyễn Thị An" not in response.content.decode()


def test_personal_pages_are_never_stored(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    for address in ["/learn/progress/", "/learn/path/", f"/learn/courses/{course().pk}/"]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert "no-store" in response["Cache-Control"], address


def test_practice_answer_without_javascript_shows_the_explanation(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    target = lesson("K1")
    question = practice("K1")[0]
    response = client.post(f"/learn/lessons/{target.pk}/questions/{question.pk}/", {"answer": "1"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Chưa đúng" in text
    assert question.explanation in text
    assert "no-store" in response["Cache-Control"]
    attempt = Attempt.objects.get(user=cast.an, question=question)
    assert attempt.first and not attempt.correct


def test_practice_without_a_choice_says_so_and_records_nothing(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    target, question = lesson("K1"), practice("K1")[0]
    response = client.post(f"/learn/lessons/{target.pk}/questions/{question.pk}/", {})
    assert response.status_code == 400
    assert "Hãy chọn một câu trả lời" in response.content.decode()
    assert not Attempt.objects.exists()


def test_finishing_a_lesson_moves_on_and_counts_once(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    target = lesson("K1")
    form = {"client_id": "2f1b7a5e-0000-4000-8000-000000000001", "started": ""}
    first = client.post(f"/learn/lessons/{target.pk}/done/", form)
    assert first.status_code == 302
    assert first["Location"] == f"/learn/lessons/{lesson('K2').pk}/"
    client.post(f"/learn/lessons/{target.pk}/done/", form)
    assert Completion.objects.filter(user=cast.an).count() == 1
    progress = LessonProgress.objects.get(user=cast.an, lesson=target)
    assert progress.status == LessonStatus.COMPLETED


def test_a_lesson_waits_for_its_prerequisite(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    response = client.get(f"/learn/lessons/{lesson('S2').pk}/")
    text = response.content.decode()
    assert "Hãy học xong bài này trước" in text
    assert "Bài học nhóm S1" in text
    assert "no-store" in response["Cache-Control"]
    client.post(f"/learn/lessons/{lesson('S1').pk}/done/", {})
    assert "Bài học nhóm S2" in client.get(f"/learn/lessons/{lesson('S2').pk}/").content.decode()


def test_course_quiz_gives_the_score_and_explanations(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    page = client.get(f"/learn/courses/{course().pk}/quiz/")
    asked = [q for q in page.context["questions"]]
    assert len(asked) == 10
    form: dict[str, object] = {
        "drawn": page.context["drawn"],
        "client_id": page.context["client_id"],
    }
    for q in asked:
        form[f"q{q.pk}"] = {
            "single": ["2"],
            "true_false": ["true"],
            "multiple": ["1", "2"],
            "ordering": ["2", "1", "3"],
        }[q.kind]
    result = client.post(f"/learn/courses/{course().pk}/quiz/", form)
    assert result.status_code == 200
    assert (
        "10/10" in result.content.decode().replace(" ", "")
        or result.context["submission"].right == 10
    )


def test_quiz_with_a_missing_answer_keeps_the_others(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    page = client.get(f"/learn/courses/{course().pk}/quiz/")
    asked = page.context["questions"]
    form: dict[str, object] = {"drawn": page.context["drawn"]}
    single = next(q for q in asked if q.kind == "single")
    form[f"q{single.pk}"] = "2"
    result = client.post(f"/learn/courses/{course().pk}/quiz/", form)
    assert result.status_code == 400
    assert result.context["typed"][single.pk] == ["2"]
    assert 'value="2" checked' in result.content.decode()
    assert not Attempt.objects.exists()


def test_catalogue_path_progress_self_check_and_final_pages_open(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    for address in [
        "/learn/",
        "/learn/?group=all&area=S5",
        "/learn/path/",
        "/learn/progress/",
        "/learn/self-check/",
        "/learn/final/",
    ]:
        assert client.get(address).status_code == 200, address


def test_a_person_who_withdrew_consent_is_sent_to_agree_again(
    pack: None, cast: Cast, client: Client
) -> None:
    from hocvuso.accounts.actions import do_withdraw_consent

    sign_in(client, cast.an)
    do_withdraw_consent(cast.an)
    response = client.get("/learn/progress/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/consent/"
    client.post(f"/learn/lessons/{lesson('K1').pk}/done/", {})
    assert not Completion.objects.exists()


def test_pages_refuse_other_methods(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    assert client.post("/learn/progress/").status_code == 405
    assert client.get(f"/learn/lessons/{lesson('K1').pk}/done/").status_code == 405
    assert client.post(f"/learn/lessons/{lesson('K1').pk}/").status_code == 405
    assert client.get("/learn/final/start/").status_code == 405


def test_visitors_are_sent_to_sign_in_for_personal_pages(pack: None, client: Client) -> None:
    for address in ["/learn/progress/", "/learn/self-check/", "/learn/final/"]:
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")


def test_a_quiz_answers_exactly_the_questions_it_drew(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    page = client.get(f"/learn/courses/{course().pk}/quiz/")
    one = page.context["questions"][0]
    forged = client.post(
        f"/learn/courses/{course().pk}/quiz/", {"drawn": "forged", f"q{one.pk}": "2"}
    )
    assert forged.status_code == 302
    assert not Attempt.objects.exists()


def test_an_assessment_question_may_not_belong_to_a_lesson(tmp_path: Path) -> None:
    write_pack(tmp_path / "pack")
    bank = tmp_path / "pack" / "questions" / "cau-hoi.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(
        text.replace("  pool: final\n", "  pool: final\n  lesson: bai-k1\n", 1), encoding="utf-8"
    )
    _pack, problems = validate_pack(tmp_path / "pack")
    assert [p.code for p in problems] == ["wrong_type"]
    assert "pool" in str(problems[0])


def test_choices_are_shown_in_an_order_the_pack_file_does_not_give_away() -> None:
    """Writers tend to put the right answer first; the page shuffles the choices, the same way
    for a question every time, and keeps each choice's own number as its value."""
    from hocvuso.curriculum.models import Question
    from hocvuso.learning.templatetags.learning_tags import display_order, question_fields

    questions = [
        Question(stable_id=f"cau-{n}", kind="single", choices=["Đúng", "Sai", "Sai nữa"], answer=1)
        for n in range(40)
    ]
    first_positions = {display_order(q).index(1) for q in questions}
    assert first_positions == {0, 1, 2}
    assert [display_order(q) for q in questions] == [display_order(q) for q in questions]
    fields = question_fields(questions[0], "answer")
    assert sorted((value, text) for value, text, _checked in fields["options"]) == [
        ("1", "Đúng"),
        ("2", "Sai"),
        ("3", "Sai nữa"),
    ]
