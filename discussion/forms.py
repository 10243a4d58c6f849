from django import forms
from django.utils.translation import gettext_lazy as _

from discussion.models import ANSWER_MAX, NOTE_MAX, GuidingQuestion, Theme
from discussion.services import QUESTION_FIELDS
from workshops.vocabulary import FieldOfWork


class QuestionForm(forms.ModelForm):
    fields_of_work = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        choices=FieldOfWork.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = GuidingQuestion
        fields = list(QUESTION_FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = workshop.agenda_items.all()
        self.fields["agenda_item"].empty_label = _("– keinem Punkt zugeordnet –")

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Bitte formulieren Sie die Leitfrage."))
        return text


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Ihre Antwort"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": ANSWER_MAX}),
        error_messages={
            "required": _("Bitte schreiben Sie eine Antwort."),
            "max_length": _("Eine Antwort darf höchstens 500 Zeichen lang sein (jetzt: %(show_value)d)."),
        },
    )


class CardAnswerForm(AnswerForm):
    text = forms.CharField(
        label=_("Text der Karte"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": ANSWER_MAX}),
        error_messages=AnswerForm.base_fields["text"].error_messages,
    )
    card_author = forms.CharField(label=_("Karte von (optional)"), max_length=100, required=False)


class ThemeForm(forms.Form):
    name = forms.CharField(
        label=_("Name des Themas"),
        max_length=120,
        error_messages={"required": _("Bitte geben Sie dem Thema einen Namen.")},
    )


class ThemeChoiceForm(forms.Form):
    """Assign an answer to a theme: the select works without JavaScript and by keyboard; drag
    and drop fills in the same form."""

    theme = forms.ModelChoiceField(label=_("Thema"), queryset=Theme.objects.none(), required=False)

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = question.themes.all()
        self.fields["theme"].empty_label = _("– ohne Thema –")


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Zusammenführen mit"), queryset=Theme.objects.none())

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = theme.question.themes.exclude(pk=theme.pk)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Notizen"),
        required=False,
        max_length=NOTE_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Absätze, Listen (- Punkt), **fett** und [Links](https://…) sind möglich."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
