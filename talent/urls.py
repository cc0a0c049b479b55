from django.urls import path

from . import views

app_name = "talent"
urlpatterns = [
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.need_new, name="need_new"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/submit/", views.need_submit, name="need_submit"),
    path("talents/", views.talent_list, name="talents"),
    path("directory/", views.directory, name="directory"),
    path("directory.xlsx", views.directory_xlsx, name="directory_xlsx"),
]
