from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import Workshop


def _public_workshops():
    return Workshop.objects.published().select_related("commune", "department", "region")


def home(request):
    workshops = _public_workshops()
    return render(request, "workshops/home.html", {"workshops": workshops[:200], "count": workshops.count()})


def workshop_list(request):
    page = Paginator(_public_workshops(), 30).get_page(request.GET.get("page"))
    return render(request, "workshops/list.html", {"page": page})


def workshop_detail(request, slug):
    workshop = get_object_or_404(_public_workshops().prefetch_related("equipment__type"), slug=slug)
    return render(request, "workshops/detail.html", {"workshop": workshop})
