from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("oversigt/<slug:table>.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("eksport/<slug:table>.<str:fmt>", views.data_export, name="data_export"),
    path("befolkning/", views.population, name="population"),
    path("boliger/", views.dwellings, name="dwellings"),
    path("aeldre/", views.elderly, name="elderly"),
    path("aeldre/ny/", views.elderly_housing_edit, name="elderly_housing_create"),
    path("aeldre/<int:pk>/rediger/", views.elderly_housing_edit, name="elderly_housing_edit"),
    path("aeldre/<int:pk>/slet/", views.elderly_housing_delete, name="elderly_housing_delete"),
    path("import/", views.statbank_import, name="statbank_import"),
    path("projekter/", views.project_list, name="project_list"),
    path("projekter/ny/", views.project_create, name="project_create"),
    path("projekter/<int:pk>/", views.project_detail, name="project_detail"),
    path("projekter/<int:pk>/rediger/", views.project_edit, name="project_edit"),
    path("projekter/<int:pk>/faser/", views.project_plan, name="project_plan"),
    path("projekter/<int:pk>/slet/", views.project_delete, name="project_delete"),
    path("projekter/<int:pk>/saerlig-viden/", views.expert_add, name="expert_add"),
    path("saerlig-viden/<int:pk>/fjern/", views.expert_remove, name="expert_remove"),
    path("evaluering/", views.report_list, name="report_list"),
    path("evaluering/ny/", views.report_request, name="report_request"),
    path("evaluering/<int:pk>/status/", views.report_status, name="report_status"),
    path("evaluering/<int:pk>/hent/", views.report_download, name="report_download"),
    path("evaluering/<int:pk>/godkend/", views.report_approve, name="report_approve"),
]
