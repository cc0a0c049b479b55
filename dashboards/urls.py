from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.city, name="city"),
    path("areas/<int:pk>/", views.area, name="area"),
    path("export.xlsx", views.export, name="export"),
    path("performance/", views.performance_page, name="performance"),
    path("measures/<int:number>/export.xlsx", views.measure_export, name="measure_export"),
    path("performance/export.xlsx", views.performance_export, name="performance_export"),
]
