from django.urls import path

from . import views

app_name = "chains"
urlpatterns = [
    path("", views.chain_map, name="map"),
    path("gaps.xlsx", views.gaps_export, name="gaps_export"),
    path("procurement/", views.procurement_list, name="procurement_list"),
    path("procurement/<int:pk>/", views.procurement_detail, name="procurement_detail"),
    path("recommendations/<int:pk>/outcome/", views.recommendation_outcome, name="recommendation_outcome"),
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_edit, name="product_new"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/submit/", views.product_submit, name="product_submit"),
]
