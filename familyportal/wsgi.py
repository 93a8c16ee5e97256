import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyportal.settings")
application = get_wsgi_application()
# Move everything loaded so far (Django, the apps, ~120,000 objects) out of the collector's
# reach: otherwise each full collection walks it all, and every ~20th request (desk search:
# one in 20) paid ~90 ms for it (docs/familienbuero-verzeichnis.md, figures).
gc.freeze()
