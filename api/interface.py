"""The NinjaAPI of the open interfaces (/api/v1/): django-ninja for typed request and answer schemas, the OpenAPI
schema built from them, and the Swagger UI assets shipped inside the package (nothing from a CDN, so the portal's
script-src 'self' policy holds on the docs page)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .errors import ApiError, body

api = NinjaAPI(
    title="桂林市专精特新中小企业服务平台 开放接口",
    version="1",
    description="供银行、供电供气企业和数据部门调用的接口。请求头携带 `Authorization: Bearer <令牌>`。",
    urls_namespace="api",
    docs_url="/docs/",
    openapi_url="/schema/",
    docs_decorator=login_not_required,
)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return api.create_response(request, body(exc.detail, exc.errors), status=exc.status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, body("缺少或无效的访问令牌。"), status=401)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, body("对象不存在，或不属于本机构。"), status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, body(str(exc)), status=exc.status_code)


def _location(loc):
    """ninja's error location ("body", "payload", 3, "year") as the item index and the field."""
    parts = [part for part in loc if part not in ("body", "payload", "query", "path")]
    index = next((part for part in parts if isinstance(part, int)), None)
    names = [str(part) for part in parts if not isinstance(part, int)]
    return index, ".".join(names)


# pydantic's error types in Chinese; anything else keeps pydantic's own message.
REASONS = {
    "missing": lambda ctx: "必填",
    "greater_than_equal": lambda ctx: f"不能小于 {ctx.get('ge')}",
    "greater_than": lambda ctx: f"须大于 {ctx.get('gt')}",
    "less_than_equal": lambda ctx: f"不能大于 {ctx.get('le')}",
    "less_than": lambda ctx: f"须小于 {ctx.get('lt')}",
    "int_parsing": lambda ctx: "须为整数",
    "int_type": lambda ctx: "须为整数",
    "int_from_float": lambda ctx: "须为整数",
    "decimal_parsing": lambda ctx: "须为数字",
    "decimal_type": lambda ctx: "须为数字",
    "decimal_max_places": lambda ctx: f"最多保留 {ctx.get('decimal_places')} 位小数",
    "decimal_max_digits": lambda ctx: f"最多 {ctx.get('max_digits')} 位数字",
    "decimal_whole_digits": lambda ctx: "整数部分位数过多",
    "string_type": lambda ctx: "须为文本",
    "string_too_short": lambda ctx: f"至少 {ctx.get('min_length')} 个字符",
    "string_too_long": lambda ctx: f"最多 {ctx.get('max_length')} 个字符",
    "date_parsing": lambda ctx: "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": lambda ctx: "日期格式应为 YYYY-MM-DD",
    "date_type": lambda ctx: "日期格式应为 YYYY-MM-DD",
    "literal_error": lambda ctx: f"应为以下之一：{ctx.get('expected')}",
    "list_type": lambda ctx: "请求体应为 JSON 数组",
    "model_attributes_type": lambda ctx: "应为 JSON 对象",
    "dict_type": lambda ctx: "应为 JSON 对象",
    "json_invalid": lambda ctx: "不是有效的 JSON",
}


def _reason(error):
    translate = REASONS.get(error.get("type"))
    return translate(error.get("ctx") or {}) if translate else error.get("msg", "")


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = []
    for error in exc.errors:
        index, name = _location(error.get("loc", ()))
        errors.append({"index": index, "field": name, "reason": _reason(error)})
    return api.create_response(request, body("请求内容不符合接口格式，未写入任何数据。", errors), status=422)
