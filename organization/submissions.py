"""Double submissions: a form that creates a record the world has no unique key for carries a one-time token.

    class VipReceptionForm(OneTimeForm): ...               # renders a hidden `submission` token

    try:
        with submitted_once(form, by=request.user, then=customer.get_absolute_url()):
            record_vip_reception(...)
    except AlreadySubmitted as repeat:
        return repeated_submission(request, repeat)        # back to the first result, with a notice

The token is claimed in the same transaction as the write: a refused write frees it for the corrected
form, and of two simultaneous posts the second waits for the first and then finds the token used.
Where the world has a unique key (a fleet's name, a mobile, a VIN), a unique constraint does this instead.
A token only needs to outlive a double click or a retried request: a nightly task deletes the old ones.
"""

import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from organization.models import SubmittedForm


class OneTimeForm(forms.Form):
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())

    def clean(self):
        data = super().clean()
        try:
            data["submission"] = uuid.UUID(data.get("submission") or "")
        except ValueError as error:
            raise ValidationError(
                _("This form has expired; reload the page and send it again."), code="no_submission_token"
            ) from error
        return data


class AlreadySubmitted(Exception):
    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


@contextmanager
def submitted_once(form: OneTimeForm, *, by, then: str):
    """Run the block once per form token; a repeat raises AlreadySubmitted pointing to the first result, `then`."""
    token = form.cleaned_data["submission"]
    with transaction.atomic():
        try:
            with transaction.atomic():
                SubmittedForm.objects.create(token=token, submitted_by=by, result_url=then)
        except IntegrityError:
            earlier = SubmittedForm.objects.filter(token=token).values_list("result_url", flat=True).first()
            raise AlreadySubmitted(earlier or then) from None
        yield


def repeated_submission(request, repeat: AlreadySubmitted):
    messages.info(request, _("This form was already sent; it was recorded once."))
    return redirect(repeat.url)


def purge_used_tokens(*, now: datetime) -> int:
    """Delete the tokens used more than SUBMISSION_TOKENS_KEPT_DAYS ago, in one statement; returns how many."""
    kept_since = now - timedelta(days=settings.SUBMISSION_TOKENS_KEPT_DAYS)
    deleted, _per_model = SubmittedForm.objects.filter(submitted_at__lt=kept_since).delete()
    return deleted
