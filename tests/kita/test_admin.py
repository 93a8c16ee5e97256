"""The admin for Kitas and capacities, and the CSV import page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.organisations.models import ProviderType
from kita.models import Concept, Kita
from tests.factories import CapacityFactory, DistrictFactory, KitaFactory, ProviderFactory
from tests.kita.test_import import csv_bytes, kita_row

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:kita_kita_changelist"
IMPORT = "admin:kita_kita_import"


@pytest.fixture
def admin_client_(client_as: Callable[..., Client]) -> Client:
    """A member of the Administration role (not a superuser): the role's permissions count."""
    return client_as(Role.ADMINISTRATION)


def make_kitas(count: int) -> list[Kita]:
    concepts = list(Concept.objects.all()[:2])
    kitas = KitaFactory.create_batch(count)
    for kita in kitas:
        kita.concepts.set(concepts)
        CapacityFactory(kita=kita)
    return kitas


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=Sonnenschein",
        "?is_active__exact=1&is_familienzentrum__exact=0",
        "?provider__provider_type__exact=municipal&o=3",
    ],
)
def test_kita_changelist_needs_the_same_queries_for_5_and_30_kitas(admin_client_, query):
    url = reverse(CHANGELIST) + query
    make_kitas(5)
    admin_client_.get(url)  # warm caches (content types, permissions) like any later request
    with_five = queries_for(admin_client_, url)

    make_kitas(25)

    assert queries_for(admin_client_, url) == with_five


def test_capacity_changelist_needs_the_same_queries_for_5_and_30_kitas(admin_client_):
    district = DistrictFactory()
    url = reverse("admin:kita_capacity_changelist") + f"?kita__district__id__exact={district.pk}"
    for _ in range(5):
        CapacityFactory(kita__district=district)
    admin_client_.get(url)
    with_five = queries_for(admin_client_, url)

    for _ in range(25):
        CapacityFactory(kita__district=district)

    assert queries_for(admin_client_, url) == with_five


def test_changelist_search_covers_name_street_postal_code_and_provider(admin_client_):
    wanted = KitaFactory(
        name="Kita Pusteblume",
        street="Ginsterweg 3",
        postal_code="44892",
        provider=ProviderFactory(name="Elterninitiative Wirbelwind"),
    )
    KitaFactory.create_batch(3)

    for term in ["Pusteblume", "Ginsterweg", "44892", "Wirbelwind"]:
        response = admin_client_.get(reverse(CHANGELIST), {"q": term})
        assert list(response.context["cl"].result_list) == [wanted], term


def test_changelist_filters_by_district_provider_type_concept_and_flags(admin_client_):
    district = DistrictFactory(name="Wattenscheid")
    montessori = Concept.objects.get(code="montessori")
    wanted = KitaFactory(
        district=district,
        provider=ProviderFactory(provider_type=ProviderType.CATHOLIC),
        is_familienzentrum=True,
    )
    wanted.concepts.add(montessori)
    KitaFactory(district=district)
    KitaFactory(provider=ProviderFactory(provider_type=ProviderType.CATHOLIC))

    response = admin_client_.get(
        reverse(CHANGELIST),
        {
            "district__id__exact": district.pk,
            "provider__provider_type__exact": ProviderType.CATHOLIC,
            "concepts__id__exact": montessori.pk,
            "is_familienzentrum__exact": "1",
            "is_active__exact": "1",
        },
    )

    assert list(response.context["cl"].result_list) == [wanted]
    assert "Wattenscheid" in response.text


def test_change_and_add_forms_load_with_capacities_inline(admin_client_):
    capacity = CapacityFactory()

    change = admin_client_.get(reverse("admin:kita_kita_change", args=[capacity.kita.pk]))
    add = admin_client_.get(reverse("admin:kita_kita_add"))

    assert change.status_code == 200
    assert add.status_code == 200
    assert change.context["inline_admin_formsets"][0].formset.initial_form_count() == 1
    assert 'name="number"' in change.text


def test_the_kita_change_form_saves(admin_client_):
    kita = KitaFactory(number="K-7", website="")
    response = admin_client_.get(reverse("admin:kita_kita_change", args=[kita.pk]))
    form = response.context["adminform"].form
    data = {
        name: form[name].value()
        for name in form.fields
        if name not in {"concepts", "languages", "leaders"}
    }
    data.update(
        {
            "name": "Kita Umbenannt",
            "number": "",
            "opens_at": "07:00",
            "closes_at": "16:30",
            "website": "kita.example",
            "capacities-TOTAL_FORMS": "0",
            "capacities-INITIAL_FORMS": "0",
        }
    )

    response = admin_client_.post(reverse("admin:kita_kita_change", args=[kita.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    kita.refresh_from_db()
    assert (kita.name, kita.number, kita.website) == (
        "Kita Umbenannt",
        None,
        "https://kita.example",
    )


def test_the_provider_autocomplete_answers_for_the_kita_form(admin_client_):
    ProviderFactory(name="AWO Unterbezirk")

    response = admin_client_.get(
        reverse("admin:autocomplete"),
        {"app_label": "kita", "model_name": "kita", "field_name": "provider", "term": "AWO"},
    )

    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["AWO Unterbezirk"]


def test_capacity_concept_and_statistics_lists_load(admin_client_):
    CapacityFactory()
    for name in ["capacity", "concept", "cataloguestatistic"]:
        assert admin_client_.get(reverse(f"admin:kita_{name}_changelist")).status_code == 200
    assert admin_client_.get(reverse("admin:kita_capacity_add")).status_code == 200


def test_catalogue_statistics_are_read_only(admin_client_):
    assert admin_client_.get(reverse("admin:kita_cataloguestatistic_add")).status_code == 403
    response = admin_client_.get(reverse("admin:kita_cataloguestatistic_changelist"))
    assert "add/" not in response.text.split('id="changelist"')[0].split("object-tools")[-1]


@pytest.mark.parametrize("role", [Role.ADMINISTRATION, Role.PLATZVERGABE])
def test_the_changelist_links_to_the_import_for_roles_allowed_to_import(client_as, role):
    response = client_as(role).get(reverse(CHANGELIST))

    assert reverse(IMPORT) in response.text


def test_no_import_link_without_the_import_permission(make_user):
    user = make_user(Role.KITA_LEITUNG)
    user.user_permissions.add(Permission.objects.get(codename="view_kita"))
    client = Client()
    client.force_login(user)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert reverse(IMPORT) not in response.text


@pytest.mark.parametrize("role", [Role.KITA_LEITUNG, Role.STATISTIK, Role.FAMILIENBUERO])
def test_the_import_page_is_forbidden_without_the_permission(client_as, role):
    client = client_as(role)

    assert client.get(reverse(IMPORT)).status_code == 403
    upload = SimpleUploadedFile("kitas.csv", csv_bytes([kita_row()]))
    assert client.post(reverse(IMPORT), {"file": upload}).status_code == 403
    assert Kita.objects.count() == 0


def test_the_import_page_sends_anonymous_visitors_to_the_admin_login(client):
    response = client.get(reverse(IMPORT))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_import_page_describes_the_columns(admin_client_):
    response = admin_client_.get(reverse(IMPORT))

    assert response.status_code == 200
    for header in ["kita_nummer", "traeger", "bezirk", "konzepte", "verpflegung"]:
        assert f"<code>{header}</code>" in response.text
    assert 'enctype="multipart/form-data"' in response.text


@pytest.mark.parametrize("role", [Role.ADMINISTRATION, Role.PLATZVERGABE])
def test_uploading_a_valid_file_imports_and_returns_to_the_list(client_as, role):
    ProviderFactory(name="Stadt Musterstadt")
    DistrictFactory(name="Mitte", slug="mitte")
    upload = SimpleUploadedFile("kitas.csv", csv_bytes([kita_row("K-1"), kita_row("K-2")]))

    response = client_as(role).post(reverse(IMPORT), {"file": upload})

    assert response.status_code == 302
    assert response.url == reverse(CHANGELIST)
    assert set(Kita.objects.values_list("number", flat=True)) == {"K-1", "K-2"}
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "success"
    assert "2" in message.message


def test_uploading_a_bad_file_lists_errors_by_row_and_saves_nothing(admin_client_):
    ProviderFactory(name="Stadt Musterstadt")
    DistrictFactory(name="Mitte", slug="mitte")
    rows = [kita_row("K-1"), kita_row("K-2"), kita_row("K-3", plz="44X", traeger="Niemand")]
    upload = SimpleUploadedFile("kitas.csv", csv_bytes(rows))

    with translation.override("en"):
        response = admin_client_.post(reverse(IMPORT), {"file": upload})

    assert response.status_code == 200
    assert [(e.row_number, e.column) for e in response.context["errors"]] == [
        (4, "traeger"),
        (4, "plz"),
    ]
    table = response.text.split('id="import-errors"')[1].split("</table>")[0]
    assert "<td>4</td>" in table
    assert "Niemand" in table
    assert Kita.objects.count() == 0


def test_submitting_without_a_file_shows_the_form_error(admin_client_):
    response = admin_client_.post(reverse(IMPORT), {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not response.context["errors"]


def test_the_leaders_field_accepts_only_kita_leaders(admin_client_, make_user):
    leader: User = make_user(Role.KITA_LEITUNG)
    parent: User = make_user(Role.ELTERN)
    response = admin_client_.get(reverse("admin:kita_kita_add"))
    queryset = response.context["adminform"].form.fields["leaders"].queryset

    assert leader in queryset
    assert parent not in queryset
