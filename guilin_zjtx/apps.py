"""App configurations the project gives third-party apps: their names in the admin's sidebar, in Chinese."""

from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    """django-axes, which names its admin group "Axes": here the sign-in attempts and lockouts it keeps."""

    verbose_name = "登录安全（登录尝试与锁定）"
