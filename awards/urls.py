from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.my_awards, name="mine"),
    path("<int:pk>/confirm/", views.confirm_award, name="confirm"),
    path("public-notices/", views.public_notices, name="public_notices"),
]
