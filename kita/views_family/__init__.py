"""The parents' side: "My area" (Mein Bereich), children, the pre-registration wizard, changes,
withdrawal, invitations and the wish list. One module per topic; URLs in kita/urls_family.py."""
