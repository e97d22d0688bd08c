"""First contact through the platform, and 'looking for partners' announcements."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from organizations.audit import audit_record
from organizations.cpv import parse_cpv_codes
from organizations.models import Organization, User
from organizations.notifications import notify_organizations
from organizations.permissions import is_member, is_org_admin

from ..models import ContactRequest, PartnerAnnouncement


@transaction.atomic
def contact_request_send(
    *, sender: Organization, recipient: Organization, subject: str, message: str, by: User
) -> ContactRequest:
    """A message to an organization; no e-mail address changes hands until the recipient reveals it."""
    if not is_member(by, sender.pk):
        raise ApplicationError(_("Write for an organization you belong to."), code="permission_denied")
    if sender.pk == recipient.pk:
        raise ApplicationError(_("Choose another organization."), errors={"recipient": [_("That is you.")]})
    if not subject.strip() or not message.strip():
        raise ApplicationError(
            _("Write a subject and a message."),
            errors={
                name: [_("This field is required.")]
                for name, value in (("subject", subject), ("message", message))
                if not value.strip()
            },
        )
    request = ContactRequest.objects.create(
        sender=sender, recipient=recipient, sent_by=by, subject=subject.strip()[:200], message=message.strip()
    )
    audit_record(actor=by, action="contact.sent", target=request, organization=sender)
    notify_organizations(
        organizations=[recipient],
        link=reverse("alliances:contacts"),
        subject=lambda: _("Message from %(org)s: %(subject)s") % {"org": sender, "subject": request.subject},
        body=request.message,
    )
    return request


@transaction.atomic
def contact_details_reveal(*, contact: ContactRequest, by: User) -> ContactRequest:
    """The recipient agrees to show the sender who wrote back and how to reach them."""
    contact = ContactRequest.objects.select_for_update().get(pk=contact.pk)
    if not is_org_admin(by, contact.recipient_id):
        raise ApplicationError(_("Only the recipient's administrators decide this."), code="permission_denied")
    if contact.details_revealed_at is None:
        contact.details_revealed_at, contact.revealed_by = timezone.now(), by
        contact.save(update_fields=["details_revealed_at", "revealed_by"])
        audit_record(actor=by, action="contact.details_revealed", target=contact, organization=contact.recipient)
        notify_organizations(
            organizations=[contact.sender],
            link=reverse("alliances:contacts"),
            subject=lambda: _("%(org)s shared its contact details") % {"org": contact.recipient},
            body=f"{by.full_name} <{by.email}>",
        )
    return contact


@transaction.atomic
def announcement_create(
    *, organization: Organization, topic: str, text: str, by: User, tender=None, cpv_codes: list[str] | str = ()
) -> PartnerAnnouncement:
    if not is_member(by, organization.pk):
        raise ApplicationError(_("Announce for an organization you belong to."), code="permission_denied")
    if not topic.strip() or not text.strip():
        raise ApplicationError(_("Give a topic and a text."), errors={"topic": [_("This field is required.")]})
    codes = parse_cpv_codes(cpv_codes, field="cpv_codes") if cpv_codes else []
    announcement = PartnerAnnouncement.objects.create(
        organization=organization, tender=tender, topic=topic.strip(), text=text.strip()
    )
    announcement.cpv_codes.set(codes)
    audit_record(actor=by, action="announcement.created", target=announcement, organization=organization)
    return announcement
