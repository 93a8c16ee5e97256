"""List filters of the counselling app (django-filter), one module per part."""
