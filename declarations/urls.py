from django.urls import path

from . import views

app_name = "declarations"
urlpatterns = [
    path("application/start/", views.start_application, name="start_application"),
    path("annual/start/", views.start_annual_report, name="start_annual_report"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("review/", views.review_queue, name="review_queue"),
    path("attachments/<int:pk>/", views.download, name="download"),
    path("messages/", views.message_list, name="messages"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("public-notices/", views.public_notices, name="public_notices"),
]
