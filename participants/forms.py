import unicodedata

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participants.models import INTRODUCTION_MAX, Participant
from participants.services import PERSONAL_FIELDS
from workshops.models import JOIN_CODE_LENGTH, Workshop
from workshops.vocabulary import ActorGroup, FieldOfWork, Level


def refuse_control_characters(value: str, *, allow_newlines: bool = False) -> str:
    """Control characters (from copy and paste or forged requests) would break the projector,
    CSV and PDF: refuse them. Line breaks are allowed only where a text may have several lines."""
    value = value.replace("\r\n", "\n")
    allowed = {"\n"} if allow_newlines else set()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        raise forms.ValidationError(_("Bitte entfernen Sie Steuerzeichen (z. B. Tabulatoren) aus dem Text."))
    return value


def _characters_at_most() -> str:
    return gettext("Höchstens %(max)s Zeichen.") % {"max": INTRODUCTION_MAX}


def _code_help() -> str:
    return gettext("Der Code aus %(n)s Zeichen steht auf der Einladung oder an der Leinwand.") % {
        "n": JOIN_CODE_LENGTH
    }


# Help texts are built when the module loads; lazy keeps them in the language of each request
# (a lazy string with "%" applied right away would stay German for good).
characters_at_most = lazy(_characters_at_most, str)
code_help = lazy(_code_help, str)


class ParticipantForm(forms.ModelForm):
    """Join form and team form alike: the same fields, the same checks (also for each CSV row)."""

    fields_of_work = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        choices=FieldOfWork.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mehrere möglich."),
    )

    class Meta:
        model = Participant
        fields = list(PERSONAL_FIELDS)
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3, "maxlength": INTRODUCTION_MAX}),
        }
        help_texts = {
            "introduction": characters_at_most(),
            "consent_to_be_named": _(
                "Ohne Ihre Einwilligung erscheinen dort nur Organisation und Funktion. "
                "Sie können das jederzeit ändern."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor_group"].choices = [("", _("Bitte wählen")), *ActorGroup.choices]
        self.fields["level"].choices = [("", _("Keine Angabe")), *Level.choices]
        self.fields["actor_group"].error_messages["invalid_choice"] = _(
            "„%(value)s“ ist keine bekannte Akteursgruppe."
        )
        self.fields["level"].error_messages["invalid_choice"] = _("„%(value)s“ ist keine bekannte Ebene.")
        self.fields["fields_of_work"].error_messages["invalid_choice"] = _(
            "„%(value)s“ ist kein bekanntes Handlungsfeld."
        )
        self.fields["display_name"].error_messages["required"] = _("Bitte geben Sie einen Namen an.")
        self.fields["actor_group"].error_messages["required"] = _("Bitte wählen Sie eine Akteursgruppe.")
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["function"].widget.attrs["autocomplete"] = "organization-title"

    @property
    def field_errors(self) -> list[str]:
        return [name for name in self.errors if name in self.fields]

    def full_clean(self):
        super().full_clean()
        # Screen readers read the error together with the field it belongs to.
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                ids = [f"{bound.auto_id}_error"] + ([f"{bound.auto_id}_helptext"] if bound.help_text else [])
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)

    def clean(self):
        cleaned = super().clean()
        for name in ("display_name", "organisation", "function", "place", "introduction"):
            value = cleaned.get(name)
            if isinstance(value, str):
                try:
                    cleaned[name] = refuse_control_characters(value, allow_newlines=name == "introduction")
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned


class TeamParticipantForm(ParticipantForm):
    """The team enters someone else's data: the consent is theirs, so the label says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_to_be_named"].label = _(
            "Die Person hat eingewilligt, in der veröffentlichten Dokumentation genannt zu werden."
        )
        self.fields["consent_to_be_named"].help_text = _("Nur ankreuzen, wenn die Einwilligung vorliegt.")


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Zugangscode"),
        max_length=20,
        help_text=code_help(),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").upper()
        workshop = Workshop.objects.filter(join_code=code).first() if len(code) == JOIN_CODE_LENGTH else None
        if workshop is None:
            raise forms.ValidationError(
                _(
                    "Diesen Code kennen wir nicht. Bitte prüfen Sie die %(n)s Zeichen und versuchen Sie es noch einmal."
                )
                % {"n": JOIN_CODE_LENGTH}
            )
        self.workshop = workshop
        return code


class JoiningForm(forms.Form):
    """The team opens or closes joining and sets the maximum."""

    max_participants = forms.IntegerField(
        label=_("Höchstzahl Teilnehmende"),
        min_value=1,
        max_value=2000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class IntroductionFilterForm(forms.Form):
    actor_group = forms.ChoiceField(label=_("Akteursgruppe"), required=False)
    level = forms.ChoiceField(label=_("Ebene"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor_group"].choices = [("", _("Alle")), *ActorGroup.choices]
        self.fields["level"].choices = [("", _("Alle")), *Level.choices]

    def filters(self) -> dict:
        """Valid filters only: an unknown value in the address shows everyone rather than an error."""
        if not self.is_valid():
            return {"actor_group": "", "level": ""}
        return {"actor_group": self.cleaned_data["actor_group"], "level": self.cleaned_data["level"]}


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "Höchstens 1 MB. UTF-8 (mit oder ohne BOM) oder Windows-1252, Trennzeichen Semikolon oder Komma."
        ),
    )
