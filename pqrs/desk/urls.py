from django.contrib.auth import views as auth_views
from django.urls import path

from .access import staff_view
from .views import auth, case, filing, inbox

app_name = "desk"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="desk:login"), name="logout"),
    path("otp/", auth.otp_verify, name="otp_verify"),
    path("otp/setup/", auth.otp_setup, name="otp_setup"),
    path("otp/setup/<str:token>/", auth.otp_setup_link, name="otp_setup_link"),
    path("password/", staff_view(auth.PasswordChangeView.as_view()), name="password_change"),
    path("bulk/", inbox.bulk, name="bulk"),
    path("export.csv", inbox.export, name="export"),
    path("search/", filing.search, name="search"),
    path("file/", filing.file_case, name="file"),
    path("cases/<int:pk>/", case.case_detail, name="case"),
    path("cases/<int:pk>/actions/<slug:name>/", case.case_action, name="action"),
    path("cases/<int:pk>/answer/<slug:op>/", case.answer_action, name="answer"),
    path("cases/<int:pk>/identity/", case.reveal_identity, name="reveal_identity"),
    path("cases/<int:pk>/template/", case.template_text, name="template_text"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        case.attachment_download,
        name="attachment",
    ),
    path("cases/<int:pk>/receipt/", filing.receipt, name="receipt"),
    path("cases/<int:pk>/receipt/email/", filing.receipt_email, name="receipt_email"),
    path("cases/<int:pk>/receipt.pdf", filing.receipt_pdf, name="receipt_pdf"),
]
