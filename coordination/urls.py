from django.urls import path

from coordination import views

app_name = "coordination"

urlpatterns = [
    path("organisationsdiagram/", views.org_chart, name="chart"),
    path("organer/<slug:slug>/", views.body_detail, name="body_detail"),
    path("organer/<slug:slug>/rediger/", views.body_edit, name="body_edit"),
    path("organer/<slug:slug>/medlemmer/ny/", views.membership_create, name="membership_create"),
    path("medlemskaber/<int:pk>/afslut/", views.membership_end, name="membership_end"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/ny/", views.person_edit, name="person_create"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
    path("personer/<int:pk>/rediger/", views.person_edit, name="person_edit"),
    path("personer/<int:pk>/persondata.json", views.person_data_json, name="person_data_json"),
    path("personer/<int:pk>/persondata.pdf", views.person_data_pdf, name="person_data_pdf"),
    path("personer/<int:pk>/anonymiser/", views.person_anonymise, name="person_anonymise"),
    path("personer/<int:pk>/slet/", views.person_erase, name="person_erase"),
    path("mine-data.json", views.my_data_json, name="my_data_json"),
    path("privatliv/", views.privacy, name="privacy"),
    path("organisationer/", views.organisation_list, name="organisation_list"),
    path("organisationer/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
