"""Who may change a workshop through the API: its managers (Membership rows) and staff."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from afn_directory.staff import has_staff_powers

from ..models import Membership, Workshop


def can_manage(user, workshop: Workshop) -> bool:
    if not user.is_authenticated:
        return False
    return has_staff_powers(user) or Membership.objects.filter(user=user, workshop=workshop).exists()


class ManagersWrite(BasePermission):
    """Anyone reads; only the workshop's managers and staff write (anonymous: 401)."""

    public_reads = True  # the OpenAPI schema says so (afn_directory/openapi.py)

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or request.user.is_authenticated

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or can_manage(request.user, obj)


class EquipmentManagersWrite(BasePermission):
    """The equipment of a workshop: anyone reads, its managers and staff write."""

    public_reads = True

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return request.user.is_authenticated and can_manage(request.user, view.workshop)
