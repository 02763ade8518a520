from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("viden/", views.library, name="library"),
    path("viden/dokumenter/ny/", views.document_create, name="document_create"),
    path("viden/dokumenter/<int:pk>/", views.document_detail, name="document_detail"),
    path("viden/dokumenter/<int:pk>/rediger/", views.document_edit, name="document_edit"),
    path("viden/dokumenter/<int:pk>/ny-version/", views.version_upload, name="version_upload"),
    path("viden/versioner/<int:pk>/hent/", views.version_download, name="version_download"),
    path("viden/beslutninger/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("viden/del/<slug:kind>/<int:pk>/", views.share, name="share"),
    path("soeg/", views.search, name="search"),
    path("nyheder/", views.news_list, name="news_list"),
    path("nyheder/ny/", views.news_create, name="news_create"),
    path("nyheder/ugebrev/", views.digest_preference, name="digest_preference"),
    path("nyheder/feed.atom", views.news_feed, name="news_feed"),
    path("nyheder/<int:pk>/", views.news_detail, name="news_detail"),
    path("om-boligkoordineringen/", views.about, name="about"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
]
