from django import template

from clearing import selectors

register = template.Library()


@register.inclusion_tag("clearing/_response_figures.html")
def response_figures(company):
    """A company's response figures (Steckbrief, placement page): median days to answer, share answered in time."""
    return {"figures": selectors.response_figures_dict(company)}
