"""Staff pages: people in scope, roles, sub-units, and the audit log. Every page that shows
someone else's personal data writes an audit entry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hocvuso.accounts.access import (
    audit,
    manager_required,
    role_required,
    signed_in_user,
    staff_required,
    visible_user_or_404,
)
from hocvuso.accounts.actions import (
    ScopeError,
    do_add_subunit,
    do_grant_role,
    do_revoke_role,
    manages,
    subunit_name_taken,
)
from hocvuso.accounts.forms import AuditFilterForm, GrantRoleForm, SubunitForm
from hocvuso.accounts.models import AccountEvent, AuditEntry, Consent, Role, RoleKind, User
from hocvuso.accounts.views.auth import GET_POST
from hocvuso.lib.vi_text import nfc
from hocvuso.places.models import Level, Place

PER_PAGE = 25
UNVERIFIED = Q(phone__isnull=False, phone_verified_at=None)  # assisted learners have no phone yet
GET = ["GET", "HEAD"]


@staff_required
@require_http_methods(GET)
def people(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    scope = User.objects.visible_to(viewer).exclude(pk=viewer.pk)
    counts = scope.aggregate(total=Count("pk"), unverified=Count("pk", filter=UNVERIFIED))
    shown = scope
    query = nfc(request.GET.get("q", ""))[:100].strip()
    if query:
        shown = shown.filter(full_name__icontains=query)
    if request.GET.get("verified") == "no":
        shown = shown.filter(UNVERIFIED)
    page = Paginator(
        shown.select_related("home_place").order_by("full_name", "pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    audit(request, "list_people", page.object_list)
    return render(
        request,
        "accounts/people.html",
        {
            "page": page,
            "counts": counts,
            "q": query,
            "only_unverified": request.GET.get("verified") == "no",
        },
    )


@staff_required
@require_http_methods(GET)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in_user(request)
    someone = visible_user_or_404(viewer, pk)
    audit(request, "view_person", [someone])
    context = {
        "person": someone,
        "roles": Role.objects.filter(user=someone).select_related("place"),
        "consents": Consent.objects.filter(user=someone),
        "events": AccountEvent.objects.filter(user=someone).select_related("actor", "assisted_by")[
            :50
        ],
    }
    return render(request, "accounts/person.html", context)


@manager_required
@require_http_methods(GET_POST)
def roles(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    code = request.POST.get("place") or request.GET.get("place", "")
    place = Place.objects.active().filter(code=code[:32]).first() if code else None
    can_grant_admin = Role.objects.filter(user=viewer, kind=RoleKind.ADMIN).exists()
    form = GrantRoleForm(
        request.POST or None,
        initial={"place": place.code if place else ""},
        can_grant_admin=can_grant_admin,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        grantee = User.objects.filter(phone=data["phone"]).first()
        if grantee is None:
            form.add_error(
                "phone", _("No account has this number. Ask the person to sign up first.")
            )
        else:
            try:
                do_grant_role(viewer, grantee, data["kind"], data["place"])
            except ScopeError:
                form.add_error(
                    None,
                    _(
                        "You can only give roles in the area you manage, to people whose number is verified."
                    ),
                )
            else:
                messages.success(
                    request, _("Role given to %(name)s.") % {"name": grantee.full_name}
                )
                return redirect("accounts:roles")
    listed = (
        Role.objects.visible_to(viewer)
        .select_related("user", "place")
        .order_by("place__path", "kind", "pk")
    )
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    audit(request, "list_roles", [r.user for r in page.object_list])
    return render(request, "accounts/roles.html", {"form": form, "page": page, "place": place})


@manager_required
@require_http_methods(GET_POST)
def revoke_role(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the removal."""
    viewer = signed_in_user(request)
    role = get_object_or_404(Role.objects.visible_to(viewer).select_related("user", "place"), pk=pk)
    if not manages(viewer, role.place):
        raise Http404
    if request.method == "POST":
        try:
            do_revoke_role(viewer, role)
        except ScopeError:
            messages.error(request, _("You cannot remove your own administrator role."))
        else:
            messages.success(request, _("Role removed."))
        return redirect("accounts:roles")
    audit(request, "view_role", [role.user])
    return render(request, "accounts/revoke_role.html", {"role": role})


@manager_required
@require_http_methods(GET_POST)
def subunits(request: HttpRequest, code: str) -> HttpResponse:
    viewer = signed_in_user(request)
    commune = (
        Place.objects.active()
        .filter(code=code, level=Level.COMMUNE)
        .select_related("parent")
        .first()
    )
    if commune is None or not manages(viewer, commune):
        raise Http404
    form = SubunitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name, kind = form.cleaned_data["name"], form.cleaned_data["kind"]
        if subunit_name_taken(commune, name):
            form.add_error("name", _("This commune already has a unit with this name."))
        else:
            do_add_subunit(viewer, commune, name, kind)
            messages.success(request, _("%(name)s is added.") % {"name": name})
            return redirect("accounts:subunits", code=commune.code)
    children = Place.objects.filter(parent=commune).order_by("search_key")
    return render(
        request, "accounts/subunits.html", {"commune": commune, "form": form, "children": children}
    )


@role_required([RoleKind.ADMIN])
@require_http_methods(GET)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor__phone=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"form": form, "page": page})
