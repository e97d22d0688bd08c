"""Production settings: secrets without defaults, HTTPS cookies and HSTS, e-mail over SMTP."""

from .base import *  # noqa: F403
from .base import env
from .mail import mail_settings

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
globals().update(
    mail_settings(
        backend=env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"),
        host=env("DJANGO_EMAIL_HOST", default="localhost"),
        port=env.int("DJANGO_EMAIL_PORT", default=25),
        username=env("DJANGO_EMAIL_HOST_USER", default=""),
        password=env("DJANGO_EMAIL_HOST_PASSWORD", default=""),
        use_tls=env.bool("DJANGO_EMAIL_USE_TLS", default=True),
    )
)
