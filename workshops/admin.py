from django.contrib import admin

from workshops.models import AgendaItem, Membership, Workshop


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "region", "status"]
    list_filter = ["status"]
    search_fields = ["title", "region", "organiser_name"]
    inlines = [AgendaItemInline, MembershipInline]
