from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("pushes/", views.push_list, name="push_list"),
    path("pushes/new/", views.push_new, name="push_new"),
    path("pushes/<int:pk>/", views.push_detail, name="push_detail"),
    path("pushes/<int:pk>/download.<str:fmt>", views.push_download, name="push_download"),
]
