from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


def form_token(client: Client, url: str = "/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    match = TOKEN_RE.search(response.content.decode())
    assert match, "the form carries a per-render token"
    return match.group(1)


def identified(token: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form_token": token,
        "case_type": "peticion",
        "subject": "Alumbrado dañado en la calle 5",
        "text": "El poste frente al número 12 no enciende desde hace una semana.",
        "identity": "identified",
        "id_type": "CC",
        "id_number": "1020304050",
        "full_name": "María Pérez Gómez",
        "email": "maria@example.com",
        "phone": "3001234567",
        "address": "Calle 5 # 12-30",
        "city": "Tunja",
        "answer_channel": "email",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def anonymous(token: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form_token": token,
        "case_type": "denuncia",
        "subject": "Cobro irregular en ventanilla",
        "text": "El 3 de marzo un funcionario de la ventanilla 4 cobró por un trámite gratuito.",
        "identity": "anonymous",
        "website": "",
    }
    data.update(overrides)
    return data


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)
