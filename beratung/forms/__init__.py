"""Forms of the counselling app, one module per part."""
