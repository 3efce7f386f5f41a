from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.file_request, name="file"),
    path("denuncia-corrupcion/", views.report_corruption, name="report_corruption"),
    path("constancia/<str:token>/", views.receipt, name="receipt"),
    path("constancia/<str:token>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("politica-de-datos/", views.data_policy, name="data_policy"),
    path("consulta/", views.track, name="track"),
    path("consulta/solicitud/", views.case_detail, name="case"),
    path("consulta/solicitud/constancia/", views.case_receipt_pdf, name="case_receipt_pdf"),
    path("consulta/solicitud/responder/", views.reply, name="reply"),
    path("consulta/solicitud/agregar/", views.add_information, name="add_information"),
    path("consulta/solicitud/mas-tiempo/", views.more_time, name="more_time"),
    path("consulta/solicitud/desistir/", views.withdraw, name="withdraw"),
    path("consulta/solicitud/calificar/", views.rate, name="rate"),
    path("consulta/solicitud/adjunto/<int:pk>/", views.attachment, name="attachment"),
    path("consulta/salir/", views.track_end, name="track_end"),
]
