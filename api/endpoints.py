"""The routes of the open interfaces, one module per kind of institution."""

from . import banks
from .interface import api

api.add_router("", banks.router)
