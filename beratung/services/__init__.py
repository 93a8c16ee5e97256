"""Services of the counselling app: everything that writes goes through here (and is audited)."""
