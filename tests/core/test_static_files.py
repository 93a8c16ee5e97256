"""Production collects static files with hashed names; a broken reference stops that build."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command


def test_collectstatic_with_the_manifest_storage(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    # Every vendored asset the layout loads made it, compressed.
    assert list(tmp_path.glob("vendor/bootstrap-5.3.8/css/bootstrap.min.*.css.gz"))
    assert list(tmp_path.glob("vendor/leaflet-1.9.4/leaflet.*.js"))


@pytest.mark.parametrize("asset", ["bootstrap-5.3.8/LICENSE", "leaflet-1.9.4/LICENSE"])
def test_vendored_assets_keep_their_licence(asset: str) -> None:
    assert (Path(__file__).resolve().parents[2] / "static" / "vendor" / asset).is_file()
