"""`make run` loads demo data on every start: a second load must keep what is there and add nothing."""

import pytest

from compliance.demo import compliance_demo_load
from compliance.models import Assessment, Badge
from marketplace.demo import marketplace_demo_load
from marketplace.models import CapacityListing, Tender
from organizations.demo import demo_data_load
from organizations.models import AuditEntry, Organization, User

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates(cpv, compliance_data):
    loaders = (demo_data_load, compliance_demo_load, marketplace_demo_load)
    for load in loaders:
        load()
    models = (Organization, User, Assessment, Badge, CapacityListing, Tender)
    counts = [model.objects.count() for model in models]
    audit = AuditEntry.objects.count()
    for load in loaders:
        load()
    assert [model.objects.count() for model in models] == counts
    assert Tender.objects.get().state == "published"
    assert CapacityListing.objects.count() == 3
    assert AuditEntry.objects.count() == audit
    assert Badge.objects.filter(level="checked", organization__legal_name__startswith="Wisła").count() == 2
    assert Assessment.objects.filter(state="submitted").count() == 1
