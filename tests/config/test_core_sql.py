"""core.sql.embedded: a queryset embedded in a hand-written statement answers the same rows as the queryset.

It rests on Django's undocumented `query.sql_with_params()`; this test (and the Django 6.1 CI job running it)
fails first when an upgrade changes what that returns.
"""

import pytest
from django.db import connection

from core.sql import embedded
from organizations.models import Organization
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    return [
        OrganizationFactory(country="DE", headcount=40, legal_name="Small DE"),
        OrganizationFactory(country="DE", headcount=400, legal_name="Large DE"),
        OrganizationFactory(country="DE", headcount=900, legal_name="Larger DE"),
        OrganizationFactory(country="FR", headcount=400, legal_name="Large FR"),
    ]


def test_an_embedded_queryset_answers_the_rows_of_the_queryset(organizations):
    large_in_germany = Organization.objects.filter(country="DE", headcount__gte=100).values("pk")
    sql, params = embedded(large_in_germany)
    assert params  # the filter's values travel as parameters, not in the text
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) embedded ORDER BY 1", params)
        rows = [row[0] for row in cursor.fetchall()]
    assert rows == sorted(large_in_germany.values_list("pk", flat=True))
    assert len(rows) == 2


def test_the_embedded_parameters_fall_in_place_among_the_statement_s_own(organizations):
    large_in_germany = Organization.objects.filter(country="DE", headcount__gte=100).values("pk")
    sql, params = embedded(large_in_germany)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT legal_name FROM {Organization._meta.db_table}
                WHERE legal_name <> %s AND id IN ({sql}) AND headcount < %s ORDER BY legal_name""",
            ["Larger DE", *params, 1000],
        )
        names = [row[0] for row in cursor.fetchall()]
    expected = large_in_germany.exclude(legal_name="Larger DE").filter(headcount__lt=1000)
    assert names == sorted(Organization.objects.filter(pk__in=expected).values_list("legal_name", flat=True))
    assert names == ["Large DE"]
