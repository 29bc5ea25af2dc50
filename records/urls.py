from django.urls import path

from records import views

app_name = "records"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("ny/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/granska/", views.request_review, name="review"),
    path("<int:pk>/maskera/", views.request_mask, name="mask"),
    path("<int:pk>/maskering/<int:mask_pk>/ta-bort/", views.request_unmask, name="unmask"),
    path("<int:pk>/besluta/", views.request_decide, name="decide"),
    path("<int:pk>/kopia.pdf", views.request_copy_pdf, name="copy_pdf"),
    path("<int:pk>/beslut.pdf", views.request_letter_pdf, name="letter_pdf"),
]
