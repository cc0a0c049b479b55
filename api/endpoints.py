"""The routes of the open interfaces, one module per kind of institution."""

from . import banks, departments, suppliers
from .interface import api

api.add_router("", banks.router)
api.add_router("", suppliers.router)
api.add_router("", departments.router)
