from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("documents/certificates/<int:pk>.pdf", views.certificate, name="certificate"),
    path("documents/award-notices/<int:pk>.pdf", views.award_notice, name="award_notice"),
    path("documents/award-notice-lists/<str:day>.pdf", views.notice_list, name="notice_list"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
