"""Production: every secret from the environment, HTTPS only, PostgreSQL and Redis."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: refuse to start without one
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Without a broker, Celery would run the yearly recompute inside a web request: refuse to start instead.
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        "生产环境必须设置环境变量 CELERY_BROKER_URL（Celery 消息代理地址），例如 redis://127.0.0.1:6379/0；"
        "生产环境不在网页请求进程内执行后台任务。"
        " CELERY_BROKER_URL must be set in production, e.g. redis://127.0.0.1:6379/0."
    )
CELERY_TASK_ALWAYS_EAGER = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_CACHE_URL", default="redis://127.0.0.1:6379/1"),
    }
}
