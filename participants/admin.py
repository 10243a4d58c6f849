from django.contrib import admin

from participants.models import Participant


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "organisation",
        "actor_group",
        "level",
        "workshop",
        "joined_at",
        "erased_at",
    ]
    list_filter = ["actor_group", "level", "added_by_team"]
    search_fields = ["display_name", "organisation", "workshop__title"]
    raw_id_fields = ["workshop"]
    exclude = ["resume_token_hash"]

    def save_model(self, request, obj, form, change):
        if not obj.resume_token_hash:
            obj.set_new_resume_token()  # the hash is unique and required; this link is never shown
        super().save_model(request, obj, form, change)
