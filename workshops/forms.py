from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.models import AgendaItem, Role, Workshop


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

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Bitte geben Sie einen Titel ein."))
        return title

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("planned_end_time")
        if start and end and end <= start:
            self.add_error("planned_end_time", _("Das geplante Ende muss nach dem Beginn liegen."))
        return cleaned


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "duration_minutes", "presenters", "description"]
        widgets = {
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 600, "inputmode": "numeric"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Bitte geben Sie einen Titel ein."))
        return title


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Benutzername"), max_length=150)
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices, initial=Role.FACILITATOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)


class DuplicateForm(forms.Form):
    title = forms.CharField(label=_("Titel des neuen Workshops"), max_length=200)
    date = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
