"""The admin's import and export buttons for the registry, on top of django-import-export and unfold.

Import: the library's two steps (upload → preview → confirm), both running the shared service through the
resource (`RegistryResource.import_data`, handed `importing.import_for_admin` here), so the admin and
`manage.py import_data` give the same row errors and write all or nothing. Export: the resource's columns, CSV with a BOM or XLSX, formulae defused, rows scoped like
the change list (a county official exports its own area only).

Between the two steps the upload waits in the shared cache (`IMPORT_EXPORT_TMP_STORAGE_CLASS`) under a random key
that the preview remembers in the user's session; the confirm step accepts only such a key, once, so no request
can name another file and a confirm reaching another web host still finds the upload.
"""

import re

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ImportExportMixin
from import_export.tmp_storages import CacheStorage
from unfold.contrib.import_export.forms import ExportForm, ImportForm

from .importing import import_for_admin
from .spreadsheets import FORMATS, RegistryXLSX, SpreadsheetError, format_for

MAX_UPLOAD_BYTES = 30 * 1024 * 1024
PENDING_IMPORTS = "registry_pending_imports"  # session key: storage names this session's previews produced
MAX_PENDING_IMPORTS = 10
STORAGE_NAME = re.compile(r"[0-9a-f]{32}")  # CacheStorage's uuid4().hex: no slash, no dot


class RegistryImportForm(ImportForm):
    """The upload must be .csv or .xlsx, agree with the chosen format, and stay under the size limit."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].help_text = "CSV（UTF-8，可带 BOM）或 Excel .xlsx，第 1 行为表头，单个文件不超过 30 MB。"

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or chosen in (None, ""):
            return cleaned
        # Errors go on the file field: unfold's import form shows field errors only.
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error("import_file", "文件过大：单个文件不超过 30 MB，请拆分后分批导入。")
            return cleaned
        try:
            by_extension = type(format_for(upload.name))
        except SpreadsheetError as error:
            self.add_error("import_file", str(error))
            return cleaned
        if by_extension is not self.formats[int(chosen)]:
            self.add_error("import_file", "文件扩展名与所选格式不一致，请重新选择格式。")
        return cleaned


class RegistryImportExportMixin(ImportExportMixin):
    formats = FORMATS
    import_form_class = RegistryImportForm
    export_form_class = ExportForm
    import_template_name = "admin/enterprises/import.html"
    import_error_display = ("message",)
    skip_admin_log = True  # the history rows are the audit trail of an import
    to_encoding = None  # RegistryCSV writes its own UTF-8 bytes with a BOM

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        name = initial.get("import_file_name")
        if name:  # only a clean preview offers a confirm form, and only its file may be confirmed
            pending = [*request.session.get(PENDING_IMPORTS, []), name][-MAX_PENDING_IMPORTS:]
            request.session[PENDING_IMPORTS] = pending
        return initial

    def process_import(self, request, **kwargs):
        if request.method != "POST":
            return super().process_import(request, **kwargs)  # the library's 405
        if not self.has_import_permission(request):
            raise PermissionDenied
        name = request.POST.get("import_file_name", "")
        pending = request.session.get(PENDING_IMPORTS, [])
        if not STORAGE_NAME.fullmatch(name) or name not in pending:
            return HttpResponseBadRequest(
                "无效的导入文件：请重新上传文件并预览后再确认导入。".encode(), content_type="text/plain; charset=utf-8",
            )
        request.session[PENDING_IMPORTS] = [other for other in pending if other != name]  # confirmed once only
        storage = self.get_tmp_storage_class()
        if issubclass(storage, CacheStorage) and not cache_has(storage, name):
            return HttpResponseBadRequest(
                "导入文件已过期：请重新上传文件并预览后再确认导入。".encode(), content_type="text/plain; charset=utf-8",
            )
        return super().process_import(request, **kwargs)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "run_import": import_for_admin}

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, SpreadsheetError):
            form.add_error("import_file", str(error))
        else:
            form.add_error("import_file", "无法读取该文件，请确认文件格式与所选格式一致。")

    def process_result(self, result, request):
        report = result.report
        if not report.ok:
            # The data changed between preview and confirmation: nothing was written; say why and start over.
            messages.error(request, report.summary())
            for line in report.error_lines()[:20]:
                messages.error(request, line)
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        messages.success(request, result.report.summary())

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        # Typed cells (dates, numbers) in XLSX; text in CSV.
        kwargs.pop("encoding", None)
        dataset = self.get_data_for_export(
            request, queryset, force_native_type=isinstance(file_format, RegistryXLSX), **kwargs,
        )
        return file_format.export_data(dataset)

    def get_export_filename(self, request, queryset, file_format):
        kind = self.get_export_resource_classes(request)[0].kind
        return f"{kind}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"


def cache_has(storage, name):
    return cache.has_key(storage.CACHE_PREFIX + name)
