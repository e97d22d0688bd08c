"""The error handler's code → status table: one entry per code the code base raises, none left over."""

from __future__ import annotations

from core.api.errors import STATUS_BY_CODE, status_for
from core.api.schema import error_types


def test_every_code_in_the_status_table_is_raised_somewhere():
    raised = set(error_types())
    assert set(STATUS_BY_CODE) - raised == set()


def test_a_code_that_is_not_listed_is_the_requests_fault():
    assert status_for("invalid") == 400
    assert status_for("invalid_state") == 409
    assert status_for("permission_denied") == 403
