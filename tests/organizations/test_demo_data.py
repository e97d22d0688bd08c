"""`make run` loads demo data on every start: a second load must keep what is there and add nothing."""

import pytest

from compliance.demo import compliance_demo_load
from compliance.models import Assessment, Badge
from organizations.demo import demo_data_load
from organizations.models import AuditEntry, Organization, User

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates(cpv, compliance_data):
    demo_data_load()
    compliance_demo_load()
    counts = (Organization.objects.count(), User.objects.count(), Assessment.objects.count(), Badge.objects.count())
    audit = AuditEntry.objects.count()
    demo_data_load()
    compliance_demo_load()
    assert (Organization.objects.count(), User.objects.count(), Assessment.objects.count(),
            Badge.objects.count()) == counts
    assert AuditEntry.objects.count() == audit
    assert Badge.objects.filter(level="checked", organization__legal_name__startswith="Wisła").count() == 2
    assert Assessment.objects.filter(state="submitted").count() == 1
