from django.utils.translation import gettext_lazy as _

from . import schedule
from .registry import handler


@handler(schedule.KIND, title=_("Pekerjaan terjadwal"), permission="jobs.admin")
def periodic(ctx) -> dict:
    name = ctx.params["name"]
    ctx.progress(stage=name, force=True)
    return {"output": schedule.run(name)}
