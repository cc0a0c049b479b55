"""The portal's pages keep the addresses and names they had before they moved here: the enterprise home is
`declarations:home` at /declarations/, the one-firm file `liaison:file` at /liaison/file/<id>/, the policy
calculator `awards:calculator` at /awards/calculator/. The project's urls.py mounts each list inside that
namespace."""

from django.urls import path

from . import views

enterprise_home_patterns = [
    path("", views.enterprise_home, name="home"),
]

firm_file_patterns = [
    path("file/<int:pk>/", views.firm_file, name="file"),
    path("file/<int:pk>/export.xlsx", views.firm_file_xlsx, name="file_xlsx"),
    path("file/<int:pk>/plan-suggestion/", views.add_plan_suggestion, name="file_plan_suggestion"),
]

calculator_patterns = [
    path("calculator/", views.award_calculator, name="calculator"),
    path("calculator/<int:pk>/", views.award_calculator_for, name="calculator_for"),
]
