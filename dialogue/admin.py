from django.contrib import admin
from django.db import transaction

from dialogue import services
from dialogue.models import Agreement, Benchmark, Comment, DialogueRound, Document, Estate, Goal, KeyFigure, RoundEvent


class RefreshAveragesOnDelete(admin.ModelAdmin):
    """Deleting estates or key figures changes the stored municipal averages, so refresh them as the services do."""

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        services.municipal_averages_refresh()

    def delete_queryset(self, request, queryset) -> None:
        # The bulk delete action runs outside the admin's transaction; the deletion and the refresh belong together.
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            services.municipal_averages_refresh()


@admin.register(Estate)
class EstateAdmin(RefreshAveragesOnDelete):
    list_display = ["name", "organisation", "number", "units", "area_m2", "year_built", "is_demo"]
    list_filter = ["organisation", "is_demo"]
    search_fields = ["name", "number", "address"]
    list_select_related = ["organisation"]

    def save_model(self, request, obj, form, change) -> None:
        services.estate_save(estate=obj)


class RoundEventInline(admin.TabularInline):
    model = RoundEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "kind", "text"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DialogueRound)
class DialogueRoundAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "stage", "published_at", "is_demo"]
    list_filter = ["year", "stage", "is_demo"]
    list_select_related = ["organisation"]
    # Stages change through the portal's pages, which check the transitions and keep the history.
    readonly_fields = ["stage", "published_at"]
    inlines = [RoundEventInline]


class GoalInline(admin.TabularInline):
    model = Goal
    fk_name = "agreement"
    extra = 0
    raw_id_fields = ["carried_from"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["round", "secretariat_approved_at", "organisation_approved_at"]
    list_select_related = ["round__organisation"]
    readonly_fields = [
        "round",
        "secretariat_approved_by",
        "secretariat_approved_at",
        "organisation_approved_by",
        "organisation_approved_at",
    ]
    inlines = [GoalInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["round", "kind", "version", "original_name", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["round__organisation"]
    readonly_fields = ["stored_name", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["round", "theme", "author", "created_at"]
    list_filter = ["theme"]
    list_select_related = ["round__organisation", "author"]


@admin.register(KeyFigure)
class KeyFigureAdmin(RefreshAveragesOnDelete):
    list_display = ["estate", "year", "measure", "value"]
    list_filter = ["year", "measure"]
    list_select_related = ["estate__organisation"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.municipal_averages_refresh()


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["year", "measure", "value"]
    list_filter = ["year"]
