"""Template helpers for the companies pages."""

import json

from django import template
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from companies.services import sanitize_html

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


@register.filter
def jsonld(value):
    """schema.org data as <script type="application/ld+json">, escaped like Django's json_script so that
    company-written text can never close the script element."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0


@register.filter
def storage_url(name):
    """URL of a stored file name (image renditions are kept as plain names)."""
    return default_storage.url(name) if name else ""


@register.filter
def richtext(html):
    """Company-written formatted text. Sanitised on write by the services; sanitised again here so text that
    reached the database another way (admin, demo data, an old row) can never inject markup."""
    return mark_safe(sanitize_html(html or ""))
