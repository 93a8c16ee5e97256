"""Password hashing: Argon2id with the parameters OWASP's Password Storage Cheat Sheet lists
first (19 MiB of memory, 2 iterations, 1 lane).

Memory-hard Argon2id resists GPU and ASIC cracking better than PBKDF2 does at any iteration
count, and at these parameters a log-in costs a few tens of milliseconds of CPU instead of the
~350 ms of Django's default PBKDF2 (1,000,000 iterations) — at the registration-deadline rush
log-ins were the slowest page (bench/load.py, docs/operations.md). Django's own Argon2 hasher
uses 100 MiB and 8 lanes, which on a two-core server is slower than PBKDF2 and no stronger
against an attacker with GPUs than this.

Existing PBKDF2 hashes keep working (the next entries of PASSWORD_HASHERS) and are re-hashed
with Argon2id at the user's next log-in; changing the parameters later re-hashes the same way.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    # The algorithm name stays "argon2": parameters are stored in every hash, so hashes made
    # with Django's defaults are read by this class and vice versa.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
