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
