"""What the page header needs to know about the signed-in person."""

from django.http import HttpRequest

from hocvuso.accounts.access import ASSISTING_SESSION_KEY
from hocvuso.accounts.models import STAFF_KINDS, Role, User
from hocvuso.accounts.models.roles import MANAGER_KINDS, PEOPLE_KINDS


def account(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    kinds = set(Role.objects.filter(user=user).values_list("kind", flat=True))
    assisting = None
    if pk := request.session.get(ASSISTING_SESSION_KEY):
        assisting = User.objects.visible_to(user).filter(pk=pk).first()
    return {
        "can_help": bool(kinds & PEOPLE_KINDS),
        "is_staff_member": bool(kinds & STAFF_KINDS),
        "can_manage": bool(kinds & MANAGER_KINDS),
        "can_assess": bool(kinds & {"assessor", "officer", "admin"}),
        "is_admin": "admin" in kinds,
        "can_edit": bool(kinds & {"editor", "admin"}),
        "assisting": assisting,
    }
