"""/open-data/: the published directory as open files (public fields only), the page about them, and
the DCAT-AP catalogue for data.gouv.fr. What the files hold is `workshops.opendata`'s business."""

from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from afn_directory.http_cache import if_none_match
from workshops import exports, okw, opendata
from workshops.http_cache import public_page

from .embed_code import EmbedForm, embed_snippet, embed_url


@require_safe
@public_page
def open_data(request):
    embed_form = EmbedForm(request.GET if "territory" in request.GET else None)
    context = {"files": opendata.files(), "licence_url": exports.LICENCE_URL, "embed_form": embed_form}
    if embed_form.is_valid():
        query, place = embed_form.query(), embed_form.place()
        context["embed_url"] = embed_url(query)
        context["embed_snippet"] = embed_snippet(query, place)
        context["embed_preview"] = embed_snippet(query, place, elsewhere=False)
    return render(request, "officials/open_data.html", context)


# Harvesters (data.gouv.fr) and caches keep the files ten minutes, then ask again with the ETag.
FILE_CACHE_CONTROL = "public, max-age=600"


def _kept_until_the_directory_changes(request, name, build):
    """`build(version)`'s answer, strongly tagged with the directory's version; 304 when the client holds it."""
    version = opendata.directory_version()
    etag = f'"{name}-{version}"'
    response = HttpResponseNotModified() if if_none_match(request, etag) else build(version)
    response["ETag"] = etag
    response["Cache-Control"] = FILE_CACHE_CONTROL
    return response


@require_safe
def open_data_file(request, fmt):
    """The published directory, public fields only; generated on demand, cached until it changes."""
    if fmt not in opendata.FORMATS:
        raise Http404

    def build(version):
        generated = opendata.generated(fmt, version)
        response = HttpResponse(generated.content, content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{generated.filename}"'
        response["Link"] = f'<{exports.LICENCE_URL}>; rel="license"'
        return response

    return _kept_until_the_directory_changes(request, fmt, build)


@require_safe
def open_data_catalog(request):
    """The DCAT-AP catalogue of the open data (JSON-LD), for data.gouv.fr's harvester."""

    def build(_version):
        return JsonResponse(
            opendata.catalog(), content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
        )

    # Its titles are translated: one representation per language.
    return _kept_until_the_directory_changes(request, f"catalog-{get_language()}", build)


@require_safe
def open_data_okw_schema(request):
    """The JSON Schema of the Open Know-Where file, as the project keeps it from the specification."""
    return HttpResponse(okw.SCHEMA_PATH.read_bytes(), content_type="application/schema+json")
