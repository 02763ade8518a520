from django.contrib import admin

from coordination.models import Body, Membership, Organisation, Person, PurposeItem


class PurposeInline(admin.TabularInline):
    model = PurposeItem
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "body"
    extra = 0
    autocomplete_fields = ["person"]
    raw_id_fields = ["stands_in_for"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "email", "user"]
    list_filter = ["organisation"]
    search_fields = ["name", "title", "email"]
    list_select_related = ["organisation", "user"]
    raw_id_fields = ["user"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "is_external", "cadence_label"]
    list_filter = ["kind", "is_external"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PurposeInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "role", "start", "end", "on_leave"]
    list_filter = ["body", "role"]
    search_fields = ["person__name", "body__name"]
    list_select_related = ["person", "body"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["stands_in_for"]
