"""Who may record learning: a signed-in person whose consent stands (decision 14)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from hocvuso.accounts.access import acting_learner
from hocvuso.accounts.models import AccountStatus

View = Callable[..., HttpResponse]


def learner_required(view: View) -> View:
    """Signed in, and learning for someone whose consent is not withdrawn."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if acting_learner(request).user.status == AccountStatus.WITHDRAWN:
            messages.info(request, _("You withdrew your consent. Agree again to go on learning."))
            return redirect("accounts:consent")
        return view(request, *args, **kwargs)

    return wrapped
