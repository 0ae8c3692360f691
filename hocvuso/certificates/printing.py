"""One PDF with many certificates for an officer to print, made by the task worker while the
officer's page shows how far it has got."""

from __future__ import annotations

import datetime
import logging
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.certificates.models import (
    ISSUER_KINDS,
    Certificate,
    CertificateQuerySet,
    PrintJob,
    PrintStatus,
)
from hocvuso.certificates.officer_forms import CertificateFilterForm
from hocvuso.certificates.pdf import render_certificates

# One print run stays a size a commune office prints in a morning and a phone downloads.
MAX_PRINT = 500
# Printed files hold names: they are kept a week, then each new print run clears them away.
KEEP_PRINTS = datetime.timedelta(days=7)

logger = logging.getLogger(__name__)


def prints_dir() -> Path:
    return Path(settings.DATA_DIR) / "prints"


def printable(requester: User, filters: dict[str, Any]) -> CertificateQuerySet | None:
    """The valid certificates the filters select in the requester's area now (roles may have
    changed since the job was asked for); None if the filters no longer make sense."""
    form = CertificateFilterForm(filters, viewer=requester, kinds=ISSUER_KINDS)
    if not form.is_valid():
        return None
    return (
        form.apply(Certificate.objects.visible_to(requester))
        .filter(revoked_at=None)
        .select_related("issued_place", "in_person")
        # Sorted by place, then name: the pile is handed out village by village.
        .order_by("issued_place__path", "holder_name", "pk")
    )


def do_start_print(requester: User, form: CertificateFilterForm, total: int) -> PrintJob:
    """Record the job and hand it to the task worker once the record is saved."""
    job = PrintJob.objects.create(requester=requester, filters=form.as_query(), total=total)
    transaction.on_commit(lambda: make_print.enqueue(job.pk))
    return job


@task()
def make_print(job_id: int) -> None:
    job = PrintJob.objects.select_related("requester").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return

    def progress(done: int, total: int) -> None:
        PrintJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        chosen = printable(job.requester, job.filters)
        certificates = list(chosen[:MAX_PRINT]) if chosen is not None else []
        if not certificates:
            PrintJob.objects.filter(pk=job_id).update(status=PrintStatus.FAILED, total=0)
            return
        PrintJob.objects.filter(pk=job_id).update(
            status=PrintStatus.RUNNING, total=len(certificates), done=0
        )
        data = render_certificates(certificates, progress=progress)
        folder = prints_dir()
        folder.mkdir(parents=True, exist_ok=True)
        clear_old_prints()
        name = f"{job_id}-{secrets.token_hex(8)}.pdf"
        (folder / name).write_bytes(data)
    except Exception:
        logger.exception("print job %s failed", job_id)
        PrintJob.objects.filter(pk=job_id).update(status=PrintStatus.FAILED)
        raise
    PrintJob.objects.filter(pk=job_id).update(
        status=PrintStatus.READY, file_path=name, done=len(certificates)
    )


def clear_old_prints() -> int:
    """Delete print files older than KEEP_PRINTS; their jobs then say the file is gone."""
    cutoff = timezone.now() - KEEP_PRINTS
    old = PrintJob.objects.filter(status=PrintStatus.READY, created_at__lt=cutoff)
    removed = 0
    for job in old:
        path = prints_dir() / Path(job.file_path).name
        if job.file_path and path.is_file():
            path.unlink()
            removed += 1
    old.update(status=PrintStatus.EXPIRED)
    # A file whose job went with its requester's account has no row left to find it by.
    folder = prints_dir()
    for path in folder.glob("*.pdf") if folder.is_dir() else []:
        made = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        if made < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def print_file(job: PrintJob) -> Path | None:
    """The finished file of a job, if it is still there."""
    if job.status != PrintStatus.READY or not job.file_path:
        return None
    path = prints_dir() / Path(job.file_path).name
    return path if path.is_file() else None
