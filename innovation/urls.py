from django.urls import path

from . import views

app_name = "innovation"
urlpatterns = [
    path("demands/", views.demand_list, name="demands"),
    path("demands/new/", views.demand_new, name="demand_new"),
    path("demands/<int:pk>/", views.demand_detail, name="demand"),
    path("demands/<int:pk>/edit/", views.demand_edit, name="demand_edit"),
    path("demands/<int:pk>/submit/", views.demand_submit, name="demand_submit"),
    path("demands/<int:pk>/interest/<int:achievement_id>/", views.demand_interest, name="demand_interest"),
    path("demands/<int:pk>/recommend/<int:achievement_id>/", views.demand_recommend, name="demand_recommend"),
    path("achievements/", views.achievement_list, name="achievements"),
    path("achievements/<int:pk>/", views.achievement_detail, name="achievement"),
    path("matches/<int:pk>/", views.match_detail, name="match"),
    path("matches/<int:pk>/move/", views.match_move, name="match_move"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("renovation/", views.renovation, name="renovation"),
    path("renovation.xlsx", views.renovation_xlsx, name="renovation_xlsx"),
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/submit/", views.project_submit, name="project_submit"),
]
