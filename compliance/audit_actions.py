"""The labels of the audit actions compliance writes, registered with organizations' audit log."""

from django.utils.translation import gettext_lazy as _

from organizations.audit_actions import register_action_labels

register_action_labels(
    {
        "assessment.started": _("Self-assessment started"),
        "assessment.answered": _("Self-assessment answered"),
        "assessment.submitted": _("Self-assessment submitted for review"),
        "evidence.uploaded": _("Evidence uploaded"),
        "review.commented": _("Review remark added"),
        "review.accepted": _("Self-assessment accepted"),
        "review.needs_more": _("More evidence requested"),
        "review.rejected": _("Self-assessment rejected"),
        "review.taken": _("Review taken by a reviewer"),
        "review.released": _("Review released to the queue"),
        "badge.issued": _("Badge issued"),
        "badge.suspended": _("Badge suspended"),
        "badge.revoked": _("Badge revoked"),
        "badge.expired": _("Badge expired"),
        "readiness.shared": _("Readiness profile shared"),
        "readiness.share_revoked": _("Readiness profile no longer shared"),
        "licence.added": _("Export licence added"),
    }
)
