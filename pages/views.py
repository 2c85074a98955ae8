"""The pages that say who runs the directory: about, legal notice, accessibility statement, contact.

Their prose is written once per language (templates/pages/<language>/), as legal texts are; the
facts that change with the deployment (publisher, host, contact address) come from settings.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from afn_directory.links import absolute
from workshops.archetypes import DEFINITIONS

PAGES = ("about", "legal", "accessibility", "contact")


def publisher() -> dict:
    """Who publishes the site and answers for its data; empty values are shown as not configured."""
    return {
        "name": settings.PUBLISHER_NAME,
        "address": settings.PUBLISHER_ADDRESS,
        "director": settings.PUBLICATION_DIRECTOR,
        "email": settings.CONTACT_EMAIL,
        "host": settings.HOSTING_PROVIDER,
    }


def _page(request, name, **context):
    language = "en" if (get_language() or "").startswith("en") else "fr"
    context |= {"publisher": publisher(), "page": name}
    return render(request, f"pages/{language}/{name}.html", context)


@require_safe
def about(request):
    language = "en" if (get_language() or "").startswith("en") else "fr"
    archetypes = [(d.number, d.name(language), d.definition(language)) for d in DEFINITIONS.values()]
    return _page(request, "about", archetypes=archetypes)


@require_safe
def legal(request):
    return _page(request, "legal")


@require_safe
def accessibility(request):
    return _page(request, "accessibility")


@require_safe
def contact(request):
    return _page(request, "contact")


# How long a security.txt may be trusted (RFC 9116 asks for less than a year); it is written
# afresh from the settings at each request, so it never outlives the contact it names.
SECURITY_TXT_VALID_FOR = timedelta(days=30)


@require_safe
@cache_control(public=True, max_age=86400)
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): whom to tell of a vulnerability; 404 with no contact set."""
    if not settings.CONTACT_EMAIL:
        raise Http404
    expires = (timezone.now() + SECURITY_TXT_VALID_FOR).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.CONTACT_EMAIL}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: fr, en",
        f"Canonical: {absolute(reverse('pages:security_txt'))}",
        f"Policy: {absolute(reverse('pages:legal'))}#security",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask without reading the page: the site's icon.

    A temporary redirect, kept a day: the icon's address carries its content's hash, and a
    permanent one would outlive the file once the icon changes."""
    return HttpResponseRedirect(staticfiles_storage.url("img/favicon.svg"))
