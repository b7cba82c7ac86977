"""django-filter FilterSets that build their form class once per language instead of on every request."""

from django.utils.translation import get_language

_FORM_CLASSES: dict[tuple[type, str | None], type] = {}


class FormClassOnce:
    """Mixin for a FilterSet: django-filter makes a new form class, with a new field per filter, for every
    filter set, so every request to a filtered list or search paid for it (about a third of the filters'
    cost). The fields come out the same each time, except for text translated when a field is made (e.g. a
    placeholder): so one class per filter set and language. Forms still copy their fields per instance, so
    changing `form.fields[...]` in `__init__` stays per request."""

    def get_form_class(self):
        key = (type(self), get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            form_class = _FORM_CLASSES[key] = super().get_form_class()
        return form_class
