from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.models import MAX_ITEM_MINUTES, AgendaItem, Role, Workshop

TITLE_REQUIRED = _("Bitte geben Sie einen Titel ein.")


def autofocus_first_error(form: forms.BaseForm) -> None:
    """Put the cursor where the problem is: the first field with an error, else the first field.
    Browsers honour ``autofocus`` on page load and htmx does after a swap."""
    names = [name for name in form.errors if name in form.fields] or list(form.fields)
    form.fields[names[0]].widget.attrs["autofocus"] = True


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = [
            "title",
            "subtitle",
            "region",
            "venue",
            "date",
            "start_time",
            "planned_end_time",
            "organiser_name",
            "description",
            "status",
            "max_participants",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "planned_end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {"title": {"required": TITLE_REQUIRED}}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("planned_end_time")
        if start and end and end <= start:
            self.add_error("planned_end_time", _("Das geplante Ende muss nach dem Beginn liegen."))
        return cleaned


class AgendaItemForm(forms.ModelForm):
    duration_minutes = forms.IntegerField(
        label=_("Dauer (Minuten)"),
        min_value=1,
        max_value=MAX_ITEM_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Bitte geben Sie die Dauer in Minuten an."),
            "invalid": _("Bitte geben Sie die Dauer als ganze Zahl von Minuten an."),
            "min_value": _("Die Dauer muss mindestens 1 Minute betragen."),
            "max_value": _("Die Dauer darf höchstens %(limit_value)s Minuten betragen."),
        },
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "duration_minutes", "presenters", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"presenters": _("Wer spricht oder leitet, z. B. „Prof. Dr. Peter Dehne“ oder „alle“.")}
        error_messages = {
            "title": {"required": TITLE_REQUIRED},
            "kind": {"invalid_choice": _("Bitte wählen Sie eine der angebotenen Arten.")},
        }


class AgendaItemEditForm(AgendaItemForm):
    # The version of the item the form started from: see services.update_item.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("nach oben")), ("down", _("nach unten"))])


class IdListField(forms.Field):
    """A list of ids posted as repeated ``name=id`` pairs, in the order they were sent."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Die Reihenfolge enthält eine ungültige Angabe.")}

    def to_python(self, value):
        try:
            return [int(pk) for pk in value or []]
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class ReorderForm(forms.Form):
    ids = IdListField(error_messages={"required": _("Die neue Reihenfolge fehlt.")})


ROLE_ERRORS = {
    "required": _("Bitte wählen Sie eine Rolle."),
    "invalid_choice": _("Bitte wählen Sie eine der angebotenen Rollen."),
}


class MemberAddForm(forms.Form):
    username = forms.CharField(
        label=_("Benutzername"),
        max_length=150,
        error_messages={"required": _("Bitte geben Sie den Benutzernamen der Person ein.")},
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=Role.choices, initial=Role.FACILITATOR, error_messages=ROLE_ERRORS
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices, error_messages=ROLE_ERRORS)


class DuplicateForm(forms.Form):
    title = forms.CharField(
        label=_("Titel des neuen Workshops"), max_length=200, error_messages={"required": TITLE_REQUIRED}
    )
    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Bitte geben Sie das Datum des neuen Workshops an.")},
    )


class DeleteWorkshopForm(forms.Form):
    confirm_title = forms.CharField(
        label=_("Zur Bestätigung den Titel des Workshops eingeben"), max_length=200, strip=True
    )
