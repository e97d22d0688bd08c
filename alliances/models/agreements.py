"""Contract templates, the clause library, and agreements: versioned, diffable, rendered, signed."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ClauseTopic(models.TextChoices):
    PARTIES = "parties", _("Parties and roles")
    PURPOSE = "purpose", _("Purpose and scope")
    CONTRIBUTIONS = "contributions", _("Contributions and responsibilities")
    COST_PROFIT = "cost_profit", _("Cost and profit split")
    LIABILITY = "liability", _("Liability")
    GOVERNANCE = "governance", _("Governance and decisions")
    DISPUTES = "disputes", _("Dispute resolution")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    BACKGROUND_IP = "background_ip", _("Background IP")
    FOREGROUND_IP = "foreground_ip", _("Foreground IP")
    EXPORT_SECURITY = "export_security", _("Export control and security")
    EXIT = "exit", _("Exit and defaulting party")
    DURATION = "duration", _("Duration and termination")


class ClauseTemplate(models.Model):
    """A clause of the library in English and German, with {variables} filled from the alliance's data."""

    key = models.SlugField(max_length=64)
    version = models.PositiveSmallIntegerField(default=1)
    topic = models.CharField(max_length=20, choices=ClauseTopic.choices)
    title_en = models.CharField(max_length=200)
    title_de = models.CharField(max_length=200)
    text_en = models.TextField()
    text_de = models.TextField()
    kinds = models.JSONField(default=list, help_text=_("alliance kinds this clause is for; empty = all"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="clause_template_key_version")]

    def __str__(self) -> str:
        return self.title_en


class Agreement(models.Model):
    """The alliance's agreement; its text lives in versions. Signed when every member signed one version."""

    alliance = models.OneToOneField("alliances.Alliance", on_delete=models.CASCADE, related_name="agreement")
    language = models.CharField(max_length=2, default="en")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Agreement of {self.alliance}"


class AgreementVersion(models.Model):
    """One complete text of the agreement (clauses as JSON: key → title and text)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    clauses = models.JSONField(help_text=_("[{key, topic, title, text}] in order"))
    change_note = models.TextField(blank=True)
    changed_clause = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["agreement_id", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_number")]

    def __str__(self) -> str:
        return f"v{self.number}"


class Signature(models.Model):
    """A member's authorised signatory approving one version; the SHA-256 of the signed PDF is kept."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey("organizations.User", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["version_id", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organization"],
                name="signature_once",
                violation_error_message=_("Your organization already signed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} signed v{self.version.number}"


class BackgroundIp(models.Model):
    """A member's background IP schedule entry: what it brings and on what terms others may use it."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="background_ip")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    description = models.TextField()
    terms = models.TextField(help_text=_("e.g. royalty-free for the project, FRAND afterwards"))

    class Meta:
        ordering = ["alliance_id", "organization_id", "id"]
        constraints = [models.CheckConstraint(condition=~Q(description=""), name="background_ip_described")]

    def __str__(self) -> str:
        return self.description[:50]
