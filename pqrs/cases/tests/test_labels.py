"""Every shipped default has an English name whose Spanish translation is exactly the shipped
name, so the Spanish interface shows what the fixture says and the English one translates."""

from __future__ import annotations

import json

from django.utils import translation

from pqrs.answers.defaults import TEMPLATES, template_label
from pqrs.cases.defaults import DEFAULTS_FILE
from pqrs.cases.labels import shipped_label


def shipped_texts() -> list[str]:
    data = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    texts = [item["name"] for item in data["case_types"] + data["channels"]]
    return texts + [item["description"] for item in data["case_types"]]


def test_shipped_types_and_channels_read_as_shipped_in_spanish_and_translated_in_english():
    with translation.override("es"):
        assert [shipped_label(text) for text in shipped_texts()] == shipped_texts()
    with translation.override("en"):
        english = [shipped_label(text) for text in shipped_texts()]
    untranslated = {text for text in shipped_texts() if text != "API"} & set(english)
    assert untranslated == set()


def test_shipped_answer_templates_read_as_shipped_in_spanish_and_translated_in_english():
    with translation.override("es"):
        assert [template_label(kind, name) for kind, name, _body in TEMPLATES] == [
            name for _kind, name, _body in TEMPLATES
        ]
    with translation.override("en"):
        assert template_label("answer", "Respuesta de fondo") == "Substantive answer"
        assert template_label("answer", "Respuesta de fondo (salud)") == (
            "Respuesta de fondo (salud)"
        )


def test_a_text_that_is_not_shipped_is_shown_as_typed():
    with translation.override("en"):
        assert shipped_label("Acción de tutela") == "Acción de tutela"
        assert shipped_label("") == ""
