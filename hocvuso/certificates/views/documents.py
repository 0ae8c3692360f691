"""The holder's own certificates: the list, the printable PDF and the signed credential to keep
or hand to anyone who wants to check it offline."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from hocvuso.accounts.access import acting_learner
from hocvuso.certificates.actions import shown_code
from hocvuso.certificates.models import Certificate
from hocvuso.certificates.pdf import render_certificates
from hocvuso.learning.views.access import learner_required

PER_PAGE = 25
# The media type of a VC-JWT (W3C VC-JOSE-COSE), so a wallet or a verifier knows what it is.
CREDENTIAL_TYPE = "application/vc+jwt"


def _own_or_404(request: HttpRequest, pk: int) -> Certificate:
    """One of the certificates of the person learning here (a helped learner's, while a
    volunteer assists them); anyone else's is a 404, as if it did not exist."""
    return get_object_or_404(
        Certificate.objects.select_related("issued_place"),
        pk=pk,
        holder=acting_learner(request).user,
    )


def _revoked(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    return render(request, "certificates/revoked.html", {"certificate": certificate}, status=410)


def _attachment(data: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@learner_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    certificates = Certificate.objects.filter(holder=acting_learner(request).user)
    page = Paginator(certificates, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(certificate, shown_code(certificate.code)) for certificate in page]
    return render(request, "certificates/mine.html", {"page": page, "rows": rows})


@learner_required
@require_safe
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _own_or_404(request, pk)
    if certificate.is_revoked:
        return _revoked(request, certificate)
    return _attachment(
        render_certificates([certificate]),
        "application/pdf",
        f"chung-nhan-{certificate.code}.pdf",
    )


@learner_required
@require_safe
def signed_credential(request: HttpRequest, pk: int) -> HttpResponse:
    """The VC-JWT as a file: `manage.py verify_certificate` or any Open Badges verifier
    checks it with the published public keys, without asking us."""
    certificate = _own_or_404(request, pk)
    if certificate.is_revoked:
        return _revoked(request, certificate)
    if not certificate.credential:
        raise Http404
    return _attachment(
        certificate.credential, CREDENTIAL_TYPE, f"chung-nhan-{certificate.code}.jwt"
    )


urlpatterns = [
    path("certificates/mine/", mine, name="mine"),
    path("certificates/<int:pk>/pdf/", pdf, name="pdf"),
    path("certificates/<int:pk>/credential/", signed_credential, name="credential"),
]
