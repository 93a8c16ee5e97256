import rules

# A parent's own account: settings, data export (DSGVO Art. 15/20) and deletion (Art. 17).
# Staff may open the deletion page too; it tells them to ask the administration instead.
rules.add_perm("accounts.view_own_account", rules.is_authenticated)
rules.add_perm("accounts.export_own_data", rules.is_authenticated)
rules.add_perm("accounts.delete_own_account", rules.is_authenticated)
