from django import forms
from django.utils.translation import gettext_lazy as _

from discussion.models import Endorsement, Fazit, Statement, SummarySection
from discussion.models.fazit import COMMENT_MAX, STATEMENT_MAX


class IntroductionForm(forms.ModelForm):
    class Meta:
        model = Fazit
        fields = ["introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}
        # The section's heading already says "Einleitung"; the label says what goes in.
        labels = {"introduction": _("Ein paar Sätze zu Anlass, Ablauf und Ergebnis")}


class StatementForm(forms.ModelForm):
    """Text of a statement; who and by when only for next steps."""

    class Meta:
        model = Statement
        fields = ["text", "responsible", "due"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX})}
        help_texts = {
            "responsible": _("Person oder Organisation"),
            "due": _("z. B. „bis 30. Juni“ oder „Herbst 2030“"),
        }

    def __init__(self, *args, part: str, **kwargs):
        super().__init__(*args, **kwargs)
        if part != Statement.Part.NEXT_STEP:
            del self.fields["responsible"], self.fields["due"]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("nach oben")), ("down", _("nach unten"))])


class EndorsementForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Ihre Haltung"), choices=Endorsement.Stance.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Kommentar (freiwillig)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Bitte höchstens %(limit_value)d Zeichen (jetzt %(show_value)d).")},
    )


class SectionsForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Abschnitte der Zusammenfassung"),
        choices=SummarySection.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class FromSourceForm(forms.Form):
    """The part a statement taken from an answer or a theme goes into."""

    part = forms.ChoiceField(label=_("Teil des Fazits"), choices=Statement.Part.choices)
