from django.urls import path

from dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("start/", views.start, name="start"),
    path("runder/ny/", views.round_create, name="round_create"),
    path("runder/<int:pk>/", views.round_detail, name="round_detail"),
    path("runder/<int:pk>/fase/", views.round_advance, name="round_advance"),
    path("runder/<int:pk>/dialogmoede/", views.round_meeting_plan, name="round_meeting_plan"),
    path("runder/<int:pk>/naeste-aar/", views.round_create_next, name="round_create_next"),
    path("runder/<int:pk>/historik/", views.round_history, name="round_history"),
    path("runder/<int:pk>/offentliggoer/", views.round_publish, name="round_publish"),
    path("runder/<int:pk>/dokumenter/ny/", views.document_upload, name="document_upload"),
    path("runder/<int:pk>/kommentarer/ny/", views.comment_create, name="comment_create"),
    path("runder/<int:pk>/aftale/", views.agreement_update, name="agreement_update"),
    path("runder/<int:pk>/aftale/godkend/", views.agreement_approve, name="agreement_approve"),
    path("runder/<int:pk>/aftale.pdf", views.agreement_pdf_view, name="agreement_pdf"),
    path("runder/<int:pk>/maal/nyt/", views.goal_create, name="goal_create"),
    path("maal/<int:pk>/rediger/", views.goal_edit, name="goal_edit"),
    path("maal/<int:pk>/status/", views.goal_status, name="goal_status"),
    path("dokumenter/<int:pk>/", views.document_download, name="document_download"),
    path("afdelinger/", views.estate_list, name="estate_list"),
    path("afdelinger/ny/", views.estate_edit, name="estate_create"),
    path("afdelinger/<int:pk>/", views.estate_detail, name="estate_detail"),
    path("afdelinger/<int:pk>/rediger/", views.estate_edit, name="estate_edit"),
    path("afdelinger/<int:pk>/graf/<slug:measure>.svg", views.estate_chart, name="estate_chart"),
    path("organisationer/<int:pk>/noegletal/", views.organisation_keyfigures, name="organisation_keyfigures"),
    path(
        "organisationer/<int:pk>/noegletal.csv", views.organisation_keyfigures_csv, name="organisation_keyfigures_csv"
    ),
    path("noegletal/import/", views.keyfigure_import, name="keyfigure_import"),
    path("offentlig/", views.public_list, name="public_list"),
    path("offentlig/<int:pk>/", views.public_round, name="public_round"),
    path("offentlig/<int:pk>/aftale.pdf", views.public_agreement_pdf, name="public_agreement_pdf"),
]
