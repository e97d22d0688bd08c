"""`{{ request|waiting_for }}`: who a LogHubs request waits for (loghubs.next_step), for lists and pages."""

from django import template

from ..next_step import waiting_for as waiting_for_sentence

register = template.Library()


@register.filter
def waiting_for(service_request) -> str:
    return waiting_for_sentence(service_request)
