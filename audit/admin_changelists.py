"""Change lists that cost what they show. `ListCostsMixin` on a model admin gives it `ListCostsChangeList`:

- the full count (the "(N total)" beside a filtered count) is read only when a filter or search narrows the list;
  unfiltered, it is the list's own count, so the page counts its rows once, not twice;
- the sort links of the column headers are composed once per page: the admin theme builds every column header again
  for every row (only to label the cells), which composed ~900 query strings for a page of 50.

What the page shows is unchanged.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import InvalidPage


class ListCostsChangeList(ChangeList):
    _query_strings = None  # remembered once the list is set up (its parameters fixed)
    _ordering_columns = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._query_strings = {}

    def get_query_string(self, new_params=None, remove=None):
        if self._query_strings is None:
            return super().get_query_string(new_params, remove)
        try:
            key = (tuple(sorted((new_params or {}).items())), tuple(remove or ()))
            hash(key)
        except TypeError:  # a list value: not worth remembering
            return super().get_query_string(new_params, remove)
        if key not in self._query_strings:
            self._query_strings[key] = super().get_query_string(new_params, remove)
        return self._query_strings[key]

    def get_ordering_field_columns(self):
        if self._query_strings is None:
            return super().get_ordering_field_columns()
        if self._ordering_columns is None:
            self._ordering_columns = super().get_ordering_field_columns()
        return self._ordering_columns.copy()

    def get_results(self, request):
        """Django's, with the full count taken from the paginator when nothing narrows the list."""
        narrowed = bool(self.query) or bool(self.get_filters_params())
        if narrowed or not self.model_admin.show_full_result_count:
            return super().get_results(request)
        paginator = self.model_admin.get_paginator(request, self.queryset, self.list_per_page)
        result_count = paginator.count
        self.can_show_all = result_count <= self.list_max_show_all
        self.multi_page = result_count > self.list_per_page
        if (self.show_all and self.can_show_all) or not self.multi_page:
            self.result_list = self.queryset._clone()
        else:
            try:
                self.result_list = paginator.page(self.page_num).object_list
            except InvalidPage:
                raise IncorrectLookupParameters from None
        self.result_count = self.full_result_count = result_count
        self.show_full_result_count = True
        self.show_admin_actions = bool(result_count)
        self.paginator = paginator


class ListCostsMixin:
    list_sections = ()  # the admin theme's optional row sections: none (looked up on every row otherwise)

    def get_changelist(self, request, **kwargs):
        return ListCostsChangeList
