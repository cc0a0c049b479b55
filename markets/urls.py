from . import views

app_name = "markets"
urlpatterns = [url for pages in views.PAGES for url in pages.urls()]
