"""The customer-service head's questionnaire editor: the items as a formset (add, remove, reword, reorder)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from surveys.models import Question

MAX_ITEMS = 40


class QuestionForm(forms.Form):
    code = forms.SlugField(label=_("Item code"), max_length=40, help_text=_("Stays the same when you reword the item."))
    text = forms.CharField(label=_("Question"), max_length=200)
    script = forms.CharField(
        label=_("Call script"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    must_ask = forms.BooleanField(label=_("Must be asked"), required=False)
    area = forms.ChoiceField(label=_("Repair area"), choices=[("", "—"), *Question.Area.choices], required=False)
    scale = forms.IntegerField(label=_("Highest score"), min_value=2, max_value=10, initial=10)


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        if not kept:
            raise ValidationError(_("A questionnaire needs at least one item."), code="no_items")
        codes = [form.cleaned_data["code"] for form in kept]
        if len(codes) != len(set(codes)):
            raise ValidationError(_("Each item needs its own code."), code="duplicate_code")

    def items(self) -> list[dict]:
        """The kept items in the order the head gave them."""
        kept = [form for form in self.ordered_forms if not self._should_delete_form(form)] if self.can_order else []
        fields = ("code", "text", "script", "must_ask", "area", "scale")
        return [{name: form.cleaned_data[name] for name in fields} for form in kept]


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=MAX_ITEMS,
    validate_max=True,
    absolute_max=MAX_ITEMS,
)


class RevisionForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=200)
