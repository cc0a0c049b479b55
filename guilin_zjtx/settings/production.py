"""Production: every secret from the environment, HTTPS only, PostgreSQL and Redis."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, DEV_SECRET_KEY, env

# DEBUG=True in a production environment is a mistake, not a request: base would then accept the public
# development key, and production would quietly turn DEBUG off and keep that key. Refuse instead.
if env.bool("DEBUG", default=False):
    raise ImproperlyConfigured(
        "生产环境不得开启调试模式：请删除环境变量 DEBUG 或设为 False。"
        " DEBUG must not be on in production: unset DEBUG or set it to False."
    )
DEBUG = False

SECRET_KEY_MIN_LENGTH = 50


def _refuse_weak_key(key, name):
    if not key or key == DEV_SECRET_KEY or len(key) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"生产环境的 {name} 必须是至少 {SECRET_KEY_MIN_LENGTH} 个字符的随机密钥，且不得为公开的开发默认密钥；"
            "可用 python -c 'import secrets; print(secrets.token_urlsafe(64))' 生成。"
            f" {name} must be a random key of at least {SECRET_KEY_MIN_LENGTH} characters, not the development key."
        )


SECRET_KEY = env("SECRET_KEY", default="").strip()  # no default: refuse to start without one
_refuse_weak_key(SECRET_KEY, "SECRET_KEY")
# Rotation: the new key signs, the old ones listed here still verify sessions, password-reset links and
# signed values until they are removed (README → Production layout).
SECRET_KEY_FALLBACKS = [key.strip() for key in env.list("SECRET_KEY_FALLBACKS", default=[]) if key.strip()]
for _fallback in SECRET_KEY_FALLBACKS:
    _refuse_weak_key(_fallback, "SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = [host.strip() for host in env.list("ALLOWED_HOSTS", default=[]) if host.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "生产环境必须设置环境变量 ALLOWED_HOSTS（本站域名，多个用英文逗号分隔），例如 zjtx.example.gov.cn。"
        " ALLOWED_HOSTS must list the site's host names in production, e.g. zjtx.example.gov.cn."
    )

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
# The open interfaces are refused over plain HTTP (api/urls.py) instead of redirected: a client that followed
# the redirect would already have sent its token in clear.
SECURE_REDIRECT_EXEMPT = [r"^api/"]
API_HTTPS_ONLY = True
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
