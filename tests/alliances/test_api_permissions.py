"""Permission matrix of the alliances API: role (the lead's administrator, a plain member of a partner, the
invited organization's administrator and a plain member of it, an outsider, anonymous) × endpoint → status.

An alliance is private: an outsider gets 404 for the alliance and everything in it, never 403, so nothing tells
them it exists. The invited organization sees the alliance but not its workspace (agreement, documents,
threads, tasks: 404). A right the user lacks on something they do see is a 403: a plain member inviting or
dissolving, a plain member answering their organization's invitation, the sender revealing a contact.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from alliances import services
from organizations.models import MembershipRole
from tests.alliances.factories import consortium, sme
from tests.organizations.factories import member_of

pytestmark = pytest.mark.django_db

ROLES = ["lead_admin", "member", "invitee", "invitee_member", "outsider", "anonymous"]

# {role: expected status}; unlisted roles expect DEFAULT.
DEFAULT = 200
SEES_ALLIANCE = {"outsider": 404, "anonymous": 401}
WORKSPACE = {"invitee": 404, "invitee_member": 404, "outsider": 404, "anonymous": 401}
EVERYONE = {"anonymous": 401}
WORKSPACE_WRITE = {**WORKSPACE, "lead_admin": 201, "member": 201}
# endpoint: (method, path template, body key, expectations)
ENDPOINTS = {
    "alliance list": ("get", "alliances/", None, EVERYONE),
    "alliance detail": ("get", "alliances/{alliance}/", None, SEES_ALLIANCE),
    "agreement": ("get", "alliances/{alliance}/agreement/", None, WORKSPACE),
    "documents": ("get", "alliances/{alliance}/documents/", None, WORKSPACE),
    "document detail": ("get", "documents/{document}/", None, WORKSPACE),
    "document download": ("get", "documents/{document}/download/", None, WORKSPACE),
    "threads": ("get", "alliances/{alliance}/threads/", None, WORKSPACE),
    "thread detail": ("get", "threads/{thread}/", None, WORKSPACE),
    "thread message": ("post", "threads/{thread}/messages/", "message", WORKSPACE_WRITE),
    "tasks": ("get", "alliances/{alliance}/tasks/", None, WORKSPACE),
    "task detail": ("get", "tasks/{task}/", None, WORKSPACE),
    "task done": ("patch", "tasks/{task}/", "task", WORKSPACE),
    "invite": ("post", "alliances/{alliance}/invite/", "invite", {**WORKSPACE, "lead_admin": 201, "member": 403}),
    "dissolve": ("post", "alliances/{alliance}/dissolve/", "reason", {**WORKSPACE, "member": 403}),
    "invitations": ("get", "invitations/", None, EVERYONE),
    "invitation accept": (
        "post",
        "invitations/{invitation}/accept/",
        None,
        {"lead_admin": 404, "member": 404, "invitee_member": 403, "outsider": 404, "anonymous": 401},
    ),
    # The outsider wrote to the lead's organization: both sides see the request, only the recipient reveals.
    "contact reveal": (
        "post",
        "contacts/{contact}/reveal/",
        None,
        {"member": 404, "invitee": 404, "invitee_member": 404, "outsider": 403, "anonymous": 401},
    ),
    "partners": ("get", "partners/", None, EVERYONE),
    "announcements": ("get", "announcements/", None, EVERYONE),
}


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alliance, members = consortium()
    (lead_org, lead_admin), (partner_org, _partner_admin) = members
    invited_org, invitee = sme("FR")
    invitation = services.alliance_invite(alliance=alliance, organization=invited_org, by=lead_admin)
    outsider_org, outsider = sme("IT")
    thread = services.thread_start(alliance=alliance, subject="Lot split", text="We take lot 2.", by=lead_admin)
    document = services.document_upload(
        alliance=alliance, title="Work plan", upload=SimpleUploadedFile("plan.pdf", b"%PDF 1"), by=lead_admin
    )
    task = services.task_add(alliance=alliance, title="Draft the security concept", by=lead_admin)
    contact = services.contact_request_send(
        sender=outsider_org, recipient=lead_org, subject="Teaming", message="Hello", by=outsider
    )
    users = {
        "lead_admin": lead_admin,
        "member": member_of(partner_org, MembershipRole.MEMBER),
        "invitee": invitee,
        "invitee_member": member_of(invited_org, MembershipRole.MEMBER),
        "outsider": outsider,
        "anonymous": None,
    }
    ids = {
        "alliance": alliance.pk,
        "document": document.pk,
        "thread": thread.pk,
        "task": task.pk,
        "invitation": invitation.pk,
        "contact": contact.pk,
    }
    bodies = {
        "message": {"text": "Agreed."},
        "task": {"state": "done"},
        "invite": {"organization": sme("SE")[0].pk},
        "reason": {"reason": "The tender was cancelled."},
    }
    return users, ids, bodies


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_alliances_permission_matrix(world, endpoint, role):
    users, ids, bodies = world
    method, template, body_key, expected = ENDPOINTS[endpoint]
    client = APIClient()
    if users[role] is not None:
        client.force_authenticate(users[role])
    body = bodies[body_key] if body_key else None
    response = getattr(client, method)(f"/api/v1/alliances/{template.format(**ids)}", body, format="json")
    response.close()  # a download streams its file: close it here, not in the garbage collector
    wanted = expected.get(role, DEFAULT)
    assert response.status_code == wanted, (endpoint, role, getattr(response, "content", b"")[:300])
