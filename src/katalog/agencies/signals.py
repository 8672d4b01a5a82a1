"""Account signals: track sessions per person; deactivating a person ends their sessions.

Connected in AgenciesConfig.ready(). The work itself lives in services.py.
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save

from .http import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from .services import session_track
from .services import session_forget
from .services import sessions_end


def on_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    now = int(time.time())
    session[SESSION_LOGIN_AT] = now
    session[SESSION_LAST_SEEN] = now
    if session.session_key is None:
        session.save()
    session_track(user=user, session_key=session.session_key)


def on_logout(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session_forget(session_key=session.session_key)


def on_user_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """Whoever sets is_active=False (admin, shell, another service): the sessions end with it."""
    if raw or created or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    sessions_end(user=instance)


def connect(user_model) -> None:
    user_logged_in.connect(on_login, dispatch_uid="katalog.agencies.on_login")
    user_logged_out.connect(on_logout, dispatch_uid="katalog.agencies.on_logout")
    post_save.connect(on_user_saved, sender=user_model, dispatch_uid="katalog.agencies.on_user_saved")
