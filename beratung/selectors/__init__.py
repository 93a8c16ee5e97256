"""Selectors of the counselling app: reads, scoped to the user who asks."""
