from django.contrib import admin

from planning.models import DataImport, ElderlyHousing, EvaluationReport, RenovationProject


@admin.register(DataImport)
class DataImportAdmin(admin.ModelAdmin):
    list_display = ["kind", "filename", "rows", "imported_at", "is_demo"]
    list_filter = ["kind", "is_demo"]


@admin.register(ElderlyHousing)
class ElderlyHousingAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "units", "first_year", "last_year", "is_demo"]
    list_filter = ["kind", "is_demo"]


@admin.register(RenovationProject)
class RenovationProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "estate", "phase", "budget", "is_demo"]
    list_filter = ["phase", "is_demo"]


@admin.register(EvaluationReport)
class EvaluationReportAdmin(admin.ModelAdmin):
    list_display = ["year", "status", "requested_at", "approved_at"]
    readonly_fields = ["status", "progress", "stored_name", "has_data", "error", "approved_by", "approved_at"]
