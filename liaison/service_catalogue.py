"""(七) writes of the service catalogue the bureau keeps: service providers (carriers) and the exclusive service
packages offered to SRDI enterprises. Keyword-only, `actor=` first; each atomic, validated and audited, like
liaison.training_services."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from audit import audited, require_actor

from .models import ServicePackage, ServicePackageItem, ServiceProvider, ServiceRecord
from .service_fields import flags_of
from .write_checks import authorise, locked, save_validated


def _clean_text(values):
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


@transaction.atomic
def save_provider(*, actor, provider, fields=None):
    """Create or change `provider` (its values already set); `fields` (service fields), when given, replaces the
    eight flags. Records whose free-text provider equals the name are linked to it."""
    require_actor(actor)
    perm = "liaison.change_serviceprovider" if provider.pk else "liaison.add_serviceprovider"
    authorise(actor, perm)
    if provider.pk:
        locked(ServiceProvider, provider)
    values = {"name": provider.name, "contact_person": provider.contact_person, "contact_phone": provider.contact_phone}
    if fields is not None:
        values.update(flags_of(fields))
    save_validated(provider, actor, **_clean_text(values))
    link_records_to_providers(actor=actor, providers=[provider])
    return provider


@transaction.atomic
def delete_provider(*, actor, provider):
    """Only a provider nothing refers to: records and package items keep theirs (the database protects them)."""
    require_actor(actor)
    provider = locked(ServiceProvider, provider)
    authorise(actor, "liaison.delete_serviceprovider")
    try:
        with transaction.atomic():
            audited(provider, actor).delete()
    except ProtectedError:
        raise ValidationError(f"“{provider.name}”已有服务记录或服务包事项，不能删除") from None


@transaction.atomic
def link_records_to_providers(*, actor, providers=None):
    """Link service records not yet linked whose provider text is a registered provider's name (the provider files
    arrive after the records did). Each record changed in its own history row. Returns the number linked."""
    require_actor(actor)
    authorise(actor, "liaison.change_serviceprovider")
    providers = list(ServiceProvider.objects.all() if providers is None else providers)
    by_name = {p.name: p for p in providers}
    linked = 0
    records = ServiceRecord.objects.select_for_update().filter(provider_ref__isnull=True, provider__in=list(by_name))
    for record in records.order_by("pk"):
        record.provider_ref = by_name[record.provider]
        audited(record, actor).save(update_fields=["provider_ref"])
        linked += 1
    return linked


@transaction.atomic
def save_package(*, actor, package):
    require_actor(actor)
    authorise(actor, "liaison.change_servicepackage" if package.pk else "liaison.add_servicepackage")
    if package.pk:
        locked(ServicePackage, package)
    return save_validated(package, actor, name=package.name.strip(), description=package.description.strip())


@transaction.atomic
def delete_package(*, actor, package):
    """A package and its items, each removal in its own history."""
    require_actor(actor)
    package = locked(ServicePackage, package)
    authorise(actor, "liaison.delete_servicepackage")
    for item in package.items.select_for_update().order_by("pk"):
        audited(item, actor).delete()
    audited(package, actor).delete()


@transaction.atomic
def add_package_item(*, actor, package, provider, field, description):
    require_actor(actor)
    authorise(actor, "liaison.add_servicepackageitem")
    return save_validated(ServicePackageItem(package=package), actor, provider=provider, field=field,
                          description=description.strip())


@transaction.atomic
def update_package_item(*, actor, item, provider, field, description):
    require_actor(actor)
    item = locked(ServicePackageItem, item)
    authorise(actor, "liaison.change_servicepackageitem")
    return save_validated(item, actor, provider=provider, field=field, description=description.strip())


@transaction.atomic
def remove_package_item(*, actor, item):
    require_actor(actor)
    item = locked(ServicePackageItem, item)
    authorise(actor, "liaison.delete_servicepackageitem")
    audited(item, actor).delete()
