"""The labels of the audit actions alliances writes, registered with organizations' audit log."""

from django.utils.translation import gettext_lazy as _

from organizations.audit_actions import register_action_labels

register_action_labels(
    {
        "alliance.created": _("Alliance founded"),
        "alliance.invited": _("Partners invited"),
        "alliance.invitation_accepted": _("Invitation to the alliance accepted"),
        "alliance.invitation_declined": _("Invitation to the alliance declined"),
        "alliance.members_set": _("Members' roles and shares set"),
        "alliance.member_left": _("Member left the alliance"),
        "alliance.activated": _("Alliance active"),
        "alliance.dissolving": _("Alliance being dissolved"),
        "alliance.dissolved": _("Alliance dissolved"),
        "alliance.document_uploaded": _("Workspace document uploaded"),
        "alliance.background_ip_added": _("Background IP listed"),
        "agreement.generated": _("Agreement drawn up"),
        "agreement.clause_proposed": _("Clause proposed"),
        "agreement.refreshed": _("Agreement redrawn"),
        "agreement.signed": _("Agreement signed"),
        "contact.sent": _("Contact request sent"),
        "contact.details_revealed": _("Contact details shared"),
        "announcement.created": _("Partner search announced"),
    }
)
