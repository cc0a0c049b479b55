from django.urls import path

from . import views

app_name = "liaison"
urlpatterns = [
    path("mine/", views.my_enterprises, name="my_enterprises"),
    path("difficulties/", views.my_difficulties, name="my_difficulties"),
    path("difficulties/new/", views.difficulty_new, name="difficulty_new"),
    path("difficulties/<int:pk>/", views.difficulty_detail, name="difficulty"),
    path("difficulties/<int:pk>/transition/", views.difficulty_transition, name="difficulty_transition"),
    path("duty/", views.duty, name="duty"),
    path("duty/evaluate/", views.duty_evaluate, name="duty_evaluate"),
    path("training/", views.training, name="training"),
    path("service-package/", views.service_package, name="service_package"),
    path("service-coverage/", views.service_coverage, name="service_coverage"),
]
