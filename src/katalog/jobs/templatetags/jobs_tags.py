from django import template
from django.utils.html import format_html

from katalog.jobs.web import new_token

register = template.Library()


@register.simple_tag
def job_token() -> str:
    """The hidden one-time token of a form that starts a job (see katalog.jobs.web)."""
    return format_html('<input type="hidden" name="token" value="{}">', new_token())
