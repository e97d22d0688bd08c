"""The labels of the audit actions the marketplace writes, registered with organizations' audit log."""

from django.utils.translation import gettext_lazy as _

from organizations.audit_actions import register_action_labels

register_action_labels(
    {
        "listing.created": _("Capacity listing created"),
        "listing.updated": _("Capacity listing changed"),
        "listing.published": _("Capacity listing published"),
        "listing.paused": _("Capacity listing paused"),
        "listing.expired": _("Capacity listing expired"),
        "saved_search.created": _("Search saved"),
        "saved_search.deleted": _("Saved search deleted"),
        "tender.created": _("Tender drafted"),
        "tender.updated": _("Tender draft changed"),
        "tender.amended": _("Tender amended"),
        "tender.published": _("Tender published"),
        "tender.questions_closed": _("Questions closed, bidding open"),
        "tender.bids_opened": _("Bids opened"),
        "tender.unsuccessful": _("Tender ended without award"),
        "tender.awarded": _("Tender awarded"),
        "tender.completed": _("Tender completed"),
        "tender.cancelled": _("Tender cancelled"),
        "tender.committee_set": _("Evaluation committee set"),
        "tender.document_added": _("Tender document added"),
        "lot.cancelled": _("Lot cancelled"),
        "lot.unsuccessful": _("Lot ended without award"),
        "question.asked": _("Question asked"),
        "question.answered": _("Question answered"),
        "bid.created": _("Bid started"),
        "bid.updated": _("Bid changed"),
        "bid.submitted": _("Bid submitted"),
        "bid.withdrawn": _("Bid withdrawn"),
        "bid.excluded": _("Bid excluded"),
        "bid.scored": _("Bid scored"),
        "bid.document_added": _("Bid document added"),
        "award.proposed": _("Award proposed"),
        "award.declined": _("Award declined"),
        "award.final": _("Award final"),
        "alt_case.requested": _("Explanation of a low price requested"),
        "alt_case.answered": _("Explanation of a low price given"),
        "alt_case.accepted": _("Explanation of a low price accepted"),
        "alt_case.rejected": _("Bid rejected as abnormally low"),
        "integrity.settings_changed": _("Integrity settings changed"),
        "integrity.lot_fixed_price": _("Lot marked as fixed price"),
    }
)
