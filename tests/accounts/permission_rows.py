from familyportal.accounts.roles import Role
from tests.permissions import EVERYONE, LOGGED_IN, Row, roles

ROWS = {
    # Our account pages.
    "accounts:account": Row(LOGGED_IN),
    "accounts:data": Row(LOGGED_IN),
    "accounts:data-json": Row(LOGGED_IN),
    # Staff see the page too; it tells them to ask the administration.
    "accounts:delete": Row(LOGGED_IN),
    "accounts:deleted": Row(EVERYONE),
    # allauth: log-in and sign-up send logged-in users on (302).
    "account_login": Row(EVERYONE, ok=(200, 302)),
    "account_signup": Row(EVERYONE, ok=(200, 302)),
    # GET asks "really log out?"; without a session it just goes home.
    "account_logout": Row(EVERYONE, ok=(200, 302)),
    "account_inactive": Row(EVERYONE),
    "account_email_verification_sent": Row(EVERYONE),
    "account_reset_password": Row(EVERYONE),
    "account_reset_password_done": Row(EVERYONE),
    "account_reset_password_from_key_done": Row(EVERYONE),
    # A key in the URL: a made-up one gets the "invalid or expired link" page.
    "account_confirm_email": Row(
        EVERYONE, kwargs=lambda ctx: {"key": "invalid-key"}, ok=(200, 302)
    ),
    "account_reset_password_from_key": Row(
        EVERYONE, kwargs=lambda ctx: {"uidb36": "zz", "key": "invalid-key"}, ok=(200, 302)
    ),
    # Logged in only.
    "account_email": Row(LOGGED_IN),
    "account_change_password": Row(LOGGED_IN),
    # Users with a password are sent on to "change password".
    "account_set_password": Row(LOGGED_IN, ok=(200, 302)),
    "account_reauthenticate": Row(LOGGED_IN),
    # Re-authentication by an e-mailed code (allauth 65.22) is off: we re-ask the password.
    # Logged-in users are sent on to the password page (via the request page); visitors log in.
    "account_request_reauthentication_code": Row(LOGGED_IN, ok=(302,)),
    "account_confirm_reauthentication_code": Row(LOGGED_IN, ok=(302,)),
}

ADMIN_CHANGELISTS = {
    "accounts.user": roles(Role.ADMINISTRATION),
    "auth.group": roles(Role.ADMINISTRATION),
    "audit.auditevent": roles(Role.ADMINISTRATION),
    "notices.notice": roles(Role.ADMINISTRATION),
    "organisations.district": roles(Role.ADMINISTRATION, Role.PLATZVERGABE, Role.STATISTIK),
    "organisations.postalcode": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "organisations.provider": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "organisations.language": roles(Role.ADMINISTRATION),
    "account.emailaddress": roles(Role.ADMINISTRATION),
}
