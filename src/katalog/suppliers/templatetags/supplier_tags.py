from django import template

register = template.Library()


@register.filter
def bar_width(percent) -> int:
    """0–100 rounded to a multiple of 5: the bar chart uses classes w-0 … w-100 (no inline styles under the CSP)."""
    try:
        value = float(percent)
    except (TypeError, ValueError):
        return 0
    return int(min(100, max(0, round(value / 5) * 5)))


@register.filter
def stage_share(row, stage: str):
    """A readiness FunnelRow's share at `stage`, one decimal, as computed."""
    return row.share(stage)


@register.filter
def stage_width(row, stage: str) -> int:
    """The same share rounded to a multiple of 5, for the bar classes only."""
    return row.width(stage)


@register.filter
def item(mapping, key):
    """mapping[key], or "" when absent (for per-field revision reasons)."""
    if not mapping:
        return ""
    return mapping.get(key, "")
