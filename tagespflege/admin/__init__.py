"""The Fachberatung's admin: providers, persons with permits, vacancies and the review queue."""

from tagespflege.admin import permits, providers, review

__all__ = ["permits", "providers", "review"]
