"""The product's own error pages and quiet logs for refusals."""

import logging

from django.http import Http404
from django.views.defaults import page_not_found


class ProductNotFoundMiddleware:
    """A missing record shows the product's 404 page even under DEBUG (make run); DEBUG keeps its 500 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class RefusalWithoutTraceback(logging.Filter):
    """A 403 is a role check doing its job: one warning line, no traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
