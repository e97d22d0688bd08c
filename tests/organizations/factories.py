"""factory_boy factories for users, organizations and memberships."""

from decimal import Decimal

import factory

from organizations.models import Membership, MembershipRole, Organization, PlatformRole, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.eu")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = "company"
    legal_name = factory.Sequence(lambda n: f"Company {n} GmbH")
    country = "DE"
    registration_id = factory.Sequence(lambda n: f"HRB {100000 + n}")
    headcount = 40
    annual_turnover_eur = Decimal("5000000")
    balance_sheet_total_eur = Decimal("3000000")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.MEMBER


def member_of(organization: Organization, role: str = MembershipRole.MEMBER) -> User:
    return MembershipFactory(organization=organization, role=role).user


def with_platform_role(user: User, role: str, nation: Organization | None = None) -> User:
    PlatformRole.objects.create(user=user, role=role, nation=nation)
    return user
