from django.urls import path

from quality import views

app_name = "quality"
urlpatterns = [
    path("kategorier/", views.categories, name="categories"),
    path("kategorier/<slug:slug>/ny/<str:dimension>/", views.category_add, name="category_add"),
    path("kategorier/<int:pk>/", views.category_edit, name="category_edit"),
]
